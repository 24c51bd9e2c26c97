"""Schema.org JSON-LD and OpenGraph / Twitter card values for the reader pages.

Plain dicts built here; `templatetags.distribution_tags` prints them. Every URL
is absolute (renditions are stored relative, so they get the site origin) and
every time carries its offset, as Google's Article and Breadcrumb rules ask.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from dateline.articles.models import ArticlePage, ArticleType
from dateline.core.renditions import specs as picture_sizes

from .links import PUBLISHER_LOGO_SIZE, absolute, page_url, publisher_logo_url, site_root_url

SCHEMA_CONTEXT = "https://schema.org"

# schema.org's NewsArticle subtypes say what kind of journalism a story is.
ARTICLE_SCHEMA_TYPES = {
    ArticleType.NEWS: "NewsArticle",
    ArticleType.EXPLAINER: "BackgroundNewsArticle",
    ArticleType.OPINION: "OpinionNewsArticle",
    ArticleType.ANALYSIS: "AnalysisNewsArticle",
    ArticleType.PHOTOSTORY: "ReportageNewsArticle",
}

# Google shows large previews from images at least 1200 px wide in these shapes.
STRUCTURED_IMAGE_FILTERS = picture_sizes("structured")
(SOCIAL_IMAGE_FILTER,) = picture_sizes("social")


def iso(value: dt.datetime) -> str:
    """ISO 8601 in the site's zone with its offset: `2025-11-26T15:30:00+05:30`."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def article_modified_at(article: ArticlePage) -> dt.datetime:
    """The last visible update, never earlier than first publication."""
    published = article.published_at or article.first_published_at or timezone.now()
    if article.updated_at and article.updated_at > published:
        return article.updated_at
    return published


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped so text
    from editors cannot close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class ImageInfo:
    url: str
    width: int
    height: int
    alt: str = ""

    def as_schema(self) -> dict[str, Any]:
        return {"@type": "ImageObject", "url": self.url, "width": self.width, "height": self.height}


def publisher_logo(request: HttpRequest | None) -> ImageInfo:
    width, height = PUBLISHER_LOGO_SIZE
    return ImageInfo(publisher_logo_url(request), width, height)


def hero_images(article: ArticlePage, request: HttpRequest | None) -> dict[str, ImageInfo]:
    """The hero image in the structured-data and social shapes, keyed by filter spec."""
    if not article.hero_image_id:
        return {}
    image = article.hero_image
    renditions = image.get_renditions(*STRUCTURED_IMAGE_FILTERS, SOCIAL_IMAGE_FILTER)
    return {
        spec: ImageInfo(absolute(request, r.url), r.width, r.height, article.hero_alt)
        for spec, r in renditions.items()
    }


