"""`dateline generate`: bulk synthetic stories that are live, listed, routable and editable."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from dateline.articles.factories import AgencyFactory, AuthorFactory
from dateline.articles.models import ArticlePage, ArticlePageTag
from dateline.demo.generator import generate_articles
from dateline.search.models import SearchDocument


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def newsroom(world, us_news):
    """World › US News, two authors, an agency and five topics."""
    from taggit.models import Tag

    AuthorFactory(name="Ila Sen")
    AuthorFactory(name="Omar Khan")
    AgencyFactory()
    for name in ("Trade", "Climate", "Jobs", "Cricket", "AI"):
        Tag.objects.create(name=name)
    return world


def _tree_problems() -> list:
    return [problem for problems in Page.find_problems() for problem in problems]


def test_generate_creates_exactly_n_live_listed_routable_stories(newsroom, us_news, client):
    result = generate_articles(50, days=40, seed=7)

    stories = ArticlePage.objects.all()
    assert result.created == 50
    assert stories.count() == 50
    assert stories.filter(live=True, has_unpublished_changes=False).count() == 50
    assert stories.filter(published_at__isnull=True).count() == 0
    assert stories.filter(hero_image__isnull=True).count() == 0
    assert stories.filter(top_section=newsroom).count() == 50
    assert ArticlePage.objects.published().in_section(newsroom).count() == 50
    in_us_news = ArticlePage.objects.descendant_of(us_news)
    assert set(stories.filter(section=us_news)) == set(in_us_news)
    assert set(stories.filter(section=newsroom)) == set(stories.exclude(pk__in=in_us_news))
    for story in stories:
        assert story.get_parent().specific_class.__name__ == "ArchiveMonthPage"
        assert 2 <= story.tags.count() <= 4
    assert ArticlePageTag.objects.count() == sum(s.tags.count() for s in stories)
    assert _tree_problems() == []

    newest = ArticlePage.objects.published().in_section(newsroom).for_listing().first()
    response = client.get(newest.url)
    assert response.status_code == 200
    assert newest.title in response.text
    listing = client.get(newest.section.url)
    assert listing.status_code == 200
    assert newest.title in listing.text


def test_section_option_fills_only_that_section(newsroom, us_news):
    output = io.StringIO()
    call_command("generate", articles=12, section="us-news", seed=2, stdout=output)

    assert output.getvalue().startswith("Created 12 articles in ")

    assert ArticlePage.objects.count() == 12
    assert ArticlePage.objects.filter(section=us_news, top_section=newsroom).count() == 12


def test_unknown_section_is_a_clear_error_and_creates_nothing(newsroom):
    with pytest.raises(CommandError, match="No live section with slug 'nowhere'"):
        call_command("generate", articles=5, section="nowhere")
    assert ArticlePage.objects.count() == 0


def test_without_sections_generate_says_to_load_the_demo(home):
    with pytest.raises(CommandError, match="run `dateline demo` first"):
        call_command("generate", articles=5)


def test_non_positive_count_is_refused(newsroom):
    with pytest.raises(CommandError, match="positive number"):
        call_command("generate", articles=0)


def test_a_seed_makes_the_same_stories(newsroom):
    now = timezone.now()
    generate_articles(8, days=30, seed=11, now=now)
    generate_articles(8, days=30, seed=11, now=now)

    rows = list(
        ArticlePage.objects.order_by("pk").values_list(
            "title", "dek", "published_at", "agency_id", "hero_image_id", "section_id"
        )
    )
    assert rows[:8] == rows[8:]
    assert len(set(rows[:8])) == 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index deferral is PostgreSQL-only")
def test_a_large_generate_rebuilds_the_search_documents_indexes_too(newsroom):
    """The demo names the search documents' table, filled by triggers, to the loader."""
    from dateline.articles.bulk.indexes import DROPPED_INDEXES_TABLE

    def indexes() -> set:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
                [SearchDocument._meta.db_table],
            )
            return set(cursor.fetchall())

    before = indexes()
    assert before

    generate_articles(25, seed=4, chunk=10, defer_indexes=True)

    assert indexes() == before
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DROPPED_INDEXES_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 0
    assert ArticlePage.objects.count() == SearchDocument.objects.count() == 25
    assert _tree_problems() == []
