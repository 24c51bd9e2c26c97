"""A story card drawn in Python: the bytes of `components/story_card.html` (issue 21 point 3).

A cold front page draws about fifty cards; through the template each cost about a millisecond
(an include, a context push, some thirty variable lookups and four tags). `story_card_html`
writes the same string directly: the same attributes read in the same cases (a lookup the
template makes may load a row, which records its key), the same tags called, the same
escaping. The template stays the reference (tests compare both for every variant) and draws
whatever is not a story (`{% story_card %}` in `card_tags` falls back to it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from dateline.caching.templatetags.freshness import record_card
from dateline.core.templatetags.dateline_tags import time_tag

# What goes before a card's headline link ("LIVE"): apps above this one register theirs
# (`dateline.live`'s label), as the template loads their tag library by name; with each, what
# reads its data for all the cards of several listings at once (`prepare_cards`).
_labels: list[Callable[[Any], str]] = []
_preparers: list[Callable[[list], None]] = []

# The card's picture for each variant: (rendition spec, loading), as the template chooses.
_PICTURES = {
    "lead": ("fill-960x540", "eager"),
    "row": ("fill-320x180", "lazy"),
    "thumb": ("fill-240x135", "lazy"),
}
_DEFAULT_PICTURE = ("fill-480x270", "lazy")


def register_label(
    label: Callable[[Any], str], prepare: Callable[[list], None] | None = None
) -> None:
    """A label drawn before every card's headline link (it returns safe HTML or ""), and
    what reads the label's data for many cards in one go (the label reads it per card for
    a story `prepare` has not seen)."""
    if label not in _labels:
        _labels.append(label)
        if prepare is not None:
            _preparers.append(prepare)


def prepare_cards(stories: list) -> None:
    """The labels' data for the cards of several listings (`prefetch_cards`)."""
    for prepare in _preparers:
        prepare(stories)


def _related(story: Any, name: str) -> Any:
    """`story.<name>` as a template reads it: a missing related row is nothing."""
    try:
        return getattr(story, name)
    except ObjectDoesNotExist:  # the template swallows it (silent_variable_failure)
        return None


@functools.lru_cache(maxsize=64)
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


def card_image(image, spec: str, **attrs) -> SafeString | str:
    """`{% image image spec attr=... %}` for a picture whose renditions were prefetched
    (`prefetch_cards`): Wagtail's tag writes every rendition it finds back to the rendition
    cache, one cache write per picture per render (about 40 on a cold front page) for an
    entry nothing reads while cards come with their renditions. Without the prefetched
    rendition (or the prefetch), Wagtail's own path, which makes and caches it."""
    if not image:
        return ""
    spec_filter = image.clean_filter_for_svg(_filter(spec))
    rendition = None
    if image._get_prefetched_renditions() is not None:
        rendition = image.find_existing_renditions(spec_filter).get(spec_filter)
    if rendition is None:
        rendition = get_rendition_or_not_found(image, spec_filter)
    return img_tag(rendition, attrs)


def img_tag(rendition, extra: dict) -> SafeString:
    """`rendition.img_tag(extra)`, the same string: Django's `flatatt` formats each
    attribute through `format_html` (about a third of a card's picture); this escapes each
    value once. Attributes sorted by name, the boolean ones last, as `flatatt` writes them."""
    attrs = {
        **rendition.attrs_dict,
        **apps.get_app_config("wagtailimages").default_attrs,
        **extra,
    }
    pairs = sorted(
        (name, value)
        for name, value in attrs.items()
        if value is not None and not isinstance(value, bool)
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    html = "".join(f' {name}="{conditional_escape(value)}"' for name, value in pairs)
    html += "".join(f" {name}" for name in flags)
    return mark_safe(f"<img{html}>")  # noqa: S308 - every value escaped above


def story_card_html(
    story: Any,
    variant: str | None = None,
    heading_level: Any = None,
    show_section: Any = None,
) -> SafeString:
    """`components/story_card.html` for `story` (an ArticlePage), byte for byte."""
    record_card(story)
    esc = conditional_escape
    parts = [f'\n<article class="story story--{esc(variant or "card")}">\n  ']
    hero = _related(story, "hero_image")  # read for every variant, as the template does
    url = esc(story.url)
    if hero and variant != "compact":
        spec, loading = _PICTURES.get(variant, _DEFAULT_PICTURE)
        image = card_image(hero, spec, loading=loading, alt="")
        parts.append(
            f'\n  <a class="story__media" href="{url}" tabindex="-1" aria-hidden="true">\n'
            f"    {image}\n  </a>\n  "
        )
    parts.append('\n  <div class="story__body">\n    ')
    section = _related(story, "section") if show_section else None
    if section:
        parts.append(f'<p class="story__kicker">{esc(section.title)}</p>')
    elif story.article_type != "news":
        kind = esc(story.get_article_type_display())
        parts.append(f'<p class="story__kicker story__kicker--type">{kind}</p>')
    level = esc(heading_level or "3")
    label = "".join(label(story) for label in _labels)
    parts.append(
        f'\n    \n    <h{level} class="story__title">{label}'
        f'<a href="{url}">{esc(story.title)}</a></h{level}>\n    \n    '
    )
    if (variant == "lead" or variant == "row") and story.dek:
        parts.append(f'<p class="story__dek">{esc(truncatewords(story.dek, 40))}</p>')
    parts.append('\n    <p class="story__meta">')
    names = story.byline_names
    if names:
        by = ", ".join(esc(name) for name in names)
        parts.append(f'<span class="story__by">{by} · </span>')
    parts.append(f"{time_tag(story.published_at, 'short')}</p>\n  </div>\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
