"""Many synthetic stories for scale tests (`dateline generate`): the demo's content.

The stories are drawn here (headlines, deks, places, paragraphs, topics, bylines and a
few pictures per section, repeatable by seed) and written by the product's bulk loader,
`articles.services.load_stories` (COPY on PostgreSQL; what each story gets and skips is
in `articles/bulk/loading.py`). Run it on a site made by `dateline demo`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from dateline.articles.bulk import DEFER_INDEXES_FROM, NewStory
from dateline.articles.models import Agency, ArticleType, Author, SectionPage
from dateline.articles.services import load_stories
from dateline.search.models import SearchDocument

from . import images
from .content.patterns import FAMILY_OF_SECTION, PARAGRAPHS
from .content.synthetic import ACTIONS, DEKS, PLACES, SUBJECTS
from .loader import HERO_CAPTION, HERO_CREDIT, section_palettes

PICTURES_PER_SECTION = 3
CHUNK = 20_000  # stories per transaction
TEN_YEARS = 3653
# Mostly news, like a real wire-fed site.
TYPE_WEIGHTS = (
    (ArticleType.NEWS, 70),
    (ArticleType.ANALYSIS, 10),
    (ArticleType.EXPLAINER, 8),
    (ArticleType.OPINION, 8),
    (ArticleType.PHOTOSTORY, 4),
)


class GenerateError(ValueError):
    """The request cannot be met; the message says what to do."""


@dataclass(frozen=True)
class GenerateResult:
    created: int
    buckets: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else float(self.created)


def generate_articles(
    count: int,
    *,
    section_slug: str | None = None,
    days: int = TEN_YEARS,
    seed: int = 0,
    now: dt.datetime | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> GenerateResult:
    """Create `count` live, listed, editable, searchable stories spread over the last `days`,
    `chunk` stories per transaction.

    On PostgreSQL, from DEFER_INDEXES_FROM stories on (or when `defer_indexes` says so),
    the story tables' non-unique indexes are dropped for the load and rebuilt at the end.
    """
    if count < 1:
        raise GenerateError("Give a positive number of articles.")
    if days < 1:
        raise GenerateError("Give at least one day to spread the articles over.")
    started = timezone.now()
    now = now or started
    rng = random.Random(seed)
    sections = _target_sections(section_slug)
    author_ids = list(Author.objects.values_list("pk", flat=True))
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    tag_ids = list(Tag.objects.values_list("pk", flat=True))
    with transaction.atomic():
        pictures = _pictures(sections)

    def draw() -> NewStory:
        return _draw(rng, sections, days, now, author_ids, agency_ids, tag_ids, pictures)

    def batches() -> Iterator[list[NewStory]]:
        drawn = 0
        while drawn < count:
            size = min(chunk, count - drawn)
            yield [draw() for _ in range(size)]
            drawn += size

    loaded = load_stories(
        batches(),
        defer_indexes=count >= DEFER_INDEXES_FROM if defer_indexes is None else defer_indexes,
        # Its rows are written by triggers on the story tables (search/migrations/0003).
        derived_tables=[SearchDocument],
        progress=progress,
    )
    seconds = (timezone.now() - started).total_seconds()
    return GenerateResult(created=loaded.created, buckets=loaded.buckets, seconds=seconds)


def _target_sections(section_slug: str | None) -> list[SectionPage]:
    sections = SectionPage.objects.live().order_by("path")
    if section_slug:
        matches = list(sections.filter(slug=section_slug))
        if not matches:
            known = ", ".join(sections.values_list("slug", flat=True)) or "none yet"
            raise GenerateError(f"No live section with slug {section_slug!r} (known: {known}).")
        return matches
    found = list(sections)
    if not found:
        raise GenerateError("There are no sections yet: run `dateline demo` first.")
    return found


def _family(section: SectionPage) -> str:
    family = FAMILY_OF_SECTION.get(section.slug, "world")
    return family if family in SUBJECTS else "world"


def _pictures(sections: list[SectionPage]) -> dict[int, list[int]]:
    """A few pictures per section, drawn once and shared by its generated stories."""
    palettes = section_palettes()
    collection = images.demo_collection()
    pictures = {}
    for section in sections:
        colours = palettes.get(section.slug, images.NEUTRAL)
        pictures[section.pk] = [
            images.hero_image(f"generated-{section.slug}-{n}", colours, collection).pk
            for n in range(PICTURES_PER_SECTION)
        ]
    return pictures


def _draw(
    rng: random.Random,
    sections: list[SectionPage],
    days: int,
    now: dt.datetime,
    author_ids: list[int],
    agency_ids: list[int],
    tag_ids: list[int],
    pictures: dict[int, list[int]],
) -> NewStory:
    # The draws keep the order they had before the loader moved to `articles`: a seed
    # still makes the same stories.
    section = rng.choice(sections)
    family = _family(section)
    place = rng.choice(PLACES.get(family, PLACES["default"]))
    agency_id = rng.choice(agency_ids) if agency_ids and rng.random() < 0.4 else None
    published_at = now - dt.timedelta(seconds=rng.uniform(60, days * 86400))
    headline = f"{rng.choice(SUBJECTS[family])} in {place} {rng.choice(ACTIONS)}"
    dek = rng.choice(DEKS)
    article_type = rng.choices([k for k, _ in TYPE_WEIGHTS], [w for _, w in TYPE_WEIGHTS])[0]
    tags = rng.sample(tag_ids, min(len(tag_ids), rng.randint(2, 4)))
    authors = (
        rng.sample(author_ids, min(len(author_ids), rng.randint(1, 2)))
        if author_ids and (agency_id is None or rng.random() < 0.3)
        else []
    )
    paragraphs = _paragraphs(rng, family, place)
    picture = rng.randrange(PICTURES_PER_SECTION)
    return NewStory(
        section=section,
        published_at=published_at,
        title=headline,
        dek=dek,
        paragraphs=paragraphs,
        article_type=article_type,
        dateline_place=place,
        hero_image_id=pictures[section.pk][picture],
        hero_alt=f"Illustration for the story “{headline}”",
        hero_caption=HERO_CAPTION,
        hero_credit=HERO_CREDIT,
        agency_id=agency_id,
        tag_ids=tags,
        author_ids=authors,
    )


def _paragraphs(rng: random.Random, family: str, place: str) -> list[str]:
    paragraphs = PARAGRAPHS.get(family) or PARAGRAPHS["world"]
    return [text.format(place=place) for text in rng.sample(paragraphs, min(3, len(paragraphs)))]
