"""Redis as a cache that can fail: django-redis with a short circuit breaker.

django-redis's own options do most of the work (settings.base): IGNORE_EXCEPTIONS turns a
refused or timed-out command into a cache miss, and SOCKET_TIMEOUT bounds each command at
0.25 s. A frozen Redis would still cost every cache call on a page its full timeout, so the
first failure opens the breaker: for REDIS_RETRY_AFTER seconds every call is an instant miss
(logged once), then one call tries Redis again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

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


class _GuardedClient:
    """Forwards to django-redis's client; refuses at once while the breaker is open."""

    def __init__(self, client: Any, breaker: CircuitBreaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute
        breaker = self._breaker

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if breaker.is_open():
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.trip(error)
                raise

        return guarded


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        retry_after = float(params.get("OPTIONS", {}).get("RETRY_AFTER", 5.0))
        self.breaker = CircuitBreaker(retry_after)
        self._guarded: _GuardedClient | None = None

    @property
    def client(self) -> Any:  # django-redis reads self.client for every command
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self.breaker)
        return self._guarded
