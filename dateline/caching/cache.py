"""Caches that can fail without taking a page down.

`GuardedCache` wraps every alias in settings (any backend: DiskCache, Redis, in-process): a
failure is a miss. Under it, Redis has its own circuit breaker, `ResilientRedisCache`:
django-redis's own options do most of the work (settings.base): IGNORE_EXCEPTIONS turns a
refused or timed-out command into a cache miss, and SOCKET_TIMEOUT bounds each command at
0.25 s. A frozen Redis would still cost every cache call on a page its full timeout, so the
first failure opens the breaker: for REDIS_RETRY_AFTER seconds every call is an instant miss
(logged once per outage), then a single call tries Redis again. The breaker is one per
process and server, so a process waits on one failed attempt per window, not one per thread.

A miss on every call would send every page to the database while Redis is away (p99 of 12-17
s in the soak, issue 21). So the alias that holds pages and fragments has a small fallback in
the process's own memory (`LocalFallback`, OPTIONS["FALLBACK"]), used only while the breaker
is open: bounded in entries, each kept at most a few seconds. Entries rendered during the
outage are stored there (their index, which is in Redis, is skipped: depindex.RedisIndex),
so a page renders once per process and lifetime. A purge in this process clears what it
concerned at once and is replayed to Redis when it comes back (with the deletes made
meanwhile), so Redis serves nothing the outage purged. A purge in another process reaches
the entries rendered during the outage through the database's purge outbox, read at most
once a second while the breaker is open (LocalFallback.poll), so they may live longer
(REDIS_FALLBACK_OUTAGE_SECONDS). The outage starts warm: what the process stored in Redis or
read from it is copied there with its dependency keys, and the outage's first poll replays
the outbox's recent purges on those copies (done rows stay outbox.KEEP_DONE); copies of
pages are shared by the host's processes (fallback_shared). Copies whose keys are not known
here go when they expire (REDIS_FALLBACK_SECONDS). settings.base says why those figures.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from diskcache import DjangoCache, FanoutCache, Timeout
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from . import purgeclock
from .fallback import LocalFallback

logger = logging.getLogger("dateline.cache")


class CircuitBreaker:
    """Open for `retry_after` seconds after a failure; then one call (the first to `claim`
    the retry) tries Redis again while the others keep answering without it, so a process
    waits on at most one failed attempt per window, whatever its number of threads.

    One per process and Redis server (`shared_breaker`): Django makes a backend per thread,
    and a breaker per thread would pay one failed attempt per thread and window."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        self.open_until = 0.0
        self.failed_attempts = 0
        self.seconds_in_failed_attempts = 0.0  # what the outage cost in waiting on Redis
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def claim(self) -> bool:
        """Whether this call may use Redis: the breaker is closed, or its window is over and
        no other call took the retry (that call moves the window on while it tries)."""
        if not self.open_until:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self.open_until:
                return False
            self.open_until = now + self.retry_after
            return True

    def close(self) -> None:
        if self.open_until:
            self.open_until = 0.0

    def trip(self, error: Exception, waited: float = 0.0) -> None:
        with self._lock:
            self.failed_attempts += 1
            self.seconds_in_failed_attempts += waited
            already_open = self.open_until > 0.0
            self.open_until = time.monotonic() + self.retry_after
        if already_open:
            return  # logged when it opened
        logger.warning(
            "Redis unreachable (%s): serving without it for %g s at a time",
            error,
            self.retry_after,
            exc_info=error,
        )


# Django makes a cache backend per thread; the fallback and the breaker are one per process
# and Redis server, so a purge made by one thread clears what every thread would serve, and
# one failed attempt opens the breaker for all of them.
_fallbacks: dict[str, LocalFallback] = {}
_breakers: dict[str, CircuitBreaker] = {}
_shared_lock = threading.Lock()


def shared_fallback(name: str, *settings: Any) -> LocalFallback:
    """The process's fallback for the Redis server `name` (made on first use)."""
    with _shared_lock:
        fallback = _fallbacks.get(name)
        if fallback is None or fallback.settings() != settings:
            fallback = _fallbacks[name] = LocalFallback(*settings)
        return fallback


