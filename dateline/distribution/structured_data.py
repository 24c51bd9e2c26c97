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
STRUCTURED_IMAGE_FILTERS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
SOCIAL_IMAGE_FILTER = "fill-1200x630"


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
