"""The reverse index of the page cache: dependency key -> cached entries, entry -> URL.

It lives with the cache it indexes, never in the newsroom's database, so a reader's request
writes nothing there. One implementation per kind of cache (`index_for()`):

- Redis (django-redis, `REDIS_URL`): one sorted set per key (member: entry, score: when the
  entry expires), one hash entry -> URL and one sorted set of the entries with URLs. A store
  is one pipelined round trip; a purge reads and deletes the keys' sets in one MULTI.
- DiskCache (the default): a SQLite file of its own in the cache's directory, one row per
  (key, entry); a store is one write transaction, a purge one `DELETE ... RETURNING`.
- LocMem (tests, single process): a dict in the process, under a lock.

Nothing in the index is evictable (no TTL in Redis, no culling in SQLite), so the index
cannot lose a member while the entry it points to lives; every member carries its entry's
expiry, and `prune()` (a periodic job) drops the expired ones. If an index were lost all the
same (a Redis with an `allkeys-*` eviction policy, which `dateline.core.checks` warns about),
entries are still bounded: none lives longer than its timeout (see cachestore.MAX_LIFETIME).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from django.core.cache.backends.locmem import LocMemCache


class DependencyIndex(Protocol):
    def add(self, entry: str, keys: Iterable[str], url: str, expires: float) -> None: ...
    def pop(self, keys: Iterable[str]) -> tuple[set[str], set[str]]: ...
    def urls(self) -> set[str]: ...
    def prune(self, now: float | None = None) -> int: ...
    def clear(self) -> None: ...
    def count(self) -> int: ...


# --- LocMem -----------------------------------------------------------------------------


class LocalIndex:
    """For a process-local cache (LocMem): plain dicts, shared by the process's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, dict[str, float]] = {}
        self._urls: dict[str, tuple[str, float]] = {}

    def add(self, entry: str, keys: Iterable[str], url: str, expires: float) -> None:
        with self._lock:
            for key in keys:
                self._keys.setdefault(key, {})[entry] = expires
            if url:
                self._urls[entry] = (url, expires)

    def pop(self, keys: Iterable[str]) -> tuple[set[str], set[str]]:
        with self._lock:
            entries: set[str] = set()
            for key in keys:
                entries.update(self._keys.pop(key, ()))
            now = time.time()
            urls = set()
            for entry in entries:
                url, expires = self._urls.pop(entry, ("", 0.0))
                if url and expires > now:
                    urls.add(url)
        return entries, urls

    def urls(self) -> set[str]:
        now = time.time()
        with self._lock:
            return {url for url, expires in self._urls.values() if expires > now}

    def prune(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        removed = 0
        with self._lock:
            for key in list(self._keys):
                members = self._keys[key]
                for entry in [e for e, expires in members.items() if expires <= now]:
                    del members[entry]
                    removed += 1
                if not members:
                    del self._keys[key]
            for entry in [e for e, (_u, expires) in self._urls.items() if expires <= now]:
                del self._urls[entry]
        return removed

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
            self._urls.clear()

    def count(self) -> int:
        """Members (key, entry) in the index: what a store adds."""
        with self._lock:
            return sum(len(members) for members in self._keys.values())


# --- DiskCache --------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS dependency ("
    " key TEXT NOT NULL, entry TEXT NOT NULL, expires REAL NOT NULL,"
    " PRIMARY KEY (key, entry)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS entry_url ("
    " entry TEXT PRIMARY KEY, url TEXT NOT NULL, expires REAL NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS dependency_expires ON dependency (expires)",
)
_CHUNK = 500  # SQLite's bound on a statement's parameters is far above: one chunk per purge
# A page stored again (after a purge of one of its keys, or its expiry) finds most of its
# members still there. Rewriting each one's expiry on every store rewrote both B-trees (the
# key and the expiry index): most of a home page's store. A member whose expiry must move
# later moves `_EXPIRY_SLACK` seconds further than needed, so the stores of the next minutes
# find it late enough and write nothing. A member outliving its entry can only purge early.
_EXPIRY_SLACK = 600
_ADD_MEMBER = (
    "INSERT INTO dependency (key, entry, expires) VALUES (?, ?, ?)"
    f" ON CONFLICT (key, entry) DO UPDATE SET expires = excluded.expires + {_EXPIRY_SLACK}"
    " WHERE excluded.expires > dependency.expires"
)


