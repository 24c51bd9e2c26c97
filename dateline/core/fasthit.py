"""Cached pages answered in front of Django's handler (issue 21 point 4).

`FastHitApp` wraps the Django WSGI application (`dateline.wsgi`). For an anonymous GET or
HEAD it builds the request and asks the page cache the questions its middleware asks, with
the same code (`PageCacheMiddleware.shared_entry`, `.lookup`, `is_not_modified`): a hit is
answered here; anything else (a miss, a private request, the cache off or unreachable, an
address Django refuses) goes to Django unchanged.

The headers. A hit served through Django also passes the middleware listed before the page
cache in `settings.MIDDLEWARE` (request id, security headers, Permissions-Policy, CSP, CORS,
the API gate). Here they are built from that same setting and called around the look-up
(`outer_chain`), so a hit carries the same headers by construction, not by a copy of each
header's rule. Their answer depends only on the cached entry and on a few request inputs
(OUTER_INPUTS), so it is kept per process (`_answers`) for that entry and those inputs, and
later hits reuse it with their own request id: one cache read and no middleware. That holds
for the middleware this was written for (KNOWN_OUTER; a test checks the setting); with any
other list, or for /api/ (its gate counts every request), every hit runs the chain.

Not tried here: requests that would need the session store or the API key table to decide
(a session cookie, an `X-Api-Key`) or that carry `Authorization`. Django answers them, from
the cache when they are a reader's. What a hit skips: the handler's request signals, URL
resolution, exception-to-response conversion and every middleware after the page cache.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from dateline.caching import cachestore as store
from dateline.caching.middleware import PageCacheMiddleware, is_not_modified

from .middleware import REQUEST_ID_HEADER, request_id_for

logger = logging.getLogger("dateline.core")

PAGE_CACHE_MIDDLEWARE = "dateline.caching.middleware.PageCacheMiddleware"
# The middleware in front of the page cache whose answer to a hit is known to depend only on
# the entry and OUTER_INPUTS (the request id aside). Adding one to MIDDLEWARE before the page
# cache turns the per-process answers off until it is reviewed and named here.
KNOWN_OUTER = (
    "dateline.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.core.middleware.PermissionsPolicyMiddleware",
    "dateline.core.middleware.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dateline.core.middleware.RejectMalformedRequestMiddleware",
    "dateline.core.middleware.PrivateRenderMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "dateline.api.gate.ApiGateMiddleware",
)
# What those read of a request besides its address (in the entry's key): https or not
# (HSTS, the https redirect), the method, and CORS's inputs.
OUTER_INPUTS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "REQUEST_METHOD",
    "HTTP_ORIGIN",
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD",
    "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK",
)
MAX_ANSWERS = 4096
ANSWERED = "dateline_fast_hit"  # set on the request by the look-up inside the chain


class NotAHit(Exception):
    """The fast path steps aside: Django answers this request."""


def _hit_or_step_aside(request: HttpRequest) -> HttpResponse:
    """The innermost step of the outer chain: the page cache's own answer to a hit."""
    if not PageCacheMiddleware.shared_entry(request):
        raise NotAHit
    cached = PageCacheMiddleware.lookup(request)
    if cached is None:
        raise NotAHit
    setattr(request, ANSWERED, cached)
    return PageCacheMiddleware.from_cache(request, cached)


_chains: dict[tuple[str, ...], Callable[[HttpRequest], HttpResponse] | None] = {}


def outer_chain() -> Callable[[HttpRequest], HttpResponse] | None:
    """The middleware before the page cache, wrapped around the look-up as Django's handler
    wraps them; None when the page cache is not in MIDDLEWARE."""
    names = tuple(settings.MIDDLEWARE)
    if names not in _chains:
        if PAGE_CACHE_MIDDLEWARE not in names:
            _chains[names] = None
        else:
            handler: Callable[[HttpRequest], HttpResponse] = _hit_or_step_aside
            for name in reversed(names[: names.index(PAGE_CACHE_MIDDLEWARE)]):
                handler = import_string(name)(handler)
            _chains[names] = handler
    return _chains[names]


def answers_are_kept() -> bool:
    names = tuple(settings.MIDDLEWARE)
    return PAGE_CACHE_MIDDLEWARE in names and (
        names[: names.index(PAGE_CACHE_MIDDLEWARE)] == KNOWN_OUTER
    )


