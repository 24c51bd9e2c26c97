"""Show every time in the publication's own zone (a site setting)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .dependencies import key_for, record


class SiteTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .models import SiteSettings

        try:
            site_settings = SiteSettings.for_request(request)
        except Exception:  # no Site yet (fresh install): fall back to settings.TIME_ZONE
            site_settings = None
        if site_settings is not None:
            timezone.activate(site_settings.tzinfo)
            record(key_for(SiteSettings))  # every page shows the site's name, zone and links
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
