"""Purges that survive a crash: the outbox behind `dependencies.invalidate()`.

A change writes a `PendingPurge` row with its keys in its own transaction (one INSERT, by
the newsroom: readers never call `invalidate()`); after the commit the purge runs and the
row is deleted. A process that dies between the two, or a purge that fails (the cache or a
front cache unreachable), leaves the row, and the scheduler's periodic job purges it again
(`retry_pending_purges`, settings.DATELINE_PERIODIC_JOBS). A purge done twice costs a
re-render, never a stale page.

Rows are written with `bulk_create` and deleted with `_raw_delete`: no model signal fires,
so the outbox can never ask for a purge of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger("dateline.caching.dependencies")

# Rows younger than this are normally being purged by the process that wrote them.
GRACE = dt.timedelta(seconds=30)
RETRY_BATCH = 200
PRUNE_EVERY = 600  # seconds between two prunes of the reverse index
# How long a done row stays: longer than the fallback keeps a copy made before an outage
# (REDIS_FALLBACK_OUTAGE_SECONDS, 600 s by default) by 300 s of clock skew between hosts.
KEEP_DONE = dt.timedelta(seconds=900)


def _model():
    from .models import PendingPurge

    return PendingPurge


def write(keys: Iterable[str]) -> int:
    """One outbox row for `keys`, in the current transaction; returns its id."""
    model = _model()
    # freshness: bookkeeping (the purge outbox itself)
    (row,) = model.objects.bulk_create([model(keys=sorted(keys))])
    return row.pk


def settle(rows: list[int], error: str, urls: Iterable[str] = ()) -> None:
    """After a purge of `rows`' keys: mark them done, or note the failure for the retry."""
    if not rows:
        return
    model = _model()
    try:
        if not error:
            # freshness: bookkeeping (the purge outbox itself)
            model.objects.filter(pk__in=rows).update(done_at=timezone.now())
            return
        # freshness: bookkeeping (the purge outbox itself)
        model.objects.filter(pk__in=rows).update(
            attempts=F("attempts") + 1, last_error=error[:500], urls=sorted(set(urls))
        )
    except DatabaseError:  # the row stays as it was: the job retries it as it is
        logger.exception("Could not settle %d outbox rows", len(rows))


def retry_pending_purges(*, grace: dt.timedelta = GRACE, limit: int = RETRY_BATCH) -> int:
    """Purge what the outbox still holds (a periodic job): the oldest rows, all at once.
    Returns how many rows were purged."""
    from .dependencies import purge

    model = _model()
    now = timezone.now()
    model.objects.filter(done_at__lt=now - KEEP_DONE)._raw_delete(model.objects.db)
    pending = list(
        model.objects.filter(done_at=None, created_at__lte=now - grace)
        .order_by("pk")
        .values_list("pk", "keys", "urls")[:limit]
    )
    if not pending:
        return 0
    keys = {key for _pk, row_keys, _urls in pending for key in row_keys}
    urls = {url for _pk, _keys, row_urls in pending for url in row_urls}
    error, found = purge(keys, urls)
    settle([pk for pk, _keys, _urls in pending], error, found)
    if error:
        logger.warning("Retried purge of %d outbox rows failed again: %s", len(pending), error)
        return 0
    return len(pending)


def prune_index() -> int:
    """Drop the reverse index's members of expired entries, at most every PRUNE_EVERY
    seconds whatever the scheduler's pace (a periodic job)."""
    from . import cachestore

    if not cache.add("dateline:dependency-index-pruned", 1, PRUNE_EVERY):
        return 0
    return cachestore.prune_index()
