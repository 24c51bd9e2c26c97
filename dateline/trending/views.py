"""The view beacon: POST from navigator.sendBeacon, GET as a 1×1 image without JavaScript."""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dateline.caching.queryparams import reads_query_params

from .counting import count_view

# A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _page_id(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if raw.isdigit() and len(raw) <= 12:
        return int(raw)
    return None


@csrf_exempt  # no cookie is read or set: there is no session to forge
@require_POST
@never_cache
def beacon(request: HttpRequest) -> HttpResponse:
    page_id = _page_id(request.GET.get("p") or request.POST.get("p"))
    if page_id is None:
        return HttpResponse(status=400)
    count_view(request, page_id)
    return HttpResponse(status=204)  # the same answer counted or not: nothing to learn


@reads_query_params("p")
@require_GET
@never_cache
def pixel(request: HttpRequest) -> HttpResponse:
    page_id = _page_id(request.GET.get("p"))
    if page_id is not None:
        count_view(request, page_id)
    return HttpResponse(PIXEL, content_type="image/gif")
