"""Canonical, robots, OpenGraph, Twitter, feed links and JSON-LD in the page head."""

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from dateline.articles.models import ArticleType
from dateline.core.factories import ImageFactory, png_file


class HeadParser(HTMLParser):
    """Collects meta properties, link elements and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[dict] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False

    def of_type(self, schema_type: str) -> dict:
        [block] = [b for b in self.json_ld if b["@type"] == schema_type]
        return block

    def links_of(self, rel: str) -> list[dict]:
        return [link for link in self.links if link.get("rel") == rel]


def head(response) -> HeadParser:
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def local_iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


@pytest.fixture
def story(make_story, us_news, author, agency, now):
    # Large enough for every shape at 1200 px wide (renditions never upscale).
    image = ImageFactory(file=png_file(size=(2400, 1600)))
    article = make_story(
        section=us_news,
        title="Markets rally after the vote",
        dek="Shares rose for a third day.",
        authors=[author],
        tags=["Markets", "Elections"],
        hero_image=image,
        hero_alt="Traders on the floor",
        dateline_place="Mumbai",
        published_at=now - dt.timedelta(hours=5),
    )
    type(article).objects.filter(pk=article.pk).update(
        agency=agency, updated_at=now - dt.timedelta(hours=1)
    )
    article.refresh_from_db()
    return article


def test_article_json_ld(client, story, now):
    data = head(client.get(story.url)).of_type("NewsArticle")
    url = f"http://localhost{story.url}"

    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Markets rally after the vote"
    assert data["description"] == "Shares rose for a third day."
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == local_iso(now - dt.timedelta(hours=5))
    assert data["dateModified"] == local_iso(now - dt.timedelta(hours=1))
    assert [(i["width"], i["height"]) for i in data["image"]] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    assert all(i["url"].startswith("http://localhost/media/images/") for i in data["image"])
    assert data["author"] == [
        {"@type": "Person", "name": "Asha Rao", "url": "http://localhost/author/asha-rao/"},
        {
            "@type": "Organization",
            "name": "The Associated Press",
            "url": "http://localhost/agency/associated-press/",
        },
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Dateline",
        "url": "http://localhost/",
        "logo": {
            "@type": "ImageObject",
            "url": "http://localhost/static/dateline/logo-publisher.png",
            "width": 672,
            "height": 144,
        },
    }
    assert data["articleSection"] == "US News"
    assert data["keywords"] == ["Elections", "Markets"]
    assert data["isAccessibleForFree"] is True
    assert data["dateline"] == "Mumbai"
    assert data["contentLocation"] == {"@type": "Place", "name": "Mumbai"}


@pytest.mark.parametrize(
    ("article_type", "schema_type"),
    [
        (ArticleType.NEWS, "NewsArticle"),
        (ArticleType.EXPLAINER, "BackgroundNewsArticle"),
        (ArticleType.OPINION, "OpinionNewsArticle"),
        (ArticleType.ANALYSIS, "AnalysisNewsArticle"),
        (ArticleType.PHOTOSTORY, "ReportageNewsArticle"),
    ],
)
def test_article_schema_type_follows_article_type(client, make_story, article_type, schema_type):
    article = make_story(article_type=article_type)

    data = head(client.get(article.url)).of_type(schema_type)

    assert data["headline"] == article.title


def test_story_without_byline_or_image_falls_back_to_the_publication(client, make_story):
    article = make_story()
    # A story from before bylines were required (publishing now refuses one without).
    type(article).objects.filter(pk=article.pk).update(agency=None)

    data = head(client.get(article.url)).of_type("NewsArticle")

    assert data["author"] == [
        {"@type": "Organization", "name": "Dateline", "url": "http://localhost/"}
    ]
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "url": "http://localhost/static/dateline/logo-publisher.png",
            "width": 672,
            "height": 144,
        }
    ]


def test_json_ld_cannot_close_its_script_element(client, make_story):
    article = make_story(title='Why </script><b>tags</b> & quotes " matter')

    response = client.get(article.url)

    assert b"</script><b>" not in response.content
    data = head(response).of_type("NewsArticle")
    assert data["headline"] == 'Why </script><b>tags</b> & quotes " matter'


def test_article_breadcrumbs(client, story, world, us_news):
    data = head(client.get(story.url)).of_type("BreadcrumbList")

    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://localhost/"},
        {"@type": "ListItem", "position": 2, "name": "World", "item": "http://localhost/world/"},
        {
            "@type": "ListItem",
            "position": 3,
            "name": "US News",
            "item": "http://localhost/world/us-news/",
        },
        {
            "@type": "ListItem",
            "position": 4,
            "name": "Markets rally after the vote",
            "item": f"http://localhost{story.url}",
        },
    ]


def test_article_social_tags(client, story, now):
    parsed = head(client.get(story.url))
    url = f"http://localhost{story.url}"

    assert parsed.links_of("canonical") == [{"rel": "canonical", "href": url}]
    assert parsed.meta["robots"] == ["max-image-preview:large"]
    assert parsed.meta["og:type"] == ["article"]
    assert parsed.meta["og:title"] == ["Markets rally after the vote"]
    assert parsed.meta["og:description"] == ["Shares rose for a third day."]
    assert parsed.meta["og:url"] == [url]
    [og_image] = parsed.meta["og:image"]
    assert og_image.startswith("http://localhost/media/images/")
    assert og_image.endswith(".fill-1200x630.png")
    assert (parsed.meta["og:image:width"], parsed.meta["og:image:height"]) == (["1200"], ["630"])
    assert parsed.meta["og:image:alt"] == ["Traders on the floor"]
    assert parsed.meta["article:published_time"] == [local_iso(now - dt.timedelta(hours=5))]
    assert parsed.meta["article:modified_time"] == [local_iso(now - dt.timedelta(hours=1))]
    assert parsed.meta["article:section"] == ["US News"]
    assert parsed.meta["article:tag"] == ["Elections", "Markets"]
    assert parsed.meta["twitter:card"] == ["summary_large_image"]
    assert parsed.meta["twitter:image"] == [og_image]


def test_home_has_website_search_and_organization(client, home):
    parsed = head(client.get("/"))

    website = parsed.of_type("WebSite")
    assert website["url"] == "http://localhost/"
    assert website["potentialAction"] == {
        "@type": "SearchAction",
        "target": {
            "@type": "EntryPoint",
            "urlTemplate": "http://localhost/search/?q={search_term_string}",
        },
        "query-input": "required name=search_term_string",
    }
    assert parsed.of_type("Organization")["logo"]["url"] == (
        "http://localhost/static/dateline/logo-publisher.png"
    )
    assert [b["@type"] for b in parsed.json_ld] == ["WebSite", "Organization"]
    assert [(f["type"], f["href"]) for f in parsed.links_of("alternate")] == [
        ("application/rss+xml", "http://localhost/feeds/latest/rss/"),
        ("application/atom+xml", "http://localhost/feeds/latest/atom/"),
    ]


def test_section_page_is_a_collection_with_its_feeds(client, us_news):
    parsed = head(client.get(us_news.url))

    collection = parsed.of_type("CollectionPage")
    assert (collection["name"], collection["url"]) == ("US News", "http://localhost/world/us-news/")
    assert [c["name"] for c in parsed.of_type("BreadcrumbList")["itemListElement"]] == [
        "Home",
        "World",
        "US News",
    ]
    assert [f["href"] for f in parsed.links_of("alternate")] == [
        "http://localhost/feeds/latest/rss/",
        "http://localhost/feeds/latest/atom/",
        "http://localhost/feeds/section/world/us-news/rss/",
        "http://localhost/feeds/section/world/us-news/atom/",
    ]


@pytest.mark.parametrize(
    ("path", "schema_type", "feed"),
    [
        ("/topic/budget/", "CollectionPage", "/feeds/topic/budget/rss/"),
        ("/author/asha-rao/", "ProfilePage", "/feeds/author/asha-rao/rss/"),
        ("/agency/associated-press/", "CollectionPage", "/feeds/agency/associated-press/rss/"),
    ],
)
def test_listing_pages(client, make_story, author, agency, path, schema_type, feed):
    story = make_story(tags=["Budget"], authors=[author])
    type(story).objects.filter(pk=story.pk).update(agency=agency)

    parsed = head(client.get(path))

    assert parsed.of_type(schema_type)["url"] == f"http://localhost{path}"
    assert parsed.links_of("canonical") == [{"rel": "canonical", "href": f"http://localhost{path}"}]
    assert f"http://localhost{feed}" in [f["href"] for f in parsed.links_of("alternate")]
    assert parsed.of_type("BreadcrumbList")["itemListElement"][-1]["item"] == (
        f"http://localhost{path}"
    )


def test_a_page_without_a_visible_trail_still_has_breadcrumb_data(client, home):
    from dateline.site.factories import make_standard_page

    about = make_standard_page(home, "About us")

    data = head(client.get(about.url)).of_type("BreadcrumbList")

    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://localhost/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "About us",
            "item": "http://localhost/about-us/",
        },
    ]


def test_later_listing_pages_are_their_own_canonical(client, make_story, world, settings):
    settings.DATELINE_PAGE_SIZE = 1
    make_story(hours_ago=2)
    make_story(hours_ago=1)

    parsed = head(client.get(f"{world.url}?page=2"))

    assert parsed.links_of("canonical")[0]["href"] == "http://localhost/world/?page=2"


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_article_page_query_count_is_exact(client, story, django_assert_num_queries):
    client.get(story.url)  # renditions are made once

    # the rail, Top Shows (3), Impact Shorts (2); the restriction check once per request (it
    # was read for each of two callers: core.visibility memoises it for the request)
    # +1: visibility.next_due; +1: the ad placements (dateline.ads); +1: the hero's
    # renditions, prefetched with the routed story (articles.routing: none from the cache);
    # -1: Top Shows leave restricted shows out by the restricted paths read once a request
    with django_assert_num_queries(30):
        response = client.get(story.url)

    assert response.status_code == 200
