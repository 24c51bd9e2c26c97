"""Hostile input, thrown at every public surface as an attacker would.

- XSS: a payload in every field an editor or a setting can fill is escaped on every page,
  feed, JSON-LD block, sitemap and search result it reaches.
- SQL / FTS metacharacters, NUL bytes and oversize values at every public parameter and
  path: a 4xx or a normal page, never a 500.
- Open redirects: every redirecting view keeps readers on this site.

Runs on SQLite and on PostgreSQL (DATABASE_URL), where NUL bytes and tsquery syntax differ.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.newsletters.factories import NewsletterFactory
from dateline.site.models import SiteSettings

pytestmark = pytest.mark.django_db

# Breaks out of an HTML attribute, a text node and a <script> (JSON-LD) block at once.
XSS = "</script><script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
LIVE_MARKUP = ("<script>alert(1)", "<img src=x onerror")

INJECTIONS = [
    '"',
    "'",
    '"; DROP TABLE x;--',
    "' OR '1'='1",
    "a AND",
    "NEAR(a b)",
    "*",
    "-x",
    "^x",
    "(",
    ")",
    "\\",
    "%",
    "_",
    "{{7*7}}",
    "${7*7}",
    "../../etc/passwd",
    "\u202eevil",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "1" * 5000,
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
]
NUL_VALUES = {"\x00", "a\x00b"}


@pytest.fixture
def hostile_site(world, image):
    """A site where every editable text holds the payload."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.site_name = XSS[:80]
    settings.tagline = XSS
    settings.copyright_holder = XSS
    settings.newsletter_heading = XSS[:60]
    settings.save()
    world.title = f"World {XSS}"
    world.intro = XSS
    world.save_revision().publish()
    author = AuthorFactory(name=f"Asha {XSS}", slug="asha", role=XSS)
    agency = AgencyFactory(name=f"Wire {XSS}", slug="wire", description=XSS)
    story = ArticlePageFactory(
        section=world,
        title=f"Headline {XSS}",
        slug="hostile-story",
        dek=f"Dek {XSS}",
        hero_image=image,
        hero_alt=XSS,
        hero_caption=XSS,
        hero_credit=XSS,
        dateline_place=XSS[:60] if hasattr(ArticlePage, "dateline_place") else "",
        authors=[author],
        agency=agency,
        tags=[f"Tag {XSS}"],
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    return {"story": story, "author": author, "agency": agency, "tag": Tag.objects.get()}


def reader_pages(objects) -> list[str]:
    story = objects["story"]
    month = timezone.localtime(story.published_at, dt.UTC).strftime("%Y-%m")
    return [
        "/",
        "/world/",
        story.url,
        reverse("topic", args=[objects["tag"].slug]),
        reverse("topic_index"),
        reverse("author", args=["asha"]),
        reverse("agency", args=["wire"]),
        "/search/?" + "q=" + quote("Headline"),
        "/search/?q=" + quote(XSS),
        "/newsletter/",
        "/no-such-page-" + quote(XSS) + "/",
        f"/sitemap-articles-{month}.xml",
    ]


FEEDS = [
    "/feeds/latest/rss/",
    "/feeds/latest/atom/",
    "/feeds/section/world/rss/",
    "/feeds/section/world/atom/",
    "/feeds/author/asha/rss/",
    "/feeds/author/asha/atom/",
    "/feeds/agency/wire/rss/",
    "/feeds/agency/wire/atom/",
]
SITEMAPS = ["/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def assert_no_live_markup(html: str, path: str) -> None:
    for marker in LIVE_MARKUP:
        assert marker not in html, f"{marker!r} unescaped on {path}"
    for attributes, content in SCRIPT_TAG.findall(html):
        if "application/ld+json" in attributes:
            json.loads(content)  # a payload that closed the block would not parse
        else:
            assert "src=" in attributes and not content.strip(), f"inline script on {path}"


def test_xss_payloads_are_escaped_on_every_page(client, hostile_site):
    for path in reader_pages(hostile_site):
        response = client.get(path)
        assert response.status_code in {200, 404}, (path, response.status_code)
        body = response.content.decode()
        if response["Content-Type"].startswith("text/html"):
            assert_no_live_markup(body, path)
        else:
            ET.fromstring(response.content)  # sitemap stays well-formed XML


def test_json_ld_carries_the_payload_as_data(client, hostile_site):
    body = client.get(hostile_site["story"].url).content.decode()
    blocks = [
        json.loads(content)
        for attributes, content in SCRIPT_TAG.findall(body)
        if "application/ld+json" in attributes
    ]
    headlines = [block.get("headline") for block in blocks if isinstance(block, dict)]
    assert f"Headline {XSS}" in headlines


def _html_fields(root: ET.Element) -> list[str]:
    """Texts a feed reader renders as HTML: RSS description/content, Atom summary/content."""
    names = {
        "description",
        "summary",
        "content",
        "{http://purl.org/rss/1.0/modules/content/}encoded",
    }
    texts = []
    for element in root.iter():
        local = element.tag.split("}")[-1]
        if element.tag in names or local in {"summary", "content"}:
            texts.append(element.text or "")
    return texts


def test_feeds_never_hand_a_reader_live_markup(client, hostile_site):
    topic_feed = f"/feeds/topic/{hostile_site['tag'].slug}/rss/"
    for path in [*FEEDS, topic_feed]:
        response = client.get(path)
        assert response.status_code == 200, path
        root = ET.fromstring(response.content)
        html_fields = _html_fields(root)
        assert html_fields, path
        for text in html_fields:
            for marker in LIVE_MARKUP:
                assert marker not in text, f"{marker!r} live in {path}"


def test_sitemaps_stay_well_formed(client, hostile_site):
    for path in SITEMAPS:
        response = client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".xml"):
            ET.fromstring(response.content)


# --- hostile parameters and paths


def public_paths(objects) -> list[str]:
    return [
        "/",
        "/world/",
        objects["story"].url,
        "/search/",
        reverse("topic_index"),
        reverse("topic", args=[objects["tag"].slug]),
        reverse("author", args=["asha"]),
        reverse("agency", args=["wire"]),
        "/feeds/latest/rss/",
        "/feeds/section/world/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/newsletter/",
    ]


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_hostile_parameters_never_cause_a_500(client, hostile_site, value):
    for path in public_paths(hostile_site):
        for name in ("q", "page"):
            response = client.get(path, {name: value})
            assert response.status_code < 500, (path, name, value[:40])
            if value in NUL_VALUES:
                assert response.status_code == 400, (path, name)


@pytest.mark.parametrize("value", INJECTIONS, ids=range(len(INJECTIONS)))
def test_hostile_path_segments_never_cause_a_500(client, hostile_site, value):
    segment = quote(value, safe="")
    paths = [
        f"/{segment}/",
        f"/world/{segment}/",
        f"/topic/{segment}/",
        f"/author/{segment}/",
        f"/agency/{segment}/",
        f"/feeds/section/{segment}/rss/",
        f"/feeds/topic/{segment}/atom/",
        f"/sitemap-{segment}.xml",
        f"/sitemap-articles-{segment}.xml",
        f"/documents/{segment}/x.pdf",
        f"/media/{segment}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, (path[:80], response.status_code)
        if value in NUL_VALUES:
            assert response.status_code == 400, path[:80]


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-articles-0000-01.xml",
        "/sitemap-articles-9999-12.xml",
        "/sitemap-articles-2025-13.xml",
        "/sitemap-articles-2025-00.xml",
        "/sitemap-articles-99999-01.xml",
        "/search/?q=%22",
        "/search/?q=%22%3B%20DROP%20TABLE%20x%3B--",
        "/search/?q=%00",
        "/nope%00/",
        "/" + "a" * 5000 + "/",
        "/world/?page=" + "9" * 5000,
    ],
)
def test_reported_500s_are_now_4xx_or_pages(client, hostile_site, path):
    response = client.get(path)
    assert response.status_code in {200, 400, 404}, (path[:60], response.status_code)


SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def test_hostile_form_posts_re_render_with_errors(client, home):
    for value in INJECTIONS:
        cache.clear()  # the sign-up rate limit would answer 429 after ten posts
        response = client.post("/newsletter/", {"email": value, "next": value}, **SAME_SITE)
        assert response.status_code == 400, value[:40]
        assert_no_live_markup(response.content.decode(), "/newsletter/")


def test_search_echoes_the_query_escaped(client, hostile_site):
    body = client.get("/search/", {"q": XSS}).content.decode()
    assert_no_live_markup(body, "/search/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- open redirects

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://localhost@evil.example/",
    " //evil.example",
]


def assert_on_site(response) -> None:
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.netloc in {"", "localhost", "testserver"}, location
    assert parts.scheme in {"", "http", "https"}, location
    assert not location.lstrip().startswith(("//", "/\\", "\\")), location


HREF = re.compile(r'href="([^"]*)"')


@pytest.mark.parametrize("target", OFF_SITE)
def test_newsletter_next_never_leaves_the_site(client, home, target):
    NewsletterFactory(signup_default=True)
    response = client.post(
        "/newsletter/",
        {"email": f"reader{abs(hash(target))}@example.com", "next": target},
        **SAME_SITE,
    )
    assert response.status_code == 200  # the thank-you page, with a link back
    for link in HREF.findall(response.content.decode()):
        parts = urlsplit(link.replace("&amp;", "&"))
        assert parts.netloc in {"", "localhost", "testserver"}, link
        assert "evil" not in link, link


@pytest.mark.parametrize("target", OFF_SITE)
def test_admin_login_next_never_leaves_the_site(client, home, target, django_user_model):
    django_user_model.objects.create_user("staffer", password="a-long-staff-secret", is_staff=True)
    response = client.post(
        reverse("wagtailadmin_login") + "?next=" + quote(target, safe=""),
        {"username": "staffer", "password": "a-long-staff-secret", "next": target},
    )
    assert response.status_code == 302
    assert_on_site(response)


@pytest.mark.parametrize("path", ["//evil.example", "/%2F%2Fevil.example", "//evil.example/x"])
def test_slash_appending_redirects_stay_on_site(client, home, path):
    response = client.get(path)
    assert response.status_code < 500
    if response.status_code in {301, 302}:
        assert_on_site(response)


def test_admin_logout_next_never_leaves_the_site(client, home, django_user_model):
    user = django_user_model.objects.create_user("staffer2", password="x", is_staff=True)
    client.force_login(user)
    response = client.post(reverse("wagtailadmin_logout") + "?next=https://evil.example/")
    assert response.status_code == 302
    assert_on_site(response)
