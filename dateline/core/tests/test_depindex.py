"""The reverse index, one contract for every kind of cache it lives with: LocMem (a dict in
the process), DiskCache (a SQLite file in a temporary directory) and Redis (db 2 of the
server at REDIS_URL, when it is set), and the page cache's store and purge on each."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.test import override_settings

from dateline.caching import cachestore
from dateline.caching.depindex import LocalIndex, RedisIndex, SQLiteIndex, index_for

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")


def _redis_backend(prefix: str):
    from dateline.caching.cache import ResilientRedisCache

    return ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "OPTIONS": {}})


@pytest.fixture(params=["locmem", "disk", pytest.param("redis", marks=needs_redis)])
def index(request, tmp_path):
    if request.param == "locmem":
        made = LocalIndex()
    elif request.param == "disk":
        made = SQLiteIndex(tmp_path)
    else:
        made = RedisIndex(_redis_backend(f"test-{uuid.uuid4().hex[:8]}"), "dl-test")
        made.clear()
    yield made
    made.clear()


def test_a_purge_returns_the_entries_of_its_keys_and_their_urls(index):
    later = time.time() + 60
    index.add("page-a", ["page:1", "list:articles"], "https://x.test/a/", later)
    index.add("page-b", ["page:2", "list:articles"], "https://x.test/b/", later)
    index.add("fragment", ["page:2"], "", later)
    assert index.count() == 5
    entries, urls = index.pop(["page:2"])
    assert entries == {"page-b", "fragment"}
    assert urls == {"https://x.test/b/"}
    # The keys purged are gone; the other keys of a purged entry may stay (early purges
    # only): page-b is found again by list:articles, without its URL, already sent.
    assert index.pop(["page:2"]) == (set(), set())
    assert index.pop(["list:articles"]) == ({"page-a", "page-b"}, {"https://x.test/a/"})
    assert index.pop(["no-such-key"]) == (set(), set())


def test_an_expired_entry_is_purged_but_its_url_is_not_sent(index):
    index.add("gone", ["page:9"], "https://x.test/gone/", time.time() - 1)
    assert index.urls() == set()
    assert index.pop(["page:9"]) == ({"gone"}, set())


def test_prune_drops_only_expired_members(index):
    now = time.time()
    index.add("old", ["page:1", "page:2"], "https://x.test/old/", now - 5)
    index.add("new", ["page:1"], "https://x.test/new/", now + 60)
    assert index.prune(now) == 2
    assert index.count() == 1
    assert index.urls() == {"https://x.test/new/"}
    assert index.pop(["page:1", "page:2"]) == ({"new"}, {"https://x.test/new/"})


def test_storing_again_keeps_one_member_per_key(index):
    later = time.time() + 60
    for _ in range(3):
        index.add("page-a", ["page:1", "list:articles"], "https://x.test/a/", later)
    assert index.count() == 2
    index.clear()
    assert index.count() == 0 and index.urls() == set()


def test_a_member_stored_again_never_expires_before_its_entry(index):
    now = time.time()
    index.add("page-a", ["page:1"], "", now + 60)
    index.add("page-a", ["page:1"], "", now + 120)  # stored again, living longer
    assert index.prune(now + 100) == 0
    assert index.pop(["page:1"]) == ({"page-a"}, set())


def test_a_disk_index_stored_again_soon_writes_no_member(tmp_path):
    """The second store moves each member's expiry with some slack; the third, a moment
    later, finds it late enough and writes nothing (most of a page's store, before)."""
    index = SQLiteIndex(tmp_path)
    now = time.time()
    index.add("page-a", ["page:1", "page:2"], "", now + 60)
    index.add("page-a", ["page:1", "page:2"], "", now + 61)
    db = index._db()
    written = db.total_changes
    index.add("page-a", ["page:1", "page:2"], "", now + 62)
    assert db.total_changes == written
    assert index.prune(now + 61.5) == 0


def test_many_keys_in_one_purge(index):
    keys = [f"page:{n}" for n in range(1200)]  # more than one SQL chunk
    index.add("home", keys, "https://x.test/", time.time() + 60)
    assert index.pop(keys[-3:]) == ({"home"}, {"https://x.test/"})


# --- the page cache's store and purge on each kind of cache -------------------------------


def _locmem_cache() -> dict:
    return {
        "default": {
            "BACKEND": "dateline.caching.cache.GuardedCache",
            "GUARDED": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"test-{uuid.uuid4().hex[:8]}",
            },
        }
    }


