"""RSS 2.0 and Atom feeds: latest news, each section, topic, author and agency.

Django's syndication `Feed` is the view. Each feed lists the 50 newest stories
from `ArticlePage.objects.published()` (so embargo and scheduling rules apply),
answers conditional GETs with 304 from one small indexed query, and carries the
hero image as `media:content` and, when the site setting asks, the full text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.views.decorators.http import condition
from taggit.models import Tag
from wagtail.models import Page

from dateline.articles.models import ArticlePage, ArticlePageTag, SectionPage
from dateline.caching.cachestore import cached_each
from dateline.caching.dependencies import key_for, listing_key, narrow, record
from dateline.core.pages import view_restrictions_exist
from dateline.core.visibility import index_lookup
from dateline.listings.subjects import get_listing
from dateline.shorts.models import SHORTS_LISTING, ShortPage, ShortsIndexPage
from dateline.site.models import SiteSettings
from dateline.stories.models import WEB_STORIES_LISTING, WebStoryIndexPage, WebStoryPage
from dateline.video.models import EpisodePage, EpisodePageTag, VideoIndexPage

from .links import absolute, current_site, page_url, site_root_url
from .structured_data import SOCIAL_IMAGE_FILTER, article_modified_at

FEED_SIZE = 50
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


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


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with `media:content` for the hero image, `content:encoded` for the full
    text and `atom:updated` for the update time RSS itself has no element for."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_RSS_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        _add_media(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class MediaAtomFeed(Atom1Feed):
    """Atom (RFC 4287) with `media:content` and the full text as `<content>`."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_media(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def _add_media(handler, image: FeedImage | None) -> None:
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "medium": "image",
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.description:
        handler.addQuickElement("media:description", image.description)
    handler.endElement("media:content")


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


