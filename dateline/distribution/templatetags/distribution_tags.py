"""Head tags for every reader page (canonical, robots, OpenGraph, Twitter, feeds, JSON-LD)
and the W3C date format sitemaps use."""

from __future__ import annotations

import datetime as dt
import hashlib

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from dateline.articles.models import ArticlePage, SectionPage
from dateline.caching.cachestore import cached
from dateline.caching.dependencies import key_for, record
from dateline.caching.release import release
from dateline.core.pages import SITE_ROOT_DEPTH, breadcrumb_trail
from dateline.home.models import HomePage
from dateline.listings.models import EventPage
from dateline.shorts.models import ShortPage, ShortsIndexPage
from dateline.site.models import SiteSettings
from dateline.stories.models import WebStoryIndexPage
from dateline.video.models import (
    EpisodePage,
    LiveTvPage,
    LiveTvSettings,
    ShowIndexPage,
    ShowPage,
    VideoIndexPage,
)

from ..links import absolute, current_site, page_url
from ..structured_data import (
    SOCIAL_IMAGE_FILTER,
    HeadMeta,
    ImageInfo,
    article_modified_at,
    article_schema,
    breadcrumb_schema,
    collection_schema,
    gallery_schema,
    hero_images,
    iso,
    json_ld,
    live_broadcast_schema,
    organization,
    profile_schema,
    publisher_logo,
    video_schema,
    video_thumbnail,
    web_story_schema,
    website_schema,
)

register = template.Library()


@register.filter
def w3c_datetime(value: dt.datetime | dt.date | None) -> str:
    """`2025-11-26T10:00:00+05:30`: W3C Datetime with offset, whole seconds."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return iso(value)
    return value.isoformat()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The absolute canonical URL of the page being rendered (page N of a listing included)."""
    return _canonical(context, context.get("request"))


def _canonical(context, request: HttpRequest | None) -> str:
    page = context.get("page")
    if isinstance(page, Page):
        url = page_url(page, request)
    elif request is not None:
        url = absolute(request, request.path)
    else:
        return ""
    number = request.GET.get("page", "") if request is not None else ""
    # Bounded: int() of a 5,000-digit "page" raises (Python's integer-string limit).
    if number.isdigit() and len(number) <= 9 and int(number) > 1:
        url += f"?page={int(number)}"
    return url


def _feed_links(kind: str, title: str, **kwargs) -> list[dict[str, str]]:
    return [
        {
            "type": "application/rss+xml",
            "title": f"{title} (RSS)",
            "href": reverse(f"{kind}_rss_feed", kwargs=kwargs),
        },
        {
            "type": "application/atom+xml",
            "title": f"{title} (Atom)",
            "href": reverse(f"{kind}_atom_feed", kwargs=kwargs),
        },
    ]


@register.simple_tag(takes_context=True)
def distribution_head_meta(context) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    settings = SiteSettings.for_request(request)

    def render() -> SafeString:
        meta = build_head_meta(context, request, settings)
        return render_to_string(
            "distribution/head_tags.html", {"meta": meta, "site_settings": settings}
        )

    page = context.get("page")
    if not isinstance(page, ArticlePage) or getattr(request, "is_preview", False):
        return render()

    def story_head() -> SafeString:
        # What the tags show: the story's card (headline, hero, byline, section), its
        # topics and trail (dependency_keys), and the site's name and logo.
        record(*page.dependency_keys(), key_for(SiteSettings))
        return render()

    # A story's head (OpenGraph, JSON-LD with its hero renditions) is the same for every
    # reader and was a third of an uncached story render: a fragment like the rails, keyed
    # by the canonical URL (scheme, host) and the zone its times are written in.
    # (The URL is hashed: a long headline's address made names over caches' 250-character
    # limit.)
    zone = timezone.get_current_timezone_name()
    canonical = hashlib.sha256(_canonical(context, request).encode()).hexdigest()[:32]
    return cached(f"dateline:head-meta:{release()}:{page.pk}:{zone}:{canonical}", story_head)


@register.simple_tag(takes_context=True)
def web_story_json_ld(context) -> SafeString:
    """The JSON-LD block of an AMP Web Story page (which has no ordinary head tags)."""
    request, page = context.get("request"), context.get("page")
    if request is None or page is None:
        return mark_safe("")
    block = json_ld(web_story_schema(page, SiteSettings.for_request(request), request))
    return mark_safe(f'<script type="application/ld+json">{block}</script>')


