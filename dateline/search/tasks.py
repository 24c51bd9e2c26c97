"""Search counts: from the cache into the database, by the background worker."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from dateline.core.counters import CacheCounter, cache, enqueue_roll_up_once

from .models import SearchQueryDay

# Hourly buckets: a roll-up every minute empties them; three hours of slack if it stops.
search_counter = CacheCounter("searches", 3600, keep_buckets=3, max_items=20_000)


def count_search(normalised_query: str) -> None:
    if normalised_query:
        search_counter.hit(normalised_query)


def roll_up_search_counts(now: float | None = None) -> int:
    """Add the cached counts to SearchQueryDay; returns how many searches were moved."""
    moved = 0
    per_day: dict[tuple[str, dt.date], int] = {}
    for bucket, counts in search_counter.drain(now=now).items():
        start = dt.datetime.fromtimestamp(bucket * search_counter.bucket_seconds, tz=dt.UTC)
        day = timezone.localdate(start)
        for query, count in counts.items():
            per_day[(query, day)] = per_day.get((query, day), 0) + count
            moved += count
    with transaction.atomic():
        for (query, day), count in per_day.items():
            # freshness: bookkeeping (counters); the task purges list:most-searched
            updated = SearchQueryDay.objects.filter(query=query, day=day).update(
                count=F("count") + count
            )
            if not updated:
                SearchQueryDay.objects.create(query=query, day=day, count=count)
    if moved:
        _refresh_most_searched()
    return moved


@task()
def roll_up_search_counts_task() -> int:
    return roll_up_search_counts()


def enqueue_roll_up() -> None:
    """A periodic job (DATELINE_PERIODIC_JOBS): queue a roll-up at most once a minute."""
    enqueue_roll_up_once("search", roll_up_search_counts_task)


def _refresh_most_searched() -> None:
    """Purge pages showing "most searched" only when the list really changed."""
    from dateline.caching.dependencies import invalidate, listing_key

    from .templatetags.search_tags import most_searched_queries

    top = [row["query"] for row in most_searched_queries()]
    if cache.get("dateline:search:last-most-searched") != top:
        cache.set("dateline:search:last-most-searched", top, None)
        invalidate(listing_key("most-searched"))
