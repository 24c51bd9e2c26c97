"""Background polling: the scheduler loop enqueues due polls; the worker runs them."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from .models import WireSource

logger = logging.getLogger("dateline.wires")


# Ahead of the search-index backlog a bulk import leaves: copy must not wait behind it.
POLL_PRIORITY = 50


@task(priority=POLL_PRIORITY)
def poll_source_task(source_id: int) -> str:
    """Poll one source (idempotent: the drop folder moves what it ingested; guids dedupe)."""
    from .services.polling import poll_source

    source = WireSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return "source gone or disabled"
    return poll_source(source).summary()


def enqueue_due_polls(now: dt.datetime | None = None) -> int:
    """Enqueue a poll for every source whose time has come (a DATELINE_PERIODIC_JOBS entry).

    Each source's next poll time is claimed before enqueueing, so the next scheduler pass
    does not queue it twice; a source that cannot be queued is logged and skipped.
    """
    now = now or timezone.now()
    queued = 0
    for source in WireSource.objects.due(now):
        try:
            # freshness: bookkeeping (the wire desk's records)
            claimed = WireSource.objects.filter(
                pk=source.pk, next_poll_at=source.next_poll_at
            ).update(next_poll_at=now + dt.timedelta(seconds=max(source.poll_interval, 1)))
            if claimed:
                poll_source_task.enqueue(source.pk)
                queued += 1
        except Exception:
            logger.exception("Could not queue a poll of wire source %s", source.slug)
    return queued
