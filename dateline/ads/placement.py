"""Which box each position of a page shows: the desk's placements, else a built-in default.

The placements are read once into a shared fragment (no query on a page miss once it is
warm) and kept on the request; the render records what it read like any other query, so a
placement or slot saved in the admin purges the fragment and the pages that show it. The
consent of the reader plays no part here: the boxes are the same for all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest

from dateline.caching.cachestore import cached
from dateline.caching.dependencies import remembered

from .models import COUNTED_POSITIONS, AdPlacement, Position, parse_sizes

REQUEST_ATTRIBUTE = "dateline_ad_plan"
PLAN_ENTRY = "dateline:fragment:ad-plan"
# Set on the request when a render showed at least one box (the CSP middleware reads it).
SHOWN_ATTRIBUTE = "dateline_ads_shown"


@dataclass(frozen=True)
class Box:
    """One labelled, fixed-size box as the page renders it."""

    position: str
    unit: str
    sizes_small: list[tuple[int, int]] = field(hash=False)
    sizes_large: list[tuple[int, int]] = field(hash=False)
    height_small: int
    height_large: int
    margin: int
    n: int | None = None

    @property
    def width_small(self) -> int:
        return max((w for w, _h in self.sizes_small), default=300)

    @property
    def width_large(self) -> int:
        return max((w for w, _h in self.sizes_large), default=300)

    @property
    def sizes_json(self) -> str:
        return json.dumps({"small": self.sizes_small, "large": self.sizes_large})


# The boxes of a position no placement names (the space the templates always kept): they keep
# the page's layout without an ad server. Their unit is empty: an ad server with units (GPT)
# leaves them alone; the house ads fill them.
_SIZE_DEFAULTS = {
    "leaderboard": ([(320, 100), (320, 50)], [(728, 90), (970, 90)], 100, 90),
    "rectangle": ([(300, 250)], [(300, 250)], 250, 250),
    "inline": ([(300, 250), (336, 280)], [(300, 250), (336, 280)], 280, 280),
}
# N of the counted positions without a placement: the article's box after paragraph 3 (where
# it always was); home and listings show no box between blocks or cards until the desk says.
_N_DEFAULTS = {Position.ARTICLE_INLINE: 3}


def default_box(position: str, size: str) -> Box | None:
    if position in COUNTED_POSITIONS and position not in _N_DEFAULTS:
        return None
    small, large, height_small, height_large = _SIZE_DEFAULTS.get(size, _SIZE_DEFAULTS["rectangle"])
    return Box(
        position, "", small, large, height_small, height_large, 200, _N_DEFAULTS.get(position)
    )


def _boxes() -> dict[str, Box | None]:
    """The desk's placements as boxes (None: the position is turned off)."""
    boxes: dict[str, Box | None] = {}
    for placement in AdPlacement.objects.select_related("slot"):
        slot = placement.slot
        boxes[placement.position] = (
            Box(
                placement.position,
                slot.ad_unit_path,
                parse_sizes(slot.sizes_small),
                parse_sizes(slot.sizes_large),
                slot.height_small,
                slot.height_large,
                slot.lazy_margin,
                placement.n,
            )
            if placement.enabled
            else None
        )
    return boxes


def _placements(request: HttpRequest | None) -> dict[str, Box | None]:
    """One shared fragment for every page (caching.cachestore.cached: what it read is
    recorded, so saving a placement or slot drops it and the pages that showed it), kept on
    the request for the render's other positions, its keys recorded again at each (a
    fragment that does not inherit the fragments before it still depends on them)."""
    memo = vars(request) if request is not None else None  # the request's attributes
    return remembered(memo, REQUEST_ATTRIBUTE, lambda: cached(PLAN_ENTRY, _boxes))


def ads_enabled() -> bool:
    return bool(getattr(settings, "DATELINE_ADS", {}).get("ENABLED", True))


def page_allows_ads(page: object) -> bool:
    """False on a story marked "no ads" (sensitive coverage) and when ads are off."""
    return ads_enabled() and not getattr(page, "no_ads", False)


def box_for(request: HttpRequest | None, page: object, position: str, size: str) -> Box | None:
    """The box `position` shows on this page, or None (no ads here, or the desk turned the
    position off)."""
    if not page_allows_ads(page):
        return None
    plan = _placements(request)
    box = plan[position] if position in plan else default_box(position, size)
    if box is not None and request is not None:
        setattr(request, SHOWN_ATTRIBUTE, True)
    return box


def paragraph_break_index(body: object, n: int) -> int | None:
    """The index of the body block after which the box goes: the Nth top-level paragraph,
    never inside a gallery or other composite block, and never as the last block (an ad
    under the story's end reads as part of it). None when the body is shorter."""
    blocks = list(body or [])
    seen = 0
    for index, block in enumerate(blocks):
        if getattr(block, "block_type", None) == "paragraph":
            seen += 1
            if seen == n:
                return index if index < len(blocks) - 1 else None
    return None
