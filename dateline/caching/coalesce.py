"""One render at a time of a page missing from the cache, per process (issue 21, point 5).

When a page's entry is missing (purged, expired, or never copied before a Redis outage),
every request for it that arrives meanwhile renders it too: a process's threads share one
interpreter, so N renders of one page take about N times as long, and every request queued
behind them waits as long. Here the first request for a missing entry renders it (the
leader); the others wait for it, at most `wait` seconds, then read the cache again as any
later request would. They are answered only from the cache, so they see exactly what a
request arriving after the leader's store would see: the freshness rules are the cache's.
A leader whose render was not stored (not cacheable, a purge while it rendered, the cache
unreachable without a fallback) leaves its followers a miss: they render, and the page is
not waited on again for `FORGET_AFTER` seconds (a page that is never stored must not make
every concurrent request wait for another's render first).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

FORGET_AFTER = 60.0
MAX_UNSTORED = 4096


class _Render:
    __slots__ = ("done", "stored")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.stored = False


class Renders:
    """The renders in flight in this process, by cache entry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight: dict[str, _Render] = {}
        self._unstored: dict[str, float] = {}  # entry -> until when it is not waited on

    @contextmanager
    def turn(self, entry: str, wait: float) -> Iterator[_Render | None]:
        """Yields a `_Render` to render with (set its `.stored` once the entry is stored)
        or, for a follower, None once the leader finished or `wait` seconds passed: read
        the cache again, and render when it still misses."""
        if wait <= 0:
            yield _Render()
            return
        with self._lock:
            leader = self._in_flight.get(entry)
            mine = leader is None and self._unstored.get(entry, 0.0) < time.monotonic()
            if mine:
                leader = self._in_flight[entry] = _Render()
        if leader is None:  # its renders are not stored: not waited on, nor listed
            yield _Render()
            return
        if not mine:
            leader.done.wait(wait)
            yield None
            return
        try:
            yield leader
        finally:
            with self._lock:
                del self._in_flight[entry]
                if not leader.stored:
                    if len(self._unstored) >= MAX_UNSTORED:
                        self._unstored.clear()
                    self._unstored[entry] = time.monotonic() + FORGET_AFTER
                else:
                    self._unstored.pop(entry, None)
            leader.done.set()


renders = Renders()
