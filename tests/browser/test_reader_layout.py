"""The reader's page without holes, at phone and desktop widths, with every request to
another host refused: no horizontal overflow, no focus stop under the phone's bottom bar,
Shorts without a picture drawn as text cards, the watch pages in the desktop navigation and
a live channel without a seek bar. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.core.factories import ImageFactory
from dateline.listings.factories import make_section
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.site.factories import MenuFactory
from dateline.video.factories import make_live_tv, make_video_index

from .conftest import OVERFLOW_JS, focus_stops_hidden_under_fixed_bars, refuse_other_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader_site(live_site, settings):
    home = live_site
    world = make_section(home, "World", intro="News from around the globe.")
    image = ImageFactory()
    now = timezone.now()
    stories = [
        ArticlePageFactory(
            section=world,
            title=f"Harbour talks, day {n}",
            hero_image=image if n % 2 else None,
            hero_alt="Cranes over the harbour",
            tags=["Shipping"],
            published_at=now - dt.timedelta(minutes=n),
        )
        for n in range(1, 13)
    ]
    shorts = make_shorts_index(home)
    make_short(shorts, "A short with no picture", slug="no-picture")
    make_short(shorts, "A short with a picture", slug="picture", image=image)
    video = make_video_index(home)
    make_live_tv(home)
    link = {"label": "", "url": ""}
    group = {
        "heading": "Video",
        "link": {**link, "page": video},
        "children": [{"page": None, "label": "Live TV", "url": "/live-tv/"}],
    }
    MenuFactory(
        handle="main",
        items=[("group", group), ("link", {**link, "page": world})],
    )
    MenuFactory(
        handle="bottom-bar",
        items=[
            ("icon_link", {**link, "label": "Home", "url": "/", "icon": "home"}),
            ("icon_link", {**link, "label": "Video", "url": "/video/", "icon": "video"}),
            ("icon_link", {**link, "label": "Search", "url": "/search/", "icon": "search"}),
        ],
    )
    from wagtail.models import Site

    from dateline.video.models import LiveTvSettings

    live = LiveTvSettings.for_site(Site.objects.get(is_default_site=True))
    live.stream_url = "/media/live/index.m3u8"
    live.save()
    return {"article": stories[0].url}


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_pages_have_no_holes_at_either_width(
    browser, live_server, reader_site, artifacts, width
):
    page = browser.new_page(viewport={"width": width, "height": 800})
    refused = refuse_other_hosts(page, live_server)
    try:
        for name, path in [
            ("home", "/"),
            ("article", reader_site["article"]),
            ("shorts", "/shorts/"),
            ("live-tv", "/live-tv/"),
        ]:
            page.goto(live_server.url + path)
            page.screenshot(path=str(artifacts / f"layout-{name}-{width}.png"), full_page=True)
            assert page.evaluate(OVERFLOW_JS) == [], f"{name} overflows at {width}px"

        page.goto(live_server.url + "/")
        text_card = page.locator(".shorts-strip__card--text")
        assert text_card.count() == 1
        background = text_card.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in {"rgb(18, 18, 18)", "rgb(0, 0, 0)"}  # not a black box

        if width >= 1024:  # the watch pages are in the desktop navigation
            assert page.locator("nav.main-nav").get_by_role("link", name="Video").is_visible()

        page.goto(live_server.url + "/live-tv/")
        video = page.locator("video.player__video")
        assert video.get_attribute("controls") is None  # no seek bar on a live channel
        assert page.get_by_role("button", name="Pause").is_visible()

        if width < 1024:  # the bottom bar is fixed on phones only
            page.goto(live_server.url + reader_site["article"])
            assert page.locator("nav.bottom-bar").is_visible()
            assert focus_stops_hidden_under_fixed_bars(page) == []
    finally:
        page.close()
    assert refused == []


def test_a_web_story_without_its_runtime_stays_legible(browser, live_server, live_site, artifacts):
    """No registry package ships the AMP runtime to serve from this site: with every other
    host refused the runtime never arrives, and the unstyled story must not be white on
    white (computed colours: no wait for the boilerplate's 8 s)."""
    from dateline.core.factories import ImageFactory as Images
    from dateline.stories.factories import make_web_story, make_web_story_index

    story = make_web_story(make_web_story_index(live_site), image=Images())
    page = browser.new_page(viewport={"width": 375, "height": 800})
    refused = refuse_other_hosts(page, live_server)
    try:
        page.goto(live_server.url + story.url)
        body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        heading = page.locator("h1").evaluate("el => getComputedStyle(el).color")
        assert heading == "rgb(255, 255, 255)"
        assert body == "rgb(18, 18, 18)"
        page.evaluate("() => { document.body.style.animation = 'none'; }")
        page.screenshot(path=str(artifacts / "layout-web-story-offline-375.png"), full_page=True)
    finally:
        page.close()
    assert any("ampproject" in url for url in refused)  # the runtime's host, refused
