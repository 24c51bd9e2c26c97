"""The process's own copy of pages and fragments while Redis is away (issue 21, point 5).

`LocalFallback` answers the page cache's calls while the breaker of
`dateline.caching.cache.ResilientRedisCache` is open: bounded in life, entries and bytes.
Why it is safe, and what bounds staleness, is in cache.py's docstring and settings.base.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache


class _SizedLocMem(LocMemCache):
    """A LocMemCache bounded in bytes as well as in entries: its values are pickled bytes,
    counted as they come and go (an `incr` rewrites a small number: not counted). When
    either bound is reached, the entries least recently read or written go first."""

    def __init__(self, name: str, params: dict[str, Any], max_bytes: int) -> None:
        super().__init__(name, params)
        self.max_bytes = max_bytes
        self.bytes = 0

    def _set(self, key: str, value: bytes, timeout: Any = DEFAULT_TIMEOUT) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self.bytes -= len(old)
        if len(value) > self.max_bytes:
            self._expire_info.pop(key, None)
            return  # bigger than the whole budget: not kept
        while self._cache and (
            len(self._cache) >= self._max_entries or self.bytes + len(value) > self.max_bytes
        ):
            dropped_key, dropped = self._cache.popitem()  # the end: least recently used
            self._expire_info.pop(dropped_key, None)
            self.bytes -= len(dropped)
        self._cache[key] = value
        self._cache.move_to_end(key, last=False)
        self._expire_info[key] = self.get_backend_timeout(timeout)
        self.bytes += len(value)

    def _delete(self, key: str) -> bool:
        value = self._cache.get(key)
        deleted = super()._delete(key)
        if deleted and value is not None:
            self.bytes -= len(value)
        return deleted

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self.bytes = 0


class LocalFallback:
    """What the cache answers while Redis is away: a LocMemCache private to the process,
    spoken to with django-redis's client signatures (`client=` and friends are ignored).

    Every entry lives at most `seconds`, whatever timeout the caller asked for: that is the
    bound on how long a purge made by another process can go unseen here (the dependency
    index lives in Redis, so no other process can say what it purged). A purge made in this
    process while Redis is away clears the whole copy (it moves the purge generation,
    `purge_key`: which entries it concerned is in the unreachable index), and its keys are
    kept (`remember_purge`) to be purged in Redis when it answers again. Pages Redis
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
        max_bytes: int = 64 * 1024 * 1024,
    ):
        self.seconds, self.max_entries, self.max_bytes = seconds, max_entries, max_bytes
        self.page_prefix, self.purge_key = page_prefix, purge_key
        self.local = _SizedLocMem(
            f"dateline-fallback-{id(self)}",
            {"TIMEOUT": seconds, "OPTIONS": {"MAX_ENTRIES": max_entries}},
            max_bytes,
        )
        self.pending: dict[tuple[str, int | None], None] = {}
        self.lost_deletes = 0  # beyond MAX_PENDING: reported, Redis keeps them until expiry
        self.pending_purges: set[str] = set()
        self._lock = threading.Lock()
        self._mirrored: dict[str, float] = {}

    def settings(self) -> tuple:
        return (self.seconds, self.max_entries, self.page_prefix, self.purge_key, self.max_bytes)

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

    def remember_purge(self, keys: Iterable[str]) -> None:
        """A purge this process could not make in Redis (its index is there): replayed when
        Redis answers again, so no page it concerned comes back from Redis afterwards. Beyond
        MAX_PENDING keys the outbox's periodic retry is the one that replays them."""
        with self._lock:
            for key in keys:
                if len(self.pending_purges) < self.MAX_PENDING:
                    self.pending_purges.add(key)

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


_SIGNATURES = {
    name: inspect.signature(getattr(BaseCache, name)) for name in LocalFallback.OPERATIONS
}
