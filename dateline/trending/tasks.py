"""Views: from the cache into the hourly tables, by the background worker."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from dateline.articles.models import ArticlePage, ArticlePageTag
from dateline.caching.dependencies import invalidate, listing_key
from dateline.core.counters import cache, enqueue_roll_up_once

from .counting import view_counter
from .models import PageViewHour, TagViewHour, forget_trending
from .ranking import compute_trending_topics, most_read_ids

LAST_TOP_KEY = "dateline:trending:last-top"


def _add(model, key_field: str, counts: dict[tuple[int, dt.datetime], int], extra=None) -> None:
    """counts {(id, hour): views} added onto existing rows, new rows created: one read, then
    bulk writes (a per-row update took 3 s for 3,000 views). Roll-ups do not overlap (queued
    at most once a minute), and the rows read are locked where the database can."""
    if not counts:
        return
    extra = extra or {}
    existing = {
        (getattr(row, key_field), row.hour): row
        for row in model.objects.select_for_update().filter(
            **{f"{key_field}__in": {ident for ident, _ in counts}},
            hour__in={hour for _, hour in counts},
        )
    }
    changed, created = [], []
    for (ident, hour), views in counts.items():
        row = existing.get((ident, hour))
        if row is not None:
            row.views += views
            changed.append(row)
        else:
            created.append(
                model(**{key_field: ident, "hour": hour, "views": views, **extra.get(ident, {})})
            )
    # freshness: bookkeeping (counters); the task purges what changed rank
    model.objects.bulk_update(changed, ["views"], batch_size=500)
    # freshness: bookkeeping (counters); the task purges what changed rank
    model.objects.bulk_create(created, batch_size=500)


def roll_up_views(now: float | None = None) -> int:
    """Move the cached view counts into PageViewHour and TagViewHour; returns views moved.

    Ids that are not stories (other pages, or no page at all) are dropped here: the beacon
    does not look them up, so a view costs no query, and only stories are ranked by views.
    A story's views also count for each of its topics.
    """
    drained = view_counter.drain(now=now)
    ids = {int(item) for counts in drained.values() for item in counts if item.isdigit()}
    if not ids:
        return 0
    sections = dict(ArticlePage.objects.filter(pk__in=ids).values_list("pk", "top_section_id"))
    existing = set(sections)  # stories only
    tags: dict[int, list[int]] = {}
    for page_id, tag_id in ArticlePageTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        tags.setdefault(page_id, []).append(tag_id)
    page_counts: dict[tuple[int, dt.datetime], int] = {}
    tag_counts: dict[tuple[int, dt.datetime], int] = {}
    moved = 0
    for bucket, counts in drained.items():
        hour = dt.datetime.fromtimestamp(bucket * view_counter.bucket_seconds, tz=dt.UTC)
        for item, views in counts.items():
            if not item.isdigit() or int(item) not in existing:
                continue
            page_id = int(item)
            page_counts[(page_id, hour)] = page_counts.get((page_id, hour), 0) + views
            for tag_id in tags.get(page_id, []):
                tag_counts[(tag_id, hour)] = tag_counts.get((tag_id, hour), 0) + views
            moved += views
    with transaction.atomic():
        _add(
            PageViewHour,
            "page_id",
            page_counts,
            {pk: {"top_section_id": section} for pk, section in sections.items()},
        )
        _add(TagViewHour, "tag_id", tag_counts)
    _refresh_lists()
    return moved


def _refresh_lists() -> None:
    """Purge pages showing most read / trending only when those lists really changed."""
    forget_trending()
    top = (
        most_read_ids(now=dt.datetime.now(dt.UTC)),
        [t.tag_id for t in compute_trending_topics()],
    )
    previous = cache.get(LAST_TOP_KEY)
    if previous != top:
        cache.set(LAST_TOP_KEY, top, None)
        changed = []
        if previous is None or previous[0] != top[0]:
            changed.append(listing_key("most-read"))
        if previous is None or previous[1] != top[1]:
            changed.append(listing_key("trending"))
        invalidate(*changed)


@task()
def roll_up_views_task() -> int:
    return roll_up_views()


def enqueue_roll_up() -> None:
    """A periodic job (DATELINE_PERIODIC_JOBS): queue a roll-up at most once a minute."""
    enqueue_roll_up_once("trending", roll_up_views_task)
