"""Many new live stories, fast, table by table (`services.load_stories`; `dateline generate`).

Filing a story through `file_article` (a revision, a publish, signals, indexing) costs
tens of milliseconds; a million would take days. Here the month buckets are still made
by the filing service (`month_bucket`, handed in by `services`, which sits above this
package), and the stories go in by table, one transaction per batch:

* PostgreSQL: `COPY ... FROM STDIN`; elsewhere multi-row INSERTs (`tables.py`). Ids are
  reserved from each table's sequence first, so the rows can point at each other (page ↔
  latest revision, tag and author links) before they are written.
* Every story gets what `file_article` would give it: a place in its section's
  Year › Month bucket (tree paths after the bucket's last child, `numchild` raised), a
  revision that is both its latest and its live revision (editors open, edit and
  republish it like any other), tag links, authors or an agency, a hero image, and an
  entry in the search index (`search_rows.py`).
* The section denormalisation is the model's own rule, called: `ArticlePage.sections_for_path`.
  The tag links carry the story's date in their own rows (what `sync_tag_dates` would set,
  without an UPDATE of every link after the COPY; the republish test checks they agree).

Skipped, and why: no log entries ("created"/"published" in the page history; millions of
rows nobody reads), no `page_published` signals and no purge (stories nobody has seen yet),
no image renditions (made on first view), no reference index rows
(`dateline rebuild_references_index` if a scale test needs "usage" counts).

Large loads on PostgreSQL: the story tables' indexes can be dropped for the load and rebuilt
at the end (`indexes.py`), and writer threads with their own connections load batches while
the main thread builds the next (docs/architecture.md, "At a million stories").
"""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page, Revision

from ..models import (
    ArchiveMonthPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    SectionPage,
    refresh_article_months,
    utc_month_start,
)
from .indexes import drop_story_indexes, restore_story_indexes, story_tables
from .search_rows import index_stories_in_bulk
from .tables import Tables, column_names, columns

WRITERS = 2  # PostgreSQL connections writing batches at once (see load_stories)


@dataclass
class NewStory:
    """One story to load: what it says and where it goes; the loader does the rest."""

    section: SectionPage
    published_at: dt.datetime
    title: str
    dek: str
    paragraphs: Sequence[str]  # plain text, one paragraph block each
    article_type: str = ArticleType.NEWS
    dateline_place: str = ""
    hero_image_id: int | None = None
    hero_alt: str = ""
    hero_caption: str = ""
    hero_credit: str = ""
    agency_id: int | None = None
    tag_ids: Sequence[int] = ()
    author_ids: Sequence[int] = ()


@dataclass(frozen=True)
class Loaded:
    created: int
    buckets: int  # the month buckets the stories went into


@dataclass
class _Bucket:
    """A month bucket and the next free position among its children."""

    pk: int
    path: str
    url_path: str
    numchild: int
    next_position: int
    added: int = 0

    def next_child_path(self) -> str:
        """The tree path of the next child (treebeard's layout), its position taken."""
        depth = len(self.path) // Page.steplen + 1
        path = Page._get_path(self.path, depth, self.next_position)
        self.next_position += 1
        self.added += 1
        return path


@dataclass
class _Rows:
    pages: list[tuple] = field(default_factory=list)
    articles: list[tuple] = field(default_factory=list)
    revisions: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    authors: list[tuple] = field(default_factory=list)
    texts: list[tuple] = field(default_factory=list)  # search: id, title, dek, body, tags
    ids: list[int] = field(default_factory=list)
    numchild: list[tuple[int, int]] = field(default_factory=list)  # bucket id, children added


# --- month buckets ------------------------------------------------------------------------


