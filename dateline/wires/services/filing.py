"""One item at a time: what it means for its story (create, update, unchanged, withdraw), filed
through articles.services, new stories of a batch filed together."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from dateline.articles import services as article_services

from .. import similarity
from ..items import PubStatus, WireItem
from ..models import (
    DuplicatePolicy,
    IngestRecord,
    ShingleBand,
    StoryState,
    WireStory,
)
from .dedup import _duplicate_note, _find_duplicate, _text_signature
from .records import (
    IngestError,
    IngestReport,
    _article_model,
    _Context,
    _failure,
    _File,
    _Pending,
    _reason_suffix,
    _record,
    _record_row,
    logger,
)
from .routing import _agency, _dek_from, _route, _slug, _topics


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
    # freshness: bookkeeping (the wire desk's records)
    WireStory.objects.bulk_create(stories)
    # freshness: bookkeeping (the wire desk's records)
    ShingleBand.objects.bulk_create(
        [
            ShingleBand(story=story, band=key)
            for story in stories
            for key in similarity.band_keys(story.signature)
        ]
    )
    # freshness: bookkeeping (the wire desk's records)
    return IngestRecord.objects.bulk_create(
        [
            _record_row(context, story, p.item, StoryState.CREATED, p.detail)
            for p, story in zip(pending, stories, strict=True)
        ]
    )


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
    # Copy naming no agency has no byline (articles.rules): a draft the desk signs first.
    held_for_byline = publish and agency is None
    publish = publish and not held_as_duplicate and not held_for_byline
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
    if held_for_byline:
        detail += " It names no agency: add a byline before it goes out."
    detail += _duplicate_note(duplicate, score, held=held_as_duplicate)
    return _record(context, story, item, StoryState.CREATED, detail)


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
    story = _save_again(story, item, context, article, StoryState.UPDATED, sig)
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
    story = _save_again(story, item, context, article, StoryState.WITHDRAWN, story.signature)
    return _record(
        context,
        story,
        item,
        StoryState.WITHDRAWN,
        f"{str(item.pub_status).capitalize()} by the agency. {done}{_reason_suffix(item)}",
    )


def _save_again(story, item, context, article, state, sig) -> WireStory:
    """A wire story already on file, saved in its new `state`: its agency and its place
    among near-duplicates stay as they were found when it was first filed."""
    return _save_story(
        story,
        item,
        context,
        story.agency,
        article,
        state,
        sig,
        duplicate=story.duplicate_of,
        score=story.similarity,
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
        # freshness: bookkeeping (the wire desk's records)
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
