"""A page's address without Wagtail's `reverse()` per link (issue 21 point 3).

A cold front page asks about 190 pages for their address (every card links twice). Wagtail's
`Page.get_url_parts` reverses the `wagtail_serve` pattern for each, which was half of what
those calls cost; the answer is the serving prefix followed by the page's `url_path` below its
site root, percent-encoded as `reverse()` encodes it. `page_url_parts` computes that, and
leaves every case it does not cover (translations, a page in several sites, a path the pattern
would not match, no `wagtail_serve` route) to Wagtail, so the result is always Wagtail's own.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# The shape `wagtail.urls.serve_pattern` accepts (both of its variants accept these).
_SERVABLE = re.compile(r"(?:[\w\-]+/)*")
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse()` leaves unquoted

_serve_prefixes: dict[tuple[str, str], str | None] = {}


def serve_prefix() -> str | None:
    """`reverse("wagtail_serve", args=("",))`, once per script prefix and URLconf."""
    key = (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    try:
        return _serve_prefixes[key]
    except KeyError:
        try:
            prefix = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:
            prefix = None
        _serve_prefixes[key] = prefix
        return prefix


def page_url_parts(page, request=None) -> tuple | None:
    """`(site_id, root_url, page_path)` as `Page.get_url_parts` returns it, or None when
    only Wagtail's own method can say (the caller then asks it)."""
    from wagtail.coreutils import WAGTAIL_APPEND_SLASH

    if getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not WAGTAIL_APPEND_SLASH:
        return None
    sites = page._get_relevant_site_root_paths(request)
    if len(sites) != 1:
        return None  # no site (Wagtail answers None) or several (it picks by request)
    site_id, root_path, root_url, _language = sites[0]
    page_path = served_path(page.url_path[len(root_path) :])
    return None if page_path is None else (site_id, root_url, page_path)


def served_path(below_root: str) -> str | None:
    """`reverse("wagtail_serve", args=(below_root,))` for a page's `url_path` below its site
    root, without reversing; None when only `reverse()` can say."""
    prefix = serve_prefix()
    if prefix is None or not _SERVABLE.fullmatch(below_root):
        return None
    page_path = prefix + quote(below_root, safe=_SAFE)
    if page_path.startswith("//"):
        return None  # reverse() escapes a leading double slash
    return page_path
