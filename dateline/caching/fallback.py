"""The process's own copy of pages and fragments while Redis is away (issue 21, point 5).

`LocalFallback` answers the page cache's calls while the breaker of
`dateline.caching.cache.ResilientRedisCache` is open: bounded in life, entries and bytes.
Why it is safe, and what bounds staleness, is in cache.py's docstring and settings.base.
"""

from __future__ import annotations

import inspect
import logging
import random
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

from . import keysheader
from .fallback_shared import SharedCopies
from .fallback_store import SizedLocMem, dependency_keys, forget_dependent

logger = logging.getLogger("dateline.cache")

# What the page cache stores: pages and fragments (cachestore.fragment_entry's kinds), each
# indexed by its dependency keys, and the params maps (middleware.params_map_key).
ENTRY_PREFIX = "dateline:"
UNTRACKED_PREFIXES = ("dateline:purge", "dateline:dependency")
# A path's params map names the query parameters its page reads: it follows the code, not the
# content, and Redis keeps it unindexed (no purge reaches it there), so a copy is as fresh as
# Redis's for as long as Redis would keep it. Without one, every request with a query (a
# search, a listing's page 2) rendered during an outage however warm its page was: in the
# soak, the searches' renders at the outage's start and again when the short life ran out.
PARAMS_PREFIX = "dateline:params:"
# A purge done (its outbox row's done_at, the purging host's clock) this long before a copy
# was read from Redis (this host's clock) is taken to have reached Redis before the read:
# the bound on the clocks' difference between hosts (NTP keeps them within milliseconds).
CLOCK_SKEW = 30.0


