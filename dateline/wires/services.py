"""Ingest: wire files in, articles out, through the same services as the newsroom's.

Check → do → record: `ingest_file` parses (or quarantines), `ingest_item` decides what one
item means for its story (create, update, unchanged, withdraw) and calls
`dateline.articles.services` for every change; each outcome leaves an `IngestRecord` for the
desk. Nothing is dropped: a file that cannot be read, or an item that cannot be filed, is
quarantined with its bytes and a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from dateline.articles import services as article_services

from . import similarity
from .backends import get_parser, get_transport
from .items import PubStatus, WireItem
from .models import (
    DuplicatePolicy,
    IngestRecord,
    QuarantinedFile,
    QuarantineStatus,
    ShingleBand,
    StoryState,
    WireFormat,
    WireSource,
    WireStory,
)
from .parsers import WireParseError, detect_format
from .sanitize import plain_text, sanitize_html
from .transports.base import WireTransportError

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


# --- files

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


def _ingest_items(
    items: list[WireItem], context: _Context, report: IngestReport, wire_file: _File | None
) -> list[str]:
    """Ingest each item in its own savepoint; return the reasons of those that failed (new
    stories of a batch are only decided here and filed by `_file_pending`)."""
    failures = []
    for item in items:
        try:
            if context.pending and _needs_pending_filed(item, context):
                _file_pending(context, report)
            with transaction.atomic(), article_services.batch():
                record = ingest_item(item, context, wire_file)
                if record is not None:
                    report.add(record)
                    context.stories_by_band = None  # something was stored: ask from now on
        except Exception as exc:  # any failure to file keeps the file, never loses it
            failures.append(_failure(item, exc))
            context.tags.clear()  # one may have been made, and taken back, in its savepoint
        if context.known_guids is not None:
            context.known_guids.add(item.guid)  # stored now, or waiting to be
    return failures


def _text_signature(item: WireItem, context: _Context) -> tuple[str, list[int]]:
    """The sanitised body and the near-duplicate signature of an item (worked out once a
    batch: the band look-up at its start needs them too)."""
    known = context.signatures.get(id(item))
    if known is None or known[0] is not item:
        body_html = sanitize_html(item.body_html)
        sig = similarity.signature(f"{item.headline} {plain_text(body_html)}")
        known = context.signatures[id(item)] = (item, body_html, sig)
    return known[1], known[2]


def _stories_by_band(items: list[WireItem], context: _Context) -> dict[int, set[int]]:
    keys = {
        key for item in items for key in similarity.band_keys(_text_signature(item, context)[1])
    }
    found: dict[int, set[int]] = {}
    for band, story_id in _rows_matching(ShingleBand.objects, "band", keys, "band", "story_id"):
        found.setdefault(band, set()).add(story_id)
    return found


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


def _needs_pending_filed(item: WireItem, context: _Context) -> bool:
    """Whether `item` must see the waiting stories in the database first: a later version
    of one of them, or a text like one of them from another agency (near-duplicates)."""
    if any(p.item.guid == item.guid for p in context.pending):
        return True
    agency = _agency(item, context)
    return any(p.agency != agency for p in context.pending)


def _file_pending(context: _Context, report: IngestReport) -> None:
    """File the batch's new stories together (`articles.services.file_articles`). If that
    fails, each is filed on its own in its own savepoint, so only a bad one is held back."""
    pending, context.pending = context.pending or [], []
    if not pending:
        return
    context.stories_by_band = None  # stories are stored now: ask from now on
    try:
        # Its own batch: a failure takes back this attempt's purges and month buckets too.
        with transaction.atomic(), article_services.batch():
            articles = article_services.file_articles([p.filing for p in pending])
            records = _record_created(pending, articles, context)
    except Exception:
        logger.info("Filing %s stories together failed; filing them one by one", len(pending))
    else:
        for record in records:
            report.add(record)
        return
    for waiting in pending:
        try:
            with transaction.atomic(), article_services.batch():
                filing = waiting.filing
                article = article_services.file_article(
                    filing.section,
                    waiting.build(),
                    published_at=filing.published_at,
                    user=filing.user,
                )
                (record,) = _record_created([waiting], [article], context)
                report.add(record)
        except Exception as exc:
            reason = _failure(waiting.item, exc)
            if waiting.file is not None:
                waiting.file.failures.append(reason)
            else:
                raise


def _record_created(
    pending: list[_Pending], articles: list, context: _Context
) -> list[IngestRecord]:
    """The desk's rows for stories filed together: their wire stories, near-duplicate
    bands and "created" records, one insert each."""
    now = timezone.now()
    stories = [
        _story_row(
            WireStory(guid=p.item.guid, first_ingested_at=now),
            p.item,
            context,
            p.agency,
            article,
            StoryState.CREATED,
            p.sig,
            duplicate=p.duplicate,
            score=p.score,
            now=now,
        )
        for p, article in zip(pending, articles, strict=True)
    ]
    WireStory.objects.bulk_create(stories)
    ShingleBand.objects.bulk_create(
        [
            ShingleBand(story=story, band=key)
            for story in stories
            for key in similarity.band_keys(story.signature)
        ]
    )
    return IngestRecord.objects.bulk_create(
        [
            _record_row(context, story, p.item, StoryState.CREATED, p.detail)
            for p, story in zip(pending, stories, strict=True)
        ]
    )


def _parse(data: bytes, wire_format: str) -> list[WireItem]:
    alias = detect_format(data) if wire_format == WireFormat.AUTO else wire_format
    return get_parser(alias).parse(data)


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
        QuarantinedFile.objects.filter(pk=held.pk).update(
            reason=str(exc), retries=held.retries + 1, retried_at=timezone.now()
        )
        held.refresh_from_db()
        report.add(
            IngestRecord.objects.create(
                source=held.source,
                quarantined=held,
                headline=held.filename[:255],
                outcome=StoryState.QUARANTINED,
                detail=f"Retry failed: {exc}",
            )
        )
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
        report.add(
            IngestRecord.objects.create(
                source=held.source,
                quarantined=held,
                headline=held.filename[:255],
                outcome=StoryState.QUARANTINED,
                detail=f"Retry failed: {held.reason}",
            )
        )
    else:
        held.status = QuarantineStatus.RETRIED
    held.save(update_fields=["retries", "retried_at", "reason", "status"])
    return report


# --- one item


def ingest_item(
    item: WireItem, context: _Context | None = None, wire_file: _File | None = None
) -> IngestRecord | None:
    """What this version of the item means for its story; the change goes through
    dateline.articles.services. Call inside a transaction. In a batch, a new story that
    is published at once waits to be filed with the others (None is returned)."""
    context = context or _Context(source=None, publish=None)
    if context.known_guids is not None and item.guid not in context.known_guids:
        story = None  # the batch read every stored guid at its start
    else:
        story = WireStory.objects.select_related("article").filter(guid=item.guid).first()
    if story is None:
        return _create(item, context, wire_file=wire_file)
    if not item.is_newer_than(story.version, story.version_created):
        return _record(
            context,
            story,
            item,
            StoryState.UNCHANGED,
            f"Version {item.version} is not newer than version {story.version}.",
        )
    if item.pub_status != PubStatus.USABLE:
        return _withdraw(item, story, context)
    if story.article is None:
        return _create(item, context, story=story)
    return _update(item, story, context)


def _create(
    item: WireItem,
    context: _Context,
    story: WireStory | None = None,
    wire_file: _File | None = None,
) -> IngestRecord | None:
    now = timezone.now()
    agency = _agency(item, context)
    if item.pub_status != PubStatus.USABLE:
        story = _save_story(story, item, context, agency, None, StoryState.WITHDRAWN, [])
        return _record(
            context,
            story,
            item,
            StoryState.WITHDRAWN,
            f"{str(item.pub_status).capitalize()} before publication: nothing to take down."
            + _reason_suffix(item),
        )
    section, tags = _route(item, context)
    body_html, sig = _text_signature(item, context)
    if not body_html:
        raise IngestError("Nothing is left of the body once unsafe HTML is removed.")
    duplicate, score = _find_duplicate(sig, agency, context.stories_by_band)
    publish = context.should_publish()
    held_as_duplicate = bool(
        duplicate
        and publish
        and context.source
        and context.source.duplicate_policy == DuplicatePolicy.HOLD
    )
    publish = publish and not held_as_duplicate
    when = min(item.first_created or item.version_created or now, now)

    def build():
        article = _article_model()(
            title=item.headline,
            slug=_slug(item),
            # Agency copy without a summary has no dek: its first paragraph would be read
            # twice on the page. That paragraph still describes it to search engines.
            dek=item.dek,
            search_description="" if item.dek else _dek_from(body_html),
            body=[("paragraph", RichText(body_html))],
            agency=agency,
            dateline_place=item.dateline_place,
            embargo_until=item.embargo,
            published_at=when,
        )
        if tags:
            article.tags.add(*topics)
        return article

    topics = _topics(tags, context)

    embargoed = item.embargo is not None and item.embargo > now
    user = context.user
    if context.pending is not None and publish and not embargoed and story is None:
        detail = f"Published in {section.title}."
        context.pending.append(
            _Pending(
                item=item,
                file=wire_file,
                filing=article_services.Filing(section, build(), when, user),
                build=build,
                agency=agency,
                sig=sig,
                detail=detail + _duplicate_note(duplicate, score, held=False),
                duplicate=duplicate,
                score=score,
            )
        )
        return None
    article = build()
    if publish and embargoed:
        article = article_services.file_article(
            section, article, publish=False, published_at=when, user=user
        )
        article = article_services.revise_article(article, user=user, go_live_at=item.embargo)
        detail = f"Scheduled for the embargo time in {section.title}."
    else:
        article = article_services.file_article(
            section, article, publish=publish, published_at=when, user=user
        )
        detail = (
            f"Published in {section.title}." if publish else f"Draft for review in {section.title}."
        )
    story = _save_story(
        story,
        item,
        context,
        agency,
        article,
        StoryState.CREATED,
        sig,
        duplicate=duplicate,
        score=score,
    )
    detail += _duplicate_note(duplicate, score, held=held_as_duplicate)
    return _record(context, story, item, StoryState.CREATED, detail)


def _duplicate_note(duplicate: WireStory | None, score: float | None, *, held: bool) -> str:
    if not duplicate:
        return ""
    return (
        f" Near-duplicate ({score:.0%}) of {duplicate.headline!r}"
        f"{' from ' + duplicate.agency.name if duplicate.agency else ''}"
        + ("; held as a draft." if held else ".")
    )


def _update(item: WireItem, story: WireStory, context: _Context) -> IngestRecord:
    article = story.article.specific if hasattr(story.article, "specific") else story.article
    body_html, sig = _text_signature(item, context)
    if not body_html:
        raise IngestError("Nothing is left of the body once unsafe HTML is removed.")
    _, tags = _route(item, context)
    now = timezone.now()
    republish = story.state == StoryState.WITHDRAWN and context.should_publish()
    publish = article.live or republish
    changes = {
        "title": item.headline,
        "dek": item.dek,
        "search_description": "" if item.dek else _dek_from(body_html),
        "body": [("paragraph", RichText(body_html))],
        "dateline_place": item.dateline_place,
        "embargo_until": item.embargo,
    }
    if item.embargo and item.embargo > now and publish:
        changes["go_live_at"] = item.embargo
    article = article_services.revise_article(
        article, user=context.user, publish=publish, tags=tags, **changes
    )
    story = _save_story(
        story,
        item,
        context,
        story.agency,
        article,
        StoryState.UPDATED,
        sig,
        duplicate=story.duplicate_of,
        score=story.similarity,
    )
    what = "republished" if republish else ("published" if publish else "saved as a draft")
    return _record(
        context,
        story,
        item,
        StoryState.UPDATED,
        f"Version {item.version} {what} as a new revision.",
    )


def _withdraw(item: WireItem, story: WireStory, context: _Context) -> IngestRecord:
    article = story.article
    if article is not None and article.live:
        article = article_services.unpublish_article(article.specific, user=context.user)
        done = "Unpublished: its URL now answers 410 Gone."
    else:
        done = "It was not live."
    logger.info("Wire story %s %s%s", item.guid, item.pub_status, _reason_suffix(item))
    story = _save_story(
        story,
        item,
        context,
        story.agency,
        article,
        StoryState.WITHDRAWN,
        story.signature,
        duplicate=story.duplicate_of,
        score=story.similarity,
    )
    return _record(
        context,
        story,
        item,
        StoryState.WITHDRAWN,
        f"{str(item.pub_status).capitalize()} by the agency. {done}{_reason_suffix(item)}",
    )


# --- helpers


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


def _save_story(
    story, item, context, agency, article, state, sig, *, duplicate=None, score=None
) -> WireStory:
    now = timezone.now()
    if story is None:
        story = WireStory(guid=item.guid, first_ingested_at=now)
    new_signature = story.signature != sig
    _story_row(
        story,
        item,
        context,
        agency,
        article,
        state,
        sig,
        duplicate=duplicate,
        score=score,
        now=now,
    )
    created = story.pk is None
    story.save()
    if new_signature:
        if not created:
            ShingleBand.objects.filter(story=story).delete()
        ShingleBand.objects.bulk_create(
            [ShingleBand(story=story, band=key) for key in similarity.band_keys(sig)]
        )
    return story


def _story_row(
    story, item, context, agency, article, state, sig, *, duplicate=None, score=None, now
) -> WireStory:
    """`story` with this version's fields (unsaved)."""
    story.source = context.source or story.source
    story.agency = agency
    story.article = article
    story.version = item.version
    story.version_created = item.version_created
    story.headline = item.headline
    story.state = state
    story.signature = sig
    story.duplicate_of = duplicate
    story.similarity = score
    story.images = [
        {
            "href": i.href,
            "caption": i.caption,
            "credit": i.credit,
            "width": i.width,
            "height": i.height,
        }
        for i in item.images
    ]
    story.last_ingested_at = now
    return story


