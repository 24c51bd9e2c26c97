"""The per-month summary rows the sitemap index reads (`ArticleMonth`) stay equal to a
recount of the stories after every kind of change."""

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticleMonth, ArticlePage, refresh_article_months

pytestmark = pytest.mark.django_db


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def summary() -> dict[str, int]:
    return {f"{row.month:%Y-%m}": row.stories for row in ArticleMonth.objects.order_by("month")}


def recount() -> dict[str, int]:
    """What the rows must say: live, visible stories per UTC month."""
    counts: dict[str, int] = {}
    for when in ArticlePage.objects.published().values_list("published_at", flat=True):
        month = f"{when.astimezone(dt.UTC):%Y-%m}"
        counts[month] = counts.get(month, 0) + 1
    return dict(sorted(counts.items()))


def test_filing_a_story_counts_it_in_its_utc_month(world):
    ArticlePageFactory(section=world, published_at=utc(2025, 1, 31, 23, 59))
    ArticlePageFactory(section=world, published_at=utc(2025, 2, 1, 0, 0))
    ArticlePageFactory(section=world, published_at=utc(2025, 2, 3, 9), publish=False)

    assert summary() == {"2025-01": 1, "2025-02": 1} == recount()
    row = ArticleMonth.objects.get(month=dt.date(2025, 2, 1))
    assert row.root_path == world.get_parent().path
    assert row.lastmod == utc(2025, 2, 1, 0, 0)


def test_unpublishing_and_republishing_move_the_count(world):
    story = ArticlePageFactory(section=world, published_at=utc(2025, 3, 10, 12))
    ArticlePageFactory(section=world, published_at=utc(2025, 3, 11, 12))

    services.unpublish_article(story)
    assert summary() == {"2025-03": 1} == recount()

    story.refresh_from_db()
    story.save_revision().publish()
    assert summary() == {"2025-03": 2} == recount()
    republished = ArticlePage.objects.get(pk=story.pk).last_published_at
    assert ArticleMonth.objects.get().lastmod == republished


def test_a_new_publication_time_moves_the_story_between_months(world):
    story = ArticlePageFactory(section=world, published_at=utc(2024, 12, 5, 12))

    services.revise_article(story, published_at=utc(2025, 4, 2, 12))

    assert summary() == {"2025-04": 1} == recount()


def test_deleting_the_last_story_of_a_month_removes_the_month(world):
    story = ArticlePageFactory(section=world, published_at=utc(2025, 5, 5, 12))
    ArticlePageFactory(section=world, published_at=utc(2025, 6, 5, 12))

    ArticlePage.objects.get(pk=story.pk).delete()

    assert summary() == {"2025-06": 1} == recount()


def test_a_lifted_embargo_is_counted_by_the_scheduler_sweep(world):
    now = timezone.now()
    story = ArticlePageFactory(section=world, published_at=now - dt.timedelta(hours=1))
    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=now + dt.timedelta(hours=1))
    refresh_article_months([story.published_at])
    assert summary() == {} == recount()

    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=now - dt.timedelta(minutes=1))
    services.release_due_stories(now - dt.timedelta(minutes=5), now)

    assert summary() == recount() != {}


def test_a_recount_of_months_without_stories_writes_nothing(world):
    refresh_article_months([utc(2020, 1, 1), utc(2021, 7, 1), None])

    assert not ArticleMonth.objects.exists()
