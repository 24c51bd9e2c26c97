"""Many new stories filed and published in a few statements (`services.file_articles`).

The admin files a story in three saves of the page (the tree insert, the first revision,
the publication), each with its signals, index updates and re-reads: some 130 queries a
story. A wire poll files hundreds at once. This module leaves every story in the state
that path leaves it in (page and article rows, revision, log entries, tag links,
reference and search index, the parent's child count), but writes each table once per
batch. `services.file_articles` wraps it with the publication rules and the purge, and
`dateline/articles/tests/test_file_articles.py` compares the two paths row by row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from ..models import ArticlePage


@dataclass
class Filing:
    """One new story to file: `article` unsaved (tags and other child rows in memory),
    published in `section`'s month bucket at `published_at` (the story's own time)."""

    section: Page
    article: ArticlePage
    published_at: dt.datetime
    user: Any = None


def _insert(model: type[models.Model], objs: Sequence[models.Model], fields, returning=()):
    """INSERT the `fields` (one table's columns) of `objs` in as few statements as the
    database allows; the returned rows when `returning` names columns.

    `bulk_create` refuses multi-table models (a page is a row in wagtailcore_page and one in
    its own table), so each table is written through the manager's `_insert`, the call
    `Model.save` and `bulk_create` themselves use."""
    returned: list = []
    if not objs:
        return returned
    size = connection.ops.bulk_batch_size(list(fields), list(objs)) or len(objs)
    for start in range(0, len(objs), size):
        rows = model._base_manager._insert(
            objs[start : start + size],
            fields=fields,
            returning_fields=list(returning) or None,
            using=connection.alias,
        )
        returned.extend(rows or [])
    return returned


def insert_pages(buckets: Sequence[Page], articles: Sequence[ArticlePage]) -> None:
    """Write new pages (tree fields already set) as the children of their `buckets`."""
    pk = Page._meta.pk
    page_fields = [f for f in Page._meta.local_concrete_fields if f is not pk]
    ids = _insert(Page, articles, page_fields, returning=[pk])
    if len(ids) != len(articles):  # every supported database returns bulk-inserted ids
        raise RuntimeError("The database did not return the ids of the new pages.")
    for article, (page_id,) in zip(articles, ids, strict=True):
        article.pk = article.id = article.page_ptr_id = page_id
    _insert(ArticlePage, articles, ArticlePage._meta.local_concrete_fields)
    for article in articles:
        article._state.adding, article._state.db = False, connection.alias
    added: dict[int, int] = defaultdict(int)
    for bucket in buckets:
        added[bucket.pk] += 1
    for bucket_id, count in sorted(added.items()):  # id order: concurrent filers lock alike
        # freshness: bookkeeping (numchild)
        Page.objects.filter(pk=bucket_id).update(numchild=F("numchild") + count)


def pin_child_rows(articles: Sequence[ArticlePage]) -> None:
    """Hold each unsaved story's child rows (tag links, authors, notes) in memory as they
    are, so reading them once the story has an id does not ask the database."""
    for article in articles:
        for relation in get_all_child_relations(ArticlePage):
            name = relation.get_accessor_name()
            setattr(article, name, list(getattr(article, name).all()))


def insert_child_rows(articles: Sequence[ArticlePage]) -> None:
    """The pinned child rows of saved `articles`, as modelcluster's commit would write
    them, one bulk insert per kind."""
    for relation in get_all_child_relations(ArticlePage):
        rows = []
        for article in articles:
            for row in getattr(article, relation.get_accessor_name()).all():
                setattr(row, relation.field.attname, article.pk)
                rows.append(row)
        if rows:
            # freshness: bylines and topics of new stories; file_articles purges their listings
            relation.related_model.objects.bulk_create(rows)


def insert_revisions(
    articles: Sequence[ArticlePage], users: Sequence[Any], now: dt.datetime
) -> list[Revision]:
    """Each story's first revision, holding the page as it was before publication (what
    `save_revision` stores for a page that went into the tree as a draft)."""
    page_type = ContentType.objects.get_for_model(Page)
    revisions = []
    for article, user in zip(articles, users, strict=True):
        final = (article.live, article.last_published_at, article.latest_revision_created_at)
        # As the draft stood when its revision was written: not live, never published.
        article.live, article.last_published_at, article.latest_revision_created_at = (
            False,
            None,
            None,
        )
        content = article.serializable_data()
        article.live, article.last_published_at, article.latest_revision_created_at = final
        revisions.append(
            Revision(
                content_type_id=article.content_type_id,
                base_content_type=page_type,
                object_id=str(article.pk),
                created_at=now,
                user=user,
                object_str=str(article)[:255],
                content=content,
            )
        )
    # freshness: bookkeeping (revisions)
    Revision.objects.bulk_create(revisions)
    for article, revision in zip(articles, revisions, strict=True):
        article.latest_revision = article.live_revision = revision
    # One statement: each page points at its one revision (bulk_update would build a
    # CASE of every row).
    first_revision = Subquery(
        Revision.objects.filter(
            base_content_type=page_type, object_id=Cast(OuterRef("pk"), models.CharField())
        ).values("pk")[:1]
    )
    # freshness: revision pointers only; file_articles purges each story's keys
    Page.objects.filter(pk__in=[a.pk for a in articles]).update(
        latest_revision=first_revision, live_revision=first_revision
    )
    return revisions


def insert_log_entries(
    articles: Sequence[ArticlePage],
    revisions: Sequence[Revision],
    users: Sequence[Any],
    now: dt.datetime,
) -> None:
    """The history the admin shows for a page created and published: "Created", then
    "Published" with the revision (`Page.save` and `PublishRevisionAction` log these)."""
    context = get_active_log_context()
    entries = []
    for article, revision, user in zip(articles, revisions, users, strict=True):
        for action, logged_revision in (("wagtail.create", None), ("wagtail.publish", revision)):
            entries.append(
                PageLogEntry(
                    content_type_id=article.content_type_id,
                    label=article.get_admin_display_title(),
                    action=action,
                    data={},
                    timestamp=now,
                    uuid=context.uuid,
                    user=user or context.user or article.owner,
                    revision=logged_revision,
                    content_changed=True,
                    page=article,
                )
            )
    # freshness: bookkeeping (history)
    PageLogEntry.objects.bulk_create(entries)


def insert_references(articles: Sequence[ArticlePage]) -> None:
    """What each new story links to (images, agency, sections, topics), for the admin's
    "usage" screens: the rows `ReferenceIndex.create_or_update_for_object` writes for an
    object with none yet, found by its own extractor, in one insert."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    base_type = ContentType.objects.get_for_model(Page)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_type,
            object_id=article.pk,
            to_content_type_id=to_type,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for article in articles
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(article)
        )
    ]
    # freshness: bookkeeping (reference index)
    ReferenceIndex.objects.bulk_create(rows)
