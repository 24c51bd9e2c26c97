"""Publication rules of a story, written once: the model's publish gate, the edit form,
the approval workflow and the listings all ask these functions.

A story goes out under a byline: at least one author, or the agency whose copy it is.

A story may go live when its embargo (if any) has lifted. A go-live time at or after the
embargo is a schedule, not a breach: Wagtail's scheduler publishes it when both have passed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import dateparse, timezone
from wagtail.actions.publish_revision import PublishPermissionError

from dateline.core.timefmt import news_datetime

logger = logging.getLogger("dateline.articles")


class EmbargoActive(PublishPermissionError):
    """Publishing was refused: the story's embargo has not lifted yet."""

    def __init__(self, embargo_until: dt.datetime):
        self.embargo_until = embargo_until
        super().__init__(embargo_message(embargo_until))


class BylineMissing(PublishPermissionError):
    """Publishing was refused: the story names no author and no agency."""

    def __init__(self):
        super().__init__(BYLINE_MESSAGE)


BYLINE_MESSAGE = (
    "A story needs a byline before it is submitted or published: add an author under "
    "Byline, or choose the agency whose copy it is."
)


def has_byline(author_count: int, agency_id: int | None) -> bool:
    return author_count > 0 or agency_id is not None


def embargo_message(embargo_until: dt.datetime) -> str:
    return (
        f"This story is embargoed until {news_datetime(embargo_until)} "
        "and cannot be published before then."
    )


def is_under_embargo(embargo_until: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    return embargo_until is not None and embargo_until > (now or timezone.now())


def publication_breaks_embargo(
    embargo_until: dt.datetime | None,
    go_live_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> bool:
    """Would publishing now (or scheduling for `go_live_at`) put the story out too early?"""
    now = now or timezone.now()
    if not is_under_embargo(embargo_until, now):
        return False
    scheduled_after_embargo = (
        go_live_at is not None and go_live_at > now and (go_live_at >= embargo_until)
    )
    return not scheduled_after_embargo


def go_live_for_approval(
    embargo_until: dt.datetime | None, go_live_at: dt.datetime | None
) -> dt.datetime | None:
    """The go-live time an approval under embargo must carry (None: publish as it stands)."""
    if not is_under_embargo(embargo_until):
        return None
    if go_live_at is None or go_live_at < embargo_until:
        return embargo_until
    return None


def revision_time(revision, field: str) -> dt.datetime | None:
    """A date-time field of a revision's content (stored as ISO text once saved)."""
    value = revision.content.get(field)
    if isinstance(value, dt.datetime):  # a revision not yet read back from the database
        return value
    return dateparse.parse_datetime(value) if value else None


def check_byline(revision) -> bool:
    """Refuse a publication of a revision that names no author and no agency: the gate
    every way of publishing passes (the admin, a workflow's approval, the scheduler, the
    desk's services for wire copy and partner submissions). Read from the revision's own
    content, so it asks the database nothing.

    The scheduler releasing such a revision (one scheduled before bylines were required)
    is not refused, as that would stop its whole pass on every pass: the schedule is dropped
    (the story stays a draft), the log says so, and False tells the caller not to publish."""
    content = revision.content
    if has_byline(len(content.get("article_authors") or ()), content.get("agency")):
        return True
    if revision.approved_go_live_at is None:
        raise BylineMissing()
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    logger.warning(
        "Not published on schedule, no byline: %s (page %s)",
        content.get("title"),
        revision.object_id,
    )
    return False


def check_embargo(revision) -> None:
    """Refuse a publication that would put an embargoed story live before its time."""
    embargo_until = revision_time(revision, "embargo_until")
    if publication_breaks_embargo(embargo_until, revision_time(revision, "go_live_at")):
        raise EmbargoActive(embargo_until)
