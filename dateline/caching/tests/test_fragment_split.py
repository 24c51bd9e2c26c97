"""Fragments that depend on the page's context but not on the fragments beside them
(`{% fragment ... depends="context" %}`, `depends="nothing"`): a story's change rebuilds only
the fragments that show it, and each still refreshes when what it shows changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dateline.articles.factories import ArticlePageFactory
from dateline.caching.cachestore import cache_get, cached, fragment_entry
from dateline.caching.dependencies import context_keys, current_keys, record, recording
from dateline.home.models import HomePageSectionBlock
from dateline.video.factories import make_show, make_show_index

from .test_purge import republish


def test_a_fragment_keys_are_the_page_s_but_not_the_context_of_later_fragments():
    with recording() as page:
        record("page:1")  # what the page read itself
        cached("dateline:test:data", lambda: record("site.sitesettings:1"))  # data: context
        cached("dateline:test:part", lambda: record("page:2"), fragment=True)  # a fragment
        assert context_keys() == {"page:1", "site.sitesettings:1"}
        assert current_keys() == {"page:1", "site.sitesettings:1", "page:2"}
        # A hit replays the same way as the build did.
        cached("dateline:test:part", lambda: record("page:3"), fragment=True)
        assert "page:2" not in context_keys()
        keys = []
        cached(
            "dateline:test:next",
            lambda: keys.extend(current_keys()),
            with_outer_keys="context",
            fragment=True,
        )
    assert set(keys) == {"page:1", "site.sitesettings:1"}
    assert page == {"page:1", "site.sitesettings:1", "page:2"}


@pytest.mark.django_db
def test_a_request_memo_records_its_keys_in_each_fragment_that_uses_it(home):
    """The ads plan is read once a request: a fragment that reads it after another fragment
    did still depends on it (its keys are recorded again where it is used)."""
    request = RequestFactory().get("/")
    template = Template(
        '{% load freshness ads_tags %}{% fragment "t-one" depends="context" %}'
        '{% ad_slot "home-top" "leaderboard" %}{% endfragment %}'
        '{% fragment "t-two" depends="context" %}{% ad_slot "home-rail" %}{% endfragment %}'
    )
    with recording():
        template.render(Context({"request": request, "page": home}))
    first, second = cache_get(fragment_entry("t-one")), cache_get(fragment_entry("t-two"))
    assert first is not None and second is not None
    plan_keys = {key for key in first[1] if "ad" in key}
    assert plan_keys  # the placements and slots the plan read
    assert plan_keys <= set(second[1])


@pytest.fixture
def front(tree):
    """A front page with one top story, one in the latest news and a Sport block."""
    home = tree.home
    home.top_stories_count, home.latest_count, home.section_block_size = 1, 1, 4
    home.save()
    HomePageSectionBlock.objects.create(page=home, section=tree.sport, sort_order=0)
    return tree


def test_a_story_change_rebuilds_only_the_home_fragment_showing_it(
    client, front, settings, django_capture_on_commit_callbacks
):
    # The page cache on, as in production: the page's recording is what fragments inherit.
    home = front.home
    newest = ArticlePageFactory(section=front.us_news, title="Polls close")
    html = client.get("/").text
    top, rest = html.split('section-block"', 1)
    assert "Polls close" in top
    # A Sport story below the top and the latest news: in the block only.
    in_block = next(story for story in (front.c, front.d) if story.title in rest)
    assert in_block.title not in top
    top_entry = fragment_entry("home-top", home.pk)
    rest_entry = fragment_entry("home-rest", home.pk)
    assert cache_get(top_entry) is not None and cache_get(rest_entry) is not None
    with django_capture_on_commit_callbacks(execute=True):
        republish(in_block, title="Kit deal torn up")
    assert cache_get(top_entry) is not None  # it does not show the story
    assert cache_get(rest_entry) is None
    assert "Kit deal torn up" in client.get("/").text
    # And a top story's change: the rest stays, the top follows.
    assert cache_get(rest_entry) is not None
    with django_capture_on_commit_callbacks(execute=True):
        republish(newest, title="Polls closed early")
    assert cache_get(rest_entry) is not None
    assert cache_get(top_entry) is None
    assert "Polls closed early" in client.get("/").text


def _card_queries(queries) -> list[set[int]]:
    """The ids each story card query of a render loaded (a card row has the dek; an ids
    query reads the id alone)."""
    loads = []
    for query in queries:
        sql = query["sql"]
        if (
            '"articles_articlepage"."dek"' in sql
            and '"articles_articlepage"."page_ptr_id" IN (' in sql
        ):
            ids = sql.split('"articles_articlepage"."page_ptr_id" IN (', 1)[1].split(")", 1)[0]
            loads.append({int(pk) for pk in ids.split(",")})
    return loads


def test_the_top_loads_the_blocks_cards_only_when_the_rest_is_built_too(
    client, front, settings, django_capture_on_commit_callbacks
):
    """Both home fragments built in one render: one card query for both (each still
    records its own cards only: the test above). The top alone: its own cards only."""
    newest = ArticlePageFactory(section=front.us_news, title="Polls close")
    with CaptureQueriesContext(connection) as cold:
        html = client.get("/").text
    in_block = next(story for story in (front.c, front.d) if story.title in html)
    (loaded,) = _card_queries(cold.captured_queries)
    assert {newest.pk, in_block.pk} <= loaded
    with django_capture_on_commit_callbacks(execute=True):
        republish(newest, title="Polls closed early")
    with CaptureQueriesContext(connection) as top_only:
        assert "Polls closed early" in client.get("/").text
    (loaded,) = _card_queries(top_only.captured_queries)
    assert newest.pk in loaded and in_block.pk not in loaded


def test_the_section_rail_follows_the_listing_it_leaves_out_but_not_its_cards(
    client, tree, settings, django_capture_on_commit_callbacks
):
    """The rail leaves out the stories the listing shows: a new story in the listing is not
    in the rail; an edit of a listed story's headline does not rebuild the rail (it shows
    it nowhere)."""
    # The page cache on, as in production: the page's recording is what fragments inherit.
    rail_entry = fragment_entry("section-rail", tree.sport.pk, 1)
    html = client.get(tree.sport.url).text
    rail = html.split('aria-label="More"', 1)[1]
    assert "Tariffs eased" in rail  # world's story, in Sport's rail
    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.c, title="Kit deal renewed")  # listed in Sport, not in its rail
    assert cache_get(rail_entry) is not None
    assert "Kit deal renewed" in client.get(tree.sport.url).text
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(section=tree.sport, title="Derby rescheduled")  # joins the listing
    listing, rail = client.get(tree.sport.url).text.split('aria-label="More"', 1)
    assert "Derby rescheduled" in listing and "Derby rescheduled" not in rail


def test_top_shows_beside_a_story_do_not_follow_the_story_but_follow_the_shows(
    client, tree, settings, django_capture_on_commit_callbacks
):
    # The page cache on, as in production: the page's recording is what fragments inherit.
    show = make_show(make_show_index(tree.home), title="Morning Briefing")
    assert "Morning Briefing" in client.get(tree.b.url).text
    entry = fragment_entry("article-top-shows")
    assert cache_get(entry) is not None
    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.b, title="Tariffs eased again")
    assert cache_get(entry) is not None
    assert "Tariffs eased again" in client.get(tree.b.url).text
    with django_capture_on_commit_callbacks(execute=True):
        show.title = "Evening Briefing"
        show.save_revision().publish()
    html = client.get(tree.a.url).text  # another story's page, the same shared fragment
    assert "Evening Briefing" in html and "Morning Briefing" not in html