def build_head_meta(context, request: HttpRequest, settings: SiteSettings) -> HeadMeta:
    page = context.get("page")
    page = page.specific if isinstance(page, Page) else None
    topic, author, agency = context.get("topic"), context.get("author"), context.get("agency")
    crumbs = context.get("breadcrumbs") or []
    canonical = _canonical(context, request)
    meta = HeadMeta(canonical=canonical)
    meta.feeds = _feed_links("latest", f"{settings.site_name}: latest news")
    blocks: list[dict] = []

    if isinstance(page, ArticlePage):
        images = hero_images(page, request)
        meta.og_type = "article"
        meta.title = page.seo_title or page.title
        meta.description = page.description
        meta.image = images.get(SOCIAL_IMAGE_FILTER)
        meta.published_time = iso(page.published_at or page.first_published_at)
        meta.modified_time = iso(article_modified_at(page))
        meta.section = page.section.title if page.section_id else ""
        meta.tags = sorted(tag.name for tag in page.tag_list)
        data = article_schema(page, settings, request, images)
        # A kind of story may say more of itself (a live blog: LiveBlogPosting).
        extend = getattr(page, "extend_structured_data", None)
        blocks.append(extend(data, request) if extend else data)
        gallery = gallery_schema(page, request)  # photostories with galleries
        if gallery:
            blocks.append(gallery)
    elif isinstance(page, HomePage):
        meta.title = settings.site_name + (f": {settings.tagline}" if settings.tagline else "")
        meta.description = page.search_description or settings.tagline
        blocks.append(website_schema(settings, request))
        blocks.append({"@context": "https://schema.org", **organization(settings, request)})
    elif isinstance(page, SectionPage | EventPage):
        meta.title = page.seo_title or page.title
        meta.description = page.search_description or page.intro
        blocks.append(collection_schema(meta.title, canonical, meta.description, settings, request))
        if isinstance(page, SectionPage):
            root = current_site(request).root_page
            path = page.url_path[len(root.url_path) :].strip("/")
            meta.feeds += _feed_links("section", page.title, section_path=path)
    elif isinstance(page, EpisodePage | ShowPage | VideoIndexPage | ShowIndexPage | LiveTvPage):
        _video_head_meta(page, context, meta, blocks, settings, request)
    elif isinstance(page, ShortsIndexPage | WebStoryIndexPage):
        meta.title = page.seo_title or page.title
        meta.description = page.search_description or page.intro
        blocks.append(collection_schema(meta.title, canonical, meta.description, settings, request))
        kind = "shorts" if isinstance(page, ShortsIndexPage) else "web_stories"
        meta.feeds += _feed_links(kind, page.title)
    elif isinstance(page, ShortPage):
        meta.title = page.seo_title or page.title
        meta.description = page.search_description or page.body
        if page.image_id:
            social = page.image.get_rendition(SOCIAL_IMAGE_FILTER)
            meta.image = ImageInfo(absolute(request, social.url), social.width, social.height)
    elif topic is not None:
        meta.title = f"{topic.name}: latest news and updates"
        meta.description = f"All our coverage of {topic.name}, newest first."
        blocks.append(collection_schema(topic.name, canonical, meta.description, settings, request))
        meta.feeds += _feed_links("topic", topic.name, slug=topic.slug)
    elif author is not None:
        meta.og_type = "profile"
        meta.title = author.name
        meta.description = f"Stories by {author.name}" + (f", {author.role}" if author.role else "")
        blocks.append(profile_schema(author, canonical, request))
        meta.feeds += _feed_links("author", author.name, slug=author.slug)
    elif agency is not None:
        meta.title = agency.name
        meta.description = agency.description or f"Stories from {agency.name}."
        blocks.append(
            collection_schema(agency.name, canonical, meta.description, settings, request)
        )
        meta.feeds += _feed_links("agency", agency.name, slug=agency.slug)
    elif page is not None:
        meta.title = page.seo_title or page.title
        meta.description = page.search_description

    if not crumbs and page is not None and page.depth > SITE_ROOT_DEPTH:
        # A page whose template shows no trail still tells search engines where it sits.
        crumbs = breadcrumb_trail(page)
    if crumbs and not isinstance(page, HomePage):
        blocks.append(breadcrumb_schema(crumbs, request))
    if not meta.title:
        meta.title = settings.site_name
    if meta.image is None:
        meta.image = publisher_logo(request)
    meta.feeds = [{**f, "href": absolute(request, f["href"])} for f in meta.feeds]
    meta.json_ld = [json_ld(block) for block in blocks]
    return meta


def _video_head_meta(page, context, meta: HeadMeta, blocks: list, settings, request) -> None:
    """Episodes carry VideoObject, the live page its BroadcastEvent, listings CollectionPage."""
    meta.title = page.seo_title or page.title
    meta.feeds += _feed_links("video", f"{settings.site_name}: latest videos")
    if isinstance(page, EpisodePage):
        meta.og_type = "video.episode" if page.show_id else "video.other"
        meta.description = page.summary
        meta.image = video_thumbnail(page.card_image, request) if page.card_image else None
        if page.uploaded_at:
            meta.published_time = iso(page.uploaded_at)
        meta.tags = sorted(tag.name for tag in page.tag_list)
        blocks.append(video_schema(page, settings, request))
    elif isinstance(page, LiveTvPage):
        live_settings = context.get("live_settings") or LiveTvSettings.for_request(request)
        meta.description = page.search_description or page.intro
        if live_settings.poster_id:
            meta.image = video_thumbnail(live_settings.poster, request)
        if live_settings.stream_url:
            blocks.append(
                live_broadcast_schema(page, live_settings, context.get("on_now"), settings, request)
            )
    else:
        meta.description = (
            page.search_description
            or getattr(page, "intro", "")
            or getattr(page, "description", "")
        )
        if isinstance(page, ShowPage) and page.artwork_id:
            meta.image = video_thumbnail(page.artwork, request)
        blocks.append(
            collection_schema(meta.title, meta.canonical, meta.description, settings, request)
        )
