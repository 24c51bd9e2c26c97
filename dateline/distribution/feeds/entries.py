"""What a feed lists and what each of its entries holds, independent of the format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from dateline.site.models import SiteSettings

from ..links import absolute, current_site
from ..structured_data import SOCIAL_IMAGE_FILTER

FEED_SIZE = 50


@dataclass
class FeedImage:
    url: str
    width: int
    height: int
    description: str


def feed_image(request: HttpRequest, picture, description: str) -> FeedImage | None:
    """An entry's picture at the social-card size, by absolute URL (None without one)."""
    if picture is None:
        return None
    rendition = picture.get_rendition(SOCIAL_IMAGE_FILTER)
    return FeedImage(
        absolute(request, rendition.url), rendition.width, rendition.height, description
    )


@dataclass
class FeedSource:
    """What one feed lists: the listing's name and page, and its stories (unsliced)."""

    title: str
    link: str
    description: str
    stories: QuerySet
    settings: SiteSettings
    request: HttpRequest
    ordering: tuple[str, ...] = ("-published_at", "-pk")
    state: list[tuple] | None = None  # (pk, times) of the newest stories, for ETag


@dataclass
class FeedEntry:
    title: str
    link: str
    guid: str
    description: str
    published: dt.datetime
    updated: dt.datetime
    author_name: str
    author_link: str | None
    categories: list[str]
    image: FeedImage | None
    content_html: str | None


@dataclass
class FeedVideo:
    """The video of a feed item: a file or stream (`media:content`) or a player page."""

    url: str
    mime_type: str = ""
    duration: int | None = None
    is_player: bool = False


@dataclass
class VideoFeedEntry(FeedEntry):
    video: FeedVideo | None = None


def site_settings(request: HttpRequest) -> SiteSettings:
    """The site's settings, those the middleware already read for this request if it is the
    same site (one query less)."""
    site = current_site(request)
    read = getattr(request, SiteSettings.get_cache_attr_name(), None)
    if read is not None and read.site_id == site.pk:
        return read
    return SiteSettings.for_site(site)


def tag_uri(request: HttpRequest, first: dt.datetime, item_kind: str, pk: int) -> str:
    """An entry's guid (RFC 4151), built from the primary key so it survives headline and
    slug edits: `tag:host,2025-11-02:article:42`."""
    host = current_site(request).hostname
    return f"tag:{host},{timezone.localtime(first):%Y-%m-%d}:{item_kind}:{pk}"


def feed_time(when: dt.datetime) -> dt.datetime:
    """A time as feeds print it: the site's zone, whole seconds."""
    return timezone.localtime(when).replace(microsecond=0)
