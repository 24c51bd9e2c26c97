"""Video in distribution: VideoObject and BroadcastEvent JSON-LD, the video feed and the
video sitemap entries."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Site

from dateline.articles.factories import AuthorFactory
from dateline.core.factories import ImageFactory
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)
from dateline.video.models import LiveTvSettings

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIDEO = "{http://www.google.com/schemas/sitemap-video/1.1}"
MEDIA = "{http://search.yahoo.com/mrss/}"

pytestmark = pytest.mark.django_db


def json_ld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode()
    )
    return [json.loads(block) for block in blocks]


def of_type(blocks: list[dict], schema_type: str) -> dict:
    [block] = [b for b in blocks if b["@type"] == schema_type]
    return block


@pytest.fixture
def show(home):
    index = make_show_index(home)
    return make_show(
        index,
        "The Long Read",
        hosts=[AuthorFactory(name="Asha Rao")],
        artwork=ImageFactory(),
        description="A weekly hour on one big story.",
    )


@pytest.fixture
def hub(home):
    return make_video_index(home)


def test_an_episode_carries_video_object_json_ld(client, show):
    uploaded = timezone.now().replace(microsecond=0) - dt.timedelta(hours=2)
    episode = make_episode(
        show,
        "Inside the budget",
        description="What the numbers mean.",
        video_url="/media/video/budget.mp4",
        duration=dt.timedelta(minutes=12, seconds=30),
        uploaded_at=uploaded,
        tags=["Budget", "Tax"],
        transcript="Hello and welcome.",
    )

    video = of_type(json_ld(client.get(episode.url)), "VideoObject")

    assert video["name"] == "Inside the budget"
    assert video["description"] == "What the numbers mean."
    assert video["uploadDate"] == timezone.localtime(uploaded).isoformat()
    assert video["duration"] == "PT12M30S"
    assert video["contentUrl"] == "http://localhost/media/video/budget.mp4"
    assert "embedUrl" not in video
    [thumbnail] = video["thumbnailUrl"]
    assert re.fullmatch(r"http://localhost/media/images/.+\.fill-1280x720\.png", thumbnail)
    assert video["url"] == f"http://localhost{episode.url}"
    assert video["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "The Long Read",
        "url": f"http://localhost{show.url}",
    }
    assert video["keywords"] == ["Budget", "Tax"]
    assert video["transcript"] == "Hello and welcome."
    assert video["publisher"]["name"] == "Dateline"


def test_a_youtube_video_has_an_embed_url_on_the_privacy_domain(client, hub):
    episode = make_episode(hub, "Tube", youtube_id="dQw4w9WgXcQ")

    video = of_type(json_ld(client.get(episode.url)), "VideoObject")

    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert "contentUrl" not in video
    # No picture of its own: the publisher's logo, never YouTube's thumbnail server.
    assert video["thumbnailUrl"] == ["http://localhost/static/dateline/logo-publisher.png"]


def test_an_episode_head_is_a_video_for_social_cards(client, show):
    episode = make_episode(show, "Inside the budget")

    html = client.get(episode.url).content.decode()

    assert '<meta property="og:type" content="video.episode">' in html
    assert 'href="http://localhost/feeds/video/rss/"' in html


def test_the_listings_are_collection_pages(client, show, hub):
    for url in ("/video/", "/shows/", show.url):
        blocks = json_ld(client.get(url))
        assert of_type(blocks, "CollectionPage")["url"] == f"http://localhost{url}"
        assert of_type(blocks, "BreadcrumbList")["itemListElement"][0]["name"] == "Home"


@pytest.fixture
def live_settings(home):
    return LiveTvSettings.for_site(Site.objects.get(is_default_site=True))


def test_live_tv_on_air_is_a_live_broadcast_event(client, home, live_settings):
    live_settings.stream_url = "/media/live/index.m3u8"
    live_settings.channel_name = "Dateline 24"
    live_settings.save()
    now = timezone.now().replace(microsecond=0)
    start, end = now - dt.timedelta(minutes=30), now + dt.timedelta(minutes=30)
    make_live_tv(home, slots=[("The midday bulletin", start, end)])

    video = of_type(json_ld(client.get("/live-tv/")), "VideoObject")

    assert video["name"] == "Dateline 24: The midday bulletin"
    assert video["contentUrl"] == "http://localhost/media/live/index.m3u8"
    assert video["publication"] == [
        {
            "@type": "BroadcastEvent",
            "isLiveBroadcast": True,
            "startDate": timezone.localtime(start).isoformat(),
            "name": "The midday bulletin",
            "endDate": timezone.localtime(end).isoformat(),
        }
    ]


def test_live_tv_off_air_claims_no_broadcast(client, home):
    make_live_tv(home)

    types = [block["@type"] for block in json_ld(client.get("/live-tv/"))]

    assert types == ["BreadcrumbList"]


# --- feed ------------------------------------------------------------------------


def test_the_video_feed_lists_episodes_newest_first_with_their_media(client, show, hub):
    now = timezone.now()
    older = make_episode(
        show,
        "Older",
        video_url="/media/video/a.mp4",
        duration=dt.timedelta(seconds=95),
        uploaded_at=now - dt.timedelta(hours=3),
        tags=["Tax"],
    )
    newer = make_episode(
        hub, "Newer", youtube_id="dQw4w9WgXcQ", uploaded_at=now - dt.timedelta(hours=1)
    )
    make_episode(show, "Draft", publish=False)

    response = client.get("/feeds/video/rss/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Dateline: latest videos"
    assert channel.findtext("link") == "http://localhost/video/"
    first, second = channel.findall("item")
    assert [first.findtext("title"), second.findtext("title")] == ["Newer", "Older"]
    assert first.find(f"{MEDIA}player").get("url") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    video = [m for m in second.findall(f"{MEDIA}content") if m.get("medium") == "video"]
    assert [(m.get("url"), m.get("type"), m.get("duration")) for m in video] == [
        ("http://localhost/media/video/a.mp4", "video/mp4", "95")
    ]
    assert second.findtext("link") == f"http://localhost{older.url}"
    assert second.find("guid").text.endswith(f":video:{older.pk}")
    assert [c.text for c in second.findall("category")] == ["The Long Read", "Tax"]
    assert newer.pk != older.pk


def test_the_video_feed_answers_conditional_gets(client, show):
    make_episode(show, "Only")
    etag = client.get("/feeds/video/atom/")["ETag"]

    assert client.get("/feeds/video/atom/", HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- sitemap -----------------------------------------------------------------------


def test_video_sitemap_entries_follow_googles_video_schema(client, show, hub):
    uploaded = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    episode = make_episode(
        show,
        "Inside the budget",
        description="What the numbers mean.",
        video_url="/media/video/budget.mp4",
        duration=dt.timedelta(minutes=2),
        uploaded_at=uploaded,
    )
    tube = make_episode(
        hub, "Tube", youtube_id="dQw4w9WgXcQ", uploaded_at=uploaded - dt.timedelta(hours=1)
    )
    make_episode(show, "Draft", publish=False)

    response = client.get("/sitemap-videos.xml")

    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [
        f"http://localhost{episode.url}",
        f"http://localhost{tube.url}",
    ]
    first = urls[0].find(f"{VIDEO}video")
    # The XSD's sequence order: thumbnail, title, description, content/player, duration, date.
    assert [child.tag.removeprefix(VIDEO) for child in first] == [
        "thumbnail_loc",
        "title",
        "description",
        "content_loc",
        "duration",
        "publication_date",
    ]
    assert re.fullmatch(
        r"http://localhost/media/original_images/.+\.png", first.findtext(f"{VIDEO}thumbnail_loc")
    )
    assert first.findtext(f"{VIDEO}description") == "What the numbers mean."
    assert first.findtext(f"{VIDEO}content_loc") == "http://localhost/media/video/budget.mp4"
    assert first.findtext(f"{VIDEO}duration") == "120"
    assert first.findtext(f"{VIDEO}publication_date") == timezone.localtime(uploaded).isoformat()
    second = urls[1].find(f"{VIDEO}video")
    assert (
        second.findtext(f"{VIDEO}player_loc")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert second.find(f"{VIDEO}content_loc") is None


def test_the_pages_sitemap_lists_the_hub_shows_and_live_page(client, show, hub):
    make_live_tv(show.get_parent().get_parent())

    response = client.get("/sitemap-pages.xml")

    locs = [u.findtext(f"{SM}loc") for u in ET.fromstring(response.content).findall(f"{SM}url")]
    assert sorted(locs) == sorted(
        [
            "http://localhost/",
            "http://localhost/shows/",
            f"http://localhost{show.url}",
            "http://localhost/video/",
            "http://localhost/live-tv/",
        ]
    )


def test_without_videos_the_index_leaves_out_the_empty_video_sitemap(client, hub):
    index = client.get("/sitemap.xml").content.decode()

    assert "sitemap-videos.xml" not in index
    assert client.get("/sitemap-videos.xml").status_code == 404


def test_with_a_video_the_index_lists_the_video_sitemap(client, hub):
    make_episode(hub, "First")

    assert "/sitemap-videos.xml</loc>" in client.get("/sitemap.xml").content.decode()