class ArticleFeed(Feed):
    """Base feed: subclasses say which stories (`get_source`); this class writes them.

    Use `feed.as_view()` in URLconfs: it adds ETag / Last-Modified handling.
    """

    kind = ""  # URL name prefix: "latest", "section", ...

    def __init__(self, atom: bool = False):
        self.atom = atom
        self.feed_type = MediaAtomFeed if atom else MediaRssFeed

    def as_view(self):
        return condition(etag_func=self.etag, last_modified_func=self.last_modified)(self)

    # --- what subclasses provide
    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        raise NotImplementedError

    # --- conditional GET from one indexed query of (pk, times) of the 50 newest
    def _source(self, request: HttpRequest, kwargs: dict) -> FeedSource:
        cache_key = (self.kind, self.atom, tuple(sorted(kwargs.items())))
        cached = getattr(request, "_dateline_feed_source", None)
        if cached is None or cached[0] != cache_key:
            request._dateline_feed_source = (cache_key, self.get_source(request, **kwargs))
        return request._dateline_feed_source[1]

    # The fields an item's state is made of, newest first by the first: its date, the
    # visible update time and the last publication (the ETag and Last-Modified read them).
    state_fields = ("published_at", "updated_at", "last_published_at")

    def _state(self, request: HttpRequest, kwargs: dict) -> list[tuple]:
        source = self._source(request, kwargs)
        if source.state is None:
            source.state = list(
                source.stories.order_by(f"-{self.state_fields[0]}", "-pk").values_list(
                    "pk", *self.state_fields
                )[:FEED_SIZE]
            )
        return source.state

    def etag(self, request: HttpRequest, **kwargs) -> str:
        """Changes when a story enters or leaves the feed, is republished or updated,
        or the full-text setting flips."""
        source = self._source(request, kwargs)
        digest = hashlib.sha256(
            repr((self.atom, source.settings.feed_full_text, self._state(request, kwargs))).encode()
        )
        return f'"{digest.hexdigest()[:32]}"'

    def last_modified(self, request: HttpRequest, **kwargs) -> dt.datetime | None:
        """The newest visible change: the same value the feed writes as its own date."""
        times = [
            max(updated, published) if updated else published
            for _pk, published, updated, _last in self._state(request, kwargs)
        ]
        return max(times, default=None)

    # --- Django's Feed protocol
    def get_object(self, request: HttpRequest, **kwargs) -> FeedSource:
        return self._source(request, kwargs)

    def title(self, source: FeedSource) -> str:
        return source.title

    def link(self, source: FeedSource) -> str:
        return source.link

    def description(self, source: FeedSource) -> str:
        # RSS readers treat the channel description as HTML; Atom's <subtitle> is plain text.
        return source.description if self.atom else escape(source.description)

    def feed_url(self, source: FeedSource) -> str:
        return absolute(source.request, source.request.path)

    def feed_guid(self, source: FeedSource) -> str:
        return self.feed_url(source)

    def author_name(self, source: FeedSource) -> str:
        return source.settings.site_name

    def feed_copyright(self, source: FeedSource) -> str | None:
        holder = source.settings.copyright_holder or source.settings.site_name
        return f"© {timezone.localdate().year} {holder}"

    def get_feed(self, source: FeedSource, request: HttpRequest):
        feed = super().get_feed(source, request)
        feed.feed["language"] = source.settings.language  # the site's, not the UI's
        return feed

    def items(self, source: FeedSource) -> list[FeedEntry]:
        """The newest stories' entries: their ids from the listing's index, then each entry
        from its cached fragment (recorded: a story's change drops its entry), the missing
        ones built from one batch of story cards."""
        if source.state is not None and source.ordering == (f"-{self.state_fields[0]}", "-pk"):
            # The conditional GET's state already holds these ids, in this order.
            pks = [row[0] for row in source.state]
        else:
            pks = list(
                source.stories.order_by(*source.ordering).values_list("pk", flat=True)[:FEED_SIZE]
            )
        request = source.request
        variant = f"{request.get_host()}:{source.settings.feed_full_text}"
        zone = timezone.get_current_timezone_name()
        names = {pk: f"dateline:feed-entry:{pk}:{variant}:{zone}" for pk in pks}

        def load(missing: list[int]) -> dict:
            stories = (
                source.stories.filter(pk__in=missing)
                .for_listing()
                .prefetch_related(
                    Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag"))
                )
            )

            def builder(article: ArticlePage):
                def build() -> FeedEntry:
                    record(*article.card_keys(), key_for(SiteSettings))
                    record(*(key_for(Tag, item.tag_id) for item in article.tagged_items.all()))
                    return self.entry(article, source)

                return build

            return {article.pk: builder(article) for article in stories}

        entries = cached_each(names, load)
        return [entries[pk] for pk in pks if pk in entries]

    def entry(self, article: ArticlePage, source: FeedSource) -> FeedEntry:
        request = source.request
        site = current_site(request)
        published = article.published_at or article.first_published_at
        first = article.first_published_at or published
        authors = [(a.name, absolute(request, a.get_absolute_url())) for a in article.authors]
        if article.agency_id:
            authors.append(
                (article.agency.name, absolute(request, article.agency.get_absolute_url()))
            )
        categories = [article.section.title] if article.section_id else []
        categories += sorted(item.tag.name for item in article.tagged_items.all())
        image = feed_image(request, article.hero_image, article.hero_alt)
        return FeedEntry(
            title=article.title,
            link=page_url(article, request),
            # Built from the primary key, so it survives headline and slug edits.
            guid=f"tag:{site.hostname},{timezone.localtime(first):%Y-%m-%d}:article:{article.pk}",
            description=article.description,
            published=timezone.localtime(published).replace(microsecond=0),
            updated=timezone.localtime(article_modified_at(article)).replace(microsecond=0),
            author_name=", ".join(name for name, _ in authors) or source.settings.site_name,
            author_link=authors[0][1] if authors else site_root_url(request) + "/",
            categories=categories,
            image=image,
            content_html=str(article.body) if source.settings.feed_full_text else None,
        )

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.guid

    item_guid_is_permalink = False

    def item_description(self, entry: FeedEntry) -> str:
        # RSS <description> and Atom <summary type="html"> are read as HTML by feed readers:
        # the dek is plain text, so it is HTML-escaped (then XML-escaped by the writer).
        return escape(entry.description)

    def item_pubdate(self, entry: FeedEntry) -> dt.datetime:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> dt.datetime:
        return entry.updated

    def item_author_name(self, entry: FeedEntry) -> str:
        return entry.author_name

    def item_author_link(self, entry: FeedEntry) -> str | None:
        return entry.author_link

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return entry.categories

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {"image": entry.image, "content_html": entry.content_html}


