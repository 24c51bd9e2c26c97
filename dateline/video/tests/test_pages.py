"""The reader pages: /video/, /shows/, a show, an episode and /live-tv/."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from dateline.caching import dependencies
from dateline.video.factories import make_episode, make_live_tv, make_show
from dateline.video.models import LiveTvSettings

pytestmark = pytest.mark.django_db


def titles(html: str, css_class: str = "story__title") -> list[str]:
    return re.findall(rf'class="{css_class}"><a href="[^"]+">([^<]+)</a>', html)


def ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


@pytest.fixture
def live_settings(home):
    return LiveTvSettings.for_site(Site.objects.get(is_default_site=True))


# --- /video/ -----------------------------------------------------------------------


def test_the_video_hub_lists_latest_videos_shorts_and_shows(client, video_hub, show):
    make_episode(show, "Older episode", uploaded_at=ago(60))
    make_episode(video_hub, "Newest story", uploaded_at=ago(5))
    make_episode(video_hub, "A quick short", is_short=True, uploaded_at=ago(1))
    make_episode(show, "Draft episode", publish=False)

    response = client.get("/video/")

    assert response.status_code == 200
    html = response.content.decode()
    latest, shorts = html.split('id="video-shorts"')[0], html.split('id="video-shorts"')[1]
    assert titles(latest) == ["Newest story", "Older episode"]
    assert titles(shorts.split('id="all-shows"')[0]) == ["A quick short"]
    assert titles(html, "show-card__title") == ["The Long Read"]
    assert '<a href="/shows/">Shows</a>' in html


def test_the_video_hub_says_so_when_there_are_no_videos(client, video_hub):
    html = client.get("/video/").content.decode()

    assert '<p class="empty">No videos yet.</p>' in html
    assert 'id="video-shorts"' not in html


def test_a_page_past_the_end_of_the_hub_is_a_404(client, video_hub):
    assert client.get("/video/?page=2").status_code == 404
    assert client.get("/video/?page=x").status_code == 404


@pytest.mark.parametrize("extra", [0, 4])
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_the_video_hub_costs_the_same_queries_however_many_videos(
    client, video_hub, show, extra, django_assert_num_queries
):
    for n in range(1 + extra):
        make_episode(show, f"Episode {n}")
        make_episode(video_hub, f"Short {n}", is_short=True)
    client.get("/video/")  # warms the site root paths and menus caches

    # +1 since issue 18: episodes now pass the public rule (restricted pages: core.visibility).
    with django_assert_num_queries(27):  # no view-restriction queries without restrictions
        assert client.get("/video/").status_code == 200


def test_the_video_hub_records_what_it_shows(client, video_hub, show):
    episode = make_episode(show)

    with dependencies.recording() as keys:
        client.get("/video/")

    assert {
        f"page:{video_hub.pk}",
        f"page:{episode.pk}",
        f"page:{show.pk}",
        "list:videos",
        "list:shows",
    } <= keys


# --- /shows/ and a show -------------------------------------------------------------


def test_the_shows_page_lists_shows_in_the_desks_order(client, show_index, show):
    make_show(show_index, "Morning Brief", schedule="Weekdays at 7 am")

    html = client.get("/shows/").content.decode()

    assert titles(html, "show-card__title") == ["The Long Read", "Morning Brief"]
    assert '<p class="show-card__schedule">Weekdays at 7 am</p>' in html


def test_a_show_page_has_hosts_schedule_and_episodes_newest_first(client, show):
    make_episode(show, "Part one", uploaded_at=ago(120))
    make_episode(show, "Part two", uploaded_at=ago(60))
    make_episode(show, "Unfinished", publish=False)

    response = client.get(show.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-title">The Long Read</h1>' in html
    assert '<p class="show-hero__schedule">Sundays at 8 pm</p>' in html
    assert (
        '<p class="show-hero__hosts">Hosted by <a href="/author/asha-rao/">Asha Rao</a>'
        " and Guest Presenter</p>" in html
    )
    assert titles(html) == ["Part two", "Part one"]


def test_a_show_page_is_paginated(client, show, settings):
    settings.DATELINE_PAGE_SIZE = 2
    for n in range(3):
        make_episode(show, f"Episode {n}", uploaded_at=ago(10 - n))

    assert titles(client.get(show.url).content.decode()) == ["Episode 2", "Episode 1"]
    assert titles(client.get(show.url + "?page=2").content.decode()) == ["Episode 0"]
    assert client.get(show.url + "?page=3").status_code == 404


def test_a_show_without_episodes_says_so(client, show):
    html = client.get(show.url).content.decode()
    assert '<p class="empty">No episodes of The Long Read yet.</p>' in html


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_a_show_page_costs_the_same_queries_however_many_episodes(
    client, show, count, django_assert_num_queries
):
    for n in range(count):
        make_episode(show, f"Episode {n}")
    client.get(show.url)

    # Its breadcrumbs are the ancestors routing loaded (no query of their own).
    # +1: episodes pass the public rule (the restricted pages, read once: core.visibility).
    with django_assert_num_queries(24):  # no view-restriction queries without restrictions
        assert client.get(show.url).status_code == 200


def test_a_show_page_records_its_episodes_and_listing(client, show):
    episode = make_episode(show)

    with dependencies.recording() as keys:
        client.get(show.url)

    assert {f"page:{show.pk}", f"page:{episode.pk}", f"list:show:{show.pk}"} <= keys


# --- an episode ---------------------------------------------------------------------


def test_an_episode_plays_its_mp4_in_the_native_player(client, show):
    episode = make_episode(
        show,
        "Inside the budget",
        video_url="/media/video/budget.mp4",
        duration=dt.timedelta(minutes=12, seconds=30),
        tags=["Budget"],
        transcript="First paragraph.\n\nSecond paragraph.",
    )

    html = client.get(episode.url).content.decode()

    assert '<source src="/media/video/budget.mp4" type="video/mp4">' in html
    assert "data-hls-src" not in html
    assert '<h1 id="episode-title" class="article__headline">Inside the budget</h1>' in html
    assert 'Duration: <time datetime="PT12M30S">12:30</time>' in html
    assert '<a href="/topic/budget/">Budget</a>' in html
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in html
    assert f'<a href="{show.url}">The Long Read</a>' in html


def test_an_hls_episode_brings_the_bundled_hls_player(client, show):
    episode = make_episode(show, video_url="/media/live/index.m3u8")

    html = client.get(episode.url).content.decode()

    assert 'type="application/vnd.apple.mpegurl"' in html
    assert 'data-hls-src="/media/live/index.m3u8"' in html
    assert 'data-hls-script="/static/video/vendor/hls.js-1.7.4/hls.light.min.js"' in html


def test_a_youtube_episode_is_a_facade_that_loads_nothing_from_youtube(client, video_hub, image):
    episode = make_episode(video_hub, "Tube", youtube_id="dQw4w9WgXcQ", thumbnail=image)

    html = client.get(episode.url).content.decode()

    assert "<iframe" not in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    # Nothing the browser fetches on load (src, srcset, poster) points at YouTube.
    assert not re.search(r'(src|srcset|poster)="[^"]*youtube', html)
    assert not re.search(r"ytimg|googlevideo", html)


def test_an_episode_lists_related_videos_and_top_shows(client, show, show_index):
    other = make_show(show_index, "Morning Brief")
    current = make_episode(show, "Current", tags=["Tax"])
    make_episode(other, "Also on tax", tags=["Tax"])

    html = client.get(current.url).content.decode()

    related = html.split('id="related-videos"')[1]
    assert titles(related) == ["Also on tax"]
    rail = html.split('class="rail top-shows"')[1].split("</section>")[0]
    assert re.findall(r'class="top-shows__name">([^<]+)<', rail) == ["Morning Brief"]


def test_a_draft_episode_is_not_served(client, show):
    episode = make_episode(show, "Draft", publish=False)
    assert client.get(f"{show.url}{episode.slug}/").status_code == 404


@pytest.mark.parametrize("by_tag", [1, 3])
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_an_episode_costs_the_same_queries_however_many_related(
    client, show, by_tag, django_assert_num_queries
):
    """Four related videos either way: some by shared tag, the show's newest fill the rest."""
    episode = make_episode(show, "Current", tags=["Tax", "Budget"])
    for n in range(by_tag):
        make_episode(show, f"Related {n}", tags=["Tax"])
    for n in range(3):
        make_episode(show, f"Same show {n}")
    client.get(episode.url)

    # Its breadcrumbs and its show (its parent) are what routing loaded: no query of their own.
    # +1: episodes pass the public rule (the restricted pages, read once: core.visibility).
    # Top Shows leave restricted shows out by those cached paths too (Wagtail's public() read
    # the restrictions again): 33 -> 32.
    with django_assert_num_queries(32):  # no view-restriction queries without restrictions
        assert client.get(episode.url).status_code == 200