def may_try(environ: dict) -> bool:
    """Cheap refusals read from the environ before any request object is built."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in environ or "HTTP_X_API_KEY" in environ:
        return False
    # A NUL byte: Django refuses it (core.middleware.RejectMalformedRequestMiddleware) before
    # the cache drops the parameter that carries it, and the look-up here drops it first.
    if "%00" in environ.get("QUERY_STRING", "") or "\x00" in environ.get("PATH_INFO", ""):
        return False
    if settings.STATIC_URL.startswith("/") and environ.get("PATH_INFO", "").startswith(
        settings.STATIC_URL
    ):
        return False  # WhiteNoise's
    return settings.SESSION_COOKIE_NAME not in environ.get("HTTP_COOKIE", "")


# (settings in force, entry, its stored value's status and headers, 304 or not, the request
# inputs the outer middleware read) -> (status line, headers, position of the request id).
_answers: dict[tuple, tuple[str, list[tuple[str, str]], int | None]] = {}


def _answer_key(environ: dict, cached, not_modified: bool) -> tuple:
    status, headers, _ = cached
    inputs = tuple(environ.get(name) for name in OUTER_INPUTS)
    # The settings object itself (tests replace it): answers under other settings never match.
    return (id(settings._wrapped), status, tuple(headers), not_modified, inputs)


def _keep(key: tuple, response: HttpResponse) -> tuple[str, list[tuple[str, str]], int | None]:
    headers = list(_wire_headers(response))
    names = [name for name, _ in headers]
    position = names.index(REQUEST_ID_HEADER) if REQUEST_ID_HEADER in names else None
    if len(_answers) >= MAX_ANSWERS:
        _answers.clear()
    answer = _answers[key] = (_status_line(response), headers, position)
    return answer


def _status_line(response: HttpResponse) -> str:
    return f"{response.status_code} {response.reason_phrase}"


def _wire_headers(response: HttpResponse) -> Iterable[tuple[str, str]]:
    # As django.core.handlers.wsgi.WSGIHandler writes them (a hit sets no cookie).
    yield from response.items()
    for cookie in response.cookies.values():
        yield ("Set-Cookie", cookie.output(header=""))


# What else decides which entry a request reads: its address as Django builds it
# (request.get_host(), request.get_full_path()). With OUTER_INPUTS and the settings in force
# it decides the whole answer but the request id and the 304, so a copy is kept under them.
ADDRESS_INPUTS = (
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
)
# Per process and worker: 32 MB of copies, the oldest going first. A copy costs its body, its
# key and headers, and a fixed part for the rest: the key is the client's to choose (any
# Origin, any tracking parameter is a new one), so copies of an empty body (a cached 301)
# counted by their bodies alone were never counted at all.
COPY_BYTES = 32 * 1024 * 1024
COPY_OVERHEAD = 1024


def _cost(key: tuple, copy: Copy) -> int:
    headers = sum(len(name) + len(value) for name, value in copy.stored)
    address = sum(len(part) for part in key if isinstance(part, str))
    # The entry's headers twice: as stored, and in the answers the middleware gave them.
    return len(copy.body) + address + 2 * headers + COPY_OVERHEAD


def copy_key(environ: dict) -> tuple:
    get = environ.get
    return (
        settings._wrapped,  # the settings in force (tests replace them); kept alive by the key
        *[get(name) for name in ADDRESS_INPUTS],
        *[get(name) for name in OUTER_INPUTS],
    )


_clocks: dict[object, Callable[[], int | None]] = {}


def clock() -> Callable[[], int | None]:
    """The page cache's count of finished purges (cachestore.copy_clock), for the settings
    in force."""
    found = _clocks.get(settings._wrapped)
    if found is None:
        found = store.copy_clock()
        if found is None:
            return _no_clock  # not kept: the cache cannot be opened now
        _clocks[settings._wrapped] = found
    return found


def _no_clock() -> None:
    return None  # no copy is trusted


class _Meta:
    """What is_not_modified reads of a request, without building one."""

    __slots__ = ("META",)

    def __init__(self, environ: dict) -> None:
        self.META = environ


@dataclass(slots=True)
class Copy:
    """A hit's answer kept in this process: the entry as read when the purge count was
    `generation`, and the answers (status line, headers, request id position) the middleware
    in front gave it, for a 200 and a 304. Served while no purge has finished since and
    the entry's own lifetime lasts (never longer than the entry itself)."""

    generation: int
    expires_at: float
    status: int
    stored: tuple  # the entry's own headers: two reads agree on the entry when these do
    etag: str | None
    last_modified: str | None
    body: bytes
    answers: dict[bool, tuple[str, list[tuple[str, str]], int | None]] = field(default_factory=dict)
    cost: int = 0  # what it counts against COPY_BYTES (_Copies.add)

    def answer(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if clock()() != self.generation or time.time() >= self.expires_at:
            _copies.drop(copy_key(environ), self)
            return None
        not_modified = is_not_modified(_Meta(environ), self.status, self.etag, self.last_modified)
        known = self.answers.get(not_modified)
        if known is None:
            return None  # the slow path adds it
        return _with_request_id(known, environ, b"" if not_modified else self.body)


class _Copies:
    """The process's copies by request address (`copy_key`), bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._copies: dict[tuple, Copy] = {}
        self._lock = threading.Lock()  # granian's threads: reads need none (a dict get)

    def get(self, key: tuple) -> Copy | None:
        return self._copies.get(key)

    def add(self, key: tuple, copy: Copy) -> Copy:
        """Keep `copy` (or the one kept for the same read); returns the one kept."""
        with self._lock:
            kept = self._copies.get(key)
            same = (copy.generation, copy.status, copy.stored, copy.body)
            if kept is not None and (kept.generation, kept.status, kept.stored, kept.body) == same:
                kept.expires_at = min(kept.expires_at, copy.expires_at)
                return kept
            copy.cost = _cost(key, copy)
            if copy.cost > self.max_bytes:
                return copy  # answered, not kept
            self._pop(key)
            while self._copies and self.bytes + copy.cost > self.max_bytes:
                self._pop(next(iter(self._copies)))  # the oldest
            self._copies[key] = copy
            self.bytes += copy.cost
            return copy

    def drop(self, key: tuple, copy: Copy) -> None:
        with self._lock:
            if self._copies.get(key) is copy:
                self._pop(key)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self.bytes = 0

    def _pop(self, key: tuple) -> None:
        copy = self._copies.pop(key, None)
        if copy is not None:
            self.bytes -= copy.cost


_copies = _Copies(COPY_BYTES)


class FastHitApp:
    """WSGI: cached hits here, everything else to `application`."""

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            answer = self.answer(environ)
        except DisallowedHost:  # a Host not in ALLOWED_HOSTS: Django answers and reports it
            answer = None
        except Exception:  # anything unexpected: Django answers (and reports) as it would
            logger.warning("Fast path failed; Django answers", exc_info=True)
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def answer(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """(status line, headers, body) of a hit; None: ask Django."""
        if not may_try(environ):
            return None
        address = copy_key(environ)
        copy = _copies.get(address)
        if copy is not None:
            known = copy.answer(environ)
            if known is not None:
                return known
        chain = outer_chain()
        if chain is None:
            return None
        request = WSGIRequest(environ)
        # Not for the API (dateline.api.gate counts and limits every request there).
        kept = answers_are_kept() and not request.path.startswith("/api/")
        if kept:
            # Read before the entry: a purge finishing after this read moves it (copies).
            generation = clock()()
            if not PageCacheMiddleware.shared_entry(request):
                return None
            entry = PageCacheMiddleware.entry_for(request)
            cached, expires_at = store.read_for_copy(entry) if entry else (None, None)
            if cached is None:
                return None
            status, headers, content = cached
            stored = {name.lower(): value for name, value in headers}
            etag, last_modified = stored.get("etag"), stored.get("last-modified")
            not_modified = is_not_modified(request, status, etag, last_modified)
            known = _answers.get(_answer_key(environ, cached, not_modified))
            if known is None:
                try:
                    response = chain(request)
                except NotAHit:
                    return None
                answered = getattr(request, ANSWERED, None)
                if answered is None:  # answered in front of the cache (a redirect, a refusal)
                    return None if response.streaming else _wire(response)
                if answered != cached:  # the entry changed in between: answered, not kept
                    return _wire(response)
                known = _keep(_answer_key(environ, cached, not_modified), response)
            if generation is not None and expires_at is not None:
                _copies.add(
                    address,
                    Copy(
                        generation, expires_at, status, tuple(headers), etag, last_modified, content
                    ),
                ).answers[not_modified] = known
            return _with_request_id(known, environ, b"" if not_modified else content)
        try:
            response = chain(request)
        except NotAHit:
            return None
        if getattr(request, ANSWERED, None) is None and response.streaming:
            return None
        return _wire(response)


def _wire(response: HttpResponse) -> tuple[str, list[tuple[str, str]], bytes]:
    return _status_line(response), list(_wire_headers(response)), response.content


def _with_request_id(
    known: tuple[str, list[tuple[str, str]], int | None], environ: dict, body: bytes
) -> tuple[str, list[tuple[str, str]], bytes]:
    status_line, wire, position = known
    if position is not None:
        wire = wire.copy()
        wire[position] = (REQUEST_ID_HEADER, request_id_for(request_id_in(environ)))
    return status_line, wire, body


def request_id_in(environ: dict) -> str:
    return environ.get("HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_"), "")