def _settings(request: HttpRequest) -> SiteSettings:
    """The site's settings, those the middleware already read for this request if it is the
    same site (one query less)."""
    site = current_site(request)
    read = getattr(request, SiteSettings.get_cache_attr_name(), None)
    if read is not None and read.site_id == site.pk:
        return read
    return SiteSettings.for_site(site)


class LatestFeed(ArticleFeed):
    kind = "latest"

    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        settings = _settings(request)
        record(listing_key("articles"))
        return FeedSource(
            title=f"{settings.site_name}: latest news",
            link=site_root_url(request) + "/",
            description=settings.tagline or f"The newest stories from {settings.site_name}.",
            stories=ArticlePage.objects.published(),
            settings=settings,
            request=request,
        )


class SectionFeed(ArticleFeed):
    """A section's stories, its sub-sections' included; addressed by the section's path."""

    kind = "section"

    def get_source(self, request: HttpRequest, section_path: str = "", **kwargs) -> FeedSource:
        root = current_site(request).root_page
        sections = SectionPage.objects.live()
        if view_restrictions_exist():  # else Wagtail's public() reads them all for nothing
            sections = sections.public()
        # Found by its address: depends on that section (recorded as it loads), or, when
        # there is none, on the list of pages (one may come).
        with narrow():
            section = sections.filter(url_path=f"{root.url_path}{section_path.strip('/')}/").first()
        if section is None:
            record(listing_key("pages"))
            raise Http404(f"No section at /{section_path}/")
        record(key_for(section), listing_key("section", section.pk))
        settings = _settings(request)
        return FeedSource(
            title=f"{section.title} | {settings.site_name}",
            link=page_url(section, request),
            description=section.intro or f"The newest {section.title} stories.",
            stories=ArticlePage.objects.published().in_section(section),
            settings=settings,
            request=request,
        )


class ListingFeed(ArticleFeed):
    """The feed of a topic, author or agency page: the same listing definition as the page."""

    def __init__(self, kind: str, atom: bool = False):
        super().__init__(atom=atom)
        self.kind = kind

    def get_source(self, request: HttpRequest, slug: str = "", **kwargs) -> FeedSource:
        listing = get_listing(self.kind, slug)
        record(*listing.keys)
        settings = _settings(request)
        return FeedSource(
            title=f"{listing.title} | {settings.site_name}",
            link=absolute(request, listing.url),
            description=listing.description,
            stories=listing.stories,
            ordering=listing.ordering,
            settings=settings,
            request=request,
        )


# --- video ----------------------------------------------------------------------


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


def _add_video(handler, video: FeedVideo | None) -> None:
    if video is None:
        return
    if video.is_player:
        handler.addQuickElement("media:player", "", {"url": video.url})
        return
    attrs = {"url": video.url, "type": video.mime_type, "medium": "video"}
    if video.duration is not None:
        attrs["duration"] = str(video.duration)
    handler.addQuickElement("media:content", "", attrs)


class VideoRssFeed(MediaRssFeed):
    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_video(handler, item.get("video"))


class VideoAtomFeed(MediaAtomFeed):
    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_video(handler, item.get("video"))


class VideoFeed(ArticleFeed):
    """The latest videos (episodes and video stories), newest upload first."""

    kind = "video"

    def __init__(self, atom: bool = False):
        super().__init__(atom)
        self.feed_type = VideoAtomFeed if atom else VideoRssFeed

    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        settings = _settings(request)
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
        site = current_site(request)
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
            guid=f"tag:{site.hostname},{timezone.localtime(uploaded):%Y-%m-%d}:video:{episode.pk}",
            description=episode.summary,
            published=timezone.localtime(uploaded).replace(microsecond=0),
            updated=timezone.localtime(updated).replace(microsecond=0),
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
        settings = _settings(request)
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
        site = current_site(request)
        published = page.first_published_at or timezone.now()
        updated = max(page.last_published_at or published, published)
        image = feed_image(request, *self.image_of(page))
        tags = getattr(page, "tags", None)
        return FeedEntry(
            title=page.title,
            link=page_url(page, request),
            guid=f"tag:{site.hostname},{timezone.localtime(published):%Y-%m-%d}:"
            f"{self.item_kind}:{page.pk}",
            description=self.summary(page),
            published=timezone.localtime(published).replace(microsecond=0),
            updated=timezone.localtime(updated).replace(microsecond=0),
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
