"""Wire files in: one file or a batch of them, parsed, filed item by item in one transaction,
quarantined whole or in part when they fail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dateline.articles import services as article_services

from ..items import WireItem
from ..models import (
    WireFormat,
    WireSource,
)
from ..parsers import WireParseError
from .dedup import _stories_by_band
from .filing import _file_pending, _ingest_items
from .quarantine import quarantine
from .records import IngestReport, _Context, _File, _parse, _stored_guids

# Files filed in one transaction by a poll (or `ingest_files`): the cost of a commit, and
# of purging a section's pages, is paid once per batch rather than once per story.
BATCH_FILES = 200


def ingest_file(
    data: bytes,
    *,
    source: WireSource | None = None,
    filename: str = "",
    wire_format: str = WireFormat.AUTO,
    publish: bool | None = None,
    user=None,
) -> IngestReport:
    """Parse one file and ingest its items; quarantine it if it cannot be read or filed.

    `publish` overrides the source's rule (None: the source decides; no source: draft).
    """
    return ingest_files(
        [(filename, data)], source=source, wire_format=wire_format, publish=publish, user=user
    )


def ingest_files(
    files: Iterable[tuple[str, bytes]],
    *,
    source: WireSource | None = None,
    wire_format: str = WireFormat.AUTO,
    publish: bool | None = None,
    user=None,
    quarantine_excerpt: int | None = None,
) -> IngestReport:
    """Ingest (name, bytes) files as one batch: one transaction, a savepoint per item (an
    item that fails rolls back alone and its file is quarantined), look-ups shared, and
    the pages the batch made stale purged once per key after commit
    (`articles.services.batch`). Every story still goes through `articles.services`.
    A file no parser reads is quarantined whole, or only its first `quarantine_excerpt`
    bytes (the transport's choice: an answer from a URL may be anything)."""
    report = IngestReport()
    context = _Context(source=source, publish=publish, user=user, pending=[])
    chosen = (
        wire_format
        if wire_format != WireFormat.AUTO
        else (source.format if source else WireFormat.AUTO)
    )
    read: list[tuple[_File, list[WireItem]]] = []
    with transaction.atomic(), article_services.batch():
        for filename, data in files:
            try:
                read.append((_File(filename, data, chosen), _parse(data, chosen)))
            except WireParseError as exc:
                report.add(
                    quarantine(
                        data,
                        source=source,
                        filename=filename,
                        reason=str(exc),
                        wire_format=chosen,
                        excerpt=quarantine_excerpt,
                    )
                )
        batch_items = [item for _, items in read for item in items]
        context.known_guids = _stored_guids(item.guid for item in batch_items)
        context.stories_by_band = _stories_by_band(batch_items, context)
        for wire_file, items in read:
            wire_file.failures += _ingest_items(items, context, report, wire_file)
        _file_pending(context, report)
        for wire_file, _items in read:
            if wire_file.failures:
                report.add(
                    quarantine(
                        wire_file.data,
                        source=source,
                        filename=wire_file.name,
                        reason="\n".join(wire_file.failures),
                        wire_format=wire_file.wire_format,
                    )
                )
    return report