def _find_duplicate(
    sig: list[int], agency: Agency | None, stories_by_band: dict[int, set[int]] | None = None
) -> tuple[WireStory | None, float | None]:
    """The most similar recent story from another agency, if similar enough.
    `stories_by_band`: the stored stories by band, when the caller has read them."""
    keys = similarity.band_keys(sig)
    if not keys:
        return None, None
    # Most stories share no band with any other: one narrow indexed look-up settles that.
    if stories_by_band is not None:
        sharing = set().union(*(stories_by_band.get(key, ()) for key in keys))
    else:
        sharing = set(ShingleBand.objects.filter(band__in=keys).values_list("story_id", flat=True))
    if not sharing:
        return None, None
    window = dt.timedelta(hours=getattr(settings, "DATELINE_WIRES_DUPLICATE_HOURS", 48))
    threshold = getattr(settings, "DATELINE_WIRES_DUPLICATE_THRESHOLD", 0.6)
    candidates = WireStory.objects.filter(
        pk__in=sharing, first_ingested_at__gte=timezone.now() - window
    ).select_related("agency")
    if agency is not None:
        candidates = candidates.exclude(agency=agency)
    best, best_score = None, 0.0
    for candidate in candidates.order_by("-first_ingested_at")[:50]:
        score = similarity.estimated_similarity(sig, candidate.signature)
        if score > best_score:
            best, best_score = candidate, score
    if best is None or best_score < threshold:
        return None, None
    return best, best_score


