"""Files that could not be read or filed: kept with their bytes and a reason, retried by the
desk."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from dateline.articles import services as article_services

from ..models import (
    IngestRecord,
    QuarantinedFile,
    QuarantineStatus,
    StoryState,
    WireFormat,
    WireSource,
)
from ..parsers import WireParseError
from .filing import _file_pending, _ingest_items
from .records import IngestReport, _Context, _File, _parse, logger


def quarantine(
    data: bytes,
    *,
    source: WireSource | None,
    filename: str,
    reason: str,
    wire_format: str = WireFormat.AUTO,
    excerpt: int | None = None,
) -> IngestRecord:
    """Keep the file byte for byte (or its first `excerpt` bytes) with the reason, and note
    it on the desk. Size and checksum are the whole file's."""
    kept = data
    if excerpt is not None and len(data) > excerpt:
        kept = data[:excerpt]
        reason += (
            f"\nOnly the first {excerpt:,} of {len(data):,} bytes are kept: an unexpected "
            "answer from a URL is not stored whole."
        )
    logger.warning(
        "Quarantined %s from %s: %s", filename or "a file", source or "no source", reason
    )
    held = QuarantinedFile.objects.create(
        source=source,
        filename=filename[:500],
        data=kept,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format=wire_format,
        reason=reason,
    )
    return IngestRecord.objects.create(
        source=source,
        quarantined=held,
        guid="",
        headline=(filename or f"File {held.pk}")[:255],
        outcome=StoryState.QUARANTINED,
        detail=reason,
    )


def retry_quarantined(held: QuarantinedFile, *, user=None) -> IngestReport:
    """Ingest a held file again (after a fix in the parser or the source's settings).

    The held copy is marked retried when its stories went in; a file that fails again
    stays held (with the new reason) and no second copy is kept.
    """
    report = IngestReport()
    data = bytes(held.data)
    try:
        items = _parse(data, held.format)
    except WireParseError as exc:
        # freshness: bookkeeping (the wire desk's records)
        QuarantinedFile.objects.filter(pk=held.pk).update(
            reason=str(exc), retries=held.retries + 1, retried_at=timezone.now()
        )
        held.refresh_from_db()
        report.add(_retry_failed(held, str(exc)))
        return report
    context = _Context(source=held.source, publish=None, user=user, pending=[])
    retried = _File(held.filename, data, held.format)
    with transaction.atomic(), article_services.batch():
        failures = _ingest_items(items, context, report, retried)
        _file_pending(context, report)
        failures += retried.failures
    held.retries += 1
    held.retried_at = timezone.now()
    if failures:
        held.reason = "\n".join(failures)
        report.add(_retry_failed(held, held.reason))
    else:
        held.status = QuarantineStatus.RETRIED
    held.save(update_fields=["retries", "retried_at", "reason", "status"])
    return report


def _retry_failed(held: QuarantinedFile, reason: str) -> IngestRecord:
    """The desk's record of a held file that failed again (it stays held)."""
    return IngestRecord.objects.create(
        source=held.source,
        quarantined=held,
        headline=held.filename[:255],
        outcome=StoryState.QUARANTINED,
        detail=f"Retry failed: {reason}",
    )