class LocalFallback:
    """What the cache answers while Redis is away: a LocMemCache private to the process,
    spoken to with django-redis's client signatures (`client=` and friends are ignored).

    Two kinds of entries, with two bounds on staleness:

    - Copies made while Redis answered (pages read from it, `mirror`) and anything stored
      without its dependency keys live at most `seconds`: a purge another process made
      before the outage cannot reach them (the dependency index is in Redis).
    - Entries stored during the outage with their keys (`track`, called by the reverse index
      in place of Redis's) live up to `outage_seconds`, spread over its last quarter so
      copies made together do not expire together. Purges reach them through the database:
      a purge that cannot reach Redis leaves its `PendingPurge` row in the outbox (written
      in the change's transaction), and every process reads the rows it has not seen yet,
      at most once per `poll_every` seconds while it answers from here (`poll`). The bound:
      an entry answered here reflects every purge committed `poll_every` seconds before
      (plus the time one poll takes). When Redis answers again they go (`end_outage`): no
      process would tell them of a purge made through Redis.

    A purge made in this process while Redis is away (or read from the outbox) deletes the
    entries of its keys and every entry whose keys are not known here (copies from Redis,
    the purge generation: a render in flight sees it move and drops what it stored); its
    keys are kept (`remember_purge`) to be purged in Redis when it answers again. Pages Redis
    answers while healthy (keys starting with `page_prefix`) are copied here, at most once
    per `MIRROR_EVERY` seconds each, so an outage starts with the pages readers were reading
    rather than with an empty memory.

    With tracking on (`outage_seconds`), those copies, and the pages and fragments this
    process stores in Redis, are kept with their dependency keys (a page's from its keys
    header, a fragment's from its value) for up to `outage_seconds`, so the outage starts
    warm and they follow its purges as its own entries do. What keeps them fresh: the
    outbox keeps the rows of purges that worked for `outbox.KEEP_DONE` (longer than
    `outage_seconds`), and the outage's first poll, which every reader waits for, applies
    every row there (`_seen_rows` is empty) and drops the copies read longer than
    `outage_seconds` ago. A copy read at `t` can only miss a purge that reached Redis after
    `t`, whose row was marked done after `t`: still in the outbox. They stay when Redis
    answers again (the next outage's first poll vets them the same way).

    Deletes made here are remembered (up to `MAX_PENDING`) and replayed to Redis when it
    answers again: without that, a page purged during the outage would come back from
    Redis afterwards."""

    MAX_PENDING = 10_000
    MIRROR_EVERY = 5.0
    # Dependency keys held for tracked entries (a home page records ~150, a story ~30):
    # beyond this an entry is kept untracked, with the short life.
    MAX_MEMBERS = 200_000
    OPERATIONS = frozenset(
        {"get", "set", "add", "delete", "delete_many", "get_many", "set_many", "has_key"}
        | {"incr", "decr", "touch", "clear"}
    )

    def __init__(
        self,
        seconds: float,
        max_entries: int,
        page_prefix: str = "",
        purge_key: str = "",
        max_bytes: int = 64 * 1024 * 1024,
        outage_seconds: float = 0.0,
        poll_every: float = 1.0,
        shared_dir: str = "",
        name: str = "",
    ):
        self.shared_dir, self.name = shared_dir, name
        # The host's copies of pages (caching.fallback_shared), with tracking on only.
        self.shared = (
            SharedCopies(shared_dir, name or "default")
            if shared_dir and outage_seconds > 0 and page_prefix
            else None
        )
        # This outage's purges: key (at every level) -> copies read before this are stale.
        self._purged: dict[str, float] = {}
        self._primed_at = 0.0
        self.seconds, self.max_entries, self.max_bytes = seconds, max_entries, max_bytes
        self.page_prefix, self.purge_key = page_prefix, purge_key
        self.outage_seconds, self.poll_every = outage_seconds, poll_every
        self.local = SizedLocMem(
            f"dateline-fallback-{id(self)}",
            {"TIMEOUT": seconds, "OPTIONS": {"MAX_ENTRIES": max_entries}},
            max_bytes,
        )
        self.pending: dict[tuple[str, int | None], None] = {}
        self.lost_deletes = 0  # beyond MAX_PENDING: reported, Redis keeps them until expiry
        self.pending_purges: set[str] = set()
        self._lock = threading.Lock()
        self._mirrored: dict[str, float] = {}
        # Tracked entries: made key -> its dependency keys, and dependency key -> made keys.
        self._tracked: dict[str, tuple[str, ...]] = {}
        self._dependents: dict[str, set[str]] = {}
        self._members = 0
        # The outbox rows this outage has applied here; when the next poll is due.
        self._seen_rows: set[int] = set()
        self._next_poll = 0.0
        self._poll_lock = threading.Lock()
        self._poll_failed = False
        # Copies of what Redis held, with their keys: made key -> (keys, when read), and
        # dependency key -> made keys. Served only once the outage's first poll is done.
        self._mirrors: dict[str, tuple[tuple[str, ...], float]] = {}
        self._mirror_dependents: dict[str, set[str]] = {}
        self._mirror_members = 0
        self._primed = False
        # Outages ended so far: a poll made for an outage that has ended since primes nothing.
        self.outages = 0

    def settings(self) -> tuple:
        return (
            self.seconds,
            self.max_entries,
            self.page_prefix,
            self.purge_key,
            self.max_bytes,
            self.outage_seconds,
            self.poll_every,
            self.shared_dir,
            self.name,
        )

    def _is_page(self, key: str) -> bool:
        return bool(self.page_prefix) and key.startswith(self.page_prefix)

    def _timeout(self, timeout: Any) -> float:
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self.seconds
        return min(timeout, self.seconds)

    def wants_copy(self, key: Any, stored: bool = False) -> bool:
        """Whether what Redis answered (or, `stored`, was just given) for `key` is to be
        copied here now: pages at most once per `MIRROR_EVERY` each; with tracking on,
        fragments and params maps too, and whatever this process stores every time."""
        if not isinstance(key, str) or self._primed:
            return False  # an outage primed (a racing thread): its first poll is past
        if self.outage_seconds <= 0:
            if stored or not self._is_page(key):
                return False
        elif not key.startswith(ENTRY_PREFIX) or key.startswith(UNTRACKED_PREFIXES):
            return False
        now = time.monotonic()
        if not stored and now - self._mirrored.get(key, -self.MIRROR_EVERY) < self.MIRROR_EVERY:
            return False
        if len(self._mirrored) > 4 * self.max_entries:
            self._mirrored.clear()
        self._mirrored[key] = now
        return True

    def mirror(
        self, key: Any, value: Any, version: int | None, expires: float | None = None
    ) -> None:
        """Keep a copy of a page (or, with tracking on, a fragment) Redis just answered or
        was given, for the next outage; `expires` (time.time()) is when Redis drops it."""
        if value is None or not isinstance(key, str):
            return
        if self.outage_seconds > 0 and key.startswith(PARAMS_PREFIX):
            self._keep_params(key, value, version, expires)
            return
        keys = dependency_keys(key, value, self.page_prefix) if self.outage_seconds else None
        if keys is None:
            if self._is_page(key):  # untracked: the short life
                self.local.set(key, value, self.seconds, version=version)
            return
        now = time.time()
        life = self.outage_seconds * random.uniform(0.75, 1.0)  # noqa: S311 (see track)
        until = now + life if expires is None else min(expires, now + life)
        if until <= now:
            return
        # Stored first, then known by its keys: a purge in between drops it as unknown.
        self.local.set(key, value, until - now, version=version)
        made = self.local.make_key(key, version=version)
        with self._lock:
            self._untrack(made)
            self._unmirror(made)
            if self._mirror_members + len(keys) > self.MAX_MEMBERS:
                self._prune_mirrors()
            kept = self._register_mirror(made, keys, now)
        if not kept:
            self.local.expire_at(made, min(until, now + self.seconds))  # untracked: short life
        elif self.shared is not None and self._is_page(key):
            self.shared.put(made, value, keys, now, until)

    def _keep_params(
        self, key: str, value: Any, version: int | None, expires: float | None
    ) -> None:
        """A params map, kept until Redis would drop it (`expires`, time.time(); None: its
        own timeout) and no longer than the outage bound; shared with the host's processes
        as pages are (each worker reads only some of them while Redis answers)."""
        now = time.time()
        until = (
            now + self.outage_seconds
            if expires is None
            else min(expires, now + self.outage_seconds)
        )
        if until <= now:
            return
        self.local.set(key, value, until - now, version=version)
        if self.shared is not None:  # with its end: an adopted copy must not outlive it
            made = self.local.make_key(key, version=version)
            self.shared.put(made, (value, until), (), now, until)

    def _spared(self, made: str) -> bool:
        """Whether a (made) key is a params map's: no purge concerns it (`PARAMS_PREFIX`)."""
        return made.split(":", 2)[-1].startswith(PARAMS_PREFIX)

    def _register_mirror(self, made: str, keys: tuple[str, ...], read: float) -> bool:
        """Called with self._lock held; False beyond the bound on members."""
        if self._mirror_members + len(keys) > self.MAX_MEMBERS:
            self._prune_mirrors()
        if self._mirror_members + len(keys) > self.MAX_MEMBERS:
            return False
        self._mirrors[made] = (keys, read)
        for dependency in keys:
            self._mirror_dependents.setdefault(dependency, set()).add(made)
        self._mirror_members += len(keys)
        return True

    def adopt(self, key: str, version: int | None) -> Any:
        """During an outage, the host's copy of a page this process misses (None: none, or
        one that may be stale): read within the outage bound and after every purge of its
        keys this process has applied (`_purged`), which is every purge it would have
        applied to the copy had it been its own."""
        if self.shared is None or not self._primed:
            return None
        params = key.startswith(PARAMS_PREFIX)
        if not (params or self._is_page(key)):
            return None
        made = self.local.make_key(key, version=version)
        found = self.shared.get(made)
        if found is None:
            return None
        value, keys, read, expires = found
        now = time.time()
        if params:  # no keys, no purge: kept as long as its sharer would have kept it
            value, until = value
            if until <= now:
                return None
            self.local.set(key, value, until - now, version=version)
            return value
        life = self.outage_seconds * random.uniform(0.75, 1.0)  # noqa: S311 (see track)
        # No longer than the copy was to live (its entry's life in Redis, as `mirror` keeps).
        until = min(read + self.outage_seconds, now + life, expires)
        if read < self._primed_at - self.outage_seconds or until <= now:
            return None
        with self._lock:  # vetted before it is stored: other threads read what is stored
            if not self._takes(made, keys, read):
                return None
        self.local.set(key, value, until - now, version=version)  # then: see mirror
        with self._lock:  # and again after: a purge applied in between dropped it
            if self._takes(made, keys, read):
                self._unmirror(made)  # an expired own copy's index, maybe of other keys
                if self._register_mirror(made, keys, read):
                    return value
        self.local.delete(key, version=version)
        return None

    def _takes(self, made: str, keys: tuple[str, ...], read: float) -> bool:
        """Whether a host copy read at `read` is after every purge of its keys applied here,
        and not rendered here meanwhile. Called with self._lock held."""
        fresh = all(self._purged.get(dependency, 0.0) <= read for dependency in keys)
        return fresh and made not in self._tracked

    def _unmirror(self, made: str) -> None:
        """Called with self._lock held."""
        keys, _read = self._mirrors.pop(made, ((), 0.0))
        self._mirror_members -= forget_dependent(self._mirror_dependents, keys, made)

    def _prune_mirrors(self, read_before: float = 0.0) -> None:
        """Forget the copies no longer held, and those read before `read_before`. Called
        with self._lock held."""
        for made, (_keys, read) in list(self._mirrors.items()):
            if read < read_before or not self.local.holds(made):
                self._unmirror(made)

    def forget(self, keys: Any, version: int | None) -> None:
        """Redis deleted these keys: so does the copy here (this process's purges)."""
        keys = list(keys)
        self.local.delete_many(keys, version=version)
        with self._lock:
            for key in keys:
                self._mirrored.pop(key, None)
                self._unmirror(self.local.make_key(key, version=version))

    def clear(self) -> None:
        self.local.clear()
        self._mirrored.clear()
        if self.shared is not None:
            self.shared.clear()
        with self._lock:
            self._tracked.clear()
            self._dependents.clear()
            self._members = 0
            self._mirrors.clear()
            self._mirror_dependents.clear()
            self._mirror_members = 0

    # --- entries stored during the outage, and the purges that reach them ---------------

    def track(self, entry: str, keys: Iterable[str], expires: float) -> bool:
        """The entry just stored here depends on `keys`: keep it until `expires` (capped at
        `outage_seconds`, spread over its last quarter) and purge it by its keys. False
        when it stays untracked (tracking off, or the bound on members reached)."""
        if self.outage_seconds <= 0:
            return False
        keys = tuple(keys)
        made = self.local.make_key(entry)
        with self._lock:
            if self._members + len(keys) > self.MAX_MEMBERS:
                self._prune_tracked()
                if self._members + len(keys) > self.MAX_MEMBERS:
                    return False
            self._untrack(made)
            self._unmirror(made)  # rendered again: the outage's own now
            # Spread: copies made in the same second (an outage's first pass) would
            # otherwise all expire, and render again, in the same second.
            life = self.outage_seconds * random.uniform(0.75, 1.0)  # noqa: S311
            if not self.local.expire_at(made, min(expires, time.time() + life)):
                return False
            self._tracked[made] = keys
            for key in keys:
                self._dependents.setdefault(key, set()).add(made)
            self._members += len(keys)
        return True

    def _untrack(self, made: str) -> None:
        self._members -= forget_dependent(self._dependents, self._tracked.pop(made, ()), made)

    def _prune_tracked(self) -> None:
        """Forget the tracked entries the copy no longer holds (expired, or least recently
        used out). Called with self._lock held."""
        for made in [made for made in self._tracked if not self.local.holds(made)]:
            self._untrack(made)

    def apply_purge(self, keys: Iterable[str], done_at: float | None = None) -> None:
        """A purge of `keys` (made here, or read from the outbox): their tracked entries
        go, and so does every entry whose keys are not known here. A page's copy knows the
        keys its header sent, maybe collapsed (caching.keysheader): each key is matched at
        every level it may have been sent at. `done_at` (time.time()): the purge reached
        Redis by then, so a copy read from Redis `CLOCK_SKEW` after that is fresh."""
        self.apply_purges(dict.fromkeys(keys, done_at))

    def apply_purges(self, purges: dict[str, float | None]) -> None:
        """`apply_purge` of many: key -> when its latest purge was done (None: not yet)."""
        levels: dict[str, float] = {}
        for key, done_at in purges.items():
            until = float("inf") if done_at is None else done_at + CLOCK_SKEW
            for level in keysheader.purge_keys((key,)):
                levels[level] = max(levels.get(level, until), until)
        with self._lock:
            gone: set[str] = set()
            mirrors_gone: set[str] = set()
            for key, until in levels.items():
                self._purged[key] = max(self._purged.get(key, until), until)
                gone.update(self._dependents.get(key, ()))
                mirrors_gone.update(
                    made
                    for made in self._mirror_dependents.get(key, ())
                    if self._mirrors[made][1] < until
                )
            for made in gone:
                self._untrack(made)
            for made in mirrors_gone:
                self._unmirror(made)
            kept = set(self._tracked) | set(self._mirrors)
        self.local.drop_except(kept, self._spared)
        self._mirrored.clear()

    def end_outage(self) -> None:
        """Redis answers again: entries purged through the outbox go (a purge made through
        Redis now would not reach them), and the next outage polls from scratch."""
        with self._lock:
            tracked = set(self._tracked)
            self._tracked.clear()
            self._dependents.clear()
            self._members = 0
            self._seen_rows = set()
            self._next_poll = 0.0
            self._primed = False  # copies made from now on are vetted by the next outage
            self._purged.clear()
            self.outages += 1
        with self.local._lock:
            for made in tracked:
                self.local._delete(made)

    def poll(self, outage: int | None = None) -> None:
        """Apply the outbox's purges this process has not applied yet, at most once per
        `poll_every` seconds (one thread polls; the others answer meanwhile). The outage's
        first poll is waited for by every thread: until it has applied the outbox's recent
        purges, the copies made from Redis may be stale. `outage`: `outages` when the caller
        was refused by Redis's breaker (None: now)."""
        if self.outage_seconds <= 0 or time.monotonic() < self._next_poll:
            return
        if outage is not None and outage != self.outages:
            return  # Redis answered again meanwhile
        if not self._poll_lock.acquire(blocking=not self._primed):
            return
        try:
            if time.monotonic() < self._next_poll:
                return
            if not self._primed:
                with self._lock:  # read longer ago than the outbox remembers: may be stale
                    self._prune_mirrors(read_before=time.time() - self.outage_seconds)
            try:
                found = unseen_purges(self._seen_rows)
            except Exception as error:
                if not self._poll_failed:
                    logger.warning("Could not read the purge outbox: %s", error, exc_info=error)
                self._poll_failed = True
                # Tracked entries could miss a purge: they go, as the whole copy would.
                self.clear()
                self._prime(outage, None, float("inf"))  # none of the host's copies adopted
                return
            self._poll_failed = False
            rows, purges = found
            if purges:
                latest: dict[str, float | None] = {}
                for keys, done_at in purges:
                    for key in keys:
                        if key not in latest or (
                            latest[key] is not None and (done_at is None or done_at > latest[key])
                        ):
                            latest[key] = done_at
                self.apply_purges(latest)
            # Only now may the copies made from Redis be served (readers waited till here).
            self._prime(outage, rows, time.time())
        finally:
            self._poll_lock.release()

    def _prime(self, outage: int | None, rows: set[int] | None, primed_at: float) -> None:
        """A poll's outcome, unless the outage it was made for ended while it ran: a poll
        landing after that would leave a healthy process primed (copying nothing, and the
        next outage's first poll not waited for)."""
        with self._lock:
            if outage is not None and outage != self.outages:
                return
            if rows is not None:
                self._seen_rows = rows
            self._next_poll = time.monotonic() + self.poll_every
            if not self._primed or primed_at == float("inf"):
                self._primed_at = primed_at
            self._primed = True

    def remember_deletes(self, keys: Any, version: int | None) -> None:
        with self._lock:
            for key in keys:
                if len(self.pending) >= self.MAX_PENDING:
                    self.lost_deletes += 1
                else:
                    self.pending[(key, version)] = None

    def take_pending(self) -> tuple[list[tuple[str, int | None]], int]:
        with self._lock:
            pending, lost = list(self.pending), self.lost_deletes
            self.pending, self.lost_deletes = {}, 0
        return pending, lost

    def remember_purge(self, keys: Iterable[str]) -> None:
        """A purge this process could not make in Redis (its index is there): replayed when
        Redis answers again, so no page it concerned comes back from Redis afterwards. Beyond
        MAX_PENDING keys the outbox's periodic retry is the one that replays them."""
        keys = list(keys)
        with self._lock:
            for key in keys:
                if len(self.pending_purges) < self.MAX_PENDING:
                    self.pending_purges.add(key)
        self.apply_purge(keys)

    def take_pending_purges(self) -> set[str]:
        with self._lock:
            keys, self.pending_purges = self.pending_purges, set()
        return keys

    def has_pending(self) -> bool:
        return bool(self.pending or self.lost_deletes or self.pending_purges)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`name` as django-redis's client was called (with Django's argument order)."""
        for extra in ("client", "nx", "xx", "ignore_key_check"):
            kwargs.pop(extra, None)
        arguments = _SIGNATURES[name].bind(self.local, *args, **kwargs).arguments
        arguments.pop("self")
        version = arguments.get("version")
        if name == "incr" and self.purge_key and arguments["key"] == self.purge_key:
            # A purge in this process: what is not tracked goes now (the generation
            # included), the tracked entries of its keys with `remember_purge`.
            self.apply_purge(())
        if name == "clear":
            return self.clear()
        if name == "get":
            default = arguments.get("default")
            found = self.local.get(arguments["key"], default, version=version)
            if found is default:
                adopted = self.adopt(arguments["key"], version)
                return found if adopted is None else adopted
            return found
        if (
            name == "set"
            and self.outage_seconds > 0
            and str(arguments["key"]).startswith(PARAMS_PREFIX)
        ):  # a params map written during the outage: for the rest of it (see PARAMS_PREFIX)
            timeout = arguments.get("timeout", DEFAULT_TIMEOUT)
            forever = timeout is DEFAULT_TIMEOUT or timeout is None
            expires = None if forever else time.time() + timeout
            self._keep_params(arguments["key"], arguments["value"], version, expires)
            return True
        if name == "set_many":
            timeout = self._timeout(arguments.get("timeout", DEFAULT_TIMEOUT))
            self.local.set_many(arguments["data"], timeout, version=version)
            return []
        if "timeout" in arguments:
            arguments["timeout"] = self._timeout(arguments["timeout"])
        if name in {"delete", "delete_many"}:
            keys = [arguments["key"]] if name == "delete" else list(arguments["keys"])
            self.remember_deletes(keys, version)
            if name == "delete_many":
                arguments["keys"] = keys
        return getattr(self.local, name)(**arguments)


def unseen_purges(seen: set[int]) -> tuple[set[int], list[tuple[list[str], float | None]]]:
    """The outbox's rows now, and the keys of those not in `seen` with when their purge was
    done (time.time(); None: not yet): what a process answering from its own copy during a
    Redis outage has still to purge (`LocalFallback.poll`). Two indexed reads at most (the
    ids, then the new rows). Inside a transaction it may see the
    transaction's own row before the commit: an early purge, and the purge that follows the
    commit in that process clears what was rendered meanwhile."""
    from .models import PendingPurge as model  # models: not at import time

    rows = set(model.objects.values_list("pk", flat=True))
    unseen = rows - seen
    if not unseen:
        return rows, []
    found = model.objects.filter(pk__in=unseen).values_list("keys", "done_at")
    return rows, [(keys, done and done.timestamp()) for keys, done in found]


_SIGNATURES = {
    name: inspect.signature(getattr(BaseCache, name)) for name in LocalFallback.OPERATIONS
}
