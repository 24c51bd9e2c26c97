"""Video in a real browser at phone width: a local MP4 and the live HLS stream play, and
the YouTube facade asks nothing of YouTube until the reader presses play."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from wagtail.models import Site

from dateline.core.factories import ImageFactory
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)
from dateline.video.models import LiveTvSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).resolve().parent / "files"
HLS_SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "content" / "video" / "hls"
PHONE = {"width": 375, "height": 812}


def store(source: Path, name: str) -> str:
    """Put a sample file in media (once) and return its URL."""
    if not default_storage.exists(name):
        with source.open("rb") as handle:
            default_storage.save(name, File(handle))
    return default_storage.url(name)


@pytest.fixture
def pages(live_site):
    home = live_site
    site = Site.objects.get(is_default_site=True)
    mp4_url = store(FILES / "sample.mp4", "browser-test/sample.mp4")
    for segment in HLS_SAMPLES.iterdir():
        hls_url = store(segment, f"browser-test/hls/{segment.name}")
    hls_url = default_storage.url("browser-test/hls/index.m3u8")
    hub = make_video_index(home)
    show = make_show(make_show_index(home), "The Long Read", artwork=ImageFactory())
    episode = make_episode(show, "A local clip", video_url=mp4_url)
    tube = make_episode(hub, "A YouTube clip", youtube_id="dQw4w9WgXcQ", thumbnail=ImageFactory())
    live = LiveTvSettings.for_site(site)
    live.stream_url = hls_url
    live.save()
    make_live_tv(home)
    return {"episode": episode, "tube": tube}


@pytest.fixture
def phone(browser):
    """A 375 px page that records every request and lets none leave the test server."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.requested = []

    def route(route, request):
        page.requested.append(request.url)
        if urlsplit(request.url).hostname in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    yield page
    context.close()


def play_and_wait(page) -> None:
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return !v.paused && v.currentTime > 0.5; }"
    )


def test_a_local_mp4_plays(phone, live_server, pages, artifacts):
    phone.goto(live_server.url + pages["episode"].url)

    play_and_wait(phone)

    assert phone.evaluate("document.querySelector('video').paused") is False
    phone.screenshot(path=str(artifacts / "video-episode-playing-375.png"), full_page=True)


def test_the_live_hls_stream_plays(phone, live_server, pages, artifacts):
    phone.goto(live_server.url + "/live-tv/")

    play_and_wait(phone)

    assert any(url.endswith(".ts") for url in phone.requested)
    phone.screenshot(path=str(artifacts / "video-live-playing-375.png"), full_page=True)


def test_the_youtube_facade_loads_nothing_from_youtube_before_the_click(
    phone, live_server, pages, artifacts
):
    phone.goto(live_server.url + pages["tube"].url)
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(artifacts / "video-youtube-facade-375.png"), full_page=True)

    off_site = [url for url in phone.requested if urlsplit(url).hostname != "localhost"]
    assert off_site == []
    assert phone.locator("iframe").count() == 0

    def to_youtube(request) -> bool:
        return urlsplit(request.url).hostname == "www.youtube-nocookie.com"

    with phone.expect_request(to_youtube) as first_request:
        phone.click("[data-youtube-facade]")

    assert first_request.value.url == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    )
    assert phone.locator("iframe.player__frame").count() == 1
