"""A broken cache costs speed, never a page: every reader page answers 200 from the database
while the cache fails, and /healthz says which cache is degraded and why.

Three real faults, each with the page cache and the fragments on:

- the DiskCache folders made unwritable after the site opened them (as by an operator, a
  wrong owner or a read-only remount): reads may work, every write raises;
- one DiskCache shard's header corrupted: the cache cannot even be opened;
- REDIS_URL pointing at a closed port on 127.0.0.1 (Redis stopped or unreachable).

Before the guard (dateline.caching.cache.GuardedCache), Wagtail's rendition cache, the rate
limits and the daily salt raised on the first two and the pages answered 500, and /healthz
said "ok".
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.core.testing import read_only_files
from dateline.listings.factories import make_event
from dateline.ops import health
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def disk_cache(location: Path, shards: int) -> dict:
    return {
        "BACKEND": "dateline.caching.cache.GuardedCache",
        "GUARDED": {
            "BACKEND": "dateline.caching.cache.DiskCache",
            "LOCATION": str(location),
            "SHARDS": shards,
            "DATABASE_TIMEOUT": 0.25,
        },
        "OPTIONS": {"RETRY_AFTER": 5},
    }


def disk_caches(root: Path) -> dict:
    """The embedded set-up's two DiskCache aliases (settings.base), in a test folder."""
    return {"default": disk_cache(root / "cache", 8), "counters": disk_cache(root / "counters", 4)}


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_redis() -> dict:
    redis = {
        "BACKEND": "dateline.caching.cache.GuardedCache",
        "GUARDED": {
            "BACKEND": "dateline.caching.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "RETRY_AFTER": 60,
            },
        },
    }
    return {"default": redis, "counters": redis}


@pytest.fixture
def page_cache_on(settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}


@pytest.fixture
def site(home, world, image):
    """One page of every kind a reader reaches, pictures included (renditions)."""
    author = AuthorFactory(name="Asha Rao", slug="asha-rao")
    agency = AgencyFactory(name="Wire", slug="wire")
    story = ArticlePageFactory(
        section=world,
        title="Monsoon arrives early in Kerala",
        hero_image=image,
        authors=[author],
        agency=agency,
        tags=["Monsoon"],
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    ArticlePageFactory(section=world, title="Second story", hero_image=image)
    video = make_video_index(home)
    show = make_show(make_show_index(home), title="Morning Desk")
    episode = make_episode(show, title="Rains in the south")
    hub_video = make_episode(video, title="Harbour at dawn")
    now = timezone.now()
    live = make_live_tv(
        home,
        slots=[("Morning Desk", now - dt.timedelta(minutes=5), now + dt.timedelta(hours=1), show)],
    )
    shorts = make_shorts_index(home)
    short = make_short(shorts)
    web_stories = make_web_story_index(home)
    web_story = make_web_story(web_stories, image=image)
    event = make_event(home, "Budget 2026")
    paths = [
        "/",
        "/world/",
        story.url,
        reverse("topic", args=["monsoon"]),
        reverse("topic_index"),
        reverse("author", args=["asha-rao"]),
        reverse("agency", args=["wire"]),
        video.url,
        show.url,
        episode.url,
        hub_video.url,
        live.url,
        shorts.url,
        short.url,
        web_stories.url,
        web_story.url,
        event.url,
        "/search/?q=monsoon",
        reverse("search_autocomplete") + "?q=monsoon",
        "/feeds/latest/rss/",
        "/feeds/section/world/rss/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/newsletter/",
    ]
    return {"story": story, "paths": paths}


def read_every_page(client, site) -> dict[str, int]:
    statuses = {}
    for _ in range(2):  # twice: the second visit is where a working cache would answer
        for path in site["paths"]:
            statuses[path] = client.get(path, HTTP_USER_AGENT=BROWSER).status_code
        beacon = f"/beacon/view?p={site['story'].pk}"
        statuses[beacon] = client.post(beacon, HTTP_USER_AGENT=BROWSER).status_code
    statuses["/no-such-page/"] = client.get("/no-such-page/").status_code
    return statuses


def expected(site) -> dict[str, int]:
    return {
        **dict.fromkeys(site["paths"], 200),
        f"/beacon/view?p={site['story'].pk}": 204,
        "/no-such-page/": 404,
    }


def healthz(client) -> dict:
    health.beat(health.SCHEDULER)  # the rest of the site is healthy
    response = client.get("/healthz")
    body = json.loads(response.content)
    body["http_status"] = response.status_code
    return body


def test_every_page_answers_while_the_cache_folders_are_unwritable(
    client, site, page_cache_on, tmp_path
):
    with override_settings(CACHES=disk_caches(tmp_path)):
        # The site runs and has cached pages, pictures and counts...
        assert read_every_page(client, site) == expected(site)
        assert healthz(client)["cache"] == "ok"
        for alias in ("default", "counters"):
            caches[alias].close()  # as at the end of every request: files reopened next time
        # ...then its cache folders become read-only.
        with read_only_files(tmp_path):
            assert read_every_page(client, site) == expected(site)
            report = healthz(client)

    assert report["http_status"] == 200  # pages are served: degraded, not down
    assert report["status"] == "degraded"
    assert report["ok"] is True
    assert report["degraded"] == ["cache default", "cache counters"]
    assert report["caches"]["default"].startswith("degraded: OperationalError:")
    assert "readonly database" in report["caches"]["default"]
    assert report["cache"].startswith("degraded: default: OperationalError:")


def test_every_page_answers_with_a_corrupted_cache_shard(client, site, page_cache_on, tmp_path):
    import diskcache

    shard = diskcache.DjangoCache(str(tmp_path / "cache"), {"SHARDS": 8})
    shard.set("something", "cached")
    shard.close()
    header = tmp_path / "cache" / "000" / "cache.db"
    with header.open("r+b") as file:
        file.write(b"this is no sqlite database header")

    with override_settings(CACHES=disk_caches(tmp_path)):
        assert read_every_page(client, site) == expected(site)
        report = healthz(client)

    assert (report["http_status"], report["status"]) == (200, "degraded")
    assert report["degraded"] == ["cache default"]
    assert report["caches"] == {
        "default": "degraded: DatabaseError: file is not a database",
        "counters": "ok",
    }


def test_every_page_answers_while_redis_is_unreachable(client, site, page_cache_on):
    config = unreachable_redis()
    with override_settings(CACHES=config, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
        assert read_every_page(client, site) == expected(site)
        report = healthz(client)

    assert (report["http_status"], report["status"]) == (200, "degraded")
    port = config["default"]["GUARDED"]["LOCATION"].split(":")[2].split("/")[0]
    for alias in ("default", "counters"):
        assert report["caches"][alias].startswith("degraded: ConnectionError:"), report
        assert f"127.0.0.1:{port}" in report["caches"][alias]
        assert "refused" in report["caches"][alias].lower()


def test_a_working_cache_is_reported_ok_by_a_real_round_trip(client, home):
    report = healthz(client)
    assert (report["http_status"], report["status"], report["cache"]) == (200, "ok", "ok")
    assert report["caches"] == {"default": "ok", "counters": "ok"}
    assert report["degraded"] == []
