"""Every reader page runs as many queries at 150 stories as at 40: nothing grows with the archive.

The same pages, the same story, tag, author and month are measured after `generate` at two
sizes in one test; runs on SQLite and (with DATABASE_URL) on PostgreSQL.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.demo.generator import generate_articles

DAYS = 120


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def newsroom(world, us_news, image):
    for name in ("Ila Sen", "Omar Khan", "Ruth Mehta"):
        AuthorFactory(name=name)
    AgencyFactory(name="Wire Agency", slug="wire-agency")
    for name in ("Trade", "Climate", "Jobs", "Cricket", "Elections"):
        Tag.objects.create(name=name)
    # The oldest story fixes the range of months the sitemap index lists at both sizes;
    # the newest puts one story in the Google News window at both sizes.
    for title, age in (("The first story", dt.timedelta(days=DAYS + 1)), ("News", dt.timedelta(0))):
        ArticlePageFactory(
            section=world,
            title=title,
            hero_image=image,
            published_at=timezone.now() - age - dt.timedelta(minutes=5),
        )
    return world


def _paths(world, us_news) -> dict[str, str]:
    story = (
        ArticlePage.objects.published()
        .filter(article_authors__isnull=False, agency__isnull=False)
        .order_by("-published_at")
        .first()
    )
    tag = story.tags.first()
    author = story.authors[0]
    month = story.published_at.astimezone(dt.UTC)
    return {
        "home": "/",
        "section": world.url,
        "section page 3": world.url + "?page=3",
        "sub-section": us_news.url,
        "topic": f"/topic/{tag.slug}/",
        "author": author.get_absolute_url(),
        "agency": story.agency.get_absolute_url(),
        "article": story.url,
        "month archive": story.get_parent().url,
        "latest feed": "/feeds/latest/rss/",
        "section feed": f"/feeds/section/{world.slug}/rss/",
        "sitemap index (cold)": "/sitemap.xml",
        "sitemap index (warm)": "/sitemap.xml",
        "month sitemap": f"/sitemap-articles-{month:%Y-%m}.xml",
        "news sitemap": "/sitemap-news.xml",
        "search, common word": f"/search/?q={tag.name}",
        "search, rare word": f"/search/?q={story.dateline_place}",
    }


def _query_counts(client, paths: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, path in paths.items():
        if "(warm)" not in name:
            client.get(path)  # renditions and per-process caches, made once
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_every_reader_page_costs_the_same_number_of_queries_at_two_sizes(newsroom, us_news, client):
    generate_articles(40, days=DAYS, seed=11)
    paths = _paths(newsroom, us_news)
    small = _query_counts(client, paths)

    generate_articles(110, days=DAYS, seed=12)
    assert ArticlePage.objects.count() == 152
    large = _query_counts(client, paths)

    assert large == small
