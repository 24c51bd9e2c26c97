"""Many synthetic stories, fast, for scale tests (`dateline generate`).

Filing a story through `file_article` (a revision, a publish, signals, indexing) costs
tens of milliseconds; a million would take days. Here the month buckets are still made
by the filing service (`month_bucket`), and the stories go in by table, in chunks:

* PostgreSQL: `COPY ... FROM STDIN` (psycopg's `cursor.copy()`); elsewhere multi-row
  INSERTs. Ids are reserved from each table's sequence first, so the rows can point at
  each other (page ↔ latest revision, tag and author links) before they are written.
* Every story gets what `file_article` would give it: a place in its section's
  Year › Month bucket (tree paths after the bucket's last child, `numchild` raised), a
  revision that is both its latest and its live revision (editors open, edit and
  republish it like any other), tag links, authors or an agency, a hero image, and an
  entry in the search index.
* The section denormalisation is the model's own rule, called: `ArticlePage.sections_for_path`.
  The tag links carry the story's date in their own rows (what `sync_tag_dates` would set,
  without an UPDATE of every link after the COPY; the republish test checks they agree).
* Search: on PostgreSQL the Wagtail database backend's index rows are computed in SQL
  from the same texts its indexer reads (title; dek, body and tag names); elsewhere the
  backend's own `add_bulk` indexes each chunk.

Skipped, and why: no log entries ("created"/"published" in the page history; millions of
rows nobody reads), no `page_published` signals (nothing to purge or notify for stories
nobody has seen), no image renditions (made on first view), no reference index rows
(`dateline rebuild_references_index` if a scale test needs "usage" counts).

Large loads on PostgreSQL: from DEFER_INDEXES_FROM stories the story tables' non-unique
indexes are dropped first and rebuilt at the end (in a `finally`; a killed run's are rebuilt
by the next run), and writer threads with their own connections load chunks while the main
thread builds the next (docs/architecture.md, "At a million stories").

Run it on a site made by `dateline demo`; each chunk is one transaction, so an
interrupted run leaves a valid tree with the chunks done so far.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import uuid
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backend

from dateline.articles.models import (
    Agency,
    ArchiveMonthPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Author,
    SectionPage,
    utc_month_start,
)
from dateline.articles.services import month_bucket, refresh_article_months

from . import images
from .content.patterns import FAMILY_OF_SECTION, PARAGRAPHS
from .content.synthetic import ACTIONS, DEKS, PLACES, SUBJECTS
from .loader import section_palettes

PICTURES_PER_SECTION = 3
CHUNK = 20_000  # stories per transaction
WRITERS = 2  # PostgreSQL connections writing chunks at once (see generate_articles)
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


@dataclass
class _Bucket:
    """A month bucket and the next free position among its children."""

    pk: int
    path: str
    url_path: str
    numchild: int
    next_position: int
    added: int = 0


@dataclass
class _Chunk:
    pages: list[tuple] = field(default_factory=list)
    articles: list[tuple] = field(default_factory=list)
    revisions: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    authors: list[tuple] = field(default_factory=list)
    texts: list[tuple] = field(default_factory=list)  # search: id, title, dek, body, tags
    ids: list[int] = field(default_factory=list)
    numchild: list[tuple[int, int]] = field(default_factory=list)  # bucket id, children added


# --- tables --------------------------------------------------------------------------


def _columns(model: type[models.Model], local: bool = True) -> list[models.Field]:
    fields = model._meta.local_concrete_fields if local else model._meta.concrete_fields
    return [f for f in fields if not getattr(f, "generated", False)]


class _Tables:
    """Rows appended to tables in bulk: COPY on PostgreSQL, multi-row INSERTs elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def value(self, value):
        """A Python value as this database's driver takes it in a bulk write."""
        if isinstance(value, dt.datetime):
            return value if self.postgres else connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, uuid.UUID):
            return value if self.postgres else value.hex
        return value

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """The first of `count` consecutive unused ids of `model`'s table."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table})) + %s - 1)",  # noqa: E501, S608
                    [sequence, sequence, count],
                )
                return cursor.fetchone()[0] - count + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            return cursor.fetchone()[0] + 1

    def write(self, model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            # SQLite caps bound parameters per statement; a few hundred rows per INSERT.
            per_insert = max(1, 30_000 // len(columns))
            row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
            for start in range(0, len(rows), per_insert):
                batch = rows[start : start + per_insert]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([row_sql] * len(batch))}",  # noqa: S608
                    [value for row in batch for value in row],
                )


# --- indexes during a large load (PostgreSQL) -------------------------------------------

# From this many stories on, dropping the story tables' non-unique indexes and building
# them once at the end costs less than updating them for every row (a million random
# inserts into a dozen B-trees and four GIN indexes).
DEFER_INDEXES_FROM = 100_000
# Where the definitions of dropped indexes wait, committed with the drop: a run killed
# before its `finally` leaves them here, and the next `dateline generate` builds them
# before anything else.
DROPPED_INDEXES_TABLE = "dateline_generate_dropped_index"


def _story_tables() -> list[str]:
    from wagtail.search.models import IndexEntry

    from dateline.search.models import SearchDocument

    return [
        model._meta.db_table
        for model in (
            Page,
            ArticlePage,
            Revision,
            ArticlePageTag,
            ArticlePageAuthor,
            IndexEntry,
            SearchDocument,
        )
    ]


def _ensure_dropped_table(cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {DROPPED_INDEXES_TABLE}"
        " (name text PRIMARY KEY, definition text NOT NULL)"
    )


@contextlib.contextmanager
def _checked_constraints(cursor):
    """Inside a caller's transaction (a test), PostgreSQL refuses index DDL on a table
    with deferred foreign-key checks still queued: run them first, then defer again
    (Django's foreign keys are initially deferred)."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def drop_story_indexes() -> list[str]:
    """Drop the non-unique indexes of the story tables, keeping their definitions.

    Unique indexes and primary keys stay: they are constraints, and the tree's path and
    the ids must stay unique while rows go in.
    """
    with transaction.atomic(), connection.cursor() as cursor, _checked_constraints(cursor):
        _ensure_dropped_table(cursor)
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT i.indisunique AND NOT i.indisprimary",
            [_story_tables()],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {DROPPED_INDEXES_TABLE} (name, definition) VALUES (%s, %s)"  # noqa: S608
                " ON CONFLICT (name) DO NOTHING",
                [name, definition],
            )
            cursor.execute(f"DROP INDEX {name}")
    return [name for name, _ in found]


