"""Which requests and responses are one person's: kept out of the shared page cache and
marked private for front caches. Used by the page cache and by the site's middleware."""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import CollectionViewRestriction, PageViewRestriction

# What makes a session personal: a signed-in user, or a reader's pass through a page's
# password or login restriction (Wagtail keeps it in the session).
PERSONAL_SESSION_KEYS = (
    SESSION_KEY,
    PageViewRestriction.passed_view_restrictions_session_key,
    CollectionViewRestriction.passed_view_restrictions_session_key,
)


def has_personal_session(request: HttpRequest) -> bool:
    """Whether the session cookie names a stored session holding a signed-in user or a
    restriction pass. Any other value of the cookie (made up, expired, an empty session) is
    an anonymous reader: served the cached page, and rendered as one on a miss (the cookie is
    set aside, so the render is the anonymous page and can be stored). One session read, and
    only for a request that carries the cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    if request.method not in ("GET", "HEAD"):
        return True  # a form post may need its session: only reads are served as a reader's
    session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
    personal = False
    try:
        if session_key:
            session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
            personal = any(name in session for name in PERSONAL_SESSION_KEYS)
    except Exception:  # the session store is down: auth would see an anonymous reader too
        logging.getLogger("dateline.core").warning(
            "Session store unavailable; serving the anonymous page", exc_info=True
        )
    if not personal:
        del request.COOKIES[settings.SESSION_COOKIE_NAME]
    return personal


# Directives that let a shared cache keep or serve a response: none may stay on a response
# rendered for a signed-in user.
SHARED_CACHE_DIRECTIVES = {"public", "s-maxage", "max-age", "stale-while-revalidate", "immutable"}


def make_private(response: HttpResponse) -> None:
    """Drop every directive a shared cache acts on; keep no-store and the like."""
    kept = [
        directive.strip()
        for directive in response.get("Cache-Control", "").split(",")
        if directive.strip()
        and directive.strip().split("=", 1)[0].lower() not in SHARED_CACHE_DIRECTIVES
        and directive.strip().lower() not in {"private", "no-cache"}
    ]
    response["Cache-Control"] = ", ".join(["private", "no-cache", *kept])
    patch_vary_headers(response, ["Cookie"])
