"""Polling a source's transport on its interval, with back-off after failures."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..backends import get_transport
from ..models import (
    WireSource,
)
from ..transports.base import WireTransportError
from .intake import BATCH_FILES, ingest_files
from .records import IngestReport, logger


def poll_source(source: WireSource, *, now: dt.datetime | None = None) -> IngestReport:
    """Fetch what a source has and ingest it; record its health and the next poll time.

    A failure (down, timeout, HTTP 500) is logged on the source and retried with
    exponential back-off; it never raises, so other sources are unaffected.
    """
    now = now or timezone.now()
    report = IngestReport()
    try:
        transport = get_transport(source.transport)
        payloads = transport.fetch(source)
    except WireTransportError as exc:
        failures = source.consecutive_failures + 1
        delay = backoff_seconds(source.poll_interval, failures)
        logger.warning("Wire source %s failed (%s); next try in %s s", source.slug, exc, delay)
        # freshness: bookkeeping (the wire desk's records)
        WireSource.objects.filter(pk=source.pk).update(
            last_polled_at=now,
            last_error=str(exc)[:2000],
            consecutive_failures=failures,
            next_poll_at=now + dt.timedelta(seconds=delay),
        )
        source.refresh_from_db()
        return report
    for start in range(0, len(payloads), BATCH_FILES):
        chunk = payloads[start : start + BATCH_FILES]
        report.extend(
            ingest_files(
                [(p.name, p.data) for p in chunk],
                source=source,
                quarantine_excerpt=transport.quarantine_excerpt,
            )
        )
        # Only once the batch is committed: a crash before leaves the files to the next
        # poll, where their guids make them "unchanged".
        for payload in chunk:
            transport.acknowledge(source, payload)
    # freshness: bookkeeping (the wire desk's records)
    WireSource.objects.filter(pk=source.pk).update(
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        consecutive_failures=0,
        next_poll_at=now + dt.timedelta(seconds=source.poll_interval),
    )
    source.refresh_from_db()
    return report


MAX_BACKOFF_SECONDS = 3600


def backoff_seconds(interval: int, failures: int) -> int:
    """Double the wait after each failure in a row, capped at an hour."""
    return int(min(max(interval, 1) * 2 ** min(failures, 20), MAX_BACKOFF_SECONDS))
