"""Hits in front of Django's handler (issue 21 point 4, caching.fasthit): the same status,
headers and bytes as Django serves for the same cached URL, and private requests never
answered there. Its copies of hot entries (core.fasthit.Copy): served without a cache read
or a request object, never after a purge has finished (in any process) and never past the
entry's own lifetime. Run with REDIS_URL too: then the purge count is read from Redis."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from dateline.articles.services import revise_article
from dateline.caching import cachestore, purgeclock
from dateline.caching.dependencies import key_for
from dateline.core import fasthit

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[3]


class Counted:
    """The Django application, counting what reaches it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture(autouse=True)
def _no_copies_from_other_tests():
    fasthit._copies.clear()
    yield
    fasthit._copies.clear()


@pytest.fixture
def apps(tree):
    """(Django alone, the fast layer over its own Django). The test client's way: the
    database connection of the test's transaction is not closed by the request signals."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        django, behind = Counted(), Counted()
        yield django, fasthit.FastHitApp(behind), behind
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def call(app, path: str, method: str = "GET", **headers: str) -> tuple[str, list, bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def cached_urls(tree) -> dict[str, str]:
    return {
        "home": "/",
        "article": tree.a.url,
        "article, tracking parameters": f"{tree.a.url}?utm_source=x&fbclid=y",
        "feed": "/feeds/latest/rss/",
        "sitemap": "/sitemap.xml",
        "api": "/api/v1/stories/top/",
        "section page 2": f"{tree.world.url}?page=2&gclid=z",
    }


@pytest.mark.parametrize(
    "name",
    ["home", "article", "article, tracking parameters", "feed", "sitemap", "api", "section page 2"],
)
def test_a_hit_is_the_same_with_and_without_the_fast_path(apps, tree, name, settings):
    django, fast, behind = apps
    settings.DATELINE_PAGE_SIZE = 1  # the section has a page 2
    path = cached_urls(tree)[name]
    call(django, path), call(django, path)  # stored (a query string: its path learns it)
    # The same request id both ways (given by a proxy), so every header can be compared.
    plain = call(django, path, X_REQUEST_ID="req-1")
    # The first runs the middleware in front of the cache; the second reuses their answer.
    quick, again = (call(fast, path, X_REQUEST_ID="req-1") for _ in range(2))
    assert behind.calls == 0, "the fast path did not answer"
    assert dict(plain[1])["X-Cache"] == "HIT"
    assert quick == plain and again == plain
    assert [name for name, _ in quick[1]] == [name for name, _ in plain[1]]  # order too
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert header in dict(quick[1]) or name == "api", header


def test_a_304_is_the_same_with_and_without_the_fast_path(apps, tree):
    django, fast, behind = apps
    etag = dict(call(django, tree.a.url)[1])["ETag"]
    plain = call(django, tree.a.url, IF_NONE_MATCH=etag, X_REQUEST_ID="req-2")
    quick, again = (call(fast, tree.a.url, IF_NONE_MATCH=etag, X_REQUEST_ID="req-2") for _ in "ab")
    assert behind.calls == 0
    assert plain[0] == "304 Not Modified" and quick == plain and again == plain
    # The 200 after a 304, from the answers kept for this entry.
    assert call(fast, tree.a.url, X_REQUEST_ID="req-2") == call(
        django, tree.a.url, X_REQUEST_ID="req-2"
    )


def test_an_api_hit_keeps_its_cors_headers_and_is_counted_once(
    apps, tree, settings, one_rate_window
):
    django, fast, behind = apps
    settings.DATELINE_API = {**settings.DATELINE_API, "PUBLIC_RATE_LIMIT": 3}
    path = "/api/v1/stories/top/"
    call(django, path, ORIGIN="https://partner.example")  # 1: a miss, stored
    plain = call(django, path, ORIGIN="https://partner.example", X_REQUEST_ID="r")  # 2
    quick = call(fast, path, ORIGIN="https://partner.example", X_REQUEST_ID="r")  # 3
    assert behind.calls == 0 and quick == plain
    assert {k.lower(): v for k, v in quick[1]}["access-control-allow-origin"] == "*"
    assert call(fast, path)[0].startswith("429")  # 4: over the limit, fast path or not


def test_a_miss_goes_to_django_and_is_counted_once(apps, tree, settings, one_rate_window):
    django, fast, behind = apps
    settings.DATELINE_API = {**settings.DATELINE_API, "PUBLIC_RATE_LIMIT": 2}
    path = "/api/v1/stories/top/"
    assert dict(call(fast, path)[1])["X-Cache"] == "MISS"  # 1: looked up here, then Django
    assert behind.calls == 1
    assert dict(call(fast, path)[1])["X-Cache"] == "HIT"  # 2: not a 429
    assert behind.calls == 1
    assert call(fast, path)[0].startswith("429")  # 3


def test_each_request_gets_its_own_id(apps, tree):
    django, fast, behind = apps
    call(django, tree.a.url)
    first, second = (dict(call(fast, tree.a.url)[1])["X-Request-ID"] for _ in range(2))
    assert behind.calls == 0 and first != second and len(first) == 32


def test_private_requests_never_take_the_fast_path(apps, tree, client, django_user_model):
    django, fast, behind = apps
    call(django, tree.a.url)  # the page is cached
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"
    private = [
        ("GET", tree.a.url, {"COOKIE": session}),
        ("GET", tree.a.url, {"AUTHORIZATION": "Bearer abc"}),
        ("GET", "/api/v1/stories/top/", {"X_API_KEY": "some-key"}),
        ("POST", tree.a.url, {}),
        ("GET", f"/admin/pages/{tree.a.pk}/edit/preview/", {"COOKIE": session}),
        ("GET", f"/admin/pages/{tree.a.pk}/view_draft/", {"COOKIE": session}),
    ]
    for n, (method, path, headers) in enumerate(private, start=1):
        status, response_headers, _ = call(fast, path, method, **headers)
        assert behind.calls == n, (method, path, headers)
        assert dict(response_headers).get("X-Cache") != "HIT", (method, path, headers)
    signed_in = call(fast, tree.a.url, COOKIE=session)
    assert "private" in dict(signed_in[1])["Cache-Control"]


def test_a_reader_cookie_that_is_not_a_session_still_takes_it(apps, tree):
    django, fast, behind = apps
    call(django, tree.a.url)
    assert dict(call(fast, tree.a.url, COOKIE="consent=ads")[1])["X-Cache"] == "HIT"
    assert behind.calls == 0


def test_with_the_page_cache_off_django_answers(apps, tree, settings):
    django, fast, behind = apps
    call(django, tree.a.url)
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}
    assert dict(call(fast, tree.a.url)[1]).get("X-Cache") != "HIT"
    assert behind.calls == 1


def test_a_purged_page_is_not_served_from_the_answers_kept(apps, tree):
    django, fast, behind = apps
    call(django, tree.a.url)
    before = call(fast, tree.a.url), call(fast, tree.a.url)
    revise_article(tree.a, title="Polls close late")
    after = call(fast, tree.a.url)
    assert behind.calls == 1 and dict(after[1])["X-Cache"] == "MISS"
    assert b"Polls close late" in after[2] and before[0][2] != after[2]


def test_the_middleware_in_front_of_the_cache_is_the_reviewed_list(settings):
    """Another middleware before the page cache: review what it reads of a request
    (fasthit.OUTER_INPUTS) and add it to fasthit.KNOWN_OUTER."""
    from django.conf import settings as live

    names = list(live.MIDDLEWARE)
    assert tuple(names[: names.index(fasthit.PAGE_CACHE_MIDDLEWARE)]) == fasthit.KNOWN_OUTER
    assert fasthit.answers_are_kept()
    settings.MIDDLEWARE = ["dateline.site.middleware.SiteTimeZoneMiddleware", *names]
    assert not fasthit.answers_are_kept()


@pytest.fixture
def disk_cache(settings, tmp_path):
    """The page cache as production has it without Redis: a DiskCache folder other processes
    open too. With REDIS_URL the test's Redis database is kept (other processes share it)."""
    if not os.environ.get("REDIS_URL"):
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "dateline.caching.cache.GuardedCache",
                # As settings.base has it with CACHE_DIR, which the other process is given.
                "GUARDED": {
                    "BACKEND": "dateline.caching.cache.DiskCache",
                    "LOCATION": str(tmp_path / "cache"),
                    "TIMEOUT": 3600,
                    "SHARDS": 8,
                    "DATABASE_TIMEOUT": 0.25,
                    "OPTIONS": {"size_limit": 2**30},
                },
            },
        }
    return tmp_path / "cache"


