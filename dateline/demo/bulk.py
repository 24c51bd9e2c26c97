"""Many synthetic stories, fast, for scale tests (`dateline generate`).

Filing a story through `file_article` (a revision, a publish, signals) costs a
few hundred milliseconds; tens of thousands would take hours. Here the month
buckets are still made by the service, but the stories go in bulk:

* tree paths are allocated in one go after the bucket's last child, and the
  bucket's `numchild` is raised once, so `dateline fixtree` finds nothing wrong;
* the Page rows go in with `bulk_create`, the ArticlePage rows with the same
  insert primitive Django's own `Model.save()` uses (`bulk_create` refuses
  multi-table models), then authors and tag links with `bulk_create`;
* no revisions are written: the pages are live with `has_unpublished_changes`
  off, and Wagtail then edits the live database row (it documents this for data
  imports), so the editor opens them like any other story.

They are not added to the search index; run `dateline update_index` if a scale
test needs search.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page

from dateline.articles.models import (
    Agency,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Author,
)
from dateline.articles.services import month_bucket
from dateline.sections.models import SectionPage

from . import images
from .content.patterns import FAMILY_OF_SECTION, PARAGRAPHS
from .content.synthetic import ACTIONS, DEKS, PLACES, SUBJECTS
from .loader import section_palettes

PICTURES_PER_SECTION = 3
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


def _top_section_ids(sections: list[SectionPage]) -> dict[int, int]:
    """Each section's top-level section, found by tree path."""
    tops = {
        s.path: s.pk
        for s in SectionPage.objects.filter(depth=SectionPage.TOP_LEVEL_DEPTH).only("path")
    }
    step = SectionPage.steplen
    result = {}
    for section in sections:
        top_path = section.path[: SectionPage.TOP_LEVEL_DEPTH * step]
        result[section.pk] = tops.get(top_path, section.pk)
    return result


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


def _body(rng: random.Random, family: str, place: str, key: str) -> list[dict]:
    paragraphs = PARAGRAPHS.get(family) or PARAGRAPHS["world"]
    chosen = rng.sample(paragraphs, min(3, len(paragraphs)))
    return [
        {
            "type": "paragraph",
            "value": f"<p>{escape(text.format(place=place))}</p>",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/{index}")),
        }
        for index, text in enumerate(chosen)
    ]


def generate_articles(
    count: int,
    *,
    section_slug: str | None = None,
    days: int = 30,
    seed: int = 0,
    now: dt.datetime | None = None,
) -> GenerateResult:
    """Create `count` live, listed, routable synthetic stories spread over the last `days`."""
    if count < 1:
        raise GenerateError("Give a positive number of articles.")
    if days < 1:
        raise GenerateError("Give at least one day to spread the articles over.")
    started = timezone.now()
    now = now or started
    rng = random.Random(seed)
    sections = _target_sections(section_slug)
    top_of = _top_section_ids(sections)
    author_ids = list(Author.objects.values_list("pk", flat=True))
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    tag_ids = list(Tag.objects.values_list("pk", flat=True))
    types = [kind for kind, _ in TYPE_WEIGHTS]
    weights = [weight for _, weight in TYPE_WEIGHTS]
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()

    with transaction.atomic():
        pictures = _pictures(sections)
        planned: dict[int, list[ArticlePage]] = defaultdict(list)
        buckets: dict[tuple[int, int, int], Page] = {}
        for n in range(count):
            section = rng.choice(sections)
            family = _family(section)
            published_at = now - dt.timedelta(seconds=rng.uniform(60, days * 86400))
            local = timezone.localtime(published_at)
            key = (section.pk, local.year, local.month)
            if key not in buckets:
                buckets[key] = month_bucket(section, published_at)
            place = rng.choice(PLACES.get(family, PLACES["default"]))
            headline = f"{rng.choice(SUBJECTS[family])} in {place} {rng.choice(ACTIONS)}"
            token = f"{seed}-{n}-{rng.getrandbits(24):06x}"
            article = ArticlePage(
                title=headline,
                draft_title=headline,
                slug=f"{slugify(headline)[:70]}-{token}",
                dek=rng.choice(DEKS),
                article_type=rng.choices(types, weights)[0],
                hero_image_id=rng.choice(pictures[section.pk]),
                hero_alt=f"Illustration for the story “{headline}”",
                hero_caption="Representational image.",
                hero_credit="Dateline Graphics",
                body=_body(rng, family, place, f"generated/{token}"),
                agency_id=rng.choice(agency_ids) if agency_ids and rng.random() < 0.4 else None,
                dateline_place=place,
                published_at=published_at,
                section_id=section.pk,
                top_section_id=top_of[section.pk],
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published_at,
                last_published_at=published_at,
            )
            article._demo_tags = rng.sample(tag_ids, min(len(tag_ids), rng.randint(2, 4)))
            article._demo_authors = (
                rng.sample(author_ids, min(len(author_ids), rng.randint(1, 2)))
                if author_ids and (article.agency_id is None or rng.random() < 0.3)
                else []
            )
            planned[buckets[key].pk].append(article)

        bucket_by_pk = {bucket.pk: bucket for bucket in buckets.values()}
        created: list[ArticlePage] = []
        for bucket_pk, articles in planned.items():
            created += _insert_under(bucket_by_pk[bucket_pk], articles)
        _insert_links(created)

    seconds = (timezone.now() - started).total_seconds()
    return GenerateResult(created=len(created), buckets=len(buckets), seconds=seconds)


def _insert_under(bucket: Page, articles: list[ArticlePage]) -> list[ArticlePage]:
    """Give `articles` the next free tree paths under `bucket` and insert them."""
    # Lock the bucket row so a concurrent writer cannot take the same paths (PostgreSQL;
    # SQLite already holds the database write lock for the transaction).
    bucket = Page.objects.select_for_update().get(pk=bucket.pk)
    last_child = bucket.get_last_child()
    next_step = last_child._get_lastpos_in_path() + 1 if last_child else 1
    depth = bucket.depth + 1
    for offset, article in enumerate(articles):
        article.path = Page._get_path(bucket.path, depth, next_step + offset)
        article.depth = depth
        article.numchild = 0
        article.url_path = f"{bucket.url_path}{article.slug}/"
    if len(articles[-1].path) != depth * Page.steplen:
        raise GenerateError(f"The bucket {bucket.url_path} has no room left for more children.")

    Page.objects.bulk_create(articles, batch_size=500)
    for article in articles:
        article.page_ptr_id = article.id
    fields = [field for field in ArticlePage._meta.local_concrete_fields if not field.generated]
    batch = connection.ops.bulk_batch_size(fields, articles) or len(articles)
    for start in range(0, len(articles), batch):
        # bulk_create() refuses multi-table models; _insert() is what Model.save() uses
        # for one row, here given a batch.
        ArticlePage._base_manager._insert(articles[start : start + batch], fields=fields)
    Page.objects.filter(pk=bucket.pk).update(numchild=F("numchild") + len(articles))
    return articles


def _insert_links(articles: list[ArticlePage]) -> None:
    authors = [
        ArticlePageAuthor(page_id=article.pk, author_id=author_id, sort_order=order)
        for article in articles
        for order, author_id in enumerate(article._demo_authors)
    ]
    tags = [
        ArticlePageTag(
            content_object_id=article.pk, tag_id=tag_id, published_at=article.published_at
        )
        for article in articles
        for tag_id in article._demo_tags
    ]
    ArticlePageAuthor.objects.bulk_create(authors, batch_size=1000)
    ArticlePageTag.objects.bulk_create(tags, batch_size=1000)
