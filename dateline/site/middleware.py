"""The publication's time zone, active for the whole request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail.models import Page

from dateline.caching.dependencies import key_for, listing_key, narrow, record


class SiteTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from wagtail.models import Site

        from .models import SiteSettings

        try:
            # Which site answers depends on the sites (rarely changed) and its home page, not
            # on the page table Wagtail joins to find it (Wagtail keeps it on the request).
            with narrow(listing_key("wagtailcore.site")):
                site = Site.find_for_request(request)
            if site is not None:
                record(key_for(Page, site.root_page_id))
            # Recorded as it loads: every page shows the site's name, zone and links.
            site_settings = SiteSettings.for_request(request)
        except Exception:  # no Site yet (fresh install): fall back to settings.TIME_ZONE
            site_settings = None
        if site_settings is not None:
            timezone.activate(site_settings.tzinfo)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