def test_an_episode_records_itself_its_show_and_related(client, show):
    episode = make_episode(show, "Current", tags=["Tax"])
    related = make_episode(show, "Related", tags=["Tax"])

    with dependencies.recording() as keys:
        client.get(episode.url)

    assert {f"page:{episode.pk}", f"page:{show.pk}", f"page:{related.pk}", "list:shows"} <= keys


# --- /live-tv/ ------------------------------------------------------------------------


@pytest.fixture
def schedule():
    now = timezone.now().replace(second=0, microsecond=0)
    hour = dt.timedelta(hours=1)
    return [
        ("Early edition", now - 2 * hour, now - hour),
        ("The midday bulletin", now - hour, now + hour),
        ("Markets tonight", now + hour, now + 2 * hour),
        ("Late debate", now + 2 * hour, now + 3 * hour),
    ]


def test_live_tv_plays_the_stream_with_on_now_and_next(client, home, schedule, live_settings):
    live_settings.stream_url = "/media/live/index.m3u8"
    live_settings.channel_name = "Dateline 24"
    live_settings.save()
    make_live_tv(home, slots=schedule)

    response = client.get("/live-tv/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-hls-src="/media/live/index.m3u8"' in html
    assert '<p class="live-badge">Live</p>' in html
    # A live channel has no seek bar: no native controls, its own Pause and Sound buttons.
    video_tag = html.split("<video", 1)[1].split(">", 1)[0]
    assert " controls" not in video_tag and "data-live" in video_tag
    assert "data-live-pause" in html and "data-live-sound" in html
    on_now, rest = html.split("<dt>On now</dt>")[1].split("<dt>Next</dt>")
    assert "The midday bulletin" in on_now
    assert "Markets tonight" in rest.split("</dd>")[0]
    assert "Late debate" in html.split('class="schedule__list"')[1]
    assert "Early edition" not in html


def test_live_tv_without_a_stream_is_off_air(client, home, video_hub, schedule):
    make_live_tv(home, slots=schedule)

    html = client.get("/live-tv/").content.decode()

    assert "<video" not in html
    assert '<div class="live-offline" role="status">' in html
    assert "Live TV is off air right now." in html
    assert '<a class="button-link" href="/video/">Watch the latest videos</a>' in html
    assert "We are back with <strong>Markets tonight</strong>" in html


def test_live_tv_with_no_schedule_says_nothing_is_scheduled(client, home):
    make_live_tv(home)

    html = client.get("/live-tv/").content.decode()

    assert html.count("<dd>Nothing scheduled</dd>") == 2


def on_now(html: str) -> str:
    return html.split("<dt>On now</dt>")[1].split("<dt>Next</dt>")[0]


def test_live_tv_changes_programme_by_itself_with_no_purge(client, clock, home, live_settings):
    """ "On now" is a moment recorded by the page (caching.dependencies.record_until): the page
    cache and front caches keep it no longer than the current programme."""
    now = timezone.now()
    ends = now + dt.timedelta(seconds=90)
    make_live_tv(
        home,
        slots=[
            ("The midday bulletin", now - dt.timedelta(hours=1), ends),
            ("Markets tonight", ends, ends + dt.timedelta(hours=1)),
        ],
    )
    first = client.get("/live-tv/")
    assert "The midday bulletin" in on_now(first.text)
    s_maxage = int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1))
    assert s_maxage == 90
    assert client.get("/live-tv/")["X-Cache"] == "HIT"

    clock.move_to(ends + dt.timedelta(seconds=1))

    assert "Markets tonight" in on_now(client.get("/live-tv/").text)


