"""The demo's video desk: shows, episodes, shorts, the live channel and the menu links."""

import pytest
from django.core.files.storage import default_storage
from wagtail.models import Site

from dateline.demo.video import HLS_DIR, SHORTS, SHOWS, ensure_video
from dateline.site.factories import MenuFactory
from dateline.video.models import EpisodePage, LiveTvPage, LiveTvSettings, ShowPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def placeholder_menus(world):
    link = {"label": "", "page": world.pk, "url": ""}
    MenuFactory(
        handle="bottom-bar",
        items=[
            {
                "type": "icon_link",
                "value": {**link, "label": "Home", "page": None, "url": "/", "icon": "home"},
            },
            {"type": "icon_link", "value": {**link, "label": "Video", "icon": "video"}},
            {"type": "icon_link", "value": {**link, "label": "Live TV", "icon": "live"}},
        ],
    )
    MenuFactory(handle="shows", items=[{"type": "link", "value": link}])


def test_the_video_demo_builds_shows_episodes_and_a_live_channel(home, placeholder_menus, client):
    counts = ensure_video(home)

    assert counts == {"shows": 3, "episodes": 9 + len(SHORTS)}
    assert [show.title for show in ShowPage.objects.order_by("path")] == [s.title for s in SHOWS]
    for show in ShowPage.objects.all():
        assert show.episodes().count() == 3
        assert show.hosts.count() >= 1
    sources = {episode.source.kind for episode in EpisodePage.objects.all()}
    assert sources == {"file", "hls"}
    assert default_storage.exists(f"{HLS_DIR}/index.m3u8")
    assert default_storage.exists(f"{HLS_DIR}/segment-03.ts")
    live = LiveTvSettings.for_site(Site.objects.get(is_default_site=True))
    assert live.stream_url == default_storage.url(f"{HLS_DIR}/index.m3u8")
    page = LiveTvPage.objects.get()
    assert page.slots.count() == 48
    assert page.get_latest_revision().content["slots"]  # the editor sees the same schedule
    for url in ("/video/", "/shows/", "/shows/ground-report/", "/live-tv/"):
        assert client.get(url).status_code == 200, url


def test_the_video_demo_points_the_menus_at_the_real_pages(home, placeholder_menus):
    ensure_video(home)

    from dateline.site.models import Menu

    bar = {e["text"]: e["href"] for e in Menu.objects.get(handle="bottom-bar").resolved}
    assert bar == {"Home": "/", "Video": "/video/", "Live TV": "/live-tv/"}
    shows = [e["href"] for e in Menu.objects.get(handle="shows").resolved]
    assert shows == ["/shows/ground-report/", "/shows/money-matters/", "/shows/full-time/"]


def test_loading_the_video_demo_twice_changes_nothing(home, placeholder_menus):
    ensure_video(home)
    before = (
        list(EpisodePage.objects.values_list("pk", "uploaded_at", "latest_revision_id")),
        list(LiveTvPage.objects.get().slots.values_list("pk", flat=True)),
    )

    ensure_video(home)

    after = (
        list(EpisodePage.objects.values_list("pk", "uploaded_at", "latest_revision_id")),
        list(LiveTvPage.objects.get().slots.values_list("pk", flat=True)),
    )
    assert after == before


def test_the_main_navigation_leads_with_video_live_tv_shows_and_web_stories(
    home, placeholder_menus
):
    from dateline.demo.video import lead_main_menu_with_watch
    from dateline.shorts.factories import make_shorts_index
    from dateline.site.models import Menu
    from dateline.stories.factories import make_web_story_index

    MenuFactory(handle="main", items=[{"type": "link", "value": {"label": "World", "url": "/w/"}}])
    ensure_video(home)
    make_web_story_index(home)
    make_shorts_index(home)

    lead_main_menu_with_watch(home)
    lead_main_menu_with_watch(home)  # a second run adds nothing

    entries = Menu.objects.get(handle="main").resolved
    assert [e["text"] for e in entries] == ["Video", "World"]
    assert entries[0]["href"] == "/video/"
    assert [child["href"] for child in entries[0]["children"]] == [
        "/live-tv/",
        "/shows/",
        "/web-stories/",
        "/shorts/",
    ]
