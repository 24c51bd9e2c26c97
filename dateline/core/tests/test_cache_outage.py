"""Redis going away (stopped, or frozen with SIGSTOP) never takes a page down.

A real redis-server on a spare port is the cache; the test stops and freezes it between
requests. Pages answer 200 from the database, and a frozen Redis costs one socket timeout
per retry window (the circuit breaker), not one per cache call.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from dateline.articles.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None and not os.environ.get("CI"),
        reason="redis-server is not installed (apt-get install redis-server)",
    ),
]

PAGES = ["/", "/world/", "/feeds/latest/rss/", "/search/?q=monsoon", "/sitemap.xml"]


@pytest.fixture
def redis_cache(redis_server):
    config = {
        "default": {
            "BACKEND": "dateline.caching.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "dateline-test",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "RETRY_AFTER": 60,
            },
        }
    }
    with override_settings(CACHES=config, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
        yield caches["default"]


@pytest.fixture
def story(world):
    return ArticlePageFactory(section=world, title="Monsoon arrives early in Kerala")


def get_all(client, story) -> dict[str, int]:
    return {path: client.get(path).status_code for path in [*PAGES, story.url]}


def test_pages_answer_from_the_database_when_redis_is_stopped(
    client, story, redis_server, redis_cache
):
    assert get_all(client, story) == dict.fromkeys(PAGES + [story.url], 200)
    assert redis_cache.get("dateline-probe") is None
    cache.set("dateline-probe", 1)
    assert cache.get("dateline-probe") == 1  # Redis really is the cache

    redis_server.stop()

    assert get_all(client, story) == dict.fromkeys(PAGES + [story.url], 200)
    assert redis_cache.breaker.is_open()


def test_a_frozen_redis_costs_one_timeout_not_one_per_cache_call(
    client, story, redis_server, redis_cache
):
    assert get_all(client, story) == dict.fromkeys(PAGES + [story.url], 200)
    redis_server.freeze()

    started = time.monotonic()
    statuses = get_all(client, story)
    elapsed = time.monotonic() - started

    assert statuses == dict.fromkeys(PAGES + [story.url], 200)
    assert redis_cache.breaker.is_open()
    # Six pages with a dozen cache calls each would wait 0.25 s per call without the breaker
    # (and 5 s per call before the timeouts were set); with it, one timeout in all.
    assert elapsed < 5

    # Redis comes back; once the retry window has passed (moved here, not waited for), the
    # next call uses it again.
    redis_server.resume()
    redis_cache.breaker.open_until = 0
    cache.set("dateline-probe", 2)
    assert cache.get("dateline-probe") == 2
    assert not redis_cache.breaker.is_open()