def test_live_tv_with_nothing_scheduled_is_kept_the_usual_time(client, clock, home):
    """Nothing changes by itself: the page goes when the schedule is edited (a publish)."""
    from dateline.trending.ranking import window_moves_at

    clock.move_to(window_moves_at(timezone.now()))  # at the hour: the trending strip moves in 1 h
    make_live_tv(home)
    assert "s-maxage=3600" in client.get("/live-tv/")["Cache-Control"]


@pytest.mark.parametrize("with_stream", [False, True])
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_live_tv_costs_a_fixed_number_of_queries(
    client, home, schedule, live_settings, with_stream, django_assert_num_queries
):
    if with_stream:
        live_settings.stream_url = "/media/live/index.m3u8"
        live_settings.save()
    make_live_tv(home, slots=schedule)
    client.get("/live-tv/")

    with django_assert_num_queries(20):  # no view-restriction queries without restrictions
        assert client.get("/live-tv/").status_code == 200


def test_live_tv_records_the_page_and_the_setting(client, home):
    page = make_live_tv(home)

    with dependencies.recording() as keys:
        client.get("/live-tv/")

    assert {f"page:{page.pk}", "video.livetvsettings"} <= keys


def test_the_menu_drawer_lists_the_shows_menu(client, show):
    from dateline.site.factories import MenuFactory

    MenuFactory(handle="shows", items=[{"type": "link", "value": {"page": show.pk, "url": ""}}])

    html = client.get("/").content.decode()

    drawer = html.split('<li class="drawer__shows">')[1].split("</li>\n")[0]
    assert f'<a href="{show.url}">The Long Read</a>' in drawer


