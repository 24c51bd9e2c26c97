"""Caches that can fail without taking a page down.

`GuardedCache` wraps every alias in settings (any backend: DiskCache, Redis, in-process): a
failure is a miss. Under it, Redis has its own circuit breaker, `ResilientRedisCache`:
django-redis's own options do most of the work (settings.base): IGNORE_EXCEPTIONS turns a
refused or timed-out command into a cache miss, and SOCKET_TIMEOUT bounds each command at
0.25 s. A frozen Redis would still cost every cache call on a page its full timeout, so the
first failure opens the breaker: for REDIS_RETRY_AFTER seconds every call is an instant miss
(logged once), then one call tries Redis again.

A miss on every call would send every page to the database while Redis is away (p99 of 12-17
s in the soak, issue 21). So the alias that holds pages and fragments has a small fallback in
the process's own memory (`LocalFallback`, OPTIONS["FALLBACK"]), used only while the breaker
is open: bounded in entries, each kept at most a few seconds. A purge in this process deletes
from it at once (and is replayed to Redis when it comes back, so Redis serves nothing the
outage purged); a purge in another process reaches it when its entries expire: that expiry
is the bound on staleness (REDIS_FALLBACK_SECONDS, settings.base says why 5).
"""

from __future__ import annotations

import inspect
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from diskcache import DjangoCache, Timeout
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("dateline.cache")


class CircuitBreaker:
    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        self.open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: Exception) -> None:
        with self._lock:
            if self.is_open():
                return
            self.open_until = time.monotonic() + self.retry_after
        logger.warning(
            "Redis unreachable (%s): serving without the cache for %g s",
            error,
            self.retry_after,
            exc_info=error,
        )


class LocalFallback:
    """What the cache answers while Redis is away: a LocMemCache private to the process,
    spoken to with django-redis's client signatures (`client=` and friends are ignored).

    Every entry lives at most `seconds`, whatever timeout the caller asked for: that is the
    bound on how long a purge made by another process can go unseen here (the dependency
    index lives in Redis, so no other process can say what it purged). A purge made in this
    process while Redis is away clears the whole copy (it moves the purge generation,
    `purge_key`: which entries it concerned is in the unreachable index). Pages Redis
    answers while healthy (keys starting with `page_prefix`) are copied here too, at most
    once per `MIRROR_EVERY` seconds each, so an outage starts with the pages readers were
    reading rather than with an empty memory.

    Deletes made here are remembered (up to `MAX_PENDING`) and replayed to Redis when it
    answers again: without that, a page purged during the outage would come back from
    Redis afterwards."""

    MAX_PENDING = 10_000
    MIRROR_EVERY = 5.0
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
    ):
        self.seconds, self.max_entries = seconds, max_entries
        self.page_prefix, self.purge_key = page_prefix, purge_key
        self.local = LocMemCache(
            f"dateline-fallback-{id(self)}",
            {"TIMEOUT": seconds, "OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}},
        )
        self.pending: dict[tuple[str, int | None], None] = {}
        self.lost_deletes = 0  # beyond MAX_PENDING: reported, Redis keeps them until expiry
        self._lock = threading.Lock()
        self._mirrored: dict[str, float] = {}

    def settings(self) -> tuple:
        return (self.seconds, self.max_entries, self.page_prefix, self.purge_key)

    def _is_page(self, key: str) -> bool:
        return bool(self.page_prefix) and key.startswith(self.page_prefix)

    def _timeout(self, timeout: Any) -> float:
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self.seconds
        return min(timeout, self.seconds)

    def mirror(self, key: Any, value: Any, version: int | None) -> None:
        """Keep a copy of a page Redis just answered, for the next outage."""
        if value is None or not isinstance(key, str) or not self._is_page(key):
            return
        now = time.monotonic()
        if now - self._mirrored.get(key, -self.MIRROR_EVERY) < self.MIRROR_EVERY:
            return
        if len(self._mirrored) > 4 * self.max_entries:
            self._mirrored.clear()
        self._mirrored[key] = now
        self.local.set(key, value, self.seconds, version=version)

    def forget(self, keys: Any, version: int | None) -> None:
        """Redis deleted these keys: so does the copy here (this process's purges)."""
        keys = list(keys)
        self.local.delete_many(keys, version=version)
        for key in keys:
            self._mirrored.pop(key, None)

    def clear(self) -> None:
        self.local.clear()
        self._mirrored.clear()

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

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`name` as django-redis's client was called (with Django's argument order)."""
        for extra in ("client", "nx", "xx", "ignore_key_check"):
            kwargs.pop(extra, None)
        arguments = _SIGNATURES[name].bind(self.local, *args, **kwargs).arguments
        arguments.pop("self")
        version = arguments.get("version")
        if name in {"incr", "add"} and self.purge_key and arguments["key"] == self.purge_key:
            self.clear()  # a purge in this process: whatever it concerned goes
        if name == "clear":
            return self.clear()
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


# Django makes a cache backend per thread; the fallback is one per process and Redis server,
# so a purge made by one thread clears what every thread would serve.
_fallbacks: dict[str, LocalFallback] = {}
_fallbacks_lock = threading.Lock()


def shared_fallback(name: str, *settings: Any) -> LocalFallback:
    """The process's fallback for the Redis server `name` (made on first use)."""
    with _fallbacks_lock:
        fallback = _fallbacks.get(name)
        if fallback is None or fallback.settings() != settings:
            fallback = _fallbacks[name] = LocalFallback(*settings)
        return fallback


