"""A host-wide count of finished purges, readable for the price of a memory load.

The fast path for hits (`dateline.core.fasthit`) keeps a copy of hot entries in each
process and must drop it the moment any process purges what it copied. With DiskCache
every process that can purge an entry runs on this host (the cache is a directory here),
so a counter in a small file beside its shards, mapped into each reader's memory, tells
every process at once: a purge bumps it once its deletes are done (`bump`), and a copy made
when the counter read N is good while it still reads N (`read`). Reading the counter from
the cache itself (the purge generation) is a SQLite query per hit, most of what the copy
saves.

The file starts at a random value, so a counter recreated (the cache directory removed and
made again) cannot come back to a value a copy was made at; `read` notices a new file by its
inode, since a mapping of the old one would never move again.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import random
import struct
import threading
from pathlib import Path

FILE_NAME = "purges.counter"
_FORMAT = struct.Struct("<Q")


class PurgeCounter:
    """The counter file `path` (created on first use), mapped read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._map: mmap.mmap | None = None
        self._inode: int | None = None

    def _open(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size < _FORMAT.size:
                os.pwrite(fd, _FORMAT.pack(random.getrandbits(63)), 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            self._map = mmap.mmap(fd, _FORMAT.size, prot=mmap.PROT_READ)
            self._inode = os.fstat(fd).st_ino
        finally:
            os.close(fd)

    def read(self) -> int | None:
        """The count now; None when the file cannot be read (no copy is then trusted)."""
        try:
            if self._map is None or os.stat(self.path).st_ino != self._inode:
                with self._lock:
                    self._open()
            return _FORMAT.unpack_from(self._map)[0]
        except (OSError, ValueError, TypeError):
            return None

    def bump(self) -> None:
        """One more finished purge, seen by every process on the host from now on."""
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # two purges at once must both count
            raw = os.pread(fd, _FORMAT.size, 0)
            value = _FORMAT.unpack(raw)[0] if len(raw) == _FORMAT.size else random.getrandbits(63)
            os.pwrite(fd, _FORMAT.pack((value + 1) % 2**64), 0)
        finally:
            os.close(fd)  # closing releases the lock


_counters: dict[str, PurgeCounter] = {}


def counter_for(directory: str | Path) -> PurgeCounter:
    """The process's counter for the cache directory `directory`."""
    path = str(Path(directory) / FILE_NAME)
    counter = _counters.get(path)
    if counter is None:
        counter = _counters.setdefault(path, PurgeCounter(path))
    return counter
