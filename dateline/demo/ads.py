"""The demo's ad slots, placements and ads.txt: what a desk would set up on day one.

The demo serves them with the house ads (`DATELINE_ADS_BACKEND` in `make run`), so the boxes
fill with the publication's own promotions and nothing is asked of another host."""

from __future__ import annotations

from wagtail.models import Site

from dateline.ads.models import AdPlacement, AdSlot, AdsTxt

# name, unit, sizes on phones, on wider screens, reserved heights, lazy margin
SLOTS = {
    "Leaderboard": ("/0000000/dateline/leaderboard", "320x100, 320x50", "728x90, 970x90", 100, 90),
    "Medium rectangle": ("/0000000/dateline/rectangle", "300x250", "300x250", 250, 250),
    "In-story": ("/0000000/dateline/in_story", "300x250, 336x280", "300x250, 336x280", 280, 280),
}
# position, slot, N
PLACEMENTS = [
    ("home-top", "Leaderboard", None),
    ("home-rail", "Medium rectangle", None),
    ("home-between", "Medium rectangle", 3),
    ("article-top", "Leaderboard", None),
    ("article-inline", "In-story", 3),
    ("article-sidebar", "Medium rectangle", None),
    ("section-top", "Leaderboard", None),
    ("listing-inline", "In-story", 6),
]
# Made-up seller ids in the IAB format: nobody sells this demo's space.
ADS_TXT = """# Who may sell ads on this site (IAB ads.txt). The demo's lines are examples.
adserver.example.com, 0000000, DIRECT
exchange.example.net, demo-4242, RESELLER
"""


def ensure_ads() -> None:
    slots = {}
    for name, (unit, small, large, height_small, height_large) in SLOTS.items():
        slots[name], _ = AdSlot.objects.get_or_create(
            name=name,
            defaults={
                "ad_unit_path": unit,
                "sizes_small": small,
                "sizes_large": large,
                "height_small": height_small,
                "height_large": height_large,
            },
        )
    for position, slot, n in PLACEMENTS:
        AdPlacement.objects.get_or_create(
            position=position, defaults={"slot": slots[slot], "n": n, "enabled": True}
        )
    files = AdsTxt.for_site(Site.objects.get(is_default_site=True))
    if not files.ads_txt:
        files.ads_txt = ADS_TXT
        files.save()
