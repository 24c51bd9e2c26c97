"""Every change to a live blog's entries and status, logged in Wagtail's history.

Entries are rows, so posting one is an insert and a purge of the blog's few listing keys
(`LiveEntry.freshness_listings`), whatever the number of entries. The status is part of the
story, so it changes through `articles.services.revise_article` (a revision, published).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.log_actions import log

from dateline.articles.services import revise_article

from .models import BUCKET_SECONDS, CoverageStatus, LiveBlogPage, LiveEntry

MODERATE = "live.moderate_liveentry"


def can_post(user) -> bool:
    return user.is_active and user.has_perm("live.add_liveentry")


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE)


def can_change(user, entry: LiveEntry) -> bool:
    """Reporters correct and delete their own entries; editors anyone's."""
    if can_moderate(user):
        return True
    return can_post(user) and entry.created_by_id == user.pk


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role cannot do this on the live desk.")


@transaction.atomic
def post_entry(
    blog: LiveBlogPage,
    *,
    user,
    body,
    headline: str = "",
    authors=(),
    is_key_event: bool = False,
    is_pinned: bool = False,
) -> LiveEntry:
    """Add an entry (pinning and key events need an editor). Pinning one unpins the others."""
    _require(can_post(user))
    if is_pinned or is_key_event:
        _require(can_moderate(user))
    if is_pinned:
        _unpin_others(blog, user)
    entry = LiveEntry(
        blog=blog,
        headline=headline,
        body=body,
        is_key_event=is_key_event,
        is_pinned=is_pinned,
        created_by=user,
    )
    entry.save()
    if authors:
        entry.authors.set(authors)
    log(entry, "wagtail.create", user=user)
    if blog.coverage_status == CoverageStatus.UPCOMING:
        set_status(blog, CoverageStatus.LIVE, user=user)
    return entry


@transaction.atomic
def edit_entry(entry: LiveEntry, *, user, authors=None, **changes) -> LiveEntry:
    """Correct an entry's headline, body or authors; flags need an editor."""
    _require(can_change(user, entry))
    flags = {"is_key_event", "is_pinned"} & changes.keys()
    if any(changes[f] != getattr(entry, f) for f in flags):
        _require(can_moderate(user))
    if changes.get("is_pinned") and not entry.is_pinned:
        _unpin_others(entry.blog, user)
    for field, value in changes.items():
        setattr(entry, field, value)
    entry.save()
    if authors is not None:
        entry.authors.set(authors)
    log(entry, "wagtail.edit", user=user)
    return entry


@transaction.atomic
def set_pinned(entry: LiveEntry, pinned: bool, *, user) -> LiveEntry:
    _require(can_moderate(user))
    if pinned:
        _unpin_others(entry.blog, user)
    entry.is_pinned = pinned
    entry.save(update_fields=["is_pinned", "updated_at"])
    log(entry, "live.pin" if pinned else "live.unpin", user=user)
    return entry


@transaction.atomic
def delete_entry(entry: LiveEntry, *, user) -> LiveEntry:
    """Take an entry off the blog. The row stays, marked, so open pages remove it."""
    _require(can_change(user, entry))
    entry.deleted_at = timezone.now()
    entry.is_pinned = False
    entry.save(update_fields=["deleted_at", "is_pinned", "updated_at"])
    log(entry, "wagtail.delete", user=user)
    return entry


def _unpin_others(blog: LiveBlogPage, user) -> None:
    # One pinned entry at most; a save each (signals purge), there is at most one.
    for other in LiveEntry.objects.filter(blog=blog, is_pinned=True):
        other.is_pinned = False
        other.save(update_fields=["is_pinned", "updated_at"])
        log(other, "live.unpin", user=user)


def set_status(blog: LiveBlogPage, status: str, *, user=None, check: bool = True) -> LiveBlogPage:
    """Start or end coverage: a published revision of the story (the history says who)."""
    if check and user is not None:
        _require(can_moderate(user) or (status == CoverageStatus.LIVE and can_post(user)))
    if status not in CoverageStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    ended_at = timezone.now() if status == CoverageStatus.ENDED else None
    # minor_edit: a status change is not an update of the story readers should see as one.
    return revise_article(
        blog, user=user, coverage_status=status, coverage_ended_at=ended_at, minor_edit=True
    )


def set_poll_seconds(blog: LiveBlogPage, seconds: int, *, user) -> LiveBlogPage:
    """Slow every open page down (or speed it up again), from the next poll on."""
    _require(can_moderate(user))
    if seconds < BUCKET_SECONDS:  # a shorter wait would only ask the same bucket again
        raise ValueError(f"Readers check at most every {BUCKET_SECONDS} seconds.")
    return revise_article(blog, user=user, poll_seconds=seconds, minor_edit=True)


def end_silent_blogs() -> list[int]:
    """End live blogs silent past their limit (a scheduler job). Returns their ids.

    One query for every live blog, each with its latest entry's time (as
    `LiveBlogPage.last_entry_at` reads it), however many blogs are live."""
    latest = (
        LiveEntry.objects.filter(blog=OuterRef("pk"), deleted_at__isnull=True)
        .order_by("-pk")
        .values("posted_at")[:1]
    )
    blogs = (
        LiveBlogPage.objects.live()
        .filter(coverage_status=CoverageStatus.LIVE)
        .annotate(latest_entry_at=Subquery(latest))
    )
    ended = []
    now = timezone.now()
    for blog in blogs:
        ends = blog.ends_at(blog.latest_entry_at)
        if ends is not None and ends <= now:
            set_status(blog, CoverageStatus.ENDED, check=False)
            ended.append(blog.pk)
    return ended
