"""Search documents (PostgreSQL): kept by triggers, the public rule applied to them, the
candidates they give ranked exactly as Wagtail's own search ranks them."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.articles.services import unpublish_article
from dateline.listings.factories import make_section
from dateline.search.models import SearchDocument
from dateline.search.query import clean_query
from dateline.search.ranking import rank
from dateline.search.sources import Filters, Hit, articles

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the documents are kept by PostgreSQL triggers"
)

NOW = timezone.now()


def found(word: str) -> list[str]:
    hits, _complete, _since = articles.candidates(clean_query(word), Filters(), 200)
    return sorted(hit.title for hit in hits)


def wagtails_own(word: str) -> list[Hit]:
    """Today's candidates for a query with fewer matches than the limit: every match, with
    the score Wagtail's own database search gives it."""
    query = clean_query(word)
    pages = (
        ArticlePage.objects.published()
        .search(query.searchable, operator="and", order_by_relevance=True)
        .annotate_score("_score")
    )
    sign = -1.0 if connection.vendor == "sqlite" else 1.0  # bm25: lower is better
    return [
        Hit("articles", page.pk, page.title, page.published_at, max(sign * page._score, 0.0))
        for page in pages
    ]


@postgres_only
def test_triggers_keep_each_storys_row_as_the_story_stands(world):
    story = ArticlePageFactory(section=world, title="Harbour strike ends")
    row = SearchDocument.objects.get(page_id=story.pk)
    assert (row.live, row.published_at, row.path) == (True, story.published_at, story.path)

    later = NOW + dt.timedelta(hours=3)
    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=later)  # a raw update too
    assert SearchDocument.objects.get(page_id=story.pk).embargo_until == later
    assert found("harbour") == []
    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=None)
    assert found("harbour") == ["Harbour strike ends"]

    elsewhere = make_section(world.get_parent(), "Elsewhere")
    story.refresh_from_db()
    story.move(elsewhere, pos="last-child")
    story.refresh_from_db()
    assert SearchDocument.objects.get(page_id=story.pk).path == story.path

    unpublish_article(story)
    assert SearchDocument.objects.get(page_id=story.pk).live is False
    assert found("harbour") == []

    story.delete()
    assert not SearchDocument.objects.filter(page_id=story.pk).exists()


@postgres_only
def test_the_public_rule_applies_to_the_documents(world):
    ArticlePageFactory(section=world, title="Monsoon visible story")
    ArticlePageFactory(section=world, title="Monsoon draft", publish=False)
    future = ArticlePageFactory(section=world, title="Monsoon dated in the future")
    ArticlePage.objects.filter(pk=future.pk).update(published_at=NOW + dt.timedelta(hours=2))
    hidden_section = make_section(world.get_parent(), "Members")
    ArticlePageFactory(section=hidden_section, title="Monsoon for members")
    PageViewRestriction.objects.create(
        page=hidden_section, restriction_type=PageViewRestriction.LOGIN
    )
    assert found("monsoon") == ["Monsoon visible story"]
    assert articles.count(clean_query("monsoon"), Filters()) == 1


def test_candidates_rank_exactly_as_wagtails_own_search(world):
    """Every match, the same scores, the same order: the documents change how matches are
    found, not how they rank (SQLite scores with its own single pass, also Wagtail's)."""
    for n, (title, dek) in enumerate(
        [
            ("Port strike", "Dockers walk out."),
            ("Port strike talks resume", "Unions and the port meet."),
            ("Strike at the port gates", "A third day."),
            ("Rain delays the harvest", "The port is quiet during the strike."),
            ("Port strike", "Older coverage of the strike."),
        ]
    ):
        ArticlePageFactory(
            section=world, title=title, dek=dek, published_at=NOW - dt.timedelta(days=n * 40)
        )
    for word in ("port strike", "strike", "port", "harvest", "dockers"):
        query = clean_query(word)
        hits, complete, _since = articles.candidates(query, Filters(), 200)
        assert complete
        expected = rank(wagtails_own(word), query, NOW)
        got = rank(hits, query, NOW)
        assert [hit.pk for hit in got] == [hit.pk for hit in expected], word
        assert [hit.score for hit in got] == pytest.approx([hit.score for hit in expected])


@postgres_only
def test_a_frequent_word_keeps_the_newest_and_the_best_headlines_of_all_time(world):
    """More matches than the candidates kept: the newest matches, and of all time the best
    with the word in the headline, however old; an old mention in the text alone is left
    out (the date filters reach it). The total counts every match."""
    old_headline = ArticlePageFactory(
        section=world, title="Ferry sinks", published_at=NOW - dt.timedelta(days=3000)
    )
    for n in range(4):
        ArticlePageFactory(
            section=world,
            title=f"Harbour news {n}",
            dek="The ferry runs late.",
            published_at=NOW - dt.timedelta(days=n),
        )
    old_mention = ArticlePageFactory(
        section=world,
        title="Harbour history",
        dek="A ferry once ran here.",
        published_at=NOW - dt.timedelta(days=2000),
    )
    query = clean_query("ferry")
    hits, complete, since = articles.candidates(query, Filters(), 3)
    assert not complete and since is None
    pks = {hit.pk for hit in hits}
    assert old_headline.pk in pks and old_mention.pk not in pks
    assert len(pks) == 4  # the newest 3, and the one headline
    assert articles.count(query, Filters()) == 6
    archive = Filters(date_to=(NOW - dt.timedelta(days=1000)).date())
    hits, complete, _since = articles.candidates(query, archive, 3)
    assert complete and {hit.pk for hit in hits} == {old_headline.pk, old_mention.pk}


def test_other_databases_keep_no_documents(world):
    ArticlePageFactory(section=world, title="Harbour strike ends")
    assert SearchDocument.objects.exists() == (connection.vendor == "postgresql")


@postgres_only
def test_a_count_past_the_limit_reads_as_more_than(client, world, monkeypatch):
    from dateline.search import sources, views

    monkeypatch.setattr(sources, "COUNT_LIMIT", 2)
    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    monkeypatch.setattr(views, "CANDIDATES_PER_SOURCE", 2)
    for n in range(4):
        ArticlePageFactory(section=world, title=f"Tide tables {n}")
    assert articles.count(clean_query("tide"), Filters()) == 3  # the limit + 1: "more than"
    html = client.get("/search/", {"q": "tide"}).content.decode()
    assert "More than 2 results for “tide”" in html
