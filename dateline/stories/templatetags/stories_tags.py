"""Web Stories on other pages (the home page strip) and the AMP page's own helpers."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from wagtail.models import Site

from dateline.core.visibility import index_lookup

from ..models import WebStoryIndexPage, WebStoryPage

register = template.Library()

DEFAULT_PUBLISHER_LOGO = "stories/publisher-logo.png"  # 192 × 192: AMP wants a square


@register.inclusion_tag("stories/components/web_stories_strip.html", takes_context=True)
def web_stories_strip(context, limit: int = 8) -> dict:
    stories = list(WebStoryPage.objects.published().for_cards()[:limit])
    listing = index_lookup(WebStoryIndexPage.objects.live().public()).first() if stories else None
    return {"request": context.get("request"), "web_stories": stories, "listing": listing}


@register.simple_tag(takes_context=True)
def absolute_media(context, url: str) -> str:
    """An absolute URL for a rendition or static file (AMP's poster and logo attributes),
    on the Wagtail Site's origin like the canonical link."""
    request = context.get("request")
    if not url or url.startswith(("http://", "https://")):
        return url
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return request.build_absolute_uri(url) if request is not None else url
    return site.root_url + url


@register.simple_tag
def default_publisher_logo() -> str:
    return static(DEFAULT_PUBLISHER_LOGO)