def _delete_returning(
    db: sqlite3.Connection, table: str, column: str, values: list[str], returning: str
) -> list[tuple]:
    """DELETE the rows of `table` whose `column` is one of `values`, `_CHUNK` values a
    statement, and return their `returning` columns."""
    rows: list[tuple] = []
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows += db.execute(
            f"DELETE FROM {table} WHERE {column} IN ({marks}) RETURNING {returning}",  # noqa: S608
            chunk,
        ).fetchall()
    return rows


class SQLiteIndex:
    """For DiskCache: `dependencies.sqlite3` beside the cache's shards (WAL, one connection
    per thread). Writers wait at most `timeout` seconds; a store that cannot get the lock
    raises, and the caller drops the entry (a miss next time, never a stale page)."""

    FILENAME = "dependencies.sqlite3"

    def __init__(self, directory: str | Path, timeout: float = 1.0) -> None:
        self.path = Path(directory) / self.FILENAME
        self.timeout = timeout
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
            self._local.db = db
        return db

    def add(self, entry: str, keys: Iterable[str], url: str, expires: float) -> None:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(_ADD_MEMBER, [(key, entry, expires) for key in keys])
            if url:
                db.execute(
                    "INSERT OR REPLACE INTO entry_url (entry, url, expires) VALUES (?, ?, ?)",
                    (entry, url, expires),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def pop(self, keys: Iterable[str]) -> tuple[set[str], set[str]]:
        keys = list(keys)
        db = self._db()
        entries: set[str] = set()
        urls: set[str] = set()
        db.execute("BEGIN IMMEDIATE")
        try:
            deleted = _delete_returning(db, "dependency", "key", keys, "entry")
            entries.update(entry for (entry,) in deleted)
            now = time.time()
            deleted = _delete_returning(db, "entry_url", "entry", sorted(entries), "url, expires")
            urls.update(url for url, expires in deleted if expires > now)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return entries, urls

    def urls(self) -> set[str]:
        rows = self._db().execute("SELECT url FROM entry_url WHERE expires > ?", (time.time(),))
        return {url for (url,) in rows}

    def prune(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        db = self._db()
        removed = db.execute("DELETE FROM dependency WHERE expires <= ?", (now,)).rowcount
        db.execute("DELETE FROM entry_url WHERE expires <= ?", (now,))
        return removed

    def clear(self) -> None:
        db = self._db()
        db.execute("DELETE FROM dependency")
        db.execute("DELETE FROM entry_url")

    def count(self) -> int:
        return self._db().execute("SELECT count(*) FROM dependency").fetchone()[0]


# --- Redis ------------------------------------------------------------------------------


# KEYS: the keys' sorted sets, then (when ARGV[3], the URL, is not empty) the URL hash and
# the URLs' expiry set. ARGV: entry, expiry, URL.
_ADD_SCRIPT = """
local sets = #KEYS
if ARGV[3] ~= '' then
  sets = sets - 2
  redis.call('HSET', KEYS[sets + 1], ARGV[1], ARGV[3])
  redis.call('ZADD', KEYS[sets + 2], ARGV[2], ARGV[1])
end
for i = 1, sets do
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1])
end
return sets
"""


class RedisIndex:
    """For django-redis: sorted sets under the cache's key prefix, with no TTL (an
    `allkeys-*` eviction policy could still drop them: see the module's docstring)."""

    def __init__(self, cache, prefix: str) -> None:
        self._cache = cache  # django-redis's cache: its client knows the servers
        self._prefix = f"{prefix}:dl-index"
        self._add_script = None

    def _client(self):
        return self._cache.client.get_client(write=True)

    def _set(self, key: str) -> str:
        return f"{self._prefix}:key:{key}"

    @property
    def _url_hash(self) -> str:
        return f"{self._prefix}:urls"

    @property
    def _url_expiry(self) -> str:
        return f"{self._prefix}:url-expiry"

    def add(self, entry: str, keys: Iterable[str], url: str, expires: float) -> None:
        wrote_locally = getattr(self._cache, "wrote_locally", None)
        if wrote_locally is not None and wrote_locally():
            # Redis is away and the entry (just written by this thread) went to the process's
            # own fallback (caching.cache.LocalFallback): it is not in Redis, so nothing here
            # could purge it. The fallback indexes it itself (purges reach it from this
            # process and through the outbox); untracked, it goes within the short life.
            fallback = getattr(self._cache, "fallback", None)
            if fallback is not None:
                fallback.track(entry, keys, expires)
            return
        # One command whatever the number of keys: 150 pipelined ZADDs cost the client
        # about 3 ms of CPU to encode, this one a tenth of that.
        names = [self._set(key) for key in keys]
        if url:
            names += [self._url_hash, self._url_expiry]
        if names:
            self._script()(keys=names, args=[entry, expires, url])

    def _script(self):
        if self._add_script is None:
            self._add_script = self._client().register_script(_ADD_SCRIPT)
        return self._add_script

    def pop(self, keys: Iterable[str]) -> tuple[set[str], set[str]]:
        names = [self._set(key) for key in keys]
        if not names:
            return set(), set()
        client = self._client()
        pipe = client.pipeline(transaction=True)  # read and delete as one: no member lost
        for name in names:
            pipe.zrange(name, 0, -1)
        pipe.delete(*names)
        replies = pipe.execute()
        entries = {member.decode() for members in replies[:-1] for member in members}
        urls: set[str] = set()
        if entries:
            ordered = sorted(entries)
            pipe = client.pipeline(transaction=True)
            pipe.hmget(self._url_hash, ordered)
            pipe.zmscore(self._url_expiry, ordered)
            pipe.hdel(self._url_hash, *ordered)
            pipe.zrem(self._url_expiry, *ordered)
            found, expiries, *_ = pipe.execute()
            now = time.time()
            urls = {
                url.decode()
                for url, expires in zip(found, expiries, strict=True)
                if url and expires and expires > now
            }
        return entries, urls

    def urls(self) -> set[str]:
        client = self._client()
        live = client.zrangebyscore(self._url_expiry, time.time(), "+inf")
        if not live:
            return set()
        return {url.decode() for url in client.hmget(self._url_hash, live) if url}

    def prune(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        client = self._client()
        removed = 0
        for name in client.scan_iter(match=f"{self._prefix}:key:*", count=500):
            removed += client.zremrangebyscore(name, "-inf", now)
        expired = client.zrangebyscore(self._url_expiry, "-inf", now)
        if expired:
            client.hdel(self._url_hash, *expired)
            client.zrem(self._url_expiry, *expired)
        return removed

    def clear(self) -> None:
        client = self._client()
        names = list(client.scan_iter(match=f"{self._prefix}:*", count=500))
        if names:
            client.delete(*names)

    def count(self) -> int:
        client = self._client()
        return sum(client.zcard(name) for name in client.scan_iter(match=f"{self._prefix}:key:*"))


# --- choosing one -----------------------------------------------------------------------

_local_indexes: dict[int, LocalIndex] = {}
_lock = threading.Lock()


def index_for(backend) -> DependencyIndex | None:
    """The index kept with this cache backend (unwrapped from GuardedCache), or None for a
    kind of cache that cannot hold one (nothing is stored in the page cache then)."""
    from django_redis.cache import RedisCache

    from .cache import DiskCache

    found = getattr(backend, "_dateline_index", None)
    if found is not None:
        return found
    if isinstance(backend, RedisCache):
        index = RedisIndex(backend, backend.key_prefix or "dateline")
    elif isinstance(backend, DiskCache):
        index = SQLiteIndex(backend.directory)
    elif isinstance(backend, LocMemCache):
        # Django makes one LocMemCache object per thread over one shared dict: so is this.
        with _lock:
            index = _local_indexes.setdefault(id(backend._cache), LocalIndex())
    else:
        return None
    backend._dateline_index = index
    return index
