"""The publication's time zone, active for the whole request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Page

from dateline.caching.cachestore import (
    cached,
    fragment_entry,
    fragments_enabled,
    is_shared_render,
)
from dateline.caching.dependencies import key_for, listing_key, narrow, record


def _load_site_and_settings(request: HttpRequest) -> tuple:
    from wagtail.models import Site

    from .models import SiteSettings

    # Which site answers depends on the sites (rarely changed) and its home page, not on
    # the page table Wagtail joins to find it.
    with narrow(listing_key("wagtailcore.site")):
        site = Site._find_for_request(request)
    if site is None:
        return None, None
    record(key_for(Page, site.root_page_id))
    if fragments_enabled() and is_shared_render():
        # Read now when the copy is kept: routing starts from it on every request (a render
        # that keeps nothing reads it only if it routes, as before).
        # Without the draft's title: the newsroom's, never kept in the shared cache.
        root = site.root_page.specific_class or Page
        site.root_page = root.objects.defer("draft_title").get(pk=site.root_page_id)
    # Recorded as it loads: every page shows the site's name, zone and links.
    return site, SiteSettings.for_site(site)


class SiteTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .models import SiteSettings

        try:
            # A cached value (purged with the sites, the home page or the settings): three
            # queries, the ORM's compiling included, were a fifth of a warm story render.
            host, port = split_domain_port(request._get_raw_host())[0], request.get_port()
            site, site_settings = cached(
                fragment_entry("site-for-request", host, port, kind="site"),
                lambda: _load_site_and_settings(request),
            )
        except Exception:  # no Site yet (fresh install): fall back to settings.TIME_ZONE
            site, site_settings = None, None
        # Where Wagtail keeps them for the rest of the request (`find_for_request`,
        # `for_request`): each request has its own unpickled copies.
        if site is not None:
            request._wagtail_site = site
        if site_settings is not None:
            site_settings._request = request
            setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
            timezone.activate(site_settings.tzinfo)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