def test_the_article_page_right_column_has_top_shows(client, world, show):
    from dateline.articles.factories import ArticlePageFactory

    story = ArticlePageFactory(section=world, title="A story with a rail")

    html = client.get(story.url).content.decode()

    # The right column: from the sidebar to the end of the article layout.
    rail = html.split('<aside class="sidebar" aria-label="More news">')[1].split("</main>")[0]
    assert '<h2 id="rail-top-shows" class="rail__heading">Top Shows</h2>' in rail
    assert f'<a class="top-shows__link" href="{show.url}">' in rail
    assert '<link rel="stylesheet" href="/static/video/video.css">' in html


def test_the_page_cache_keeps_live_tv_no_longer_than_the_programme(client, home, settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    now = timezone.now()
    make_live_tv(home, slots=[("Now", now - dt.timedelta(hours=1), now + dt.timedelta(seconds=90))])

    first = client.get("/live-tv/")
    second = client.get("/live-tv/")

    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    s_maxage = int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1))
    assert 0 < s_maxage <= 90
    assert re.search(r"\bmax-age=(\d+)", first["Cache-Control"]).group(1) == str(min(s_maxage, 60))


def test_the_page_cache_keeps_other_video_pages_the_usual_time(client, video_hub, clock):
    from dateline.trending.ranking import window_moves_at

    clock.move_to(window_moves_at(timezone.now()))  # at the hour: the trending strip moves in 1 h

    response = client.get("/video/")

    assert response["X-Cache"] == "MISS"
    assert "s-maxage=3600" in response["Cache-Control"]


def test_an_episode_with_captions_gives_the_player_a_captions_track(client, show):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    captions = get_document_model().objects.create(
        title="Captions", file=ContentFile(b"WEBVTT\n", name="captions.vtt")
    )
    episode = make_episode(show, "Captioned", captions=captions)

    html = client.get(episode.url).content.decode()

    assert f'<track kind="captions" src="{captions.url}" srclang="en" label="Captions">' in html
