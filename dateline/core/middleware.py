"""Site-wide middleware: the publication's time zone, request ids, malformed requests."""

import re
import uuid
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .dependencies import key_for, record
from .logging import current_request_id


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


REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one: it is copied into logs and a header.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID, or a new one), echo it in the
    response and stamp it on every log line written while the request runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RejectMalformedRequestMiddleware:
    """A NUL byte in the path or query string is never a real address: answer 400 before any
    view hands it to a database (PostgreSQL refuses NUL in text and would raise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or self._query_has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _query_has_nul(request: HttpRequest) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp, with the admin's wider policy (`DATELINE_ADMIN_CSP`) under /admin/ unless
    the view chose its own."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin_path(request):
            parts.config = settings.DATELINE_ADMIN_CSP
        return parts


def _is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


class PermissionsPolicyMiddleware:
    """No page or admin screen may use the camera, microphone, location or payment APIs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.DATELINE_PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def renders_privately(request: HttpRequest) -> bool:
    """Whether this request renders for one person, so must not touch the shared cache.

    Wagtail's previews, draft, revision and moderation views render through a dummy request
    (`is_dummy`, then `is_preview`) inside an admin request; a session cookie means a signed-in
    user or a reader who passed a page's password, who may be shown what the public is not.
    Decided from the request alone (no session read): a reader without a cookie pays nothing.
    """
    return (
        getattr(request, "is_dummy", False)
        or getattr(request, "is_preview", False)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or _is_admin_path(request)
    )


class PrivateRenderMiddleware:
    """Opens `cachestore.private_render()` around every private request (`renders_privately`),
    before the page cache looks at it: the one place that keeps previews, drafts and
    signed-in renders out of the shared page and fragment cache, whatever else the response
    says (its Cache-Control is another middleware's business).

    Every request also gets a `visibility.request_scope()`: the public rule reads the
    restricted pages once per request, however many listings a page has."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .cachestore import private_render
        from .visibility import request_scope

        if not renders_privately(request):
            with request_scope():
                return self.get_response(request)
        with request_scope(), private_render():
            response = self.get_response(request)
            # A template response renders after the middleware returns: render it inside.
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response