def served_from_a_copy(app, path: str, monkeypatch, **headers: str):
    """A request the fast path must answer from its copy: no request object can be built."""
    with monkeypatch.context() as patch:
        patch.setattr(fasthit, "WSGIRequest", None)  # building one raises: Django answers
        return call(app, path, **headers)


def test_a_copy_answers_without_a_request_and_with_the_same_bytes(apps, tree, monkeypatch):
    django, fast, behind = apps
    call(django, tree.a.url)
    plain = call(django, tree.a.url, X_REQUEST_ID="req-9")
    call(fast, tree.a.url)  # makes the copy
    assert served_from_a_copy(fast, tree.a.url, monkeypatch, X_REQUEST_ID="req-9") == plain
    etag = dict(plain[1])["ETag"]
    not_modified = call(django, tree.a.url, IF_NONE_MATCH=etag, X_REQUEST_ID="req-9")
    call(fast, tree.a.url, IF_NONE_MATCH=etag)  # the copy learns its 304
    copied = served_from_a_copy(
        fast, tree.a.url, monkeypatch, IF_NONE_MATCH=etag, X_REQUEST_ID="req-9"
    )
    assert copied == not_modified and copied[0] == "304 Not Modified"
    assert behind.calls == 0


def test_a_purge_made_by_another_process_is_seen_by_the_next_request(
    apps, tree, disk_cache, monkeypatch
):
    django, fast, behind = apps
    call(django, tree.a.url), call(fast, tree.a.url)
    before = served_from_a_copy(fast, tree.a.url, monkeypatch)
    assert dict(before[1])["X-Cache"] == "HIT" and behind.calls == 0
    # Another process, as the newsroom's or the scheduler's: the same cache, its own
    # connections and its own copy of the counter.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
        "PYTHONPATH": str(REPO),
    }
    if not os.environ.get("REDIS_URL"):
        env["CACHE_DIR"] = str(disk_cache)
    purge = (
        "import django; django.setup(); from dateline.caching import cachestore; "
        f"print(len(cachestore.purge_keys([{key_for(tree.a)!r}])[0]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", purge],
        env=env, cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.split()[-1] != "0", "the other process purged nothing"
    after = call(fast, tree.a.url)
    assert behind.calls == 1 and dict(after[1])["X-Cache"] == "MISS"


