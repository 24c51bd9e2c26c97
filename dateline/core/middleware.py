"""Site-wide middleware: request ids, malformed requests, security headers, privacy."""

import re
import uuid
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from dateline.caching.privacy import has_personal_session, make_private

from .clients import signed_in
from .logging import current_request_id

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one: it is copied into logs and a header.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_for(incoming: str) -> str:
    """The proxy's id when it looks like one, else a new one (here and in core.fasthit)."""
    return incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID, or a new one), echo it in the
    response and stamp it on every log line written while the request runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER, ""))
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
            if request.path.startswith("/api/"):  # an API client reads JSON (dateline.api)
                return JsonResponse({"detail": "The address holds a NUL byte."}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _query_has_nul(request: HttpRequest) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )


# Directives every policy carries, whoever wrote it (a view's own header included): who may
# frame the page and where its forms may post. Neither falls back to default-src.
REQUIRED_CSP_DIRECTIVES = {"frame-ancestors": "'self'", "form-action": "'self'"}


def with_required_directives(policy: str) -> str:
    """`policy` with `frame-ancestors` and `form-action` added where it lacks them."""
    present = {part.strip().split(" ", 1)[0].lower() for part in policy.split(";")}
    missing = [
        f"{name} {value}" for name, value in REQUIRED_CSP_DIRECTIVES.items() if name not in present
    ]
    return "; ".join([policy.rstrip("; "), *missing]) if missing else policy


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp, with the admin's wider policy (`DATELINE_ADMIN_CSP`) under /admin/ unless
    the view chose its own; and every policy, a view's own too (a web story's, a media
    file's), completed with the directives of REQUIRED_CSP_DIRECTIVES."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
            if header in response:
                response[header] = with_required_directives(response[header])
        return response

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
    (`is_dummy`, then `is_preview`) inside an admin request; a stored session of a signed-in
    user, or of a reader who passed a page's password, may be shown what the public is not.
    A made-up session cookie is not one (issue 18: it bypassed the cache): it is set aside
    and the request is an anonymous reader's. A reader without a cookie pays no session read.
    """
    return (
        getattr(request, "is_dummy", False)
        or getattr(request, "is_preview", False)
        or "HTTP_AUTHORIZATION" in request.META
        or _is_admin_path(request)
        or has_personal_session(request)  # last: one session read, reader pages only
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
        from dateline.caching.cachestore import private_render

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


class PrivateForSignedInMiddleware:
    """`Cache-Control: private, no-cache` on every response rendered for a signed-in user,
    whatever the view said (Live TV's `max-age=300`, a listing's `public`): no shared cache
    may keep an editor's page (admin bar, previews, drafts), and the editor's own browser
    revalidates so they see their change at once. The one place this is decided; it sits
    right after AuthenticationMiddleware so every response from inside the stack passes it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No session cookie, no signed-in user: skip the session read.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and signed_in(request):
            make_private(response)
        return response
