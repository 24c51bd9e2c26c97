"""Issue 21, point 5: what made the slowest requests of the outage soak (p99 <= 1 s with Redis
stopped). Traced per request in benchmarks/outage.py's fallback phase, every render was a
search: the path's params map (which query parameters its page reads) was never copied
into the fallback, so every request with a query rendered at the outage's start, several
threads at once per page, and again when the short life of the map rendered there ran out.

Redis is a real redis-server, stopped under the test (its port closed); nothing is mocked.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from dateline.caching.fallback import LocalFallback
from dateline.core.tests.test_cache_fallback import needs_redis, tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm(redis_server, page_cache_on):
    """Redis with tracking on (outage entries live 600 s, polls a minute apart)."""
    from dateline.caching.models import PendingPurge

    PendingPurge.objects.all().delete()
    with override_settings(
        CACHES=tracking(redis_server.url), DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False
    ):
        yield caches["default"].open()


@needs_redis
def test_a_page_read_with_a_query_before_the_outage_is_served_from_memory_during_it(
    client, world, redis_server, warm, django_assert_max_num_queries
):
    url = f"{world.url}?page=1&utm_source=x"
    first = client.get(url)
    assert first["X-Cache"] == "MISS"  # the page and its path's params map, copied here too
    redis_server.stop()
    with django_assert_max_num_queries(2):  # the outage's first poll of the outbox, no render
        response = client.get(url)
    assert (response.status_code, response["X-Cache"]) == (200, "HIT")
    assert response.content == first.content
    # A purge during the outage drops what it does not know: not the params map (Redis never
    # purges it either), so the page is still found by its query.
    warm.fallback.apply_purge(["page:999999"])
    assert client.get(url)["X-Cache"] == "HIT"


def test_a_params_map_is_shared_with_the_hosts_other_processes_for_its_life_only(tmp_path):
    def process() -> LocalFallback:
        return LocalFallback(
            5, 100, "dateline:page:", outage_seconds=600, shared_dir=str(tmp_path), name="x"
        )

    reader, other = process(), process()
    reader.mirror("dateline:params:a", ("page",), None, time.time() + 100)
    reader.mirror("dateline:params:b", ("page",), None, time.time() + 0.2)
    other._primed = True  # an outage, its first poll done
    assert other.call("get", "dateline:params:a") == ("page",)
    time.sleep(0.3)
    assert other.call("get", "dateline:params:b") is None  # Redis would have dropped it
