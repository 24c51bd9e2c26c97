"""The full-page cache for anonymous readers.

Runs early in the stack: a hit answers from one cache read without touching the session,
the database or a template. A miss renders the page inside a dependency recording and stores
it with what it showed (`store.store`), so a change deletes exactly the pages it affects.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.http import http_date, parse_etags
from wagtail.views import serve as wagtail_serve

from dateline.caching import cachestore as store
from dateline.caching.dependencies import lifetime, recording, without_moments
from dateline.caching.queryparams import all_declared, declared_params, keep_only, normalised_query

from . import keysheader
from .coalesce import renders
from .privacy import has_personal_session, make_private
from .release import release

logger = logging.getLogger("dateline.caching")

CACHEABLE_STATUS = {200, 301, 410}
# Set on the request when the page served is under a view restriction (core.wagtail_hooks).
PRIVATE_PAGE = "dateline_private_page"
# Per-reader or private: never stored, whatever the response says.
BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/newsletter/")
DROPPED_HEADERS = {"set-cookie", "x-cache", "x-request-id"}


def page_entry_key(request: HttpRequest, query: str | None = None) -> str:
    """The entry of this URL (with `query` in place of the request's, when given)."""
    full_path = request.get_full_path()
    if query is not None:
        full_path = full_path.split("?", 1)[0] + (f"?{iri_to_uri(query)}" if query else "")
    raw = f"{release()}:{request.get_host()}{full_path}".encode()
    return "dateline:page:" + hashlib.sha256(raw).hexdigest()[:40]


# Query parameters (dateline.caching.queryparams). An anonymous reader's GET keeps only the
# parameters some page declares (ALL_DECLARED) before anything else looks at it; the view that
# answers narrows them to its own declaration (`process_view`, or the page type's through
# caching.wagtail_hooks), and the entry is stored under that narrowed URL. The path's
# declaration is remembered (`params_map_key`), so the next request with parameters this
# path does not read finds the same entry without a render.
def params_map_key(request: HttpRequest) -> str:
    raw = f"{release()}:{sorted(all_declared())}{request.get_host()}{request.path}".encode()
    return "dateline:params:" + hashlib.sha256(raw).hexdigest()[:40]


def _remember_params(request: HttpRequest, names: tuple[str, ...], timeout: int) -> None:
    try:
        store.page_cache().set(params_map_key(request), names, timeout)
    except Exception:  # an unreachable cache: the next request renders, as a miss does
        logger.warning("Page cache unavailable on write", exc_info=True)


def narrow_query(request: HttpRequest, names: tuple[str, ...]) -> None:
    """Called where the view is known: keep only what it reads, and say so for the key."""
    if getattr(request, "dateline_narrows_query", False):
        keep_only(request, names)
        request.dateline_query_params = tuple(names)


def is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not store.is_shared_render():
        return False  # a private render (preview, draft, signed-in: core.middleware)
    path = request.path
    media = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else None
    if path.startswith(BYPASS_PREFIXES) or path.startswith(settings.STATIC_URL):
        return False
    if media and path.startswith(media):
        return False
    # Last: the session read is for reader pages only.
    return not ("HTTP_AUTHORIZATION" in request.META or has_personal_session(request))


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

    @classmethod
    def shared_entry(cls, request: HttpRequest) -> bool:
        """Whether this request reads and fills the shared page cache: the one rule, for this
        middleware and for the WSGI layer in front of Django (`caching.fasthit`). An anonymous
        reader's tracking and unknown parameters go no further (key, render, links built from
        the request), whether or not the cache is on."""
        if not is_cacheable_request(request):
            return False
        keep_only(request, all_declared())
        request.dateline_narrows_query = True
        return cls.options()[0]

    @classmethod
    def hit(cls, request: HttpRequest) -> HttpResponse | None:
        """The cached answer (a 200, or a 304 for a reader who has it) to a request that
        `shared_entry` admitted; None on a miss."""
        cached = cls.lookup(request)
        return None if cached is None else cls.from_cache(request, cached)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _, timeout_default, cache_control = self.options()
        if not self.shared_entry(request):
            return self._uncached(request)
        cached = self.hit(request)
        if cached is not None:
            return cached
        wait = settings.DATELINE_PAGE_CACHE.get("COALESCE_WAIT", 2.0)
        with renders.turn(page_entry_key(request), wait) as render:
            if render is None:  # another thread rendered it meanwhile: read it as stored
                cached = self.hit(request)
                if cached is not None:
                    return cached
            response, stored = self._render(request, timeout_default, cache_control)
            if render is not None:
                render.stored = stored
            return response

    def _render(
        self, request: HttpRequest, timeout_default: int, cache_control: str
    ) -> tuple[HttpResponse, bool]:
        """A miss: render, store when cacheable; the response and whether it was stored."""
        started_at = store.generation()
        had_query = bool(request.META.get("QUERY_STRING"))
        with recording() as keys:
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        declared = getattr(request, "dateline_query_params", None)
        if declared is not None and had_query:
            _remember_params(request, declared, timeout_default)
        entry = page_entry_key(request)  # the URL as the view narrowed it
        _keep_private_pages_private(request, response)
        if not is_cacheable_response(response):
            response["X-Cache"] = "BYPASS"
            if "Cache-Control" not in response:
                # Not kept here (a 404: any path, and whatever later fills it), so not by
                # front caches either, which would otherwise keep it for their default TTL.
                response["Cache-Control"] = "no-cache"
            return response, False
        # A page that knows when it goes stale (Live TV's "on now") says so with max-age:
        # it is kept no longer than that, here and in shared caches.
        own_max_age = response_max_age(response)
        # What it showed changes by itself at a recorded moment (caching.dependencies.lifetime).
        by_clock = lifetime(keys, timeout_default)
        if by_clock < timeout_default:
            own_max_age = by_clock if own_max_age is None else min(own_max_age, by_clock)
        if own_max_age is not None and own_max_age >= timeout_default:
            own_max_age = None  # no shorter than the usual: the usual headers
        timeout = timeout_default if own_max_age is None else own_max_age
        if timeout <= 0:
            response["X-Cache"] = "BYPASS"
            return response, False
        self._add_cache_headers(response, keys, cache_control, own_max_age)
        value = (
            response.status_code,
            [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS],
            response.content,
        )
        url = request.build_absolute_uri(request.get_full_path())
        stored = store.store(
            entry, value, keys, timeout=timeout, started_at_generation=started_at, url=url
        )
        if not stored and started_at is not None and store.generation() != started_at:
            # A purge ran while this rendered, so it may show the state from before a change.
            # Not stored here, and a front cache must not keep it either: its purge (Varnish
            # by xkey) found no object, this response was still being rendered, and would
            # stay until s-maxage. Varnish's built-in rules keep no copy of a "no-cache".
            response["Cache-Control"] = "no-cache"
        response["X-Cache"] = "MISS"
        return self._conditional(request, response) or response, stored

    def _uncached(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        _keep_private_pages_private(request, response)
        if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-cache"
        return response

    @classmethod
    def lookup(cls, request: HttpRequest):
        """The cached entry for this request, if one is known."""
        entry = cls.entry_for(request)
        return None if entry is None else store.cache_get(entry)

    @staticmethod
    def entry_for(request: HttpRequest) -> str | None:
        """The name of this request's entry: without parameters, the path's; with some, the
        entry under the parameters this path's page reads (None: unknown until the path has
        rendered once with parameters)."""
        query = request.META.get("QUERY_STRING", "")
        if query:
            names = store.cache_get(params_map_key(request))
            if names is None:
                return None
            query = normalised_query(query, names)
        return page_entry_key(request, query)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        """A Django view keeps the parameters it declares (none unless it says); Wagtail's
        page view leaves it to the page type (caching.wagtail_hooks)."""
        if view_func is not wagtail_serve:
            narrow_query(request, declared_params(view_func))

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
        # A front cache purges by these: one header (Varnish xkey by default), under a size
        # budget (caching.keysheader).
        response[keysheader.header_name()] = keysheader.header_value(without_moments(keys))
        patch_vary_headers(response, ["Accept-Encoding"])

    @classmethod
    def from_cache(cls, request: HttpRequest, cached) -> HttpResponse:
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return cls._conditional(request, response) or response

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
        """304 when the reader already has this version (If-None-Match wins, as RFC 9110 says)."""
        if is_not_modified(
            request, response.status_code, response.get("ETag"), response.get("Last-Modified")
        ):
            return _not_modified(response)
        return None


def is_not_modified(
    request: HttpRequest, status: int, etag: str | None, last_modified: str | None
) -> bool:
    """Whether a reader who sent this request already has this version (the page cache's
    304s, and caching's WSGI layer in front of Django)."""
    if status != 200:
        return False
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if etag and if_none_match:
        return etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    return bool(if_modified_since and if_modified_since == last_modified)


def _keep_private_pages_private(request: HttpRequest, response: HttpResponse) -> None:
    if getattr(request, PRIVATE_PAGE, False):
        make_private(response)


def _not_modified(response: HttpResponse) -> HttpResponse:
    not_modified = HttpResponseNotModified()
    headers = ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Cache")
    for header in (*headers, keysheader.header_name()):
        if header in response:
            not_modified[header] = response[header]
    return not_modified
