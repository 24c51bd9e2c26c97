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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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

    def should_publish(self) -> bool:
        if self.publish is not None:
            return self.publish
        return self.source.publishes if self.source else False


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
) -> IngestReport:
    """Ingest (name, bytes) files as one batch: one transaction, a savepoint per item (an
    item that fails rolls back alone and its file is quarantined), look-ups shared, and
    the pages the batch made stale purged once per key after commit
    (`articles.services.batch`). Every story still goes through `articles.services`."""
    report = IngestReport()
    context = _Context(source=source, publish=publish, user=user)
    with transaction.atomic(), article_services.batch():
        for filename, data in files:
            report.extend(_ingest_one_file(data, filename, wire_format, context))
    return report


def _ingest_one_file(data: bytes, filename: str, wire_format: str, context: _Context):
    report = IngestReport()
    source = context.source
    chosen = (
        wire_format
        if wire_format != WireFormat.AUTO
        else (source.format if source else WireFormat.AUTO)
    )
    try:
        items = _parse(data, chosen)
    except WireParseError as exc:
        report.add(
            quarantine(data, source=source, filename=filename, reason=str(exc), wire_format=chosen)
        )
        return report
    failures = _ingest_items(items, context, report)
    if failures:
        report.add(
            quarantine(
                data,
                source=source,
                filename=filename,
                reason="\n".join(failures),
                wire_format=chosen,
            )
        )
    return report


def _ingest_items(items: list[WireItem], context: _Context, report: IngestReport) -> list[str]:
    """Ingest each item in its own savepoint; return the reasons of those that failed."""
    failures = []
    for item in items:
        try:
            with transaction.atomic(), article_services.batch():
                report.add(ingest_item(item, context))
        except Exception as exc:  # any failure to file keeps the file, never loses it
            if not isinstance(exc, IngestError):
                logger.exception("Wire item %s could not be filed", item.guid)
            failures.append(f"Item {item.guid!r} ({item.headline[:80]}): {exc}")
    return failures


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
) -> IngestRecord:
    """Keep the file byte for byte with the reason, and note it on the desk."""
    logger.warning(
        "Quarantined %s from %s: %s", filename or "a file", source or "no source", reason
    )
    held = QuarantinedFile.objects.create(
        source=source,
        filename=filename[:500],
        data=data,
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
    context = _Context(source=held.source, publish=None, user=user)
    with transaction.atomic(), article_services.batch():
        failures = _ingest_items(items, context, report)
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


def ingest_item(item: WireItem, context: _Context | None = None) -> IngestRecord:
    """What this version of the item means for its story; the change goes through
    dateline.articles.services. Call inside a transaction."""
    context = context or _Context(source=None, publish=None)
    story = WireStory.objects.select_related("article").filter(guid=item.guid).first()
    if story is None:
        return _create(item, context)
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


def _create(item: WireItem, context: _Context, story: WireStory | None = None) -> IngestRecord:
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
    body_html = sanitize_html(item.body_html)
    if not body_html:
        raise IngestError("Nothing is left of the body once unsafe HTML is removed.")
    sig = similarity.signature(f"{item.headline} {plain_text(body_html)}")
    duplicate, score = _find_duplicate(sig, agency)
    publish = context.should_publish()
    held_as_duplicate = bool(
        duplicate
        and publish
        and context.source
        and context.source.duplicate_policy == DuplicatePolicy.HOLD
    )
    publish = publish and not held_as_duplicate
    when = min(item.first_created or item.version_created or now, now)
    article = _article_model()(
        title=item.headline,
        slug=_slug(item),
        dek=item.dek or _dek_from(body_html),
        body=[("paragraph", RichText(body_html))],
        agency=agency,
        dateline_place=item.dateline_place,
        embargo_until=item.embargo,
        published_at=when,
    )
    if tags:
        article.tags.add(*tags)
    embargoed = item.embargo is not None and item.embargo > now
    user = context.user
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
    if duplicate:
        detail += (
            f" Near-duplicate ({score:.0%}) of {duplicate.headline!r}"
            f"{' from ' + duplicate.agency.name if duplicate.agency else ''}"
            + ("; held as a draft." if held_as_duplicate else ".")
        )
    return _record(context, story, item, StoryState.CREATED, detail)


def _update(item: WireItem, story: WireStory, context: _Context) -> IngestRecord:
    article = story.article.specific if hasattr(story.article, "specific") else story.article
    body_html = sanitize_html(item.body_html)
    if not body_html:
        raise IngestError("Nothing is left of the body once unsafe HTML is removed.")
    _, tags = _route(item, context)
    now = timezone.now()
    republish = story.state == StoryState.WITHDRAWN and context.should_publish()
    publish = article.live or republish
    changes = {
        "title": item.headline,
        "dek": item.dek or _dek_from(body_html),
        "body": [("paragraph", RichText(body_html))],
        "dateline_place": item.dateline_place,
        "embargo_until": item.embargo,
    }
    if item.embargo and item.embargo > now and publish:
        changes["go_live_at"] = item.embargo
    article = article_services.revise_article(
        article, user=context.user, publish=publish, tags=tags, **changes
    )
    sig = similarity.signature(f"{item.headline} {plain_text(body_html)}")
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
    return IngestRecord.objects.create(
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
    created = story.pk is None
    story.save()
    if new_signature:
        if not created:
            ShingleBand.objects.filter(story=story).delete()
        ShingleBand.objects.bulk_create(
            [ShingleBand(story=story, band=key) for key in similarity.band_keys(sig)]
        )
    return story


def _find_duplicate(sig: list[int], agency: Agency | None) -> tuple[WireStory | None, float | None]:
    """The most similar recent story from another agency, if similar enough."""
    keys = similarity.band_keys(sig)
    if not keys:
        return None, None
    window = dt.timedelta(hours=getattr(settings, "DATELINE_WIRES_DUPLICATE_HOURS", 48))
    threshold = getattr(settings, "DATELINE_WIRES_DUPLICATE_THRESHOLD", 0.6)
    candidates = (
        WireStory.objects.filter(
            bands__band__in=keys, first_ingested_at__gte=timezone.now() - window
        )
        .select_related("agency")
        .distinct()
    )
    if agency is not None:
        candidates = candidates.exclude(agency=agency)
    best, best_score = None, 0.0
    for candidate in candidates[:50]:
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
    """Readable and unique without a look-up: the headline plus a short hash of the guid."""
    stem = slugify(item.headline, allow_unicode=False)[:70].strip("-") or "wire-story"
    return f"{stem}-{hashlib.sha1(item.guid.encode()).hexdigest()[:6]}"


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
        report.extend(ingest_files([(p.name, p.data) for p in chunk], source=source))
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
