"""What an ingest leaves and shares: its report, the per-item records, the batch's context and
the look-ups every step uses."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

from dateline.articles import services as article_services

from ..backends import get_parser
from ..items import WireItem
from ..models import (
    IngestRecord,
    WireFormat,
    WireSource,
    WireStory,
)
from ..parsers import detect_format

if TYPE_CHECKING:
    from dateline.articles.models import Agency


logger = logging.getLogger("dateline.wires")


def _agency_model():
    return apps.get_model("articles", "Agency")


def _article_model():
    # Stories are only built here, unsaved, and handed to articles.services to file.
    return apps.get_model("articles", "ArticlePage")


MAX_TAGS = 12


class IngestError(Exception):
    """One item cannot be filed (no section, empty body...); its file goes to quarantine."""


@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)
    records: list[IngestRecord] = field(default_factory=list)

    def add(self, record: IngestRecord) -> None:
        self.counts[record.outcome] += 1
        self.records.append(record)

    def extend(self, other: IngestReport) -> None:
        self.counts.update(other.counts)
        self.records.extend(other.records)

    def summary(self) -> str:
        """The line `dateline ingest` ends with."""
        return ", ".join(
            f"{self.counts[state]} {state}"
            for state in ("created", "updated", "unchanged", "withdrawn", "quarantined")
        )


@dataclass
class _Context:
    """Look-ups shared by the items of one run (agencies, the fallback section)."""

    source: WireSource | None
    publish: bool | None
    user: object = None
    agencies: dict[str, Agency | None] = field(default_factory=dict)
    fallback_section: object = None
    rules: list | None = None
    # In a batch (`ingest_files`): new stories waiting to be filed together, and the
    # files they came from (a file with a failed item is quarantined once all are filed).
    pending: list[_Pending] | None = None
    # Also in a batch: the guids already stored, read once (a new guid needs no look-up),
    # and topics by lower-case name.
    known_guids: set[str] | None = None
    tags: dict[str, object] = field(default_factory=dict)
    # And the stored stories sharing a near-duplicate band with one of the batch's items,
    # by band, read once; None again as soon as the batch stores a story (then each item
    # asks the database).
    stories_by_band: dict[int, set[int]] | None = None
    signatures: dict[int, tuple] = field(default_factory=dict)

    def should_publish(self) -> bool:
        if self.publish is not None:
            return self.publish
        return self.source.publishes if self.source else False


@dataclass
class _File:
    name: str
    data: bytes
    wire_format: str
    failures: list[str] = field(default_factory=list)


@dataclass
class _Pending:
    """A new story decided on and built, to be filed with the rest of its batch."""

    item: WireItem
    file: _File | None
    filing: article_services.Filing
    agency: Agency | None
    sig: list[int]
    detail: str
    build: Callable[[], Any]  # the unsaved article, built afresh for a second try
    duplicate: WireStory | None = None
    score: float | None = None


def _stored_guids(guids: Iterable[str]) -> set[str]:
    return {guid for (guid,) in _rows_matching(WireStory.objects, "guid", guids, "guid")}


# A batch's values asked for in IN lists of this many (within every database's limits).
IN_CHUNK = 500


def _rows_matching(queryset, field: str, values: Iterable, *columns: str):
    """`columns` of the rows whose `field` is one of `values`, a chunk of values a query."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), IN_CHUNK):
        chunk = ordered[start : start + IN_CHUNK]
        yield from queryset.filter(**{f"{field}__in": chunk}).values_list(*columns)


def _failure(item: WireItem, exc: Exception) -> str:
    if not isinstance(exc, IngestError):
        logger.exception("Wire item %s could not be filed", item.guid, exc_info=exc)
    return f"Item {item.guid!r} ({item.headline[:80]}): {exc}"


def _parse(data: bytes, wire_format: str) -> list[WireItem]:
    alias = detect_format(data) if wire_format == WireFormat.AUTO else wire_format
    return get_parser(alias).parse(data)


def _reason_suffix(item: WireItem) -> str:
    return f" Reason: {item.status_reason}" if item.status_reason else ""


def _record(
    context: _Context, story: WireStory, item: WireItem, outcome: str, detail: str
) -> IngestRecord:
    record = _record_row(context, story, item, outcome, detail)
    record.save()
    return record


def _record_row(
    context: _Context, story: WireStory, item: WireItem, outcome: str, detail: str
) -> IngestRecord:
    return IngestRecord(
        source=context.source,
        story=story,
        guid=item.guid,
        headline=item.headline,
        version=item.version,
        outcome=outcome,
        detail=detail,
    )
