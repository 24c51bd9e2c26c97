"""Shorts on other pages: the home page strip and the article page's "Impact Shorts" cards."""

from __future__ import annotations

from django import template

from dateline.core.visibility import index_lookup, restricted_paths, restricted_q

from ..models import ShortPage, ShortsIndexPage
from ..text import count_words, split_sentences

register = template.Library()


@register.filter
def whole_sentences(text: str, max_words: int = 24) -> str:
    """The opening sentences of `text` that fit in `max_words`, never a cut one: the first
    sentence whole even when it is longer (a teaser that stops mid-sentence misleads)."""
    kept: list[str] = []
    used = 0
    for sentence in split_sentences(text):
        words = count_words(sentence)
        if kept and used + words > int(max_words):
            break
        kept.append(sentence)
        used += words
    return " ".join(kept)


def _feed_page() -> ShortsIndexPage | None:
    # Wagtail's `public()` reads the restrictions from the database on every call; the
    # restricted paths are one cached value read once a request (`core.visibility`).
    index = ShortsIndexPage.objects.live().only("pk", "url_path", "title")
    paths = restricted_paths()
    if paths:
        index = index.exclude(restricted_q(paths))
    return index_lookup(index).first()


def _story_ids(*lists) -> set[int]:
    """The pks of stories (or bare pks) in `lists`: what a page already shows."""
    return {getattr(item, "pk", item) for items in lists if items for item in items}


@register.inclusion_tag("shorts/components/shorts_strip.html", takes_context=True)
def shorts_strip(context, limit: int = 10, skip=None) -> dict:
    """The newest shorts as a horizontal strip of cards (home page), leaving out shorts of
    the stories in `skip` (the page's other blocks already show them: one story, one place)."""
    shorts = ShortPage.objects.published().for_cards()
    skipped = _story_ids(skip)
    if skipped:
        shorts = shorts.exclude(story_id__in=skipped)
    shorts = list(shorts[:limit])
    if len(shorts) < STRIP_MINIMUM:
        shorts = []  # one card alone in a strip is a hole beside it, not a strip
    return {
        "request": context.get("request"),
        "shorts": shorts,
        "feed_page": _feed_page() if shorts else None,
    }


# The fewest cards the home strip is drawn with: two fill a phone's width.
STRIP_MINIMUM = 2


@register.inclusion_tag("shorts/components/impact_shorts.html", takes_context=True)
def impact_shorts(context, story=None, limit: int = 4, skip=None, also_skip=None) -> dict:
    """The newest shorts for an article's right column, never about the story itself nor
    about a story the page's other blocks show (`skip`, `also_skip`: its rails, related)."""
    skipped = _story_ids(skip, also_skip)
    if story is not None and story.pk:
        skipped.add(story.pk)
    # Titles and text only: these cards show no picture and nothing of the linked story, so
    # neither is loaded (the pictures with their renditions were two queries more, the story
    # a join of its page's every column, on every cold article).
    shorts = ShortPage.objects.published().for_cards().select_related(None).prefetch_related(None)
    if skipped:
        shorts = shorts.exclude(story_id__in=skipped)
    shorts = list(shorts[:limit])
    return {
        "request": context.get("request"),
        "shorts": shorts,
        "feed_page": _feed_page() if shorts else None,
    }
