"""Near-duplicates: an item's text signature, the stories sharing its bands, the duplicate
found and the note the desk reads."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from dateline.articles.sanitize import plain_text, sanitize_html

from .. import similarity
from ..items import WireItem
from ..models import (
    ShingleBand,
    WireStory,
)

if TYPE_CHECKING:
    from dateline.articles.models import Agency
from .records import _Context, _rows_matching


def _text_signature(item: WireItem, context: _Context) -> tuple[str, list[int]]:
    """The sanitised body and the near-duplicate signature of an item (worked out once a
    batch: the band look-up at its start needs them too)."""
    known = context.signatures.get(id(item))
    if known is None or known[0] is not item:
        body_html = sanitize_html(item.body_html)
        sig = similarity.signature(f"{item.headline} {plain_text(body_html)}")
        known = context.signatures[id(item)] = (item, body_html, sig)
    return known[1], known[2]


def _stories_by_band(items: list[WireItem], context: _Context) -> dict[int, set[int]]:
    keys = {
        key for item in items for key in similarity.band_keys(_text_signature(item, context)[1])
    }
    found: dict[int, set[int]] = {}
    for band, story_id in _rows_matching(ShingleBand.objects, "band", keys, "band", "story_id"):
        found.setdefault(band, set()).add(story_id)
    return found


def _duplicate_note(duplicate: WireStory | None, score: float | None, *, held: bool) -> str:
    if not duplicate:
        return ""
    return (
        f" Near-duplicate ({score:.0%}) of {duplicate.headline!r}"
        f"{' from ' + duplicate.agency.name if duplicate.agency else ''}"
        + ("; held as a draft." if held else ".")
    )


def _find_duplicate(
    sig: list[int], agency: Agency | None, stories_by_band: dict[int, set[int]] | None = None
) -> tuple[WireStory | None, float | None]:
    """The most similar recent story from another agency, if similar enough.
    `stories_by_band`: the stored stories by band, when the caller has read them."""
    keys = similarity.band_keys(sig)
    if not keys:
        return None, None
    # Most stories share no band with any other: one narrow indexed look-up settles that.
    if stories_by_band is not None:
        sharing = set().union(*(stories_by_band.get(key, ()) for key in keys))
    else:
        sharing = set(ShingleBand.objects.filter(band__in=keys).values_list("story_id", flat=True))
    if not sharing:
        return None, None
    window = dt.timedelta(hours=getattr(settings, "DATELINE_WIRES_DUPLICATE_HOURS", 48))
    threshold = getattr(settings, "DATELINE_WIRES_DUPLICATE_THRESHOLD", 0.6)
    candidates = WireStory.objects.filter(
        pk__in=sharing, first_ingested_at__gte=timezone.now() - window
    ).select_related("agency")
    if agency is not None:
        candidates = candidates.exclude(agency=agency)
    best, best_score = None, 0.0
    for candidate in candidates.order_by("-first_ingested_at")[:50]:
        score = similarity.estimated_similarity(sig, candidate.signature)
        if score > best_score:
            best, best_score = candidate, score
    if best is None or best_score < threshold:
        return None, None
    return best, best_score