def shared_breaker(name: str, retry_after: float) -> CircuitBreaker:
    """The process's breaker for the Redis server `name` (made on first use)."""
    with _shared_lock:
        breaker = _breakers.get(name)
        if breaker is None or breaker.retry_after != retry_after:
            breaker = _breakers[name] = CircuitBreaker(retry_after)
        return breaker


@receiver(setting_changed)
def _forget_shared_state(*, setting: str, **kwargs: Any) -> None:
    # A test that swaps CACHES starts with Redis closed-circuit and nothing in memory, as a
    # new process would (its Redis may be a new server on the same port).
    if setting == "CACHES":
        with _shared_lock:
            _fallbacks.clear()
            _breakers.clear()


class _GuardedClient:
    """Forwards to django-redis's client; refuses at once while the breaker is open (or
    answers from the fallback, when the alias has one). `answered_locally` says whether the
    last call was answered by the fallback (the client is the thread's own: Django makes a
    backend per thread), so the reverse index knows where the entry just stored went."""

    READS = frozenset({"get", "get_many", "has_key"})

    def __init__(self, client: Any, breaker: CircuitBreaker, fallback: LocalFallback | None):
        self._client = client
        self._breaker = breaker
        self._fallback = fallback
        self.answered_locally = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute
        breaker, fallback = self._breaker, self._fallback
        local = fallback is not None and name in LocalFallback.OPERATIONS

        def answer_locally(outage: int, *args: Any, **kwargs: Any) -> Any:
            if not local:
                raise ConnectionInterrupted(connection=None)
            fallback.poll(outage)  # purges other processes left in the outbox meanwhile
            if fallback.outages != outage:  # Redis is back: its copies are vetted no more
                raise ConnectionInterrupted(connection=None)
            self.answered_locally = True
            return fallback.call(name, *args, **kwargs)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.answered_locally = False
            # Read before the breaker: another thread may find Redis back and end the outage.
            outage = fallback.outages if fallback is not None else 0
            if not breaker.claim():
                return answer_locally(outage, *args, **kwargs)
            started = time.monotonic()
            try:
                result = attribute(*args, **kwargs)
                if breaker.open_until:
                    self._closed()
                if fallback is not None and fallback.has_pending() and self._recovered():
                    self.answered_locally = False  # the replay's own calls set it
                    if name in self.READS:
                        # Read again: Redis may have answered with a page the outage purged.
                        result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.trip(error, time.monotonic() - started)
                return answer_locally(outage, *args, **kwargs)
            if fallback is not None:
                if name == "get" and result is not kwargs.get("default"):
                    key = args[0] if args else kwargs.get("key")
                    if fallback.wants_copy(key):
                        self._copy(key, result, kwargs.get("version"))
                elif name == "set" and result:
                    self._copy_stored(*args, **kwargs)
                elif name == "clear":  # a restore or a test: nothing may come back
                    fallback.clear()
                elif name in {"delete", "delete_many"}:
                    keys = args[0] if args else kwargs.get("key", kwargs.get("keys", ()))
                    fallback.forget([keys] if name == "delete" else keys, kwargs.get("version"))
            return result

        return guarded

    def _copy(self, key: str, value: Any, version: int | None) -> None:
        """Copy what Redis answered into the fallback, with when Redis drops it (a page's
        lifetime may be shorter than the usual: its copy must not outlive it)."""
        expires = None
        if self._fallback.outage_seconds > 0:
            try:
                client = self._client.get_client(write=False)
                ttl_ms = client.pttl(self._client.make_key(key, version=version))
            except Exception:  # Redis went away meanwhile: no copy rather than a wrong life
                return
            if ttl_ms is None or ttl_ms == -2 or 0 <= ttl_ms < 1000:
                return  # gone, or about to go
            expires = None if ttl_ms < 0 else time.time() + ttl_ms / 1000
        self._fallback.mirror(key, value, version, expires)

    def _copy_stored(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        """Copy what this process just stored in Redis (django-redis's `set` arguments)."""
        if kwargs.get("nx") or kwargs.get("xx"):
            return  # `add` and friends: whether Redis kept this value is not known here
        if not isinstance(timeout, int | float) or timeout <= 0:
            return  # forever, or the backend's default: not a rendered entry
        if self._fallback.wants_copy(key, stored=True):
            self._fallback.mirror(key, value, version, time.time() + timeout)

    def _closed(self) -> None:
        breaker = self._breaker
        with breaker._lock:
            if not breaker.open_until:
                return  # another thread saw Redis answer first
            breaker.open_until = 0.0
            attempts, waited = breaker.failed_attempts, breaker.seconds_in_failed_attempts
            breaker.failed_attempts, breaker.seconds_in_failed_attempts = 0, 0.0
        if self._fallback is not None:
            self._fallback.end_outage()
        logger.warning(
            "Redis answers again: %d failed attempts during the outage, %.3f s spent in them",
            attempts,
            waited,
        )

    def _recovered(self) -> bool:
        """Redis answers again: replay the deletes and purges it missed, forget the copies.
        True when this call replayed something."""
        fallback = self._fallback
        pending, lost = fallback.take_pending()
        purges = fallback.take_pending_purges()
        if not pending and not lost and not purges:
            return False  # another thread replayed them
        fallback.clear()
        by_version: dict[int | None, list[str]] = {}
        for key, version in pending:
            by_version.setdefault(version, []).append(key)
        try:
            for version, keys in by_version.items():
                self._client.delete_many(keys, version=version)
        except ConnectionInterrupted as error:
            for version, keys in by_version.items():
                fallback.remember_deletes(keys, version)  # gone again: next time
            fallback.lost_deletes += lost
            fallback.remember_purge(purges)
            self._breaker.trip(error)
            return False
        if purges:
            from .dependencies import purge  # imports this module: not at the top

            # The whole purge again, front caches included: a front cache may have fetched
            # a page from another process's copy in memory while Redis was away.
            error, _urls = purge(purges)
            if error:
                fallback.remember_purge(purges)
        logger.warning(
            "Redis is back: %d deletes and %d purged keys of the outage replayed%s",
            len(pending),
            len(purges),
            f" ({lost} more could not be remembered: those entries expire on their own)"
            if lost
            else "",
        )
        return True


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        options = params.get("OPTIONS", {})
        self.breaker = shared_breaker(server, float(options.get("RETRY_AFTER", 5.0)))
        fallback = options.get("FALLBACK") or {}
        seconds = float(fallback.get("SECONDS", 0))
        name = f"{server}|{params.get('KEY_PREFIX', '')}"
        self.fallback = (
            shared_fallback(
                name,
                seconds,
                int(fallback.get("MAX_ENTRIES", 10_000)),
                fallback.get("PAGE_PREFIX", ""),
                fallback.get("PURGE_KEY", ""),
                int(fallback.get("MAX_BYTES", 64 * 1024 * 1024)),
                float(fallback.get("OUTAGE_SECONDS", 0)),
                float(fallback.get("POLL_EVERY", 1.0)),
                str(fallback.get("SHARED_DIR", "")),
                name,
            )
            if seconds > 0
            else None
        )
        self._guarded: _GuardedClient | None = None

    @property
    def client(self) -> Any:  # django-redis reads self.client for every command
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self.breaker, self.fallback)
        return self._guarded

    def wrote_locally(self) -> bool:
        """Whether this thread's last call (the write of an entry) went to the fallback."""
        return self._guarded is not None and self._guarded.answered_locally

    def round_trip(self, key: str, value: object) -> object:
        """Write, read back and delete `key` through django-redis's own client, past the
        breaker and IGNORE_EXCEPTIONS: /healthz must see the real error, not a quiet miss."""
        client = super().client
        try:
            client.set(key, value, timeout=10)
            read = client.get(key)
            client.delete(key)
        except ConnectionInterrupted as error:
            raise (error.__cause__ or error) from None
        return read


