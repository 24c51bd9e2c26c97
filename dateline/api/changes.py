"""The change feed's entries, written from signals only: Wagtail's own (every path that
publishes, withdraws or deletes a page — the admin, the workflow, the scheduler, the wire desk,
`articles.services` — sends them, so no path can forget the feed) and the view restrictions'
(a page put behind a password or a login leaves the public with its whole subtree).

Every page type the API serves at its own address is listed (`FEEDABLE`): stories, live blogs,
Shorts, Web Stories, videos and shows. The entries are content (recorded when the feed is read,
purged by the one signal handler when one is written), so the cached feed stays fresh by
construction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from dateline.articles.models import ArticlePage
from dateline.core.visibility import restricted_q
from dateline.live.models import LiveBlogPage
from dateline.shorts.models import ShortPage
from dateline.stories.models import WebStoryPage
from dateline.video.models import EpisodePage, ShowPage

from .models import ApiChange, ChangeKind, ItemType

PUBLIC_KINDS = (ChangeKind.CREATED, ChangeKind.UPDATED)


@dataclass(frozen=True)
class Feedable:
    """A page type the feed lists: its name there and the API route that serves one."""

    item_type: str
    model: type[Page]
    route: str
    argument: str


# Most specific first: a live blog is an ArticlePage too.
FEEDABLE = (
    Feedable(ItemType.LIVE_BLOG, LiveBlogPage, "api_story", "story_id"),
    Feedable(ItemType.STORY, ArticlePage, "api_story", "story_id"),
    Feedable(ItemType.SHORT, ShortPage, "api_short", "short_id"),
    Feedable(ItemType.WEB_STORY, WebStoryPage, "api_web_story", "web_story_id"),
    Feedable(ItemType.VIDEO, EpisodePage, "api_video", "video_id"),
    Feedable(ItemType.SHOW, ShowPage, "api_show", "show_id"),
)
BY_TYPE = {feedable.item_type: feedable for feedable in FEEDABLE}


def feedable_for(model: type) -> Feedable | None:
    return next((f for f in FEEDABLE if issubclass(model, f.model)), None)


def api_url(request: HttpRequest, item_type: str, page_id: int) -> str:
    feedable = BY_TYPE[item_type]
    path = reverse(f"dateline_api:{feedable.route}", kwargs={feedable.argument: page_id})
    return request.build_absolute_uri(path)


def public_ids(entries: list[ApiChange]) -> set[tuple[str, int]]:
    """(type, id) of the entries' items that readers may see now: one query per type."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.item_type, set()).add(entry.page_id)
    found = set()
    for item_type, ids in wanted.items():
        public = BY_TYPE[item_type].model.objects.published().filter(pk__in=ids)
        found |= {(item_type, pk) for pk in public.values_list("pk", flat=True)}
    return found


def visible_from(page: Page, now: dt.datetime) -> dt.datetime:
    """When readers can first see this publication: now, or later for a page published
    ahead of its time (a story's publication time or embargo, a video's upload time): the
    feed must not tell of it before the site does. The type's public rule names the fields."""
    due_fields = getattr(type(page).objects.all(), "due_fields", ())
    moments = [now, *(getattr(page, name) for name in due_fields)]
    return max(moment for moment in moments if moment is not None)


def _write(page_id: int, feedable: Feedable, kind: str, at: dt.datetime) -> None:
    ApiChange.objects.create(at=at, page_id=page_id, item_type=feedable.item_type, kind=kind)


def _published(page_id: int, feedable: Feedable, at: dt.datetime) -> None:
    """Created when readers of the feed do not have it (never listed, or last listed as
    gone), updated otherwise."""
    latest = (
        ApiChange.objects.filter(page_id=page_id)
        .order_by("-at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    kind = ChangeKind.UPDATED if latest in PUBLIC_KINDS else ChangeKind.CREATED
    _write(page_id, feedable, kind, at)


def _left(page_id: int, feedable: Feedable, kind: str) -> None:
    now = timezone.now()
    # A publication that had not yet become visible never will: it leaves the feed
    # (each entry's delete goes through the signal handler, as any write does).
    ApiChange.objects.filter(page_id=page_id, kind__in=PUBLIC_KINDS, at__gt=now).delete()
    _write(page_id, feedable, kind, now)


def on_published(sender, instance, **kwargs) -> None:
    if feedable := feedable_for(type(instance)):
        _published(instance.pk, feedable, visible_from(instance, timezone.now()))


def on_unpublished(sender, instance, **kwargs) -> None:
    if feedable := feedable_for(type(instance)):
        _left(instance.pk, feedable, ChangeKind.WITHDRAWN)


def on_page_deleted(sender, instance: Page, **kwargs) -> None:
    # Sent for each table of the page (a live blog's ArticlePage row too): only the sender
    # of the page's own type writes. Wagtail unpublishes a live page before deleting it (in
    # memory), so `live` cannot tell whether it was listed: the feed itself does.
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    feedable = feedable_for(sender)
    if model is None or feedable_for(model) is not feedable:
        return
    if ApiChange.objects.filter(page_id=instance.pk).exists():  # a draft never listed: none
        _left(instance.pk, feedable, ChangeKind.DELETED)


def public_under(path: str) -> dict[int, Feedable]:
    """The listed pages at or under `path` that readers may see, by the restrictions in
    the database now (not the cached list of restricted paths: that is purged only once the
    transaction commits)."""
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    found: dict[int, Feedable] = {}
    for feedable in FEEDABLE:
        pages = feedable.model.objects.live().due().filter(path__startswith=path)
        if restricted:
            pages = pages.exclude(restricted_q(restricted))
        for pk in pages.values_list("pk", flat=True):
            found.setdefault(pk, feedable)
    return dict(sorted(found.items()))  # listed in id order


def before_restriction_saved(sender, instance: PageViewRestriction, **kwargs) -> None:
    if instance.pk is None:
        instance._public_before = public_under(instance.page.path)


def on_restriction_saved(sender, instance: PageViewRestriction, created: bool, **kwargs) -> None:
    # A restriction of any kind hides the page and its subtree from the public: each page
    # that was public until now is withdrawn. Editing a restriction changes nothing public.
    for page_id, feedable in getattr(instance, "_public_before", {}).items():
        _left(page_id, feedable, ChangeKind.WITHDRAWN)


def on_restriction_deleted(sender, instance: PageViewRestriction, origin=None, **kwargs) -> None:
    started_by = type(origin) if isinstance(origin, Page) else getattr(origin, "model", None)
    if isinstance(started_by, type) and issubclass(started_by, Page):
        return  # removed with its page: the page's own deletion is the change
    now = timezone.now()
    for page_id, feedable in public_under(instance.page.path).items():
        _published(page_id, feedable, now)


def connect() -> None:
    for feedable in FEEDABLE:
        uid = f"api-{feedable.item_type}"
        page_published.connect(on_published, sender=feedable.model, dispatch_uid=f"{uid}-pub")
        page_unpublished.connect(on_unpublished, sender=feedable.model, dispatch_uid=f"{uid}-un")
        post_delete.connect(on_page_deleted, sender=feedable.model, dispatch_uid=f"{uid}-del")
    pre_save.connect(
        before_restriction_saved, sender=PageViewRestriction, dispatch_uid="api-restricting"
    )
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="api-restricted"
    )
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="api-unrestricted"
    )
