"""Newsroom middleware: 410 Gone for withdrawn stories, the editors' redirects (each
recording what it depends on, for the page cache); the site's zone in the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.contrib.redirects import middleware as redirects
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from dateline.articles import services as articles
from dateline.caching.dependencies import key_for, listing_key, record

# Any redirect added, changed or removed (the Redirect model's coarse key, invalidated on
# every save and delete): a path that answers 404, 410 or a redirect may answer otherwise.
REDIRECTS_KEY = listing_key("wagtailredirects.redirect")


def record_routing() -> None:
    """A 301 or 410 answers for a path no live page has: it goes stale when a page or story
    is published, moved or renamed so that one has it, or when a redirect changes.

    Recorded by hand, coarsely (any page's or story's change drops these rare, cheap
    entries), until routing records the exact parent (`list:children:<parent id>`) by
    construction."""
    record(REDIRECTS_KEY, listing_key("pages"), listing_key("modified"))


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
        # Republished, or given a redirect: the 410 must go at once.
        record_routing()
        record(key_for(story))
        return render(request, "newsroom/410.html", {"story": story}, status=410)


class RedirectMiddleware(redirects.RedirectMiddleware):
    """Wagtail's redirects, answering only where the site has no page (a 404); the answer
    depends on the redirects, on the routing and on the page it points to (its address)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        answer = super().process_response(request, response)
        if answer is response:
            return response
        record_routing()
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        # Read again for its page (only when a redirect answered; the page cache keeps it).
        redirect = redirects.get_redirect(request, path) or redirects.get_redirect(
            request, path.split("?", 1)[0]
        )
        if redirect is not None and redirect.redirect_page_id:
            record(key_for(Page, redirect.redirect_page_id))
        return answer


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
        from dateline.site.models import SiteSettings

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
