"""Issue 21, point 5: what made the slowest requests of the outage soak (p99 <= 1 s with Redis
stopped). Traced per request in benchmarks/outage.py's fallback phase, every render was a
search: the path's params map (which query parameters its page reads) was never copied
into the fallback, so every request with a query rendered at the outage's start, several
threads at once per page, and again when the short life of the map rendered there ran out.

Redis is a real redis-server, stopped under the test (its port closed); nothing is mocked.
"""

from __future__ import annotations

import sys
import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from dateline.caching.coalesce import Renders
from dateline.caching.fallback import LocalFallback
from dateline.caching.middleware import PageCacheMiddleware
from dateline.core.tests.test_cache_fallback import needs_redis, redis_config

pytestmark = pytest.mark.django_db


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


def test_a_params_map_is_shared_with_the_hosts_other_processes_for_its_life_only(
    tmp_path, monkeypatch
):
    def process() -> LocalFallback:
        return LocalFallback(
            5, 100, "dateline:page:", outage_seconds=600, shared_dir=str(tmp_path), name="x"
        )

    started = time.time()
    reader, other = process(), process()
    reader.mirror("dateline:params:a", ("page",), None, started + 100)
    reader.mirror("dateline:params:b", ("page",), None, started + 20)
    other._primed = True  # an outage, its first poll done
    assert other.call("get", "dateline:params:a") == ("page",)
    # Half a minute later (the clock moved, not waited for): b's life in Redis is over.
    monkeypatch.setattr(time, "time", lambda: started + 30)
    assert other.call("get", "dateline:params:b") is None  # Redis would have dropped it
    assert other.call("get", "dateline:params:a") == ("page",)  # a's is not


def _thread_waits(thread: threading.Thread) -> bool:
    """Whether `thread` is blocked in threading's wait (an Event or a Condition)."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == "wait" and frame.f_code.co_filename.endswith("threading.py"):
            return True
        frame = frame.f_back
    return False


@needs_redis
def test_concurrent_misses_of_one_page_render_it_once_in_a_process(redis_server, page_cache_on):
    renders: list[str] = []
    release = threading.Event()

    def view(request):
        renders.append(threading.current_thread().name)
        release.wait(10)
        return HttpResponse("the page")

    middleware = PageCacheMiddleware(view)
    answers: dict[str, HttpResponse] = {}

    def read(name: str) -> None:
        answers[name] = middleware(RequestFactory().get("/coalesced/"))

    with override_settings(
        CACHES=redis_config(redis_server.url), DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False
    ):
        redis_server.stop()
        leader = threading.Thread(target=read, args=("leader",), name="leader")
        leader.start()
        deadline = time.monotonic() + 10
        while not renders and time.monotonic() < deadline:
            time.sleep(0.01)
        follower = threading.Thread(target=read, args=("follower",), name="follower")
        follower.start()
        # Until the follower renders too (no coalescing) or waits for the leader's render.
        while len(renders) < 2 and not _thread_waits(follower) and time.monotonic() < deadline:
            time.sleep(0.01)
        release.set()
        leader.join(10)
        follower.join(10)
    assert renders == ["leader"]
    assert (answers["leader"]["X-Cache"], answers["follower"]["X-Cache"]) == ("MISS", "HIT")
    assert answers["follower"].content == b"the page"


def test_a_page_whose_render_was_not_stored_is_not_waited_on():
    renders = Renders()
    with renders.turn("entry", wait=5) as render:
        assert render is not None  # the leader, not stored
    started = time.monotonic()
    with renders.turn("entry", wait=5) as render:
        # Rendered at once, and not listed: another request for it does not wait either.
        assert render is not None and "entry" not in renders._in_flight
    assert time.monotonic() - started < 1
