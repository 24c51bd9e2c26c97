"""The reader's side: the service worker (from this origin, scope /alerts/), the bell's
options (the site's public key and the topics to follow: the same for everyone, cacheable),
and the JSON endpoints that keep and forget a subscription.

The bell sits on cached pages, so it carries no CSRF token: the endpoints accept only JSON
(a cross-site form cannot send it without a CORS preflight, which they do not answer) posted
from this site's own pages (`core.views._from_this_site`: Origin / Sec-Fetch-Site), and are
rate limited per client as the other forms are."""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dateline.core.counters import rate_limited
from dateline.core.views import _from_this_site

from . import subscriptions, vapid
from .models import AlertTopic

logger = logging.getLogger("dateline.alerts")

SERVICE_WORKER = Path(__file__).parent / "static" / "alerts" / "sw.js"
MAX_BODY = 4096


@functools.cache
def _service_worker_source() -> bytes:
    return SERVICE_WORKER.read_bytes()


@never_cache  # a deployment's new worker reaches browsers at their next check
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_service_worker_source(), content_type="text/javascript")


@require_GET
def options(request: HttpRequest) -> JsonResponse:
    """What the bell offers: the same for every reader (the page cache may keep it)."""
    topics = [{"slug": t.slug, "name": t.name} for t in AlertTopic.objects.all()]
    return JsonResponse({"publicKey": vapid.public_key(), "topics": topics})


def _refused(reason: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": reason}, status=status)


def _json_body(request: HttpRequest):
    if request.content_type != "application/json":
        raise subscriptions.Invalid("send JSON (Content-Type: application/json)")
    if len(request.body) > MAX_BODY:
        raise subscriptions.Invalid("too large")
    try:
        return json.loads(request.body)
    except ValueError as error:
        raise subscriptions.Invalid("not JSON") from error


def _guard(request: HttpRequest) -> JsonResponse | None:
    if not _from_this_site(request):
        return _refused("not from this site", 403)
    limit = int(settings.DATELINE_ALERTS["SUBSCRIBE_RATE_LIMIT"])
    if rate_limited(request, "alerts", limit, 3600):
        return _refused("too many requests", 429)
    return None


@csrf_exempt  # see the module's docstring: JSON only, from this site, rate limited
@never_cache
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    refused = _guard(request)
    if refused:
        return refused
    try:
        fields = subscriptions.clean(_json_body(request))
    except subscriptions.Invalid as error:
        return _refused(str(error), 400)
    subscription, created = subscriptions.subscribe(fields)
    logger.info("Push subscription %s %s", subscription.pk, "created" if created else "updated")
    return JsonResponse({"ok": True, "topics": subscription.topics}, status=201 if created else 200)


@csrf_exempt  # as subscribe
@never_cache
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    refused = _guard(request)
    if refused:
        return refused
    try:
        data = _json_body(request)
    except subscriptions.Invalid as error:
        return _refused(str(error), 400)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str):
        return _refused("endpoint is missing", 400)
    return JsonResponse({"ok": True, "removed": subscriptions.unsubscribe(endpoint)})
