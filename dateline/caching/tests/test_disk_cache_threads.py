"""DiskCache is opened once per process, not once per thread (Django makes a backend per
thread). Opening a FanoutCache writes every shard's settings, so an app server starting new
threads under load had each wait for the shards' write locks before its first read: in the
1,000-pollers bench (issue 23) answers waited 5-30 s whenever granian grew its thread pool."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from dateline.caching.cache import DiskCache

PARAMS = {"SHARDS": 2, "DATABASE_TIMEOUT": 0.25}


def opened_in_a_new_thread(directory: str, within: float) -> DiskCache | None:
    """A DiskCache made in a thread of its own, or None if making it took longer than `within`."""
    made: list[DiskCache] = []
    thread = threading.Thread(target=lambda: made.append(DiskCache(directory, PARAMS)))
    thread.start()
    thread.join(within)
    return made[0] if made else None


def test_a_new_thread_opens_the_cache_while_another_process_holds_a_shards_write_lock(tmp_path):
    directory = str(tmp_path / "cache")
    first = DiskCache(directory, PARAMS)
    assert first.set("dateline:page:a", b"page", 60)
    # Another process writing (a purge, a store) holds the shard's write lock.
    writer = sqlite3.connect(Path(directory) / "000" / "cache.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        other = opened_in_a_new_thread(directory, within=1.0)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert other is not None, "opening the cache in a new thread waited for a write lock"
    assert other._cache is first._cache
    assert opened_in_a_new_thread(directory, within=5.0).get("dateline:page:a") == b"page"


def test_a_removed_cache_directory_is_opened_again(tmp_path):
    directory = str(tmp_path / "cache")
    first = DiskCache(directory, PARAMS)
    assert first.set("dateline:page:a", b"page", 60)
    first.close()
    shutil.rmtree(directory)
    again = DiskCache(directory, PARAMS)
    assert again._cache is not first._cache
    assert again.get("dateline:page:a") is None
    assert again.set("dateline:page:b", b"page", 60)
    assert Path(directory, "000", "cache.db").exists()


def test_different_settings_are_different_caches(tmp_path):
    directory = str(tmp_path / "cache")
    four_shards = DiskCache(directory, {**PARAMS, "SHARDS": 4})
    assert DiskCache(directory, PARAMS)._cache is not four_shards._cache
