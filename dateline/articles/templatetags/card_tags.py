"""What a story card draws, cheaper than the general tags it replaces (issue 21 point 3)."""

from __future__ import annotations

import functools

from django import template
from django.utils.safestring import SafeString
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
    return rendition.img_tag(attrs)
