"""`services.load_stories`: stories written table by table are live, listed, routable,
editable and searchable, on SQLite and (with DATABASE_URL) on PostgreSQL by COPY."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from dateline.articles.bulk import NewStory, indexes, loading
from dateline.articles.factories import AgencyFactory, AuthorFactory
from dateline.articles.models import ArchiveMonthPage, ArticleMonth, ArticlePage, ArticlePageTag
from dateline.articles.services import load_stories
from dateline.search.models import SearchDocument

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's COPY, index and search paths"
)


@pytest.fixture
def newsroom(world, us_news, image):
    """World › US News, two authors, an agency, five topics and a picture."""
    return {
        "sections": [world, us_news],
        "authors": [AuthorFactory(name="Ila Sen").pk, AuthorFactory(name="Omar Khan").pk],
        "agency": AgencyFactory().pk,
        "tags": [Tag.objects.create(name=n).pk for n in ("Trade", "Climate", "Jobs", "AI")],
        "image": image.pk,
    }


def _stories(newsroom: dict, count: int, *, days: int = 60, seed: int = 0) -> list[NewStory]:
    rng = random.Random(seed)
    now = timezone.now()
    stories = []
    for n in range(count):
        by_agency = n % 3 == 0
        stories.append(
            NewStory(
                section=rng.choice(newsroom["sections"]),
                published_at=now - dt.timedelta(seconds=rng.uniform(60, days * 86400)),
                title=f"Story {n} from the loader",
                dek="What happened, in one line.",
                paragraphs=["First <paragraph> & more.", f"Second paragraph of story {n}."],
                dateline_place="Pune",
                hero_image_id=newsroom["image"],
                agency_id=newsroom["agency"] if by_agency else None,
                tag_ids=rng.sample(newsroom["tags"], 2),
                author_ids=[] if by_agency else newsroom["authors"][: 1 + n % 2],
            )
        )
    return stories


def _in_batches(stories: list[NewStory], size: int) -> list[list[NewStory]]:
    return [stories[start : start + size] for start in range(0, len(stories), size)]


def _tree_problems() -> list:
    return [problem for problems in Page.find_problems() for problem in problems]


def test_loaded_stories_are_live_listed_and_routable(newsroom, world, us_news, client):
    loaded = load_stories(_in_batches(_stories(newsroom, 30), 12))

    stories = ArticlePage.objects.all()
    assert loaded.created == stories.count() == 30
    assert loaded.buckets == ArchiveMonthPage.objects.count()
    assert stories.filter(live=True, has_unpublished_changes=False).count() == 30
    assert ArticlePage.objects.published().in_section(world).count() == 30
    in_us_news = ArticlePage.objects.descendant_of(us_news)
    assert set(stories.filter(section=us_news)) == set(in_us_news)
    assert set(stories.filter(section=world)) == set(stories.exclude(pk__in=in_us_news))
    for story in stories:
        assert story.get_parent().specific_class.__name__ == "ArchiveMonthPage"
        assert story.tags.count() == 2
        assert bool(story.agency_id) != bool(story.authors)
    assert ArticlePageTag.objects.count() == 60
    assert _tree_problems() == []

    newest = ArticlePage.objects.published().in_section(world).for_listing().first()
    page = client.get(newest.url)
    assert page.status_code == 200
    assert newest.title in page.text
    assert "First &lt;paragraph&gt; &amp; more." in page.text
    listing = client.get(newest.section.url)
    assert newest.title in listing.text


def test_a_second_load_appends_under_the_same_buckets(newsroom, world):
    load_stories([_stories(newsroom, 20, days=3, seed=1)])
    load_stories([_stories(newsroom, 30, days=3, seed=1)])  # the same titles: slugs still unique

    assert ArticlePage.objects.count() == 50
    assert _tree_problems() == []
    assert len(set(ArticlePage.objects.values_list("url_path", flat=True))) == 50
    for bucket in ArchiveMonthPage.objects.all():
        assert bucket.numchild == bucket.get_children().count()


def test_a_loaded_story_opens_in_the_editor_and_republishes(newsroom, admin_client, admin_user):
    load_stories([_stories(newsroom, 4, seed=5)])
    story = ArticlePage.objects.order_by("pk").first()

    assert admin_client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
    assert story.latest_revision_id == story.live_revision_id
    assert story.latest_revision.object_id == str(story.pk)
    draft = story.get_latest_revision_as_object()
    assert (draft.title, draft.slug, draft.published_at) == (
        story.title,
        story.slug,
        story.published_at,
    )
    assert sorted(link.tag_id for link in draft.tagged_items.all()) == sorted(
        story.tagged_items.values_list("tag_id", flat=True)
    )

    draft.title = "A corrected headline"
    draft.save_revision(user=admin_user).publish(user=admin_user)

    story.refresh_from_db()
    assert (story.title, story.live) == ("A corrected headline", True)
    assert list(story.tagged_items.values_list("published_at", flat=True).distinct()) == [
        story.published_at
    ]
    assert _tree_problems() == []


def test_loaded_stories_are_in_the_search_index(newsroom, client):
    load_stories([_stories(newsroom, 10, seed=8)])
    story = ArticlePage.objects.order_by("pk").last()

    results = ArticlePage.objects.live().search(story.title, operator="and")
    assert story.pk in [hit.pk for hit in results]
    assert story.title in client.get("/search/", {"q": story.title}).text


def test_tag_links_carry_their_story_date_and_sections_follow_the_tree(newsroom, world, us_news):
    load_stories([_stories(newsroom, 25, seed=9)])

    for story in ArticlePage.objects.all():
        assert set(story.tagged_items.values_list("published_at", flat=True)) == {
            story.published_at
        }
        expected = ArticlePage.sections_for_path(
            story.path, {s.path: s.pk for s in (world, us_news)}
        )
        assert (story.section_id, story.top_section_id) == expected


def test_loaded_stories_are_counted_in_the_sitemap_month_summaries(newsroom):
    load_stories([_stories(newsroom, 40, days=90, seed=5)])
    load_stories([_stories(newsroom, 10, days=90, seed=6)])  # adds to the same months

    counts: dict[str, int] = {}
    for when in ArticlePage.objects.published().values_list("published_at", flat=True):
        month = f"{when.astimezone(dt.UTC):%Y-%m}"
        counts[month] = counts.get(month, 0) + 1
    summary = {f"{row.month:%Y-%m}": row.stories for row in ArticleMonth.objects.all()}
    assert summary == counts
    assert sum(summary.values()) == 50


def test_progress_is_told_after_each_batch(newsroom):
    told = []

    load_stories(_in_batches(_stories(newsroom, 25), 10), progress=told.append)

    assert told == [10, 20, 25]


@postgres_only
def test_bulk_search_rows_match_what_wagtails_indexer_writes(newsroom):
    load_stories([_stories(newsroom, 3, seed=10)])
    story = ArticlePage.objects.order_by("pk").first()

    def entry() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title::text, autocomplete::text, body::text, title_text, body_text"
                " FROM wagtailsearch_indexentry WHERE object_id = %s",
                [str(story.pk)],
            )
            return cursor.fetchone()

    bulk = entry()
    get_search_backend().add(story)
    assert entry() == bulk


# --- large loads on PostgreSQL: indexes dropped for the load, always rebuilt --------------


def _story_indexes() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [indexes.story_tables([SearchDocument])],
        )
        return set(cursor.fetchall())


def _waiting_indexes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [indexes.DROPPED_INDEXES_TABLE])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"SELECT count(*) FROM {indexes.DROPPED_INDEXES_TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


def _deferred_load(batches) -> None:
    load_stories(batches, defer_indexes=True, derived_tables=[SearchDocument])


@postgres_only
def test_a_large_load_rebuilds_every_index_it_dropped(newsroom):
    before = _story_indexes()

    _deferred_load(_in_batches(_stories(newsroom, 25, seed=4), 10))

    assert _story_indexes() == before
    assert _waiting_indexes() == 0
    assert ArticlePage.objects.count() == 25
    assert _tree_problems() == []


@postgres_only
def test_an_interrupted_large_load_still_rebuilds_the_indexes(newsroom, monkeypatch):
    before = _story_indexes()
    real_index, calls = loading.index_stories_in_bulk, []

    def fail_on_second_batch(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of a load
        real_index(*args)

    monkeypatch.setattr(loading, "index_stories_in_bulk", fail_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        _deferred_load(_in_batches(_stories(newsroom, 30, seed=4), 10))

    assert _story_indexes() == before
    assert _waiting_indexes() == 0
    assert ArticlePage.objects.count() == 10  # the first batch, whole; nothing of the second
    assert _tree_problems() == []


@postgres_only
def test_indexes_left_dropped_by_a_killed_load_come_back_at_the_next_load(newsroom):
    before = _story_indexes()
    # As if the process died before its `finally`.
    dropped = indexes.drop_story_indexes(indexes.story_tables([SearchDocument]))
    assert dropped
    assert _waiting_indexes() == len(dropped)
    assert not {name for name, _ in before if name in dropped} & {
        name for name, _ in _story_indexes()
    }

    load_stories([_stories(newsroom, 5, seed=4)])

    assert _story_indexes() == before
    assert _waiting_indexes() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_writer_threads_load_every_batch(
    world, us_news, image, admin_user
):
    newsroom = {
        "sections": [world, us_news],
        "authors": [AuthorFactory().pk],
        "agency": AgencyFactory().pk,
        "tags": [Tag.objects.create(name=n).pk for n in ("Trade", "Climate", "Jobs")],
        "image": image.pk,
    }

    loaded = load_stories(_in_batches(_stories(newsroom, 45, days=90, seed=6), 10))

    assert loaded.created == ArticlePage.objects.count() == 45
    assert _tree_problems() == []
    for bucket in ArchiveMonthPage.objects.all():
        assert bucket.numchild == bucket.get_children().count()
    story = ArticlePage.objects.order_by("pk").last()
    draft = story.get_latest_revision_as_object()
    draft.title = "Republished from the thread's rows"
    draft.save_revision(user=admin_user).publish(user=admin_user)
    story.refresh_from_db()
    assert story.title == "Republished from the thread's rows"