def organization(site_settings, request: HttpRequest | None) -> dict[str, Any]:
    """The publication as a schema.org Organization with a raster logo."""
    data = {
        "@type": "Organization",
        "name": site_settings.site_name,
        "url": site_root_url(request) + "/",
        "logo": publisher_logo(request).as_schema(),
    }
    same_as = [url for _name, url in site_settings.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def article_schema(
    article: ArticlePage, site_settings, request: HttpRequest | None, images: dict[str, ImageInfo]
) -> dict[str, Any]:
    url = page_url(article, request)
    structured = [images[spec] for spec in STRUCTURED_IMAGE_FILTERS if spec in images]
    authors: list[dict[str, Any]] = [
        {"@type": "Person", "name": a.name, "url": absolute(request, a.get_absolute_url())}
        for a in article.authors
    ]
    if article.agency_id:
        agency = article.agency
        authors.append(
            {
                "@type": "Organization",
                "name": agency.name,
                "url": absolute(request, agency.get_absolute_url()),
            }
        )
    publisher = organization(site_settings, request)
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": ARTICLE_SCHEMA_TYPES.get(article.article_type, "NewsArticle"),
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(article.published_at or article.first_published_at),
        "dateModified": iso(article_modified_at(article)),
        "image": [i.as_schema() for i in structured] or [publisher_logo(request).as_schema()],
        # A story without a byline is the publication's own.
        "author": authors
        or [{"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}],
        "publisher": publisher,
        "isAccessibleForFree": True,
        "inLanguage": site_settings.language,
    }
    if article.description:
        data["description"] = article.description
    if article.section_id:
        data["articleSection"] = article.section.title
    keywords = sorted(tag.name for tag in article.tag_list)
    if keywords:
        data["keywords"] = keywords
    if article.dateline_place:
        data["dateline"] = article.dateline_place
        data["contentLocation"] = {"@type": "Place", "name": article.dateline_place}
    return data


(GALLERY_IMAGE_FILTER,) = picture_sizes("body.gallery.full")


def gallery_schema(article: ArticlePage, request: HttpRequest | None) -> dict[str, Any] | None:
    """ImageGallery for a story whose body holds photo galleries (photostories); None without."""
    media = []
    for block in article.body:
        if block.block_type != "gallery":
            continue
        for item in block.value["images"]:
            if item["image"] is None:  # the picture was deleted from the library
                continue
            rendition = item["image"].get_rendition(GALLERY_IMAGE_FILTER)
            image: dict[str, Any] = {
                "@type": "ImageObject",
                "contentUrl": absolute(request, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            if item["alt_text"]:
                image["description"] = item["alt_text"]
            if item["caption"]:
                image["caption"] = item["caption"]
            if item["credit"]:
                image["creditText"] = item["credit"]
            media.append(image)
    if not media:
        return None
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ImageGallery",
        "name": article.title,
        "url": page_url(article, request),
        "associatedMedia": media,
    }
    if article.description:
        data["description"] = article.description
    return data


def web_story_schema(story, site_settings, request: HttpRequest | None) -> dict[str, Any]:
    """Article markup for a Web Story (what Google reads for story results)."""
    publisher = organization(site_settings, request)
    published = story.first_published_at or story.last_published_at or timezone.now()
    modified = story.last_published_at or published
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Article",
        "headline": story.title,
        "url": page_url(story, request),
        "mainEntityOfPage": {"@type": "WebPage", "@id": page_url(story, request)},
        "datePublished": iso(published),
        "dateModified": iso(max(modified, published)),
        "author": [{"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}],
        "publisher": publisher,
        "inLanguage": site_settings.language,
    }
    if story.description:
        data["description"] = story.description
    if story.poster_image_id:
        poster = story.poster_image.get_rendition(picture_sizes("web_story.poster")[0])
        data["image"] = [ImageInfo(absolute(request, poster.url), 640, 853).as_schema()]
    else:
        data["image"] = [publisher_logo(request).as_schema()]
    return data


def breadcrumb_schema(crumbs: list, request: HttpRequest | None) -> dict[str, Any]:
    """BreadcrumbList from the crumbs the page shows (pages or title/url dicts), Home first."""
    items = [("Home", site_root_url(request) + "/")]
    for crumb in crumbs:
        if isinstance(crumb, Page):
            items.append((crumb.title, page_url(crumb, request)))
        else:
            items.append((crumb["title"], absolute(request, crumb["url"])))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def website_schema(site_settings, request: HttpRequest | None) -> dict[str, Any]:
    root = site_root_url(request)
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "name": site_settings.site_name,
        "url": root + "/",
        "inLanguage": site_settings.language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{root}{reverse('search')}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def collection_schema(
    name: str, url: str, description: str, site_settings, request: HttpRequest | None
) -> dict[str, Any]:
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "isPartOf": {
            "@type": "WebSite",
            "name": site_settings.site_name,
            "url": site_root_url(request) + "/",
        },
    }
    if description:
        data["description"] = description
    return data


def profile_schema(author, url: str, request: HttpRequest | None) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.name, "url": url}
    if author.role:
        person["jobTitle"] = author.role
    if author.x_handle:
        person["sameAs"] = [f"https://x.com/{author.x_handle}"]
    return {"@context": SCHEMA_CONTEXT, "@type": "ProfilePage", "url": url, "mainEntity": person}


@dataclass
class HeadMeta:
    """Everything `distribution/head_tags.html` prints for one page."""

    canonical: str = ""
    og_type: str = "website"
    title: str = ""
    description: str = ""
    image: ImageInfo | None = None
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    feeds: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)


# --- video ----------------------------------------------------------------------

(VIDEO_THUMBNAIL_FILTER,) = picture_sizes("video.poster")


def video_thumbnail(image, request: HttpRequest | None) -> ImageInfo:
    """A 16:9 still for VideoObject.thumbnailUrl; the publisher's logo when there is none."""
    if image is None:
        return publisher_logo(request)
    rendition = image.get_rendition(VIDEO_THUMBNAIL_FILTER)
    return ImageInfo(absolute(request, rendition.url), rendition.width, rendition.height)


def video_schema(episode, site_settings, request: HttpRequest | None) -> dict[str, Any]:
    """VideoObject for an episode page, with the properties Google's video rules ask for."""
    source = episode.source
    uploaded = episode.uploaded_at or episode.first_published_at or timezone.now()
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "VideoObject",
        "name": episode.title,
        "description": episode.summary or episode.title,
        "thumbnailUrl": [video_thumbnail(episode.card_image, request).url],
        "uploadDate": iso(uploaded),
        "url": page_url(episode, request),
        "publisher": organization(site_settings, request),
        "inLanguage": site_settings.language,
    }
    if episode.duration is not None:
        data["duration"] = episode.duration_iso
    if source is not None and source.kind == "youtube":
        data["embedUrl"] = source.embed_url
    elif source is not None:
        data["contentUrl"] = absolute(request, source.url)
    if episode.show_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": episode.show.title,
            "url": page_url(episode.show, request),
        }
    keywords = sorted(tag.name for tag in episode.tag_list)
    if keywords:
        data["keywords"] = keywords
    if episode.transcript:
        data["transcript"] = episode.transcript
    return data


def live_broadcast_schema(
    page, live_settings, on_now, site_settings, request: HttpRequest | None
) -> dict[str, Any]:
    """The live channel as a VideoObject published by a live BroadcastEvent (Google's
    livestream markup). Only for a page with a stream: off air there is no broadcast."""
    started = on_now.starts_at if on_now else (page.last_published_at or timezone.now())
    broadcast: dict[str, Any] = {
        "@type": "BroadcastEvent",
        "isLiveBroadcast": True,
        "startDate": iso(started),
    }
    if on_now is not None:
        broadcast["name"] = on_now.title
        broadcast["endDate"] = iso(on_now.ends_at)
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "VideoObject",
        "name": f"{live_settings.channel_name}: {on_now.title}"
        if on_now
        else live_settings.channel_name,
        "description": (on_now.description if on_now and on_now.description else "")
        or page.search_description
        or page.intro
        or f"{live_settings.channel_name}, streaming live from {site_settings.site_name}.",
        "thumbnailUrl": [video_thumbnail(live_settings.poster, request).url],
        "uploadDate": iso(page.first_published_at or started),
        "contentUrl": absolute(request, live_settings.stream_url),
        "url": page_url(page, request),
        "publisher": organization(site_settings, request),
        "publication": [broadcast],
    }
