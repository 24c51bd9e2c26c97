"""The demo's 120 stories as plain data: the hand-written ones, and the briefs grown into
full stories from their section's building blocks. Nothing here touches the database."""

from __future__ import annotations

import hashlib
import random

from django.utils.text import slugify

from .content.briefs import BRIEFS, Brief
from .content.patterns import (
    EMBEDS,
    FACTS,
    FAMILY_OF_SECTION,
    PARAGRAPHS,
    PHOTO_CAPTIONS,
    QUOTES,
)
from .content.specs import Block, Embed, Picture, Related, StorySpec
from .content.stories_features import FEATURE_STORIES
from .content.stories_india import INDIA_STORIES
from .content.stories_world import WORLD_STORIES

SLUG_LENGTH = 80
# Who writes a brief in each kind of section; briefs pick one or two of them.
DESK_AUTHORS = {
    "world": ("ananya-rao",),
    "us-news": ("daniel-okafor",),
    "india": ("rohit-mehra",),
    "politics": ("rohit-mehra",),
    "business": ("farah-siddiqui",),
    "sports": ("arjun-bhattacharya",),
    "tech": ("leah-fernandes",),
    "health": ("kavya-iyer",),
    "entertainment": ("nandini-kapoor",),
    "opinion": ("nandini-kapoor", "rohit-mehra", "farah-siddiqui"),
    "explainers": ("kavya-iyer", "farah-siddiqui", "leah-fernandes"),
    "photostories": ("ananya-rao", "nandini-kapoor"),
}
# Who shares a byline with whom: neighbouring beats (business and politics, world and
# climate science, tech and business).
CO_AUTHORS = {
    "ananya-rao": "kavya-iyer",
    "daniel-okafor": "ananya-rao",
    "rohit-mehra": "farah-siddiqui",
    "farah-siddiqui": "rohit-mehra",
    "kavya-iyer": "ananya-rao",
    "leah-fernandes": "farah-siddiqui",
    "nandini-kapoor": "leah-fernandes",
}
# Desks whose briefs are agency copy as often as staff copy.
AGENCY_DESKS = {
    "world": ("associated-press", "reuters"),
    "us-news": ("associated-press", "reuters"),
    "asia": ("associated-press", "reuters", "press-trust-of-india"),
    "europe": ("reuters", "associated-press"),
    "india": ("press-trust-of-india",),
    "politics": ("press-trust-of-india",),
    "business": ("press-trust-of-india", "reuters"),
    "markets": ("press-trust-of-india", "reuters"),
    "sports": ("press-trust-of-india",),
    "cricket": ("press-trust-of-india",),
    "football": ("press-trust-of-india",),
    "tech": ("press-trust-of-india", "reuters"),
    "health": ("press-trust-of-india",),
    "entertainment": ("press-trust-of-india",),
}
HOURS_IN_SPREAD = (50, 29 * 24)  # briefs fall between two and twenty-nine days ago


def story_slug(headline: str) -> str:
    """The URL slug of a demo story: its headline, cut at a word boundary."""
    slug = slugify(headline)
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def seeded_random(key: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def _desk(section: str) -> str:
    """The section whose desk writes for `section` (sub-sections share their parent's)."""
    return section if section in DESK_AUTHORS else FAMILY_OF_SECTION[section]


def _byline(section: str, brief: Brief, rng: random.Random) -> tuple[tuple[str, ...], str]:
    desk_authors = DESK_AUTHORS[_desk(section)]
    agencies = AGENCY_DESKS.get(section, ())
    roll = rng.random()
    if brief.kind != "news" or not agencies or roll < 0.4:
        authors = (rng.choice(desk_authors),)
        # A second byline from another desk now and then; columns keep a single voice.
        partner = CO_AUTHORS.get(authors[0])
        if partner and brief.kind not in ("opinion", "explainer") and rng.random() < 0.25:
            authors += (partner,)
        return authors, ""
    if roll < 0.8:
        return (), rng.choice(agencies)
    return (rng.choice(desk_authors),), rng.choice(agencies)


def _body(section: str, brief: Brief, rng: random.Random) -> tuple[Block, ...]:
    family = FAMILY_OF_SECTION[section]
    paragraphs = [p.format(place=brief.place) for p in PARAGRAPHS[family]]
    blocks: list[Block] = [brief.opening]
    if family == "photostories":
        blocks.append(paragraphs[0])
        for alt, caption in rng.sample(PHOTO_CAPTIONS, rng.randint(3, 4)):
            blocks.append(Picture(f"{alt}, {brief.place}", f"{caption} in {brief.place}."))
        return tuple(blocks)
    if family == "opinion":
        return (brief.opening, *rng.sample(paragraphs, 3))
    blocks += rng.sample(paragraphs, 2)
    extras: list[Block] = []
    if FACTS[family]:
        extras.append(rng.choice(FACTS[family]))
    if QUOTES[family]:
        extras.append(rng.choice(QUOTES[family]))
    extras.append(Embed(*rng.choice(EMBEDS)))
    extras.append(Picture(f"A scene in {brief.place}", f"{brief.place}: {brief.dek}"))
    extras.append(Related())
    if family == "explainers":
        chosen = [rng.choice(FACTS[family]), rng.choice(extras[1:])]
    else:
        chosen = rng.sample(extras, rng.randint(1, 2))
    blocks.insert(2, chosen[0])
    blocks += chosen[1:]
    return tuple(blocks)


def expand_brief(section: str, brief: Brief) -> StorySpec:
    """Grow a brief into a full story, the same way every time."""
    rng = seeded_random(brief.headline)
    authors, agency = _byline(section, brief, rng)
    return StorySpec(
        section=section,
        headline=brief.headline,
        dek=brief.dek,
        place=brief.place,
        tags=brief.tags,
        body=_body(section, brief, rng),
        kind=brief.kind,
        authors=authors,
        agency=agency,
        hours_ago=round(rng.uniform(*HOURS_IN_SPREAD), 1),
        updated_after_hours=round(rng.uniform(1, 8), 1) if rng.random() < 0.2 else None,
    )


def demo_stories() -> list[StorySpec]:
    """Every demo story, oldest first, so "read also" links can point at older stories."""
    stories = [*WORLD_STORIES, *INDIA_STORIES, *FEATURE_STORIES]
    stories += [
        expand_brief(section, brief) for section, briefs in BRIEFS.items() for brief in briefs
    ]
    return sorted(stories, key=lambda story: (-story.hours_ago, story.headline))