_SIGNATURES = {
    name: inspect.signature(getattr(BaseCache, name)) for name in LocalFallback.OPERATIONS
}


class _GuardedClient:
    """Forwards to django-redis's client; refuses at once while the breaker is open (or
    answers from the fallback, when the alias has one)."""

    def __init__(self, client: Any, breaker: CircuitBreaker, fallback: LocalFallback | None):
        self._client = client
        self._breaker = breaker
        self._fallback = fallback

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute
        breaker, fallback = self._breaker, self._fallback
        local = fallback is not None and name in LocalFallback.OPERATIONS

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if breaker.is_open():
                if local:
                    return fallback.call(name, *args, **kwargs)
                raise ConnectionInterrupted(connection=None)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.trip(error)
                if local:
                    return fallback.call(name, *args, **kwargs)
                raise
            if fallback is not None:
                if fallback.pending or fallback.lost_deletes:
                    self._recovered()
                if name == "get" and result is not kwargs.get("default"):
                    key = args[0] if args else kwargs.get("key")
                    fallback.mirror(key, result, kwargs.get("version"))
                elif name == "clear":  # a restore or a test: nothing may come back
                    fallback.clear()
                elif name in {"delete", "delete_many"}:
                    keys = args[0] if args else kwargs.get("key", kwargs.get("keys", ()))
                    fallback.forget([keys] if name == "delete" else keys, kwargs.get("version"))
            return result

        return guarded

    def _recovered(self) -> None:
        """Redis answers again: replay the deletes it missed and forget the local copies."""
        fallback = self._fallback
        pending, lost = fallback.take_pending()
        if not pending and not lost:
            return  # another thread replayed them
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
            self._breaker.trip(error)
            return
        logger.warning(
            "Redis is back: %d deletes made during the outage replayed%s",
            len(pending),
            f" ({lost} more could not be remembered: those entries expire on their own)"
            if lost
            else "",
        )


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        options = params.get("OPTIONS", {})
        self.breaker = CircuitBreaker(float(options.get("RETRY_AFTER", 5.0)))
        fallback = options.get("FALLBACK") or {}
        seconds = float(fallback.get("SECONDS", 0))
        self.fallback = (
            shared_fallback(
                f"{server}|{params.get('KEY_PREFIX', '')}",
                seconds,
                int(fallback.get("MAX_ENTRIES", 1000)),
                fallback.get("PAGE_PREFIX", ""),
                fallback.get("PURGE_KEY", ""),
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


class DiskCache(DjangoCache):
    """DiskCache's Django backend, never waiting forever on a shard.

    DjangoCache retries a write until its shard takes it (`retry=True`), and its `clear()`
    loops until every shard is empty. A shard that cannot take writes at all (a read-only
    file or folder) then holds the request forever: the whole site hangs on its cache. Here a
    write tries once (DATABASE_TIMEOUT bounds the wait for a busy shard) and a refused write
    is a miss, as a refused read already is in DiskCache; `incr` answers None then, as
    django-redis does when Redis is down. `clear()` goes on only while it makes progress.
    """

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
