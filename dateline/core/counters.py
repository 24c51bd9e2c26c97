"""Counts that many requests bump at once, kept in the cache and drained into the database.

A request must not write to the database to count something (pages stay fast and cacheable;
SQLite has one writer). Each `CacheCounter` keeps, per time bucket, one integer key per
counted item plus a numbered "slot" list of the items seen, built only from atomic cache
operations (`add`, `incr`), so Redis (REDIS_URL) and the in-process cache behave alike:

    <name>:<bucket>:n          how many distinct items the bucket has seen (slot count)
    <name>:<bucket>:s:<i>      the item in slot i
    <name>:<bucket>:c:<hash>   the item's count since the last drain

`drain()` reads the counts and takes away exactly what it read (`decr`), so hits that land
while a roll-up runs are kept for the next one. Nothing here knows about people: callers pass
items such as a page id or a normalised query, never anything about who asked.

This module also holds the daily salt that lets a caller recognise "the same client again,
today" (a rate limit, a repeat view) from a hash, without storing an address anywhere.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache as client_cache
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest
from django.utils import timezone

from .clients import client_address

logger = logging.getLogger("dateline.counters")

# The embedded file cache's incr is a read then a write: a lock keeps threads of one process
# from losing hits (Redis's INCR is atomic on its own; several embedded processes may still
# lose a few, which is why the at-scale set-up uses Redis).
_lock = threading.Lock()


class _Cache:
    """The cache counters live in: the "counters" alias (shared by the web processes and the
    worker that rolls counts up), the default cache when a deployment has no such alias."""

    def __getattr__(self, name: str):
        alias = "counters" if "counters" in settings.CACHES else "default"
        return getattr(caches[alias], name)


# Counts go to the shared "counters" cache; what identifies a client for a few minutes (the
# daily salt, rate-limit windows, repeat-view marks) stays in the default cache, which is
# Redis at scale and the web process's own memory on the embedded set-up (where one process
# serves every request, so it sees every client).
cache = _Cache()


class CacheCounter:
    """Per-bucket counters of items (strings), e.g. views per page id per hour."""

    def __init__(
        self, name: str, bucket_seconds: int, *, keep_buckets: int = 3, max_items: int = 50_000
    ):
        self.name = name
        self.bucket_seconds = bucket_seconds
        # Buckets stay in the cache this long: a roll-up that misses a few runs loses nothing.
        self.ttl = bucket_seconds * (keep_buckets + 1)
        self.keep_buckets = keep_buckets
        self.max_items = max_items  # a flood of made-up items cannot grow a bucket forever

    def bucket(self, when: float | None = None) -> int:
        return int((time.time() if when is None else when) // self.bucket_seconds)

    def _key(self, bucket: int, *parts: object) -> str:
        return ":".join(["cnt", self.name, str(bucket), *map(str, parts)])

    def _count_key(self, bucket: int, item: str) -> str:
        # Hashed: items may hold spaces or any text (search queries), keys must stay plain.
        return self._key(bucket, "c", hashlib.sha1(item.encode()).hexdigest()[:20])

    def hit(self, item: str, amount: int = 1, *, when: float | None = None) -> bool:
        """Count `amount` for `item` in the current bucket. False if the bucket is full."""
        with _lock:
            return self._hit(item, amount, when)

    def _hit(self, item: str, amount: int, when: float | None) -> bool:
        bucket = self.bucket(when)
        count_key = self._count_key(bucket, item)
        if cache.add(count_key, 0, self.ttl):
            # First sight of this item in this bucket: give it a slot so drain() finds it.
            slot = _incr(self._key(bucket, "n"), self.ttl)
            if slot is None or slot > self.max_items:  # None: the cache failed
                cache.delete(count_key)
                return False
            cache.set(self._key(bucket, "s", slot), item, self.ttl)
        _incr(count_key, self.ttl, amount)
        return True

    def peek(self, bucket: int) -> dict[str, int]:
        """Counts of a bucket not yet drained (tests, benchmarks)."""
        return {item: count for item, (_, count) in self._read(bucket).items() if count}

    def _read(self, bucket: int) -> dict[str, tuple[str, int]]:
        slots = cache.get(self._key(bucket, "n")) or 0
        slot_keys = [self._key(bucket, "s", i) for i in range(1, min(slots, self.max_items) + 1)]
        items = cache.get_many(slot_keys).values() if slot_keys else []
        count_keys = {self._count_key(bucket, item): item for item in items}
        counts = cache.get_many(list(count_keys)) if count_keys else {}
        return {item: (key, int(counts.get(key) or 0)) for key, item in count_keys.items()}

    def drain(self, *, now: float | None = None) -> dict[int, dict[str, int]]:
        """Take the counts of every live bucket: {bucket: {item: count}}; they restart at 0."""
        with _lock:
            return self._drain(now)

    def _drain(self, now: float | None) -> dict[int, dict[str, int]]:
        current = self.bucket(now)
        drained: dict[int, dict[str, int]] = {}
        for bucket in range(current - self.keep_buckets, current + 1):
            taken: dict[str, int] = {}
            for item, (key, count) in self._read(bucket).items():
                if count <= 0:
                    continue
                _incr(key, self.ttl, -count)
                taken[item] = count
            if taken:
                drained[bucket] = taken
        # The bucket before the oldest live one gets no more hits: drop its keys now rather
        # than leave them to expiry (the file cache culls at random when it fills up).
        stale = current - self.keep_buckets - 1
        stale_slots = cache.get(self._key(stale, "n")) or 0
        if stale_slots:
            slot_keys = [
                self._key(stale, "s", i) for i in range(1, min(stale_slots, self.max_items) + 1)
            ]
            items = cache.get_many(slot_keys).values()
            cache.delete_many(
                [self._key(stale, "n"), *slot_keys, *(self._count_key(stale, i) for i in items)]
            )
        return drained


def _incr(key: str, ttl: int, amount: int = 1) -> int | None:
    """Add `amount` to a counter, keeping its expiry; None when the cache failed. Redis and
    the in-process cache have an atomic incr that leaves the expiry alone; the generic one
    (the file cache's) rewrites the key with the default timeout, so there it is a read and
    a write under `_lock`."""
    backend = caches["counters" if "counters" in settings.CACHES else "default"]
    # Through the guard (dateline.caching.cache.GuardedCache) to the backend that does the work.
    if type(getattr(backend, "guarded_backend", backend)).incr is BaseCache.incr:
        value = (backend.get(key) or 0) + amount
        backend.set(key, value, ttl)
        return value
    backend.add(key, 0, ttl)
    try:
        return backend.incr(key, amount)
    except ValueError:  # expired between add and incr
        backend.set(key, amount, ttl)
        return amount


# Today's salt when the cache cannot keep one: per process, so hashes still never outlive it.
_process_salts: dict[str, str] = {}


def daily_salt() -> str:
    """A random secret for today (site time), kept only in the cache; it is never stored,
    so yesterday's hashes cannot be linked to today's. A cache that fails (even one that is
    not guarded) leaves a salt of this process's own for the day, never a failed page."""
    today = timezone.localdate().isoformat()
    key = f"dateline:salt:{today}"
    try:
        salt = client_cache.get(key)
        if salt is None:
            client_cache.add(key, secrets.token_hex(16), 2 * 86400)
            salt = client_cache.get(key)
    except Exception:
        logger.warning("Cache unavailable for the daily salt", exc_info=True)
        salt = None
    if salt is None:
        if today not in _process_salts:
            _process_salts.clear()
            _process_salts[today] = secrets.token_hex(16)
        salt = _process_salts[today]
    return salt


def client_fingerprint(request: HttpRequest) -> str:
    """A short hash standing for "this client, today": the client's address (behind trusted
    proxies, `dateline.core.clients`) with the daily salt. Not the user agent: a loop that
    rotates it would be a new client each time. Used as a cache key for a few minutes, never
    written to the database or logs."""
    raw = f"{daily_salt()}|{client_address(request)}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


# The moment a rate window is counted from; tests that prove a limit hold it still, so a minute
# boundary crossed mid-test cannot reset the count (conftest's `one_rate_window`).
rate_window_clock = time.time


def rate_limited(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """True once this client has made more than `limit` requests in the window. A cache that
    fails is no limit rather than no site."""
    return over_limit(scope, client_fingerprint(request), limit, window_seconds)


def over_limit(scope: str, ident: object, limit: int, window_seconds: int) -> bool:
    """True once `ident` (a client, an API key) has been counted more than `limit` times in
    this window of `scope`."""
    window = int(rate_window_clock() // window_seconds)
    key = f"dateline:rate:{scope}:{ident}:{window}"
    try:
        client_cache.add(key, 0, window_seconds + 1)
        try:
            count = client_cache.incr(key)
        except ValueError:  # the window expired in between (or the cache is unavailable)
            client_cache.set(key, 1, window_seconds + 1)
            return limit < 1
    except Exception:
        logger.warning("Cache unavailable for the %s rate limit", scope, exc_info=True)
        return False
    # An unreachable Redis (its errors ignored) answers None.
    return count is not None and count > limit


def first_time(key_parts: Iterable[object], ttl: int) -> bool:
    """True the first time these parts are seen within `ttl` seconds (repeat-hit filters).
    False when the cache cannot tell: an unchecked repeat must not count."""
    key = "dateline:seen:" + hashlib.sha256("|".join(map(str, key_parts)).encode()).hexdigest()
    try:
        return bool(client_cache.add(key, 1, ttl))
    except Exception:
        logger.warning("Cache unavailable for a repeat check", exc_info=True)
        return False


ROLL_UP_EVERY_SECONDS = 60


def enqueue_roll_up_once(name: str, roll_up_task) -> None:
    """Queue a counters' roll-up task at most once a minute: the periodic jobs that call
    this run more often than counts need summing (`name` keeps each app's mark apart)."""
    if cache.add(f"dateline:{name}:roll-up-queued", 1, ROLL_UP_EVERY_SECONDS):
        roll_up_task.enqueue()
