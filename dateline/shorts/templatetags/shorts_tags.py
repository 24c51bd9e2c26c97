"""Shorts on other pages: the home page strip and the article page's "Impact Shorts" cards."""

from __future__ import annotations

from django import template
from django.db.models import Case, IntegerField, Value, When

from ..models import ShortPage, ShortsIndexPage, record_shorts
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
    return ShortsIndexPage.objects.live().public().only("pk", "url_path", "title").first()


@register.inclusion_tag("shorts/components/shorts_strip.html", takes_context=True)
def shorts_strip(context, limit: int = 10) -> dict:
    """The newest shorts as a horizontal strip of cards (home page)."""
    shorts = list(ShortPage.objects.published().for_cards()[:limit])
    record_shorts(shorts)
    return {
        "request": context.get("request"),
        "shorts": shorts,
        "feed_page": _feed_page() if shorts else None,
    }


@register.inclusion_tag("shorts/components/impact_shorts.html", takes_context=True)
def impact_shorts(context, story=None, limit: int = 4) -> dict:
    """Shorts for an article's right column: those of this story first, then the newest."""
    shorts = ShortPage.objects.published().for_cards()
    if story is not None and story.pk:
        shorts = shorts.annotate(
            about_this_story=Case(
                When(story_id=story.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("about_this_story", "-first_published_at", "-pk")
    shorts = list(shorts[:limit])
    record_shorts(shorts)
    return {
        "request": context.get("request"),
        "shorts": shorts,
        "feed_page": _feed_page() if shorts else None,
    }