class GuardedCache(BaseCache):
    """Any cache backend whose failures are misses: no reader page ever fails on its cache.

    Django calls a cache in many places we do not own (Wagtail's rendition cache, sessions,
    django-axes), and some backends raise where others return a miss: DiskCache raises on a
    read-only or corrupted file (even when it is created, at the first `caches[alias]` of a
    thread), Redis on a full memory or a refused write. Behind this guard a read answers the
    default, a write stores nothing, `add` answers False and `incr`/`decr` answer None (as
    django-redis does with IGNORE_EXCEPTIONS; a missing key still raises ValueError).
    Failures are logged, at most once a minute per process and thread; `open()` and
    `round_trip()` give /healthz the real error.

    A backend that cannot even be created is retried after RETRY_AFTER seconds, so a broken
    file costs one failed open per window, not one per call.
    """

    LOG_EVERY = 60.0

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._config = dict(params["GUARDED"])
        self._retry_after = float(params.get("OPTIONS", {}).get("RETRY_AFTER", 5.0))
        self._backend: BaseCache | None = None
        self._closed_until = 0.0
        self._logged_at: float | None = None
        self._unlogged = 0

    def open(self) -> BaseCache:
        """The wrapped backend, created on first use; raises whatever creating it raises."""
        if self._backend is None:
            config = dict(self._config)
            backend_class = import_string(config.pop("BACKEND"))
            self._backend = backend_class(config.pop("LOCATION", ""), config)
        return self._backend

    @property
    def guarded_backend(self) -> BaseCache:
        """The wrapped backend, or this guard itself while the backend cannot be opened."""
        return self._opened() or self

    def round_trip(self, key: str, value: object) -> object:
        """Write, read back and delete `key` with nothing guarded; returns what was read."""
        backend = self.open()
        if hasattr(backend, "round_trip"):
            return backend.round_trip(key, value)
        if backend.set(key, value, 10) is False:  # DiskCache's answer to a locked shard
            raise OSError("the cache refused the write (busy)")
        read = backend.get(key)
        backend.delete(key)
        return read

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if self._logged_at is not None and now - self._logged_at < self.LOG_EVERY:
            self._unlogged += 1
            return
        logger.warning(
            "Cache %s failed (%s: %s); served without the cache%s",
            operation,
            type(error).__name__,
            error,
            f" ({self._unlogged} more failures since the last report)" if self._unlogged else "",
            exc_info=error,
        )
        self._logged_at, self._unlogged = now, 0

    def _opened(self) -> BaseCache | None:
        """The backend, or None while it cannot be created."""
        if self._backend is None:
            if time.monotonic() < self._closed_until:
                return None
            try:
                return self.open()
            except Exception as error:
                self._closed_until = time.monotonic() + self._retry_after
                self._failed("open", error)
                return None
        return self._backend

    def _call(self, operation: str, fallback: Any, *args: Any, **kwargs: Any) -> Any:
        backend = self._opened()
        if backend is None:
            return fallback
        try:
            return getattr(backend, operation)(*args, **kwargs)
        except Exception as error:
            self._failed(operation, error)
            return fallback

    def _counter(self, operation: str, key: str, delta: int, version: int | None) -> int | None:
        backend = self._opened()
        if backend is None:
            return None
        try:
            return getattr(backend, operation)(key, delta, version=version)
        except ValueError:  # no such key: the caller's business
            raise
        except Exception as error:
            self._failed(operation, error)
            return None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return bool(self._call("add", False, key, value, timeout, version=version))

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", False, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return bool(self._call("touch", False, key, timeout, version=version))

    def delete(self, key, version=None):
        return bool(self._call("delete", False, key, version=version))

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return bool(self._call("has_key", False, key, version=version))

    def incr(self, key, delta=1, version=None):
        return self._counter("incr", key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._counter("decr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version=version)

    def clear(self):
        self._call("clear", None)

    def close(self, **kwargs):
        if self._backend is not None:
            self._call("close", None, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Backend-specific extras (django-redis's keys(), LocMemCache's _cache) for tests and
        # tools, unguarded: nothing on the reader's path uses them.
        if name.startswith("__") or name in {"_backend", "_config"}:
            raise AttributeError(name)
        return getattr(self.open(), name)


# One FanoutCache per directory and settings in a process. Django makes a cache backend per
# thread, and opening a FanoutCache writes each shard's settings (a write transaction per
# shard): an app server that starts threads under load (granian: up to 256 per worker) had
# its new threads queue for the shards' write locks, seconds at a time, before their first
# read. A FanoutCache is thread-safe (its SQLite connections are per thread and per process).
# Held weakly: dropped with the last backend that uses it (a test's, an ended thread's).
_fanouts: weakref.WeakValueDictionary[tuple[str, int, float, str], FanoutCache] = (
    weakref.WeakValueDictionary()
)
_fanouts_lock = threading.Lock()


def shared_fanout(directory: str, params: dict[str, Any]) -> FanoutCache:
    """The process's FanoutCache for `directory` with DjangoCache's settings in `params`,
    opened on first use (again if its directory has been removed since)."""
    shards = params.get("SHARDS", 8)
    timeout = params.get("DATABASE_TIMEOUT", 0.010)
    options = params.get("OPTIONS", {})
    key = (str(directory), shards, timeout, repr(sorted(options.items())))
    with _fanouts_lock:
        fanout = _fanouts.get(key)
        if fanout is None or not Path(fanout.directory).is_dir():
            fanout = _fanouts[key] = FanoutCache(directory, shards, timeout, **options)
    return fanout


class DiskCache(DjangoCache):
    """DiskCache's Django backend, never waiting forever on a shard, and opened once per
    process (`shared_fanout`), not once per thread.

    DjangoCache retries a write until its shard takes it (`retry=True`), and its `clear()`
    loops until every shard is empty. A shard that cannot take writes at all (a read-only
    file or folder) then holds the request forever: the whole site hangs on its cache. Here a
    write tries once (DATABASE_TIMEOUT bounds the wait for a busy shard) and a refused write
    is a miss, as a refused read already is in DiskCache; `incr` answers None then, as
    django-redis does when Redis is down. `clear()` goes on only while it makes progress.
    """

    def __init__(self, directory: str, params: dict[str, Any]) -> None:
        BaseCache.__init__(self, params)  # DjangoCache's own opens a FanoutCache of its own
        self._cache = shared_fanout(directory, params)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, read=False, tag=None):
        return super().add(key, value, timeout, version, read, tag, retry=False)

    def close(self, **kwargs) -> None:
        """Kept open: Django closes every cache when a request finishes, and reopening the
        shards (a connection and its pragmas each, 8 shards) was about a third of the
        queries a warm home page sent to SQLite. The connections are per thread, and
        DiskCache reopens them by itself in a forked process."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, read=False, tag=None):
        return super().set(key, value, timeout, version, read, tag, retry=False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version, retry=False)

    def pop(self, key, default=None, version=None, expire_time=False, tag=False):
        return super().pop(key, default, version, expire_time, tag, retry=False)

    def delete(self, key, version=None):
        return super().delete(key, version, retry=False)

    def incr(self, key, delta=1, version=None, default=None):
        return super().incr(key, delta, version, default, retry=False)

    def decr(self, key, delta=1, version=None, default=None):
        return super().incr(key, -delta, version, default, retry=False)

    def delete_for_sure(self, keys: Iterable[str]) -> None:
        """Delete every one of `keys` in one transaction per shard, waiting for a busy shard
        (a purge: an entry left behind would be served stale). One transaction per key, as
        `delete` takes, is a BEGIN and COMMIT per entry while the purge's front-cache half
        waits behind it."""
        with self._cache.transact():  # every shard's write lock, each waited for
            for key in keys:
                DjangoCache.delete(self, key, None, True)

    def clear(self) -> int:
        try:
            return self._clear()
        finally:
            # Every process's fast-path copies (core.fasthit) go with the entries.
            purgeclock.counter_for(self.directory).bump()

    def _clear(self) -> int:
        removed = 0
        for shard in self._cache._shards:  # FanoutCache.clear() retries a stuck shard forever
            while True:
                try:
                    removed += shard.clear(retry=False)
                    break
                except Timeout as partial:
                    if not partial.args or not partial.args[0]:
                        raise OSError(f"cannot clear the cache shard {shard.directory}") from None
                    removed += partial.args[0]
        return removed

    def round_trip(self, key: str, value: object) -> object:
        """Health check: take each shard's write lock (sqlite's own error if it cannot: a
        read-only file, a locked or corrupted one), then write, read and delete `key`."""
        for path in sorted(Path(self.directory).glob("*/cache.db")):
            probe = sqlite3.connect(path, timeout=0.25, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            finally:
                probe.close()
        if not self.set(key, value, 10):
            raise OSError("the cache refused the write")
        read = self.get(key)
        self.delete(key)
        return read
