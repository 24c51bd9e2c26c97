"""The change feed's entries, written from Wagtail's own signals: every path that publishes,
withdraws or deletes a story (the admin, the workflow, the scheduler, the wire desk,
`articles.services`) sends them, so no path can forget the feed.

The entries are content (recorded when the feed is read, purged by the one signal handler
when one is written), so the cached feed stays fresh by construction."""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import post_delete
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from dateline.articles.models import ArticlePage

from .models import ApiChange, ChangeKind


def visible_from(story: ArticlePage, now: dt.datetime) -> dt.datetime:
    """When readers can first see this publication: now, or later for a story published
    ahead of its time or under embargo (the feed must not tell of it before the site does)."""
    moments = [now, story.published_at, story.embargo_until]
    return max(moment for moment in moments if moment is not None)


def on_published(sender, instance, **kwargs) -> None:
    now = timezone.now()
    ApiChange.objects.create(
        at=visible_from(instance, now), page_id=instance.pk, kind=ChangeKind.PUBLISHED
    )


def _left(page_id: int, kind: str) -> None:
    now = timezone.now()
    # A publication that had not yet become visible never will: it leaves the feed
    # (each entry's delete goes through the signal handler, as any write does).
    ApiChange.objects.filter(page_id=page_id, kind=ChangeKind.PUBLISHED, at__gt=now).delete()
    ApiChange.objects.create(at=now, page_id=page_id, kind=kind)


def on_unpublished(sender, instance, **kwargs) -> None:
    _left(instance.pk, ChangeKind.WITHDRAWN)


def on_deleted(sender, instance, **kwargs) -> None:
    if instance.live:  # a draft or withdrawn story was never (or is no longer) in the feed
        _left(instance.pk, ChangeKind.DELETED)


def connect() -> None:
    page_published.connect(on_published, sender=ArticlePage, dispatch_uid="api-published")
    page_unpublished.connect(on_unpublished, sender=ArticlePage, dispatch_uid="api-unpublished")
    post_delete.connect(on_deleted, sender=ArticlePage, dispatch_uid="api-deleted")
