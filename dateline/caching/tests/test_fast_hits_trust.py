"""The fast path's copies under faults and hostile requests (a review of core.fasthit, the
purge counter and PURGES_DONE_KEY): each test failed on the code before its fix.

- a copy's cost counts what a client chooses (its key: an Origin, a tracking parameter),
  so copies of an empty body (a cached 301) cannot grow without bound;
- the clock a process picks for its copies is never one picked while the cache could not
  be opened (it would then read a key no purge moves);
- a purge whose count of finished purges did not reach the cache is a failed purge (the
  outbox retries it), not a success that leaves every other process's copies trusted;
- a request Django refuses in front of the cache (a NUL byte in a parameter the cache drops)
  is refused here too; a busy DiskCache shard is a miss, and a Host Django refuses is
  Django's to report, not an exception logged per request here.
"""

from __future__ import annotations

import logging
import time

import pytest
from diskcache import Timeout
from django.core.cache import caches
from django.test import override_settings

from dateline.caching import cachestore, dependencies
from dateline.caching.dependencies import key_for
from dateline.caching.tests import test_fast_hits as fast_hits
from dateline.core import fasthit

pytestmark = pytest.mark.django_db

# test_fast_hits's fixtures and helpers.
apps, disk_cache = fast_hits.apps, fast_hits.disk_cache
_no_copies_from_other_tests = fast_hits._no_copies_from_other_tests
call, served_from_a_copy = fast_hits.call, fast_hits.served_from_a_copy


def copy_of(body: bytes) -> fasthit.Copy:
    return fasthit.Copy(1, time.time() + 60, 301, (("Location", "/x/"),), None, None, body)


def test_copies_of_an_empty_body_are_bounded_too():
    """A cached 301 has no body; each Origin or tracking parameter a client sends is a new
    key. Counted by their bodies alone, such copies were never counted at all."""
    copies = fasthit._Copies(256 * 1024)
    for n in range(5000):
        copies.add((None, "/old-path", f"utm_source={n}" * 20), copy_of(b""))
    assert len(copies._copies) < 500
    assert 0 < copies.bytes <= copies.max_bytes
    for key in list(copies._copies):
        copies.drop(key, copies.get(key))
    assert copies.bytes == 0  # what went in comes out


def test_a_clock_picked_while_the_cache_could_not_be_opened_is_not_kept(
    apps, tree, disk_cache, monkeypatch
):
    django, fast, behind = apps
    monkeypatch.setattr(fasthit, "_clocks", {})
    call(django, tree.a.url)
    guard = caches["default"]
    with monkeypatch.context() as patch:
        # The first hit of a process while the cache cannot be opened (a shard busy or
        # unreadable for a moment): the guard answers for it, and its failures are misses.
        patch.setattr(guard, "_backend", None)
        patch.setattr(guard, "_closed_until", time.monotonic() + 60)
        assert fasthit.clock()() is None
    call(fast, tree.a.url)  # the cache opens again: a copy is made
    assert dict(served_from_a_copy(fast, tree.a.url, monkeypatch)[1])["X-Cache"] == "HIT"
    cachestore.purge_keys([key_for(tree.a)])
    after = call(fast, tree.a.url)
    assert dict(after[1])["X-Cache"] == "MISS" and behind.calls == 1


def test_a_nul_byte_in_a_dropped_parameter_is_refused_as_django_refuses_it(apps, tree):
    django, fast, behind = apps
    call(django, tree.a.url)
    plain = call(django, f"{tree.a.url}?utm_source=%00")
    quick = call(fast, f"{tree.a.url}?utm_source=%00")
    assert plain[0] == quick[0] == "400 Bad Request"


def test_a_busy_shard_is_a_miss_not_an_error(apps, tree, settings, tmp_path, monkeypatch, caplog):
    django, fast, behind = apps
    shards = {"BACKEND": "dateline.caching.cache.DiskCache", "LOCATION": str(tmp_path / "c")}
    # A DiskCache whether or not the run has REDIS_URL (disk_cache keeps Redis then).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "dateline.caching.cache.GuardedCache", "GUARDED": shards},
    }
    call(django, tree.a.url)

    def busy(*args, **kwargs):
        raise Timeout  # what a shard raises when its lock is not had in DATABASE_TIMEOUT

    monkeypatch.setattr("diskcache.core.Cache.get", busy)
    entry = "dateline:page:anything"
    assert cachestore.read_for_copy(entry) == (None, None)
    with caplog.at_level(logging.WARNING, logger="dateline.core"):
        call(fast, tree.a.url)
    assert behind.calls == 1
    assert not [r for r in caplog.records if r.getMessage().startswith("Fast path failed")]


def test_a_host_django_refuses_is_reported_once(apps, tree, caplog):
    """Scanners send any Host: Django reports each (django.security.DisallowedHost); the
    fast path stepped aside with a warning and a traceback of its own for every one."""
    django, fast, behind = apps
    call(django, tree.a.url)
    with caplog.at_level(logging.WARNING):
        status, _, _ = call(fast, tree.a.url, HOST="evil.example")
    assert status == "400 Bad Request" and behind.calls == 1
    reported = [r.name for r in caplog.records]
    assert "django.security.DisallowedHost" in reported and "dateline.core" not in reported


def test_a_purge_whose_count_did_not_reach_redis_is_kept_for_a_retry(
    apps, tree, redis_server, monkeypatch
):
    """Redis refuses the count of finished purges (a blip after the deletes went through):
    the copies other processes keep of the purged page would be trusted until they expire.
    The purge says it failed, so the outbox retries it, and the retry moves the count."""
    from django_redis.client import DefaultClient
    from django_redis.exceptions import ConnectionInterrupted

    from dateline.core.tests.test_cache_fallback import redis_config

    with override_settings(
        CACHES=redis_config(redis_server.url), DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False
    ):
        django, fast, behind = apps
        call(django, tree.a.url), call(fast, tree.a.url)
        assert dict(served_from_a_copy(fast, tree.a.url, monkeypatch)[1])["X-Cache"] == "HIT"
        counting = DefaultClient.incr

        def incr(self, key, *args, **kwargs):
            if key == cachestore.PURGES_DONE_KEY:
                raise ConnectionInterrupted(connection=None)
            return counting(self, key, *args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(DefaultClient, "incr", incr)
            error, _ = dependencies.purge([key_for(tree.a)])
        assert error, "a purge other processes' copies never heard of was called a success"
        caches["default"].open().breaker.close()  # Redis answers again
        assert dependencies.purge([key_for(tree.a)])[0] == ""  # the outbox's retry
        assert dict(call(fast, tree.a.url)[1])["X-Cache"] == "MISS"
