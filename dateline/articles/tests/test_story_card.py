"""Story cards drawn in Python (`articles.cards`, issue 21 point 3) against the card template
they replace: the same bytes and the same recorded dependency keys for every variant, every
kind of story a card shows, loaded as listings load them and loaded bare."""

import itertools
from unittest import mock

import pytest
from django.template import Context, Template
from django.template.loader import get_template

from dateline.articles import cards
from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.articles.models.queryset import prefetch_cards
from dateline.caching.dependencies import recording
from dateline.live.factories import LiveBlogPageFactory
from dateline.live.models import CoverageStatus

pytestmark = pytest.mark.django_db

VARIANTS = (None, "", "lead", "card", "compact", "row", "thumb")


@pytest.fixture
def stories(world, us_news, image):
    long_dek = " ".join(f"word{n} <b>&" for n in range(60))
    return [
        ArticlePageFactory(
            section=world,
            title='Harbour <bridge> "reopens" & more',
            dek=long_dek,
            hero_image=image,
            authors=[AuthorFactory(name="Ana <O'Brien>"), AuthorFactory(name="Raj Patel")],
            agency=AgencyFactory(name="Wire & Co", slug="wire-co"),
        ),
        ArticlePageFactory(section=us_news, title="No picture", dek="", article_type="analysis"),
        LiveBlogPageFactory(section=world, hero_image=image),
        LiveBlogPageFactory(section=world, coverage_status=CoverageStatus.ENDED),
    ]


def _loaded(stories: list, *, as_listing: bool) -> list[ArticlePage]:
    """The stories as a listing loads them (one query, prefetched) or one by one, bare."""
    pks = [story.pk for story in stories]
    if as_listing:
        loaded = ArticlePage.objects.published().for_listing_in_order(pks, prefetch=False)
        prefetch_cards(loaded)
        return loaded
    return [ArticlePage.objects.get(pk=pk) for pk in pks]


def _drawn(draw, story: ArticlePage) -> tuple[str, set[str]]:
    with recording() as keys:
        html = draw(story)
    return str(html), keys


def _template(story: ArticlePage, **context) -> str:
    return get_template("components/story_card.html").render({"story": story, **context})


@pytest.mark.parametrize("as_listing", [True, False])
def test_a_card_is_the_templates_bytes_and_keys_for_every_variant(stories, as_listing):
    options = itertools.product(VARIANTS, (None, "2", 4), (None, True, False))
    for variant, level, show_section in options:
        context = {"variant": variant, "heading_level": level, "show_section": show_section}
        # Each side gets its own loading of the stories: what one reads, the other must too.
        for ours, theirs in zip(
            _loaded(stories, as_listing=as_listing),
            _loaded(stories, as_listing=as_listing),
            strict=True,
        ):
            expected = _drawn(lambda s, c=context: _template(s, **c), theirs)
            assert _drawn(lambda s, c=context: cards.story_card_html(s, **c), ours) == expected
    live = _drawn(cards.story_card_html, _loaded(stories, as_listing=as_listing)[2])[0]
    assert '<span class="live-label">Live</span>' in live  # the label drawn, not only equal


def test_the_comparison_sees_a_dropped_key_and_a_changed_byte(stories):
    """The test above can fail: a card recording one key less, or one byte off, differs."""
    story = _loaded(stories, as_listing=True)[0]
    expected_html, expected_keys = _drawn(_template, story)

    with mock.patch.object(ArticlePage, "card_keys", lambda self: [f"page:{self.pk}"]):
        html, keys = _drawn(cards.story_card_html, story)
    assert html == expected_html and keys != expected_keys
    assert len(expected_keys) > 1
    with mock.patch.object(cards, "_DEFAULT_PICTURE", ("fill-480x270", "eager")):
        html, keys = _drawn(cards.story_card_html, story)
    assert html != expected_html and keys == expected_keys


def test_the_tag_reads_variant_and_levels_from_the_context_as_the_include_did(stories):
    story = _loaded(stories, as_listing=True)[0]
    include = Template(
        '{% include "components/story_card.html" with story=story %}'
        '{% include "components/story_card.html" with story=story variant="lead" %}'
    )
    tag = Template(
        '{% load card_tags %}{% story_card story %}{% story_card story variant="lead" %}'
    )
    for context in (
        {"variant": "row", "heading_level": "2", "show_section": True},
        {"variant": "compact"},
        {},
    ):
        assert tag.render(Context({"story": story, **context})) == include.render(
            Context({"story": story, **context})
        )


def test_what_is_not_a_story_is_drawn_by_the_template(world):
    tag = Template('{% load card_tags %}{% story_card page variant="row" heading_level=2 %}')
    include = Template(
        '{% include "components/story_card.html" with story=page variant="row" heading_level=2 %}'
    )
    with recording() as ours:
        html = tag.render(Context({"page": world}))
    with recording() as theirs:
        expected = include.render(Context({"page": world}))
    assert html == expected and ours == theirs
    assert world.title in html


def test_the_live_labels_of_a_listing_read_their_blogs_in_one_query(
    world, django_assert_num_queries
):
    blogs = [LiveBlogPageFactory(section=world) for _ in range(3)]
    ended = LiveBlogPageFactory(section=world, coverage_status=CoverageStatus.ENDED)
    plain = ArticlePageFactory(section=world)
    listed = [*blogs, ended, plain]
    expected = [_drawn(_template, story) for story in _loaded(listed, as_listing=False)]
    loaded = _loaded(listed, as_listing=True)  # prefetch_cards reads the statuses
    with django_assert_num_queries(0):
        drawn = [_drawn(cards.story_card_html, story) for story in loaded]
    assert drawn == expected
    assert [html.count("live-label") for html, _keys in drawn] == [1, 1, 1, 0, 0]
    bare = ArticlePage.objects.for_listing_in_order([s.pk for s in listed], prefetch=False)
    with django_assert_num_queries(1):  # all the blogs at once
        cards.prepare_cards(bare)