def _disk_cache(tmp_path) -> dict:
    return {
        "default": {
            "BACKEND": "dateline.caching.cache.GuardedCache",
            "GUARDED": {"BACKEND": "dateline.caching.cache.DiskCache", "LOCATION": str(tmp_path)},
        }
    }


def _redis_cache() -> dict:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    return {
        "default": {
            "BACKEND": "dateline.caching.cache.GuardedCache",
            "GUARDED": {
                "BACKEND": "dateline.caching.cache.ResilientRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            },
        }
    }


@pytest.fixture(params=["locmem", "disk", pytest.param("redis", marks=needs_redis)])
def cache_kind(request, tmp_path, settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    config = {
        "locmem": lambda: _locmem_cache(),
        "disk": lambda: _disk_cache(tmp_path),
        "redis": _redis_cache,
    }[request.param]()
    with override_settings(CACHES={**settings.CACHES, **config}):
        yield request.param
        index = cachestore.index()
        if index is not None:
            index.clear()


@pytest.mark.django_db
def test_store_then_purge_deletes_the_entry(cache_kind):
    kinds = {"locmem": LocalIndex, "disk": SQLiteIndex, "redis": RedisIndex}
    assert isinstance(cachestore.index(), kinds[cache_kind])
    started = cachestore.generation()
    assert cachestore.store(
        "dateline:test:entry",
        "value",
        {"page:1", "list:articles", f"until:{int(time.time()) + 600}"},
        timeout=60,
        started_at_generation=started,
        url="https://x.test/one/",
    )
    assert cachestore.cache_get("dateline:test:entry") == "value"
    assert cachestore.index().count() == 2  # the moment is not a key
    entries, urls = cachestore.purge_keys({"list:articles"})
    assert entries == {"dateline:test:entry"} and urls == {"https://x.test/one/"}
    assert cachestore.cache_get("dateline:test:entry") is None
    assert cachestore.generation() != started


@pytest.mark.django_db
def test_a_render_that_saw_a_purge_is_not_stored(cache_kind):
    started = cachestore.generation()
    cachestore.purge_keys({"page:7"})  # a change committed while it rendered
    assert not cachestore.store(
        "dateline:test:raced", "old", {"page:7"}, timeout=60, started_at_generation=started
    )
    assert cachestore.cache_get("dateline:test:raced") is None


@pytest.mark.django_db
def test_a_failing_index_stores_nothing_and_fails_the_purge(monkeypatch):
    index = cachestore.index()

    def broken(*args, **kwargs):
        raise ConnectionError("index unreachable")

    monkeypatch.setattr(index, "add", broken)
    started = cachestore.generation()
    assert not cachestore.store("dateline:test:x", "v", {"page:1"}, timeout=60,
                                started_at_generation=started)  # fmt: skip
    assert cachestore.cache_get("dateline:test:x") is None  # never left unindexed
    monkeypatch.setattr(index, "pop", broken)
    with pytest.raises(ConnectionError):  # raised: the outbox keeps the purge
        cachestore.purge_keys({"page:1"})


@pytest.mark.django_db
def test_a_failed_delete_puts_the_entries_back_for_the_retry(monkeypatch):
    started = cachestore.generation()
    assert cachestore.store("dateline:test:y", "v", {"page:3"}, timeout=60,
                            started_at_generation=started)  # fmt: skip

    def refused(backend, entries):
        raise OSError("cache refused the delete")

    monkeypatch.setattr(cachestore, "_delete_entries", refused)
    with pytest.raises(OSError):
        cachestore.purge_keys({"page:3"})
    monkeypatch.undo()
    assert cachestore.purge_keys({"page:3"})[0] == {"dateline:test:y"}
    assert cachestore.cache_get("dateline:test:y") is None


def test_an_unknown_kind_of_cache_has_no_index():
    from django.core.cache.backends.dummy import DummyCache

    assert index_for(DummyCache("", {})) is None
