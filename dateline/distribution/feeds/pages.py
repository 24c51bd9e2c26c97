"""Feeds of other pages: videos, Shorts and Web Stories, written as the story feeds are."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from dateline.caching.dependencies import key_for, listing_key, record
from dateline.core.visibility import index_lookup
from dateline.shorts.models import SHORTS_LISTING, ShortPage, ShortsIndexPage
from dateline.stories.models import WEB_STORIES_LISTING, WebStoryIndexPage, WebStoryPage
from dateline.video.models import EpisodePage, EpisodePageTag, VideoIndexPage

from ..links import absolute, current_site, page_url, site_root_url
from .entries import (
    FEED_SIZE,
    FeedEntry,
    FeedSource,
    FeedVideo,
    VideoFeedEntry,
    feed_image,
    feed_time,
    site_settings,
    tag_uri,
)
from .stories import ArticleFeed
from .writers import VideoAtomFeed, VideoRssFeed


class VideoFeed(ArticleFeed):
    """The latest videos (episodes and video stories), newest upload first."""

    kind = "video"

    def __init__(self, atom: bool = False):
        super().__init__(atom)
        self.feed_type = VideoAtomFeed if atom else VideoRssFeed

    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        settings = site_settings(request)
        root = current_site(request).root_page
        hub = index_lookup(VideoIndexPage.objects.live().public().descendant_of(root)).first()
        return FeedSource(
            title=f"{settings.site_name}: latest videos",
            link=page_url(hub, request) if hub else site_root_url(request) + "/",
            description=f"The newest videos and show episodes from {settings.site_name}.",
            stories=EpisodePage.objects.published().descendant_of(root),
            settings=settings,
            request=request,
        )

    state_fields = ("uploaded_at", "last_published_at", "last_published_at")

    def items(self, source: FeedSource) -> list[FeedEntry]:
        episodes = source.stories.for_listing().prefetch_related(
            Prefetch("tagged_items", queryset=EpisodePageTag.objects.select_related("tag"))
        )[:FEED_SIZE]
        return [self.video_entry(episode, source) for episode in episodes]

    def video_entry(self, episode: EpisodePage, source: FeedSource) -> VideoFeedEntry:
        request = source.request
        uploaded = episode.uploaded_at
        updated = max(uploaded, episode.last_published_at or uploaded)
        categories = [episode.show.title] if episode.show_id else []
        categories += sorted(item.tag.name for item in episode.tagged_items.all())
        image = feed_image(request, episode.card_image, "")
        video = None
        video_source = episode.source
        seconds = int(episode.duration.total_seconds()) if episode.duration else None
        if video_source is not None and video_source.kind == "youtube":
            video = FeedVideo(video_source.embed_url, is_player=True)
        elif video_source is not None:
            video = FeedVideo(absolute(request, video_source.url), video_source.mime_type, seconds)
        return VideoFeedEntry(
            title=episode.title,
            link=page_url(episode, request),
            guid=tag_uri(request, uploaded, "video", episode.pk),
            description=episode.summary,
            published=feed_time(uploaded),
            updated=feed_time(updated),
            author_name=episode.show.title if episode.show_id else source.settings.site_name,
            author_link=page_url(episode.show, request)
            if episode.show_id
            else site_root_url(request) + "/",
            categories=categories,
            image=image,
            content_html=None,
            video=video,
        )

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {**super().item_extra_kwargs(entry), "video": getattr(entry, "video", None)}


class PageListFeed(ArticleFeed):
    """A feed of non-article pages (shorts, web stories): same writers and conditional GET,
    with the pages' own publication times and a `summary()` per page."""

    item_kind = ""  # in the guid: tag:host,date:<item_kind>:<pk>

    state_fields = ("first_published_at", "last_published_at", "last_published_at")

    def items(self, source: FeedSource) -> list[FeedEntry]:
        pages = source.stories.for_cards()[:FEED_SIZE]
        return [self.page_entry(page, source) for page in pages]

    # What a subclass declares: its index page, its page type and the listing key its
    # publications invalidate, the feed's title and description, and which fields hold the
    # picture, its description and the summary.
    index_model: type[Page]
    page_model: type[Page]
    listing = ""
    title_suffix = ""
    description = ""
    image_fields = ("image", "image_alt")
    summary_field = ""
    prefetch: tuple[str, ...] = ()

    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        settings = site_settings(request)
        index = index_lookup(self.index_model.objects.live().public()).first()
        record(listing_key(self.listing))
        return FeedSource(
            title=f"{settings.site_name}: {self.title_suffix}",
            link=page_url(index, request) if index else site_root_url(request) + "/",
            description=self.description,
            stories=self.page_model.objects.published().prefetch_related(*self.prefetch),
            settings=settings,
            request=request,
        )

    def image_of(self, page) -> tuple[object, str] | tuple[None, str]:
        picture_field, alt_field = self.image_fields
        return getattr(page, picture_field), getattr(page, alt_field)

    def summary(self, page) -> str:
        return getattr(page, self.summary_field)

    def page_entry(self, page, source: FeedSource) -> FeedEntry:
        record(key_for(page))
        request = source.request
        published = page.first_published_at or timezone.now()
        updated = max(page.last_published_at or published, published)
        image = feed_image(request, *self.image_of(page))
        tags = getattr(page, "tags", None)
        return FeedEntry(
            title=page.title,
            link=page_url(page, request),
            guid=tag_uri(request, published, self.item_kind, page.pk),
            description=self.summary(page),
            published=feed_time(published),
            updated=feed_time(updated),
            author_name=source.settings.site_name,
            author_link=site_root_url(request) + "/",
            categories=sorted(tag.name for tag in tags.all()) if tags is not None else [],
            image=image,
            content_html=None,
        )


class ShortsFeed(PageListFeed):
    kind = "shorts"
    item_kind = "short"
    index_model = ShortsIndexPage
    page_model = ShortPage
    listing = SHORTS_LISTING
    title_suffix = "Shorts"
    description = "The news in 60 words a story."
    image_fields = ("image", "image_alt")
    summary_field = "body"
    prefetch = ("tagged_items__tag",)


class WebStoriesFeed(PageListFeed):
    kind = "web_stories"
    item_kind = "web-story"
    index_model = WebStoryIndexPage
    page_model = WebStoryPage
    listing = WEB_STORIES_LISTING
    title_suffix = "Web Stories"
    description = "Visual stories from the newsroom."
    image_fields = ("poster_image", "poster_alt")
    summary_field = "description"