def _agency(item: WireItem, context: _Context) -> Agency | None:
    if context.source and context.source.agency_id:
        return context.source.agency
    name = item.provider.strip()
    if not name:
        return None
    if name not in context.agencies:
        agency = (
            _agency_model()
            .objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
            .first()
        )
        if agency is None:
            slug = slugify(name)[:120] or hashlib.sha1(name.encode()).hexdigest()[:12]
            agency, _ = _agency_model().objects.get_or_create(
                slug=slug, defaults={"name": name[:120]}
            )
        context.agencies[name] = agency
    return context.agencies[name]


def _route(item: WireItem, context: _Context):
    """The section (first matching rule, else the source's, else the site's first) and tags."""
    haystack = {s.name.lower() for s in item.subjects} | {
        s.code.lower() for s in item.subjects if s.code
    }
    section = None
    tags: list[str] = []
    if context.source is not None:
        if context.rules is None:
            context.rules = list(context.source.rules.select_related("section"))
        for rule in context.rules:
            if rule.matches(haystack, item.headline):
                section = section or rule.section
                tags += rule.tag_names
        section = section or context.source.default_section
    section = section or _fallback_section(context)
    if section is None:
        raise IngestError(
            "There is no section to file the story in: give the source a default section."
        )
    seen = set()
    names = []
    for name in tags + [s.name for s in item.subjects]:
        name = name.strip()[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return section, names[:MAX_TAGS]


def _topics(names: list[str], context: _Context) -> list:
    """Topic rows for `names`, found (case-insensitively, as taggit does) or made once a
    batch rather than once a story."""
    tag_model = apps.get_model("taggit", "Tag")
    topics = []
    for name in names:
        key = name.lower()
        if key not in context.tags:
            context.tags[key] = (
                tag_model.objects.filter(name__iexact=name).order_by("pk").first()
                or tag_model.objects.get_or_create(name__iexact=name, defaults={"name": name})[0]
            )
        topics.append(context.tags[key])
    return topics


def _fallback_section(context: _Context):
    if context.fallback_section is None:
        section_model = apps.get_model("sections", "SectionPage")
        slug = getattr(settings, "DATELINE_WIRES_DEFAULT_SECTION", "")
        sections = section_model.objects.order_by("depth", "path")
        context.fallback_section = (
            sections.filter(slug=slug).first() if slug else None
        ) or sections.first()
    return context.fallback_section


def _slug(item: WireItem) -> str:
    """The headline's words; filing adds "-2", "-3"… only when the month already has it."""
    return slugify(item.headline, allow_unicode=False)[:70].strip("-") or "wire-story"


def _dek_from(body_html: str) -> str:
    """The first paragraph, cut at a word near 300 characters (agency copy has no summary)."""
    first = body_html.split("</p>", 1)[0]
    text = plain_text(first)
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"


# --- polling


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
