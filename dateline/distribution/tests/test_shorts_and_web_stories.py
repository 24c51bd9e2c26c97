"""Feeds, sitemap entries and head tags for Shorts and Web Stories."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from dateline.core.factories import ImageFactory
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index

from .test_head_meta import HeadParser

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def content(home):
    image = ImageFactory()
    shorts = make_shorts_index(home)
    stories = make_web_story_index(home)
    return {
        "short": make_short(
            shorts, "Budget in brief", image=image, image_alt="Ledger", tags=("Budget",)
        ),  # fmt: skip
        "draft_short": make_short(shorts, "Draft short", slug="draft-short", publish=False),
        "story": make_web_story(stories, "River day", image=image),
        "shorts_index": shorts,
        "stories_index": stories,
    }


def locs(response):
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SM}loc")]


ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def test_shorts_rss_feed_lists_published_shorts(client, content):
    short = content["short"]
    response = client.get("/feeds/shorts/rss/")
    assert response.status_code == 200
    items = ET.fromstring(response.content).findall("channel/item")
    assert [item.findtext("title") for item in items] == ["Budget in brief"]
    item = items[0]
    assert item.findtext("link") == f"http://localhost/shorts/{short.slug}/"
    assert item.findtext("description") == short.body
    guid = item.findtext("guid")
    assert guid.startswith("tag:localhost,") and guid.endswith(f":short:{short.pk}")
    assert [c.text for c in item.findall("category")] == ["Budget"]
    assert item.find(f"{MEDIA}content").get("url").startswith("http://localhost/media/images/")
    assert item.findtext("pubDate")


def test_shorts_atom_feed(client, content):
    root = ET.fromstring(client.get("/feeds/shorts/atom/").content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Budget in brief"]
    assert entries[0].findtext(f"{ATOM}updated")


def test_shorts_feed_answers_not_modified(client, content):
    first = client.get("/feeds/shorts/rss/")
    again = client.get("/feeds/shorts/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_web_stories_feed_lists_published_stories(client, content):
    channel = ET.fromstring(client.get("/feeds/web-stories/rss/").content).find("channel")
    assert channel.findtext("title") == "Dateline: Web Stories"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["River day"]
    assert items[0].findtext("link") == f"http://localhost{content['story'].url}"


def test_sitemap_index_lists_shorts_and_web_stories_when_they_exist(client, content):
    index = locs(client.get("/sitemap.xml"))
    assert "http://localhost/sitemap-shorts.xml" in index
    assert "http://localhost/sitemap-web-stories.xml" in index
    assert locs(client.get("/sitemap-shorts.xml")) == [
        "http://localhost/shorts/",
        f"http://localhost/shorts/{content['short'].slug}/",
    ]
    assert locs(client.get("/sitemap-web-stories.xml")) == [
        "http://localhost/web-stories/",
        f"http://localhost{content['story'].url}",
    ]


def test_sitemap_index_leaves_out_empty_content_sitemaps(client, home):
    index = locs(client.get("/sitemap.xml"))
    assert "http://localhost/sitemap-shorts.xml" not in index
    assert "http://localhost/sitemap-web-stories.xml" not in index


def test_listing_pages_advertise_their_feeds_and_collection_markup(client, content):
    for path, kind, name in (("/shorts/", "shorts", "Shorts"),
                             ("/web-stories/", "web-stories", "Web Stories")):  # fmt: skip
        parser = HeadParser()
        parser.feed(client.get(path).content.decode())
        feeds = [link["href"] for link in parser.links if link.get("rel") == "alternate"]
        assert f"http://localhost/feeds/{kind}/rss/" in feeds
        assert f"http://localhost/feeds/{kind}/atom/" in feeds
        collection = [b for b in parser.json_ld if b["@type"] == "CollectionPage"]
        assert [c["name"] for c in collection] == [name]


def test_short_page_shares_its_picture(client, content):
    parser = HeadParser()
    parser.feed(client.get(f"/shorts/{content['short'].slug}/").content.decode())
    assert parser.meta["og:image"][0].startswith("http://localhost/media/images/")
    assert parser.meta["og:description"] == [content["short"].body]


def test_the_feeds_channel_link_follows_its_index_page(
    client, content, django_capture_on_commit_callbacks
):
    """The index look-up is narrowed to the index's type (`visibility.index_lookup`): a
    story of another type leaves the feed cached, a change of the index purges it."""

    def channel_link() -> str:
        return ET.fromstring(client.get("/feeds/shorts/rss/").content).findtext("channel/link")

    assert channel_link() == "http://localhost/shorts/"
    assert client.get("/feeds/shorts/rss/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        make_web_story(
            content["stories_index"],
            "Another river day",
            slug="another",
            image=content["short"].image,
        )
    assert client.get("/feeds/shorts/rss/")["X-Cache"] == "HIT"

    index = content["shorts_index"]
    index.slug = "clips"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    assert channel_link() == "http://localhost/clips/"
