"""What a Redis outage's fallback (`caching.fallback.LocalFallback`) keeps its copies in, and
what a copy says it depends on: a LocMemCache bounded in bytes, the reverse indexes' upkeep,
and the dependency keys read from a page's or a fragment's own value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

from . import keysheader


class SizedLocMem(LocMemCache):
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

    def expire_at(self, key: str, when: float) -> bool:
        """Move the expiry of `key` (made) to `when` (time.time()); False when not held."""
        with self._lock:
            if key not in self._cache or self._has_expired(key):
                return False
            self._expire_info[key] = when
            return True

    def holds(self, key: str) -> bool:
        """Whether the (made) key is held and not expired."""
        with self._lock:
            return key in self._cache and not self._has_expired(key)

    def drop_except(self, kept: set[str], spared: Callable[[str], bool] | None = None) -> None:
        """Delete every entry whose (made) key is not in `kept`, nor `spared` (when given)."""
        with self._lock:
            doomed = [key for key in self._cache if key not in kept]
            for key in doomed if spared is None else [key for key in doomed if not spared(key)]:
                self._delete(key)


def forget_dependent(index: dict[str, set[str]], keys, made: str) -> int:
    """Take `made` out of `index` (dependency key -> entries) under each of its `keys`,
    dropping keys left with none; the number of memberships removed."""
    for key in keys:
        dependents = index.get(key)
        if dependents is not None:
            dependents.discard(made)
            if not dependents:
                del index[key]
    return len(keys)


def dependency_keys(key: str, value: Any, page_prefix: str) -> tuple[str, ...] | None:
    """The keys a page cache entry depends on, read from the entry itself: a page's from the
    keys header it sends front caches (middleware: (status, headers, content)), a fragment's
    from its value (cachestore.cached: (value, keys)). None: not such an entry."""
    if page_prefix and key.startswith(page_prefix):
        if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], list)):
            return None
        name = keysheader.header_name().lower()
        for header, content in value[1]:
            if header.lower() == name:
                separator = keysheader.SEPARATORS.get(name, " ")
                keys = tuple(part.strip() for part in content.split(separator) if part.strip())
                return keys or None  # no keys: kept as unknown (the short life)
        return None
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[1], list)
        and all(isinstance(part, str) for part in value[1])
    ):
        return tuple(value[1]) or None
    return None
