"""Absolute URLs for machines: everything feeds, sitemaps and structured data print.

One source for the public origin: the Wagtail Site that answers the request
(`Site.root_url`, the same origin `page.full_url` and the canonical link use),
so a page, its feed item, its sitemap entry and its JSON-LD agree on one URL.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from wagtail.models import Page, Site

PUBLISHER_LOGO_PATH = "dateline/logo-publisher.png"
PUBLISHER_LOGO_SIZE = (672, 144)  # Google wants a raster logo at least 112 px tall


def current_site(request: HttpRequest | None) -> Site:
    """The Wagtail Site for `request`, else the default site (feeds run without a page)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        raise Site.DoesNotExist(
            "No Wagtail Site is configured: create one (Settings › Sites) with the public "
            "hostname and port so absolute URLs can be written."
        )
    return site


def site_root_url(request: HttpRequest | None) -> str:
    """`https://www.example.com` (no trailing slash) for the site answering `request`."""
    if request is not None and not hasattr(request, "_dateline_root_url"):
        request._dateline_root_url = current_site(request).root_url
    if request is None:
        return current_site(None).root_url
    return request._dateline_root_url


def absolute(request: HttpRequest | None, url: str) -> str:
    """Prefix a site-relative URL (`/media/...`, `/topic/x/`) with the site's origin."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return site_root_url(request).split("//", 1)[0] + url
    return site_root_url(request) + ("" if url.startswith("/") else "/") + url


def page_url(page: Page, request: HttpRequest | None) -> str:
    """The canonical, absolute URL of a Wagtail page."""
    return page.get_full_url(request) or absolute(request, page.url or "/")


def publisher_logo_url(request: HttpRequest | None) -> str:
    return absolute(request, static(PUBLISHER_LOGO_PATH))
