"""A purge on DiskCache (the embedded set-up's page cache) deletes its entries in one
transaction per shard: the front cache is told only once they are gone, so every BEGIN and
COMMIT here is time a published change waits before Varnish hears of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.caching import cachestore
from dateline.caching.cache import DiskCache

SHARDS = 4
ENTRIES = 20  # more than the shards: one transaction per entry would show


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[DiskCache]:
    cache = DiskCache(str(tmp_path / "cache"), {"SHARDS": SHARDS, "DATABASE_TIMEOUT": 0.25})
    yield cache
    cache.close()


def transactions_begun(cache: DiskCache) -> list[str]:
    """The statements each shard's connection runs from now on that open a write transaction."""
    begun: list[str] = []
    for shard in cache._cache._shards:
        shard._con.set_trace_callback(
            lambda statement: begun.append(statement) if statement.startswith("BEGIN") else None
        )
    return begun


def test_a_purge_deletes_every_entry_in_one_transaction_per_shard(disk):
    entries = [f"dateline:page:{n}" for n in range(ENTRIES)]
    for entry in entries:
        assert disk.set(entry, b"<html>" * 2000, 60)  # large enough to be a file of its own
    kept = "dateline:page:unrelated"
    disk.set(kept, b"kept", 60)
    begun = transactions_begun(disk)

    cachestore._delete_entries(disk, entries)

    assert [entry for entry in entries if disk.get(entry) is not None] == []
    assert disk.get(kept) == b"kept"
    assert len(begun) == SHARDS


def test_deleting_entries_that_are_not_there_is_no_error(disk):
    disk.delete_for_sure(["dateline:page:never-stored"])
    assert disk.get("dateline:page:never-stored") is None