def _existing_buckets(section_ids_by_path: dict[str, int]) -> dict[tuple[int, int, int], Page]:
    """Month buckets already under the sections, by (section, year, month)."""
    found = {}
    depths = {len(path) // Page.steplen + 2 for path in section_ids_by_path}
    for month in ArchiveMonthPage.objects.filter(depth__in=depths).only(
        "path", "depth", "url_path", "numchild", "slug"
    ):
        section_pk = section_ids_by_path.get(month.path[: -2 * Page.steplen])
        year = month.url_path.rstrip("/").rsplit("/", 2)[-2]
        if section_pk and year.isdigit() and month.slug.isdigit():
            found[(section_pk, int(year), int(month.slug))] = month
    return found


def _bucket_state(bucket: Page) -> _Bucket:
    if not bucket.numchild:
        return _Bucket(bucket.pk, bucket.path, bucket.url_path, 0, 1)
    last_path = (
        Page.objects.filter(path__startswith=bucket.path, depth=bucket.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    last = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    return _Bucket(bucket.pk, bucket.path, bucket.url_path, bucket.numchild, last + 1)


def _added_children(touched: Iterable[_Bucket]) -> list[tuple[int, int]]:
    """How many children this batch adds to each bucket it touches, settled here (in the
    thread that numbers the paths). Increments, not totals: batches commit in any order,
    and a batch that fails adds nothing."""
    added = []
    for bucket in touched:
        bucket.numchild += bucket.added
        added.append((bucket.pk, bucket.added))
        bucket.added = 0
    return added


# --- rows ---------------------------------------------------------------------------------


class _Prototype:
    """Column defaults and revision content taken once from a real model instance,
    so the per-story work is filling in what differs."""

    def __init__(self, content_type: ContentType, locale: Locale, tables: Tables):
        story = ArticlePage(
            title="-", draft_title="-", slug="-", content_type=content_type, locale=locale
        )
        story.live, story.has_unpublished_changes = True, False
        revision = Revision(
            content_type=content_type,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id="0",
            content={},
        )
        self.page_fields = columns(Page)
        self.article_fields = columns(ArticlePage)
        self.revision_fields = columns(Revision)
        self.page_defaults = self._defaults(story, self.page_fields, tables)
        self.article_defaults = self._defaults(story, self.article_fields, tables)
        self.revision_defaults = self._defaults(revision, self.revision_fields, tables)
        self.content = story.serializable_data()

    @staticmethod
    def _defaults(instance: models.Model, fields: list[models.Field], tables: Tables) -> dict:
        return {
            f.attname: tables.value(f.get_db_prep_save(getattr(instance, f.attname), connection))
            for f in fields
        }


# Dates as Wagtail's revision JSON holds them, formatted once per story rather than by
# the encoder's fallback for every occurrence.
_JSON_DATE = DjangoJSONEncoder().default


def _ordered(defaults: dict, values: dict) -> tuple:
    return tuple(values.get(name, default) for name, default in defaults.items())


def _rows(
    stories: Sequence[NewStory],
    buckets: Sequence[_Bucket],
    tables: Tables,
    prototype: _Prototype,
    section_ids_by_path: dict[str, int],
    tag_names: dict[int, str],
) -> _Rows:
    rows = _Rows()
    next_page = tables.reserve_ids(Page, len(stories))
    next_revision = tables.reserve_ids(Revision, len(stories))
    next_tag = tables.reserve_ids(ArticlePageTag, sum(len(s.tag_ids) for s in stories))
    next_author = tables.reserve_ids(ArticlePageAuthor, sum(len(s.author_ids) for s in stories))
    value = tables.value
    for offset, (story, bucket) in enumerate(zip(stories, buckets, strict=True)):
        pk, revision_pk = next_page + offset, next_revision + offset
        path = bucket.next_child_path()
        slug = f"{slugify(story.title)[:70]}-{pk}"  # the id: unique across loads
        published_at = story.published_at
        date_json = _JSON_DATE(published_at)
        section_id, top_section_id = ArticlePage.sections_for_path(path, section_ids_by_path)
        body = [
            {
                "type": "paragraph",
                "value": f"<p>{html.escape(text, quote=False)}</p>",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{index}")),
            }
            for index, text in enumerate(story.paragraphs)
        ]
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
            "title": story.title,
            "draft_title": story.title,
            "slug": slug,
            "url_path": f"{bucket.url_path}{slug}/",
        }
        article = {
            "page_ptr_id": pk,
            "dek": story.dek,
            "article_type": story.article_type,
            "hero_image_id": story.hero_image_id,
            "hero_alt": story.hero_alt,
            "hero_caption": story.hero_caption,
            "hero_credit": story.hero_credit,
            "body": json.dumps(body),
            "agency_id": story.agency_id,
            "dateline_place": story.dateline_place,
            "published_at": value(published_at),
            "section_id": section_id,
            "top_section_id": top_section_id,
        }
        tag_links = []
        for tag_id in story.tag_ids:
            rows.tags.append((next_tag, tag_id, pk, value(published_at)))
            tag_links.append(
                {"pk": next_tag, "tag": tag_id, "content_object": pk, "published_at": date_json}
            )
            next_tag += 1
        author_links = []
        for order, author_id in enumerate(story.author_ids):
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
            "hero_image": story.hero_image_id,
            "agency": story.agency_id,
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
            "object_str": story.title,
        }
        rows.pages.append(_ordered(prototype.page_defaults, page))
        rows.articles.append(_ordered(prototype.article_defaults, article))
        rows.revisions.append(_ordered(prototype.revision_defaults, revision))
        rows.texts.append(
            (
                pk,
                story.title,
                story.dek,
                # As the indexer reads them: a list's items joined by ", ", fields by " ".
                ", ".join(story.paragraphs),
                " ".join(tag_names[t] for t in story.tag_ids),
            )
        )
        rows.ids.append(pk)
    return rows


# --- writing ------------------------------------------------------------------------------


def _write(rows: _Rows, tables: Tables, prototype: _Prototype) -> None:
    tables.write(Page, [f.column for f in prototype.page_fields], rows.pages)
    tables.write(ArticlePage, [f.column for f in prototype.article_fields], rows.articles)
    tables.write(Revision, [f.column for f in prototype.revision_fields], rows.revisions)
    tables.write(
        ArticlePageTag,
        column_names(ArticlePageTag, ["id", "tag_id", "content_object_id", "published_at"]),
        rows.tags,
    )
    tables.write(
        ArticlePageAuthor,
        column_names(ArticlePageAuthor, ["id", "sort_order", "page_id", "author_id"]),
        rows.authors,
    )


def _load(
    rows: _Rows,
    tables: Tables,
    prototype: _Prototype,
    content_type: ContentType,
    own_thread: bool = False,
) -> None:
    """Write one batch in one transaction."""
    try:
        with transaction.atomic():
            if tables.postgres:
                # The commit does not wait for the WAL flush: a crash can lose the last
                # batches, which are then absent as a whole (each is one transaction).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            _write(rows, tables, prototype)
            index_stories_in_bulk(rows.ids, rows.texts, content_type)
            _set_numchild(rows.numchild)
    finally:
        if own_thread:
            connection.close()  # the writer thread's own connection; the next batch opens one


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
        # One statement for the ~2,000 buckets a batch touches, not one round trip each;
        # in id order, so two writers lock the same rows in the same order (no deadlock).
        counts = sorted(counts)
        cursor.execute(
            f"UPDATE {table} SET numchild = {table}.numchild + counts.n"  # noqa: S608
            " FROM unnest(%s::int[], %s::int[]) AS counts(id, n)"
            f" WHERE {table}.id = counts.id",
            [[pk for pk, _ in counts], [n for _, n in counts]],
        )


def load_stories(
    batches: Iterable[Sequence[NewStory]],
    *,
    month_bucket: Callable[[Page, dt.datetime], Page],
    defer_indexes: bool = False,
    derived_tables: Sequence[type[models.Model]] = (),
    progress: Callable[[int], None] | None = None,
) -> Loaded:
    """Write each batch of new live stories in one transaction (an interrupted load leaves
    a valid tree with the batches done so far).

    With `defer_indexes` on PostgreSQL the non-unique indexes of the story tables and of
    `derived_tables` (filled from them by triggers) are dropped for the load and rebuilt at
    the end, also when the load fails or is interrupted.
    """
    tables = Tables()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    prototype = _Prototype(content_type, Locale.get_default(), tables)
    section_ids_by_path = dict(SectionPage.objects.values_list("path", "pk"))
    tag_names = dict(Tag.objects.values_list("pk", "name"))
    existing = _existing_buckets(section_ids_by_path)
    buckets: dict[tuple[int, int, int], _Bucket] = {}

    def bucket_for(story: NewStory) -> _Bucket:
        local = timezone.localtime(story.published_at)
        key = (story.section.pk, local.year, local.month)
        if key not in buckets:
            # Buckets are made by the filing service; known ones were read in one query.
            bucket = existing.get(key) or month_bucket(story.section, story.published_at)
            buckets[key] = _bucket_state(bucket)
        return buckets[key]

    if tables.postgres:
        restore_story_indexes()  # left by an interrupted load
    defer_indexes = defer_indexes and tables.postgres
    # On PostgreSQL, outside a caller's transaction, WRITERS threads (each with its own
    # connection) write batches while this one builds the next in Python: the Python work
    # and the database's work overlap, and PostgreSQL loads on more than one core. At
    # most WRITERS batches are in flight.
    overlap = tables.postgres and not connection.in_atomic_block
    writers = ThreadPoolExecutor(max_workers=WRITERS) if overlap else None
    pending: deque[Future] = deque()
    created = 0
    published: set[dt.date] = set()  # the UTC months the new stories fall in
    if defer_indexes:
        drop_story_indexes(story_tables(derived_tables))
    try:
        for batch in batches:
            with transaction.atomic():
                placed = [bucket_for(story) for story in batch]
                published.update(utc_month_start(story.published_at) for story in batch)
                rows = _rows(batch, placed, tables, prototype, section_ids_by_path, tag_names)
                rows.numchild = _added_children({id(b): b for b in placed}.values())
                if writers is None:
                    _load(rows, tables, prototype, content_type)
            if writers is not None:
                if len(pending) >= WRITERS:
                    pending.popleft().result()  # that batch is in (or its error is raised)
                pending.append(writers.submit(_load, rows, tables, prototype, content_type, True))
            created += len(batch)
            if progress:
                progress(created)
        while pending:
            pending.popleft().result()
    finally:
        if writers is not None:
            wait(pending)  # after an error: let the batches in flight finish or fail
            writers.shutdown()
        if defer_indexes:
            restore_story_indexes()
    if tables.postgres:
        # Fresh statistics for the planner; outside a transaction also the visibility map,
        # so counts and id lookups over a million rows can be index-only scans.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in story_tables(derived_tables):
                cursor.execute(f"{command} {table}")
    # The sitemap index's month rows, recounted as every other path does (one grouped query
    # over the months the stories fell in, after the statistics are fresh).
    refresh_article_months(dt.datetime.combine(month, dt.time(12), dt.UTC) for month in published)
    return Loaded(created=created, buckets=len(buckets))
