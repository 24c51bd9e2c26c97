"""`dateline generate`: bulk synthetic stories that are live, listed, routable and editable."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from dateline.articles.factories import AgencyFactory, AuthorFactory
from dateline.articles.models import ArticlePage, ArticlePageTag
from dateline.demo.bulk import generate_articles


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


def test_generate_twice_appends_under_the_same_buckets_and_keeps_the_tree_valid(newsroom):
    generate_articles(20, days=3, seed=1)
    generate_articles(30, days=3, seed=1)  # same seed: same content, still unique slugs

    assert ArticlePage.objects.count() == 50
    assert _tree_problems() == []
    slugs = list(ArticlePage.objects.values_list("url_path", flat=True))
    assert len(set(slugs)) == 50
    for bucket in Page.objects.filter(depth=newsroom.depth + 2):
        assert bucket.numchild == bucket.get_children().count()


def test_generated_story_opens_in_the_editor(newsroom, admin_client):
    generate_articles(3, seed=3)
    story = ArticlePage.objects.first()

    response = admin_client.get(f"/admin/pages/{story.pk}/edit/")

    assert response.status_code == 200
    assert story.title in response.text


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


def test_generated_stories_have_a_live_latest_revision_that_republishes(newsroom, admin_user):
    generate_articles(4, seed=5)
    story = ArticlePage.objects.order_by("pk").first()

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
    assert story.title == "A corrected headline"
    assert story.live is True
    assert list(story.tagged_items.values_list("published_at", flat=True).distinct()) == [
        story.published_at
    ]
    assert _tree_problems() == []


def test_generated_stories_are_in_the_search_index(newsroom, client):
    generate_articles(30, seed=8)
    story = ArticlePage.objects.order_by("pk").last()

    results = ArticlePage.objects.live().search(story.title, operator="and")
    assert story.pk in [hit.pk for hit in results]
    response = client.get("/search/", {"q": story.title})
    assert response.status_code == 200
    assert story.title in response.text


def test_tag_links_carry_their_story_date_and_sections_follow_the_tree(newsroom, us_news):
    generate_articles(25, seed=9)

    for story in ArticlePage.objects.all():
        assert set(story.tagged_items.values_list("published_at", flat=True)) == {
            story.published_at
        }
        expected = ArticlePage.sections_for_path(
            story.path, {s.path: s.pk for s in (newsroom, us_news)}
        )
        assert (story.section_id, story.top_section_id) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bulk index path")
def test_bulk_search_rows_match_what_wagtails_indexer_writes(newsroom):
    generate_articles(3, seed=10)
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

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index deferral is PostgreSQL-only"
)


def _story_indexes() -> set[tuple[str, str]]:
    from dateline.demo.bulk import _story_tables

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [_story_tables()],
        )
        return set(cursor.fetchall())


def _waiting_indexes() -> int:
    from dateline.demo.bulk import DROPPED_INDEXES_TABLE

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DROPPED_INDEXES_TABLE])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"SELECT count(*) FROM {DROPPED_INDEXES_TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


@postgres_only
def test_a_large_load_rebuilds_every_index_it_dropped(newsroom):
    before = _story_indexes()

    generate_articles(25, seed=4, chunk=10, defer_indexes=True)

    assert _story_indexes() == before
    assert _waiting_indexes() == 0
    assert ArticlePage.objects.count() == 25
    assert _tree_problems() == []


@postgres_only
def test_an_interrupted_large_load_still_rebuilds_the_indexes(newsroom, monkeypatch):
    from dateline.demo import bulk

    before = _story_indexes()
    real_index, calls = bulk._index, []

    def fail_on_second_chunk(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of a load
        real_index(*args)

    monkeypatch.setattr(bulk, "_index", fail_on_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        generate_articles(30, seed=4, chunk=10, defer_indexes=True)

    assert _story_indexes() == before
    assert _waiting_indexes() == 0
    assert ArticlePage.objects.count() == 10  # the first chunk, whole; nothing of the second
    assert _tree_problems() == []


@postgres_only
def test_indexes_left_dropped_by_a_killed_load_come_back_at_the_next_run(newsroom):
    from dateline.demo.bulk import drop_story_indexes

    before = _story_indexes()
    dropped = drop_story_indexes()  # as if the process died before its `finally`
    assert dropped
    assert _waiting_indexes() == len(dropped)
    assert not {name for name, _ in before if name in dropped} & {
        name for name, _ in _story_indexes()
    }

    generate_articles(5, seed=4)

    assert _story_indexes() == before
    assert _waiting_indexes() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_writer_thread_loads_every_chunk(
    world, us_news, admin_user, django_db_blocker
):
    """Outside a caller's transaction the chunks are written by a second thread."""
    from taggit.models import Tag

    AuthorFactory(name="Ila Sen")
    AgencyFactory()
    for name in ("Trade", "Climate", "Jobs"):
        Tag.objects.create(name=name)

    result = generate_articles(45, days=90, seed=6, chunk=10)

    assert result.created == ArticlePage.objects.count() == 45
    assert _tree_problems() == []
    for bucket in Page.objects.filter(depth=world.depth + 2):
        assert bucket.numchild == bucket.get_children().count()
    story = ArticlePage.objects.order_by("pk").last()
    draft = story.get_latest_revision_as_object()
    draft.title = "Republished from the thread's rows"
    draft.save_revision(user=admin_user).publish(user=admin_user)
    story.refresh_from_db()
    assert story.title == "Republished from the thread's rows"


def test_generated_stories_are_counted_in_the_sitemap_month_summaries(newsroom):
    from dateline.articles.models import ArticleMonth

    generate_articles(40, days=90, seed=5)
    generate_articles(10, days=90, seed=6)  # a second run adds to the same months

    counts: dict[str, int] = {}
    for when in ArticlePage.objects.published().values_list("published_at", flat=True):
        month = f"{when.astimezone(dt.UTC):%Y-%m}"
        counts[month] = counts.get(month, 0) + 1
    summary = {f"{row.month:%Y-%m}": row.stories for row in ArticleMonth.objects.all()}
    assert summary == counts
    assert sum(summary.values()) == 50
