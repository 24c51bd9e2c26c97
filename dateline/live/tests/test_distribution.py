"""A live blog on the outside: LiveBlogPosting markup, the LIVE label on every card that links
to it while it is live, the news sitemap and the feeds."""

import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from dateline.articles.factories import ArticlePageFactory
from dateline.live import services
from dateline.live.factories import LiveEntryFactory
from dateline.live.models import CoverageStatus

pytestmark = pytest.mark.django_db

ISO = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$"
# LiveBlogPosting as schema.org defines it and Google's live-coverage guidance uses it: an
# Article with coverageStartTime/coverageEndTime and the updates as liveBlogUpdate
# (BlogPosting, each with its headline, time, body and own URL).
LIVE_BLOG_SCHEMA = {
    "type": "object",
    "required": [
        "@context",
        "@type",
        "headline",
        "url",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
        "coverageStartTime",
        "liveBlogUpdate",
    ],  # fmt: skip
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "LiveBlogPosting"},
        "headline": {"type": "string", "minLength": 1, "maxLength": 110},
        "coverageStartTime": {"type": "string", "pattern": ISO},
        "coverageEndTime": {"type": "string", "pattern": ISO},
        "datePublished": {"type": "string", "pattern": ISO},
        "liveBlogUpdate": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "@type",
                    "headline",
                    "datePublished",
                    "url",
                    "articleBody",
                    "author",
                    "publisher",
                    "image",
                ],  # fmt: skip
                "properties": {
                    "@type": {"const": "BlogPosting"},
                    "headline": {"type": "string", "minLength": 1},
                    "datePublished": {"type": "string", "pattern": ISO},
                    "dateModified": {"type": "string", "pattern": ISO},
                    "url": {"type": "string", "pattern": r"^https?://[^#]+#entry-\d+$"},
                    "articleBody": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


class JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in = False


def live_blog_posting(client, url) -> dict:
    parser = JsonLd()
    parser.feed(client.get(url).content.decode())
    [block] = [b for b in parser.blocks if b["@type"] == "LiveBlogPosting"]
    return block


def test_live_blog_posting_markup_is_valid_and_lists_the_latest_updates(client, blog, editor):
    entries = [
        LiveEntryFactory(blog=blog, headline="" if n == 0 else f"Update {n}") for n in range(22)
    ]
    data = live_blog_posting(client, blog.url)
    jsonschema.validate(data, LIVE_BLOG_SCHEMA)
    assert data["coverageStartTime"] == blog.published_at.isoformat(timespec="seconds")
    updates = data["liveBlogUpdate"]
    assert len(updates) == 20 and updates[0]["headline"] == "Update 21"
    assert (
        updates[0]["url"]
        == f"http://testserver{blog.url}?before={entries[-1].pk + 1}#entry-{entries[-1].pk}"
    )
    assert "coverageEndTime" in data  # while live: when it would end for silence
    ended = services.set_status(blog, CoverageStatus.ENDED, user=editor)
    data = live_blog_posting(client, blog.url)
    jsonschema.validate(data, LIVE_BLOG_SCHEMA)
    assert data["coverageEndTime"] == ended.coverage_ended_at.isoformat(timespec="seconds")
    # The start stays the first publication, whatever revisions came after.
    assert data["coverageStartTime"] == blog.published_at.isoformat(timespec="seconds")


def test_markup_without_a_headline_uses_the_entry_text(client, blog):
    LiveEntryFactory(
        blog=blog, headline="", body=[("text", "<p>Sensex climbs 600 points on the speech.</p>")]
    )
    [update] = live_blog_posting(client, blog.url)["liveBlogUpdate"]
    assert update["headline"].startswith("Sensex climbs") and update["articleBody"].startswith(
        "Sensex"
    )


def live_labels(html: str) -> list[str]:
    return re.findall(r'<span class="live-label">Live</span> <a href="([^"]+)"', html)


def test_cards_say_live_until_the_coverage_ends(client, blog, world, editor):
    ArticlePageFactory(section=world, title="An ordinary story")
    assert live_labels(client.get(world.url).content.decode()) == [blog.url]
    assert blog.url in live_labels(client.get("/").content.decode())
    services.set_status(blog, CoverageStatus.ENDED, user=editor)
    assert live_labels(client.get(world.url).content.decode()) == []  # purged by the revision
    assert live_labels(client.get("/").content.decode()) == []


def test_cards_of_ordinary_stories_ask_nothing_more(
    client, world, django_assert_num_queries, page_cache_off
):
    """The label costs a query only for a live blog's card."""
    for _ in range(3):
        ArticlePageFactory(section=world)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(world.url)
    assert not [q for q in queries.captured_queries if "live_liveblogpage" in q["sql"]]


def test_in_the_news_sitemap_and_the_feeds(client, blog, world):
    assert (
        blog.full_url.replace("http://localhost", "")
        in client.get("/sitemap-news.xml").content.decode()
    )
    for feed in ("/feeds/latest/rss/", "/feeds/section/world/atom/"):
        assert blog.title in client.get(feed).content.decode()