def test_a_copy_read_while_a_purge_deletes_is_not_trusted_after_it(apps, tree, monkeypatch):
    """The purge generation moves before the deletes; a copy made in between (the entry still
    there) must not outlive the purge."""
    django, fast, behind = apps
    call(django, tree.a.url)
    deleting = cachestore._delete_entries

    def read_in_between(backend, entries):
        assert dict(call(fast, tree.a.url)[1])["X-Cache"] == "HIT"  # the copy is made now
        deleting(backend, entries)

    monkeypatch.setattr(cachestore, "_delete_entries", read_in_between)
    cachestore.purge_keys([key_for(tree.a)])
    assert behind.calls == 0
    assert dict(call(fast, tree.a.url)[1])["X-Cache"] == "MISS" and behind.calls == 1


def test_a_copy_never_outlives_its_entry(apps, tree, monkeypatch):
    django, fast, behind = apps
    call(django, tree.a.url), call(fast, tree.a.url)
    (copy,) = [c for k, c in fasthit._copies._copies.items() if tree.a.url in k]
    entry, expires_at = _entry_expiry(tree.a.url)
    # Redis gives the lifetime in whole milliseconds from a time of its own, and this second
    # read is a lower bound too: a few ms either way.
    assert copy.expires_at <= expires_at + 0.05
    # The entry's lifetime is over (as the cache would drop it): the copy goes too.
    cachestore.page_cache().delete(entry)
    real_time = fasthit.time.time
    monkeypatch.setattr(fasthit.time, "time", lambda: real_time() + (expires_at - real_time()) + 1)
    assert dict(call(fast, tree.a.url)[1])["X-Cache"] != "HIT" and behind.calls == 1


def _entry_expiry(path: str) -> tuple[str, float]:
    from django.test import RequestFactory

    from dateline.caching.middleware import PageCacheMiddleware

    entry = PageCacheMiddleware.entry_for(RequestFactory().get(path))
    value, expires_at = cachestore.read_for_copy(entry)
    assert value is not None and expires_at is not None
    return entry, expires_at


def test_the_purge_counter_is_one_per_host(tmp_path):
    """Two mappings of one counter file (two processes' views): a bump through either is seen
    by the other at once; a file made anew starts elsewhere."""
    first = purgeclock.PurgeCounter(tmp_path / "purges.counter")
    second = purgeclock.PurgeCounter(tmp_path / "purges.counter")
    start = first.read()
    assert start is not None and second.read() == start
    second.bump()
    assert first.read() == second.read() == start + 1
    (tmp_path / "purges.counter").unlink()
    assert first.read() is None  # no copy is trusted meanwhile
    second.bump()  # a new file, from a random start
    assert first.read() == second.read() and first.read() not in (None, start + 1)
