"""The clock as a dependency: a render that recorded the moment its output changes by
itself is kept no longer than that, in the app's cache and in front caches."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from dateline.caching import cachestore
from dateline.caching.dependencies import lifetime, record, record_until, recording
from dateline.caching.middleware import PageCacheMiddleware


def test_the_earliest_recorded_moment_bounds_the_lifetime():
    now = 1_000_000.0
    assert lifetime({"page:1"}, 3600, now=now) == 3600
    assert lifetime({"page:1", "until:1000100", "until:1000050"}, 3600, now=now) == 50
    assert lifetime({"until:1999999"}, 3600, now=now) == 3600  # never longer than usual
    assert lifetime({"until:999999"}, 3600, now=now) == 0  # already passed


def test_a_fragment_replays_its_moment_into_the_page_that_shows_it(clock, db):
    soon = timezone.now() + dt.timedelta(minutes=5)

    def build() -> str:
        record_until(soon)
        return "pinned story"

    with recording() as first:
        cachestore.cached("test:clock-fragment", build)
    with recording() as replayed:  # a hit: build() does not run
        cachestore.cached("test:clock-fragment", lambda: "not built")
    assert first == replayed and len(first) == 1
    assert lifetime(replayed, 3600) == 300


def _serve(view) -> HttpResponse:
    request = RequestFactory().get("/clock-test/")
    return PageCacheMiddleware(view)(request)


def test_a_page_that_records_a_moment_is_kept_until_then_and_says_so(clock, db):
    soon = timezone.now() + dt.timedelta(seconds=90)

    def view(request):
        record("page:1")
        record_until(soon)
        return HttpResponse("banner until 12:00")

    response = _serve(view)
    assert response["X-Cache"] == "MISS"
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage == 90
    assert "until:" not in response["xkey"]  # a moment is not a key to purge by
    assert _serve(view)["X-Cache"] == "HIT"


def test_a_moment_already_passed_is_not_stored(page_cache_on, db):
    def view(request):
        record_until(timezone.now() - dt.timedelta(seconds=1))
        return HttpResponse("expired pin")

    assert _serve(view)["X-Cache"] == "BYPASS"
    assert _serve(view)["X-Cache"] == "BYPASS"
