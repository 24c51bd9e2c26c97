"""Newsroom middleware: 410 Gone for withdrawn stories; the site's zone in the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Site
from wagtail.users.models import UserProfile

from dateline.articles import services as articles


def find_withdrawn_story(request: HttpRequest):
    """A once-published story at this address that is no longer live, if any."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return articles.withdrawn_story_at(site.root_page.url_path, request.path)


class GoneMiddleware:
    """Runs only when the response is already a 404 (and Wagtail's redirects middleware found
    no redirect the editor chose), so a normal page costs no extra query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        story = find_withdrawn_story(request)
        if story is None:
            return response
        return render(request, "newsroom/410.html", {"story": story}, status=410)


class EditorTimeZoneMiddleware:
    """Editors see and type times in the site's zone (Site settings), not the server's.

    Wagtail's admin shows times in the user's own zone preference and falls back to
    settings.TIME_ZONE; for an editor without a preference this supplies the site's zone
    instead, on the in-memory profile only (nothing is saved).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        # The path first: asking for the user reads the session, and a reader's page that
        # read the session varies by cookie (no shared cache could keep it).
        if request.path.startswith(self.admin_prefix):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self._default_to_site_zone(request, user)
        return self.get_response(request)

    @staticmethod
    def _default_to_site_zone(request: HttpRequest, user) -> None:
        from dateline.core.models import SiteSettings

        try:
            site_zone = SiteSettings.for_request(request).time_zone
        except Exception:  # no Site yet (fresh install): Wagtail's own fallback applies
            return
        if not site_zone or site_zone == settings.TIME_ZONE:
            return
        try:
            profile = user.wagtail_userprofile
        except UserProfile.DoesNotExist:
            profile = UserProfile(user=user)
            user.wagtail_userprofile = profile
        if not profile.current_time_zone:
            profile.current_time_zone = site_zone