def restore_story_indexes() -> list[str]:
    """Build every index a large load dropped (this run's or an interrupted one's)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DROPPED_INDEXES_TABLE])
        if cursor.fetchone()[0] is None:
            return []
        cursor.execute(f"SELECT name, definition FROM {DROPPED_INDEXES_TABLE} ORDER BY name")  # noqa: S608
        pending = cursor.fetchall()
    restored = []
    for name, definition in pending:
        # One index per transaction: an interruption here keeps the rest on the list.
        with transaction.atomic(), connection.cursor() as cursor, _checked_constraints(cursor):
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
            cursor.execute(f"DELETE FROM {DROPPED_INDEXES_TABLE} WHERE name = %s", [name])  # noqa: S608
        restored.append(name)
    return restored


# --- tree paths ------------------------------------------------------------------------


def _encode_step(position: int) -> str:
    """One tree-path step (treebeard's fixed-width base-36 in Page.alphabet)."""
    alphabet, digits = Page.alphabet, []
    while position:
        position, remainder = divmod(position, len(alphabet))
        digits.append(alphabet[remainder])
    return "".join(reversed(digits)).rjust(Page.steplen, alphabet[0])


def _existing_buckets(sections: list[SectionPage]) -> dict[tuple[int, int, int], Page]:
    """Month buckets already under `sections`, by (section, year, month)."""
    by_path = {section.path: section.pk for section in sections}
    found = {}
    for month in ArchiveMonthPage.objects.filter(
        depth__in={section.depth + 2 for section in sections}
    ).only("path", "depth", "url_path", "numchild", "slug"):
        section_pk = by_path.get(month.path[: -2 * Page.steplen])
        year = month.url_path.rstrip("/").rsplit("/", 2)[-2]
        if section_pk and year.isdigit() and month.slug.isdigit():
            found[(section_pk, int(year), int(month.slug))] = month
    return found


def _decode_step(step: str) -> int:
    position = 0
    for digit in step:
        position = position * len(Page.alphabet) + Page.alphabet.index(digit)
    return position


def _bucket_state(bucket: Page) -> _Bucket:
    if not bucket.numchild:
        return _Bucket(bucket.pk, bucket.path, bucket.url_path, 0, 1)
    last_path = (
        Page.objects.filter(path__startswith=bucket.path, depth=bucket.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    last = _decode_step(last_path[-Page.steplen :]) if last_path else 0
    return _Bucket(bucket.pk, bucket.path, bucket.url_path, bucket.numchild, last + 1)


# --- content ---------------------------------------------------------------------------


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


def _paragraphs(rng: random.Random, family: str, place: str) -> list[str]:
    paragraphs = PARAGRAPHS.get(family) or PARAGRAPHS["world"]
    return [text.format(place=place) for text in rng.sample(paragraphs, min(3, len(paragraphs)))]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Prototype:
    """Column defaults and revision content taken once from a real model instance,
    so the per-story work is filling in what differs."""

    def __init__(self, content_type: ContentType, locale: Locale, tables: _Tables):
        story = ArticlePage(
            title="-", draft_title="-", slug="-", content_type=content_type, locale=locale
        )
        story.live, story.has_unpublished_changes = True, False
        self.page_fields = _columns(Page)
        self.article_fields = _columns(ArticlePage)
        self.page_defaults = {
            f.attname: tables.value(f.get_db_prep_save(getattr(story, f.attname), connection))
            for f in self.page_fields
        }
        self.article_defaults = {
            f.attname: tables.value(f.get_db_prep_save(getattr(story, f.attname), connection))
            for f in self.article_fields
        }
        self.content = story.serializable_data()
        revision = Revision(
            content_type=content_type,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id="0",
            content={},
        )
        self.revision_fields = _columns(Revision)
        self.revision_defaults = {
            f.attname: tables.value(f.get_db_prep_save(getattr(revision, f.attname), connection))
            for f in self.revision_fields
        }


# --- the generator ---------------------------------------------------------------------


def generate_articles(
    count: int,
    *,
    section_slug: str | None = None,
    days: int = TEN_YEARS,
    seed: int = 0,
    now: dt.datetime | None = None,
    chunk: int = CHUNK,
    progress=None,
    defer_indexes: bool | None = None,
) -> GenerateResult:
    """Create `count` live, listed, editable, searchable stories spread over the last `days`.

    On PostgreSQL, from DEFER_INDEXES_FROM stories on (or when `defer_indexes` says so),
    the story tables' non-unique indexes are dropped for the load and rebuilt at the end,
    also when the load fails or is interrupted.
    """
    if count < 1:
        raise GenerateError("Give a positive number of articles.")
    if days < 1:
        raise GenerateError("Give at least one day to spread the articles over.")
    started = timezone.now()
    now = now or started
    rng = random.Random(seed)
    sections = _target_sections(section_slug)
    section_ids_by_path = dict(SectionPage.objects.values_list("path", "pk"))
    author_ids = list(Author.objects.values_list("pk", flat=True))
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    tags = dict(Tag.objects.values_list("pk", "name"))
    tag_ids = list(tags)
    tables = _Tables()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    prototype = _Prototype(content_type, Locale.get_default(), tables)
    with transaction.atomic():
        pictures = _pictures(sections)
    buckets: dict[tuple[int, int, int], _Bucket] = {}
    existing = _existing_buckets(sections)

    def bucket_for(section: SectionPage, published_at: dt.datetime) -> _Bucket:
        local = timezone.localtime(published_at)
        key = (section.pk, local.year, local.month)
        if key not in buckets:
            # Buckets are made by the filing service; known ones are read in one query.
            bucket = existing.get(key) or month_bucket(section, published_at)
            buckets[key] = _bucket_state(bucket)
        return buckets[key]

    if tables.postgres:
        restore_story_indexes()  # left by an interrupted run
    if defer_indexes is None:
        defer_indexes = count >= DEFER_INDEXES_FROM
    defer_indexes = defer_indexes and tables.postgres
    # On PostgreSQL, outside a caller's transaction, WRITERS threads (each with its own
    # connection) write chunks while this one builds the next in Python: the Python work
    # and the database's work overlap, and PostgreSQL loads on more than one core. At
    # most WRITERS chunks are in flight.
    overlap = tables.postgres and not connection.in_atomic_block
    writers = ThreadPoolExecutor(max_workers=WRITERS) if overlap else None
    pending: deque[Future] = deque()
    created = 0
    published: set[dt.date] = set()  # the UTC months the new stories fall in
    if defer_indexes:
        drop_story_indexes()
    try:
        while created < count:
            size = min(chunk, count - created)
            with transaction.atomic():
                plan = [
                    _draw(rng, sections, days, now, author_ids, agency_ids, tag_ids)
                    for _ in range(size)
                ]
                for story in plan:
                    story["bucket"] = bucket_for(story["section"], story["published_at"])
                    published.add(utc_month_start(story["published_at"]))
                rows = _rows(plan, tables, prototype, section_ids_by_path, tags, pictures)
                rows.numchild = _added_children({id(s["bucket"]): s["bucket"] for s in plan})
                if writers is None:
                    _load(rows, tables, prototype, content_type)
            if writers is not None:
                if len(pending) >= WRITERS:
                    pending.popleft().result()  # that chunk is in (or its error is raised)
                pending.append(writers.submit(_load, rows, tables, prototype, content_type, True))
            created += size
            if progress:
                progress(created)
        while pending:
            pending.popleft().result()
    finally:
        if writers is not None:
            wait(pending)  # after an error: let the chunks in flight finish or fail
            writers.shutdown()
        if defer_indexes:
            restore_story_indexes()
    if tables.postgres:
        # Fresh statistics for the planner; outside a transaction also the visibility map,
        # so counts and id lookups over a million rows can be index-only scans.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in _story_tables():
                cursor.execute(f"{command} {table}")
    # The sitemap index's month rows, recounted as every other path does (one grouped query
    # over the months the stories fell in, after the statistics are fresh).
    refresh_article_months(dt.datetime.combine(month, dt.time(12), dt.UTC) for month in published)
    seconds = (timezone.now() - started).total_seconds()
    return GenerateResult(created=created, buckets=len(buckets), seconds=seconds)


def _draw(
    rng: random.Random,
    sections: list[SectionPage],
    days: int,
    now: dt.datetime,
    author_ids: list[int],
    agency_ids: list[int],
    tag_ids: list[int],
) -> dict:
    section = rng.choice(sections)
    family = _family(section)
    place = rng.choice(PLACES.get(family, PLACES["default"]))
    agency_id = rng.choice(agency_ids) if agency_ids and rng.random() < 0.4 else None
    return {
        "section": section,
        "family": family,
        "place": place,
        "published_at": now - dt.timedelta(seconds=rng.uniform(60, days * 86400)),
        "headline": f"{rng.choice(SUBJECTS[family])} in {place} {rng.choice(ACTIONS)}",
        "dek": rng.choice(DEKS),
        "type": rng.choices([k for k, _ in TYPE_WEIGHTS], [w for _, w in TYPE_WEIGHTS])[0],
        "agency_id": agency_id,
        "tag_ids": rng.sample(tag_ids, min(len(tag_ids), rng.randint(2, 4))),
        "author_ids": (
            rng.sample(author_ids, min(len(author_ids), rng.randint(1, 2)))
            if author_ids and (agency_id is None or rng.random() < 0.3)
            else []
        ),
        "paragraphs": _paragraphs(rng, family, place),
        "picture": rng.randrange(PICTURES_PER_SECTION),
    }


def _rows(
    plan: list[dict],
    tables: _Tables,
    prototype: _Prototype,
    section_ids_by_path: dict[str, int],
    tag_names: dict[int, str],
    pictures: dict[int, list[int]],
) -> _Chunk:
    rows = _Chunk()
    next_page = tables.reserve_ids(Page, len(plan))
    next_revision = tables.reserve_ids(Revision, len(plan))
    next_tag = tables.reserve_ids(ArticlePageTag, sum(len(s["tag_ids"]) for s in plan))
    next_author = tables.reserve_ids(ArticlePageAuthor, sum(len(s["author_ids"]) for s in plan))
    value = tables.value
    for offset, story in enumerate(plan):
        pk, revision_pk = next_page + offset, next_revision + offset
        bucket: _Bucket = story["bucket"]
        path = bucket.path + _encode_step(bucket.next_position)
        bucket.next_position += 1
        bucket.added += 1
        slug = f"{slugify(story['headline'])[:70]}-{pk}"  # the id: unique across runs
        published_at = story["published_at"]
        date_json = _JSON_DATE(published_at)
        section_id, top_section_id = ArticlePage.sections_for_path(path, section_ids_by_path)
        body = [
            {
                "type": "paragraph",
                "value": f"<p>{_escape(text)}</p>",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{index}")),
            }
            for index, text in enumerate(story["paragraphs"])
        ]
        body_json = json.dumps(body)
        translation_key = uuid.uuid4()
        page = {
            "id": pk,
            "path": path,
            "depth": len(path) // Page.steplen,
            "numchild": 0,
            "translation_key": value(translation_key),
            "latest_revision_id": revision_pk,
            "live_revision_id": revision_pk,
            "first_published_at": value(published_at),
            "last_published_at": value(published_at),
            "latest_revision_created_at": value(published_at),
            "title": story["headline"],
            "draft_title": story["headline"],
            "slug": slug,
            "url_path": f"{bucket.url_path}{slug}/",
        }
        article = {
            "page_ptr_id": pk,
            "dek": story["dek"],
            "article_type": story["type"],
            "hero_image_id": pictures[story["section"].pk][story["picture"]],
            "hero_alt": f"Illustration for the story “{story['headline']}”",
            "hero_caption": "Representational image.",
            "hero_credit": "Dateline Graphics",
            "body": body_json,
            "agency_id": story["agency_id"],
            "dateline_place": story["place"],
            "published_at": value(published_at),
            "section_id": section_id,
            "top_section_id": top_section_id,
        }
        tag_links = []
        for tag_id in story["tag_ids"]:
            rows.tags.append((next_tag, tag_id, pk, value(published_at)))
            tag_links.append(
                {"pk": next_tag, "tag": tag_id, "content_object": pk, "published_at": date_json}
            )
            next_tag += 1
        author_links = []
        for order, author_id in enumerate(story["author_ids"]):
            rows.authors.append((next_author, order, pk, author_id))
            author_links.append(
                {"pk": next_author, "sort_order": order, "page": pk, "author": author_id}
            )
            next_author += 1
        content = {
            **prototype.content,
            **{k: v for k, v in page.items() if not k.endswith("_id")},
            **{k: v for k, v in article.items() if not k.endswith("_id")},
            "pk": pk,
            "translation_key": str(translation_key),
            "first_published_at": date_json,
            "last_published_at": date_json,
            "latest_revision_created_at": None,
            "published_at": date_json,
            "hero_image": article["hero_image_id"],
            "agency": story["agency_id"],
            "section": section_id,
            "top_section": top_section_id,
            "live_revision": None,
            "tagged_items": tag_links,
            "article_authors": author_links,
        }
        content.pop("id", None)
        content.pop("page_ptr", None)
        revision = {
            "id": revision_pk,
            "object_id": str(pk),
            "created_at": value(published_at),
            "content": json.dumps(content, cls=DjangoJSONEncoder),
            "object_str": story["headline"],
        }
        rows.pages.append(_ordered(prototype.page_defaults, page))
        rows.articles.append(_ordered(prototype.article_defaults, article))
        rows.revisions.append(_ordered(prototype.revision_defaults, revision))
        rows.texts.append(
            (
                pk,
                story["headline"],
                story["dek"],
                # As the indexer reads them: a list's items joined by ", ", fields by " ".
                ", ".join(story["paragraphs"]),
                " ".join(tag_names[t] for t in story["tag_ids"]),
            )
        )
        rows.ids.append(pk)
    return rows


# Dates as Wagtail's revision JSON holds them, formatted once per story rather than by
# the encoder's fallback for every occurrence.
_JSON_DATE = DjangoJSONEncoder().default


def _ordered(defaults: dict, values: dict) -> tuple:
    return tuple(values.get(name, default) for name, default in defaults.items())


def _column_names(model: type[models.Model], attnames: Iterable[str]) -> list[str]:
    return [model._meta.get_field(name.removesuffix("_id")).column for name in attnames]


def _write(rows: _Chunk, tables: _Tables, prototype: _Prototype) -> None:
    tables.write(Page, [f.column for f in prototype.page_fields], rows.pages)
    tables.write(ArticlePage, [f.column for f in prototype.article_fields], rows.articles)
    tables.write(Revision, [f.column for f in prototype.revision_fields], rows.revisions)
    tables.write(
        ArticlePageTag,
        _column_names(ArticlePageTag, ["id", "tag_id", "content_object_id", "published_at"]),
        rows.tags,
    )
    tables.write(
        ArticlePageAuthor,
        _column_names(ArticlePageAuthor, ["id", "sort_order", "page_id", "author_id"]),
        rows.authors,
    )


def _added_children(touched: dict[int, _Bucket]) -> list[tuple[int, int]]:
    """How many children this chunk adds to each bucket it touches, settled here (in the
    thread that numbers the paths). Increments, not totals: chunks commit in any order,
    and a chunk that fails adds nothing."""
    added = []
    for bucket in touched.values():
        bucket.numchild += bucket.added
        added.append((bucket.pk, bucket.added))
        bucket.added = 0
    return added


def _load(
    rows: _Chunk,
    tables: _Tables,
    prototype: _Prototype,
    content_type: ContentType,
    own_thread: bool = False,
) -> None:
    """Write one chunk in one transaction."""
    try:
        with transaction.atomic():
            if tables.postgres:
                # The commit does not wait for the WAL flush: a crash can lose the last
                # chunks, which are then absent as a whole (each is one transaction).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            _write(rows, tables, prototype)
            _index(rows, tables, content_type)
            _set_numchild(rows.numchild)
    finally:
        if own_thread:
            connection.close()  # the writer thread's own connection; the next chunk opens one


def _set_numchild(counts: list[tuple[int, int]]) -> None:
    if not counts:
        return
    table = Page._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(
                f"UPDATE {table} SET numchild = numchild + %s WHERE id = %s",  # noqa: S608
                [(n, pk) for pk, n in counts],
            )
            return
        # One statement for the ~2,000 buckets a chunk touches, not one round trip each;
        # in id order, so two writers lock the same rows in the same order (no deadlock).
        counts = sorted(counts)
        cursor.execute(
            f"UPDATE {table} SET numchild = {table}.numchild + counts.n"  # noqa: S608
            " FROM unnest(%s::int[], %s::int[]) AS counts(id, n)"
            f" WHERE {table}.id = counts.id",
            [[pk for pk, _ in counts], [n for _, n in counts]],
        )


# --- search index ----------------------------------------------------------------------


def _index(rows: _Chunk, tables: _Tables, content_type: ContentType) -> None:
    if not tables.postgres or not _uses_postgres_database_search():
        backend = get_search_backend()
        stories = ArticlePage.objects.filter(pk__in=rows.ids).prefetch_related("tags")
        backend.add_bulk(ArticlePage, list(stories))
        return
    _index_in_sql(rows.texts, content_type)


def _uses_postgres_database_search() -> bool:
    backend = get_search_backend()
    return type(backend).__module__.startswith("modelsearch.backends.database.postgres")


def _index_in_sql(texts: list[tuple], content_type: ContentType) -> None:
    """The Wagtail database backend's rows for these stories, computed by PostgreSQL.

    Mirrors what its indexer stores for ArticlePage's search fields: `title` from the
    title (Page's boost 2), `autocomplete` from the title, `body` from the dek, the
    body's text and the tag names (unboosted), plus the plain texts for fuzzy search.
    `title_norm` uses the average title length of the index as it stood before.
    """
    from modelsearch.backends.database.postgres.weights import get_weight
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    config = backend.config
    boosts = {f.field_name: f.boost for f in ArticlePage.get_search_fields() if hasattr(f, "boost")}
    title_weight = get_weight(boosts.get("title"))
    body_weight = get_weight(None)

    def vector(column: str, weight: str, search_config: str | None = config) -> str:
        regconfig = "%s::regconfig, " if search_config else ""
        return f"setweight(to_tsvector({regconfig}coalesce({column}, '')), '{weight}')"

    entries = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS dateline_bulk_texts "
            "(id integer, title text, dek text, body text, tags text)"
        )
        cursor.execute("TRUNCATE dateline_bulk_texts")
        with cursor.cursor.copy("COPY dateline_bulk_texts FROM STDIN") as copy:
            for row in texts:
                copy.write_row(row)
        cursor.execute(
            f"SELECT COALESCE(AVG(length(title)), 1) FROM {entries}"  # noqa: S608
            " WHERE content_type_id = %s",
            [content_type.pk],
        )
        average_title = float(cursor.fetchone()[0]) or 1.0
        configs = [config] if config else []
        body = " || ".join(vector(c, body_weight) for c in ("dek", "body", "tags"))
        cursor.execute(
            f"INSERT INTO {entries} (content_type_id, object_id, title, autocomplete, body,"  # noqa: S608
            " title_norm, title_text, body_text)"
            f" SELECT %s, id::text, {vector('title', title_weight)},"
            f" {vector('title', 'D', 'simple')}, {body},"
            " CASE WHEN words > 0 THEN %s / words ELSE 1.0 END,"
            " title, concat_ws(' ', dek, body, tags) FROM dateline_bulk_texts"
            # The title's word count once per row, not once per use.
            " CROSS JOIN LATERAL (SELECT length(to_tsvector(title)) AS words) AS counted",
            [content_type.pk, *configs, "simple", *configs * 3, average_title],
        )
