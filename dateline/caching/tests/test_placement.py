"""The blocks around a story on its page (Related, the rail, Impact Shorts: the
`article-around` fragment, `{% fragment depends="placement" %}`) depend on where the story
stands, not on what it says: an edit of its headline or body keeps them, and every change of
its place (topics, section, publication, embargo, restrictions, the no-ads mark) rebuilds
them (dateline.caching.placement)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.articles.models import ArticlePage
from dateline.articles.services import revise_article, story_moved, unpublish_article
from dateline.caching.cachestore import cache_get, fragment_entry
from dateline.caching.dependencies import recording
from dateline.caching.placement import UndeclaredPlacementRead, placement_key


def _around(story) -> str:
    return fragment_entry("article-around", story.pk)


def _fresh(story) -> ArticlePage:
    return ArticlePage.objects.get(pk=story.pk)


def _related(html: str) -> str:
    return html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def warm_around(client, tree):
    """Story c (Sport, topic Trade) rendered: its Related shows b (Trade) and d (Sport)."""
    html = client.get(tree.c.url).text
    related = _related(html)
    assert "Tariffs eased" in related and "Derby postponed" in related
    entry = cache_get(_around(tree.c))
    assert entry is not None
    keys = set(entry[1])
    assert placement_key(tree.c.pk) in keys and f"page:{tree.c.pk}" not in keys
    return html


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Kit deal renewed"},
        {"body": [("paragraph", "<p>The club renewed the kit deal for five years.</p>")]},
        {"dek": "Five more years."},
    ],
    ids=["title", "body", "dek"],
)
def test_an_edit_of_what_the_story_says_keeps_the_blocks_around_it(
    client, tree, warm_around, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revise_article(_fresh(tree.c), **changes)
    assert cache_get(_around(tree.c)) is not None
    html = client.get(tree.c.url).text
    assert html.count("Kit deal renewed" if "title" in changes else "Five more years") or (
        "five years" in html
    )
    assert _related(html) == _related(warm_around)


def _retag(tree) -> None:
    revise_article(_fresh(tree.c), tags=["Elections"])


def _unpublish(tree) -> None:
    unpublish_article(_fresh(tree.c))


def _embargo_recorded(tree) -> None:
    # The source's embargo, already lifted (a future one cannot be published: it schedules).
    revise_article(_fresh(tree.c), embargo_until=timezone.now() - dt.timedelta(minutes=5))


def _republished_earlier(tree) -> None:
    revise_article(_fresh(tree.c), published_at=timezone.now() - dt.timedelta(days=3))


def _no_ads(tree) -> None:
    revise_article(_fresh(tree.c), no_ads=True)


def _restricted(tree) -> None:
    restriction = PageViewRestriction(page=_fresh(tree.c), restriction_type="password")
    restriction.password = "s3cret-word"
    restriction.save()


def _section_restricted(tree) -> None:
    PageViewRestriction.objects.create(page=tree.sport, restriction_type="login")


def _moved_to_world(tree) -> None:
    story = _fresh(tree.c)
    story.move(tree.world, pos="last-child")
    story_moved(story)


PLACEMENT_CHANGES = {
    "tags": _retag,
    "section": _moved_to_world,
    "unpublish": _unpublish,
    "embargo": _embargo_recorded,
    "publication time": _republished_earlier,
    "no ads": _no_ads,
    "view restriction": _restricted,
    "section's view restriction": _section_restricted,
}


@pytest.mark.parametrize("change", list(PLACEMENT_CHANGES), ids=list(PLACEMENT_CHANGES))
def test_a_change_of_where_the_story_stands_rebuilds_the_blocks_around_it(
    tree, warm_around, change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PLACEMENT_CHANGES[change](tree)
    assert cache_get(_around(tree.c)) is None


def test_new_topics_show_new_related_stories(
    client, tree, warm_around, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _retag(tree)
    related = _related(client.get(tree.c.url).text)
    assert "Polls open early" in related  # a's topic now
    assert "Tariffs eased" not in related


def test_a_placement_block_cannot_read_what_the_page_says(tree):
    """Only the page type's placement fields reach the block: a headline read inside would
    never rebuild it, so it fails instead of going stale (or showing a default)."""
    story = _fresh(tree.c)
    allowed = Template(
        '{% load freshness %}{% fragment "t-placed" page.pk depends="placement" %}'
        "{{ page.section_id }} {{ self.no_ads }}{% endfragment %}"
    )
    with recording() as keys:
        assert allowed.render(Context({"page": story, "self": story})).strip() == (
            f"{story.section_id} False"
        )
    assert placement_key(story.pk) in keys
    reads_title = Template(
        '{% load freshness %}{% fragment "t-title" page.pk depends="placement" %}'
        "{{ page.title }}{% endfragment %}"
    )
    with pytest.raises(UndeclaredPlacementRead), recording():
        reads_title.render(Context({"page": story, "self": story}))
