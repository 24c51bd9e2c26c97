"""Head tags for every reader page (canonical, robots, OpenGraph, Twitter, feeds, JSON-LD)
and the W3C date format sitemaps use."""

from __future__ import annotations

import datetime as dt

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from dateline.articles.models import ArticlePage
from dateline.core.models import SiteSettings
from dateline.core.pages import SITE_ROOT_DEPTH, breadcrumb_trail
from dateline.home.models import HomePage
from dateline.sections.models import EventPage, SectionPage

from ..links import absolute, current_site, page_url
from ..structured_data import (
    SOCIAL_IMAGE_FILTER,
    HeadMeta,
    article_modified_at,
    article_schema,
    breadcrumb_schema,
    collection_schema,
    hero_images,
    iso,
    json_ld,
    organization,
    profile_schema,
    publisher_logo,
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
    meta = build_head_meta(context, request, settings)
    return render_to_string(
        "distribution/head_tags.html", {"meta": meta, "site_settings": settings}
    )


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
        blocks.append(article_schema(page, settings, request, images))
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
