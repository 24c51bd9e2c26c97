"""Keys, scopes, rate limits and usage for /api/, ahead of the page cache.

It runs before `PageCacheMiddleware`, so a cached answer is still counted and limited. The
key travels in `X-Api-Key` (not `Authorization`, which makes the page cache step aside): a
read answers the same for every key, so keyed and public reads share one cached entry.
Usage is counted in the cache (`core.counters.CacheCounter`) and drained into the keys'
rows by a periodic job, so a request writes nothing to the database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from dateline.core import counters

from .models import ApiKey, hash_key

API_PREFIX = "/api/"
# What every client may read whatever its scopes: the index, the schema and its docs.
CONTRACT_PATHS = frozenset({"/api/", "/api/v1/", "/api/v1/openapi.json", "/api/v1/docs/"})
READS = frozenset({"GET", "HEAD"})
KEY_HEADER = "HTTP_X_API_KEY"
WINDOW_SECONDS = 60
# Set in the WSGI environ (request.META) once this request's public use is counted.
COUNTED = "dateline.api_counted"
usage_counter = counters.CacheCounter("api-usage", 300, keep_buckets=3, max_items=10_000)


def options() -> dict:
    return {"PUBLIC_RATE_LIMIT": 60, "CHANGES_SETTLE_SECONDS": 5, **settings.DATELINE_API}


def error_response(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name] = value
    return response


def find_key(plain: str) -> ApiKey | None:
    return ApiKey.objects.filter(key_hash=hash_key(plain), active=True).first()


class ApiGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        request.dateline_api_key = None
        plain = request.META.get(KEY_HEADER, "").strip()
        retry = {
            "Retry-After": str(WINDOW_SECONDS - int(counters.rate_window_clock()) % WINDOW_SECONDS)
        }
        if plain:
            key = find_key(plain)
            if key is None:
                return error_response(401, "Unknown or inactive API key.")
            if not key.can_read and request.method in READS and request.path not in CONTRACT_PATHS:
                return error_response(403, "This key has no read scope.")
            if counters.over_limit("api-key", key.pk, key.rate_limit, WINDOW_SECONDS):
                return error_response(
                    429, f"Over this key's limit of {key.rate_limit}/min.", **retry
                )
            usage_counter.hit(str(key.pk))
            request.dateline_api_key = key
        elif request.method != "OPTIONS" and not request.META.get(COUNTED):
            limit = options()["PUBLIC_RATE_LIMIT"]
            # Counted once: a request the fast path (caching.fasthit) counted, then handed to
            # Django on a miss, comes back here with the same environ.
            request.META[COUNTED] = True
            if counters.rate_limited(request, "api-public", limit, WINDOW_SECONDS):
                return error_response(
                    429, f"Over the public limit of {limit}/min; ask for an API key.", **retry
                )
        return self.get_response(request)


def record_usage() -> int:
    """Periodic job: drained usage counts onto the keys (count and last use)."""
    totals: dict[int, int] = {}
    for counts in usage_counter.drain().values():
        for pk, count in counts.items():
            totals[int(pk)] = totals.get(int(pk), 0) + count
    now = timezone.now()
    for pk, count in totals.items():
        # freshness: API keys are bookkeeping (core.autodeps), shown on no reader page
        ApiKey.objects.filter(pk=pk).update(usage_count=F("usage_count") + count, last_used_at=now)
    return sum(totals.values())
