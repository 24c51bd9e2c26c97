"""What a story card draws, cheaper than the general tags it replaces (issue 21 point 3)."""

from __future__ import annotations

import functools

from django import template
from django.apps import apps
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

register = template.Library()


@functools.lru_cache(maxsize=64)
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


@register.simple_tag
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
