"""The host's copy of the pages Redis held, shared by its processes (issue 21, point 5).

Each process's fallback (`caching.fallback.LocalFallback`) keeps what it stored in Redis or
read from it. An app server's processes each read only some of the pages (granian shares
connections between its workers), so at an outage's start each would render the pages the
others read. Here each page copy is also written to a DiskCache on the host (its own
directory, one per Redis server and key prefix), and a process that misses a page during
the outage takes the host's copy, vetted as its own copies are (`LocalFallback.adopt`): read
within the outage bound, and after every purge of its keys this process has applied.
Only pages: a fragment's render is cheap beside a page's, and every write here is a SQLite
transaction on the healthy path (at most once per `MIRROR_EVERY` seconds a page).
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger("dateline.cache")


class SharedCopies:
    """A DiskCache of (value, keys, when read) by made key; any failure is a miss."""

    def __init__(self, directory: str, name: str, size_limit: int = 256 * 1024 * 1024):
        self.directory = Path(directory) / hashlib.sha256(name.encode()).hexdigest()[:16]
        self.size_limit = size_limit
        self._cache: Any = None

    def _open(self) -> Any:
        if self._cache is None:
            from diskcache import FanoutCache

            # Readers never wait long on a busy shard: a miss renders, as any miss does.
            self._cache = FanoutCache(
                str(self.directory), shards=4, timeout=0.05, size_limit=self.size_limit
            )
        return self._cache

    def put(self, made: str, value: Any, keys: tuple[str, ...], read: float, until: float) -> None:
        """Share a copy read at `read` that lives until `until` (both time.time())."""
        try:
            life = until - time.time()
            if life > 0:
                self._open().set(made, (value, keys, read, until), expire=life, retry=False)
        except Exception as error:
            logger.debug("Could not share a copy: %s", error)

    def get(self, made: str) -> tuple[Any, tuple[str, ...], float, float] | None:
        """(value, keys, when read, until when it lives): its taker's copy lives no longer."""
        try:
            found = self._open().get(made, retry=False)
        except Exception as error:
            logger.debug("Could not read a shared copy: %s", error)
            return None
        return found if isinstance(found, tuple) and len(found) == 4 else None

    def clear(self) -> None:
        try:
            self._open().clear(retry=False)
        except Exception as error:
            logger.warning("Could not empty the shared copies: %s", error)
