"""The full-page cache for anonymous readers.

Runs early in the stack: a hit answers from one cache read without touching the session,
the database or a template. A miss renders the page inside a dependency recording and stores
it with what it showed (`store.store`), so a change deletes exactly the pages it affects.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

from dateline.core import cachestore as store
from dateline.core.dependencies import recording

CACHEABLE_STATUS = {200, 301, 410}
# Per-reader or private: never stored, whatever the response says.
BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/newsletter/")
DROPPED_HEADERS = {"set-cookie", "x-cache", "x-request-id"}


def page_entry_key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}{request.get_full_path()}".encode()
    return "dateline:page:" + hashlib.sha256(raw).hexdigest()[:40]


def is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not store.is_shared_render():
        return False  # a private render (preview, draft, signed-in: core.middleware)
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False  # an editor (preview, admin bar) or an API client: always fresh
    path = request.path
    media = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else None
    if path.startswith(BYPASS_PREFIXES) or path.startswith(settings.STATIC_URL):
        return False
    return not (media and path.startswith(media))


def is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code not in CACHEABLE_STATUS or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "cookie" not in response.get("Vary", "").lower()


def response_max_age(response: HttpResponse) -> int | None:
    """The max-age a view set on its own response, if any."""
    match = re.search(r"(?:^|,)\s*max-age=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    @staticmethod
    def options() -> tuple[bool, int, str]:
        """Read per request: settings may change under a running server (tests do)."""
        options = settings.DATELINE_PAGE_CACHE
        cache_control = (
            f"public, max-age={options.get('MAX_AGE', 60)}, "
            f"s-maxage={options.get('S_MAXAGE', 3600)}, "
            f"stale-while-revalidate={options.get('STALE_WHILE_REVALIDATE', 30)}"
        )
        return options.get("ENABLED", True), options.get("TIMEOUT", 3600), cache_control

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled, timeout_default, cache_control = self.options()
        if not enabled or not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            return response
        entry = page_entry_key(request)
        cached = store.cache_get(entry)
        if cached is not None:
            return self._from_cache(request, cached)
        started_at = store.generation()
        with recording() as keys:
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        if not is_cacheable_response(response):
            response["X-Cache"] = "BYPASS"
            return response
        # A page that knows when it goes stale (Live TV's "on now") says so with max-age:
        # it is kept no longer than that, here and in shared caches.
        own_max_age = response_max_age(response)
        if own_max_age is not None and own_max_age >= timeout_default:
            own_max_age = None  # no shorter than the usual: the usual headers
        timeout = timeout_default if own_max_age is None else own_max_age
        if timeout <= 0:
            response["X-Cache"] = "BYPASS"
            return response
        self._add_cache_headers(response, keys, cache_control, own_max_age)
        value = (
            response.status_code,
            [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS],
            response.content,
        )
        url = request.build_absolute_uri(request.get_full_path())
        store.store(entry, value, keys, timeout=timeout, started_at_generation=started_at, url=url)
        response["X-Cache"] = "MISS"
        return self._conditional(request, response) or response

    def _add_cache_headers(
        self,
        response: HttpResponse,
        keys: set[str],
        cache_control: str,
        own_max_age: int | None = None,
    ) -> None:
        response["Cache-Control"] = cache_control
        if own_max_age is not None:
            browser = min(own_max_age, settings.DATELINE_PAGE_CACHE.get("MAX_AGE", 60))
            response["Cache-Control"] = f"public, max-age={browser}, s-maxage={own_max_age}"
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        # A front cache purges by these (Varnish xkey, Fastly Surrogate-Key, Cloudflare Cache-Tag).
        tags = " ".join(sorted(keys))
        response["xkey"] = tags
        response["Surrogate-Key"] = tags
        response["Cache-Tag"] = ",".join(sorted(keys))
        patch_vary_headers(response, ["Accept-Encoding"])

    def _from_cache(self, request: HttpRequest, cached) -> HttpResponse:
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return self._conditional(request, response) or response

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
        """304 when the reader already has this version (If-None-Match wins, as RFC 9110 says)."""
        if response.status_code != 200:
            return None
        etag = response.get("ETag")
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if etag and if_none_match:
            if etag in parse_etags(if_none_match) or if_none_match.strip() == "*":
                return _not_modified(response)
            return None
        if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since and if_modified_since == response.get("Last-Modified"):
            return _not_modified(response)
        return None


def _not_modified(response: HttpResponse) -> HttpResponse:
    not_modified = HttpResponseNotModified()
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Cache", "xkey"):
        if header in response:
            not_modified[header] = response[header]
    return not_modified
