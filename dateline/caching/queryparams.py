"""The query parameters a reader's page reads, declared where the page is, and nothing else.

A page type or view names the parameters it reads (`reader_query_params` on the page class,
`@reads_query_params(...)` on a view); the default is none. For an anonymous reader every
other parameter (`utm_*`, `fbclid`, `gclid`, a random `?x=`) is removed before the page cache
computes its key and before the page renders, so it can neither create a cache entry nor
change what is shown. The shipped Varnish configuration keeps the same list (ALL_DECLARED,
checked against deploy/varnish/default.vcl by a test) and orders them the same way.

Raw `name=value` pairs are compared and sorted as strings, as Varnish's `std.querysort` and
its regular expressions see them: the app's key and the URL Varnish forwards are the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.http import HttpRequest, QueryDict

NONE: tuple[str, ...] = ()


def reads_query_params(*names: str) -> Callable:
    """Declare the query parameters a view reads (the page cache drops the others)."""

    def decorate(view: Callable) -> Callable:
        view.reader_query_params = tuple(names)
        return view

    return decorate


def declared_params(owner: object) -> tuple[str, ...]:
    """What a page (class or instance) or a view declared; none when it declared nothing."""
    return tuple(getattr(owner, "reader_query_params", NONE))


def _name(pair: str) -> str:
    return pair.split("=", 1)[0]


def normalised_query(query_string: str, names: Iterable[str]) -> str:
    """`query_string` with only the pairs whose raw name is in `names`, sorted."""
    keep = set(names)
    if not query_string or not keep:
        return ""
    pairs = [pair for pair in query_string.split("&") if pair and _name(pair) in keep]
    return "&".join(sorted(pairs))


def keep_only(request: HttpRequest, names: Iterable[str]) -> None:
    """Make the request carry only `names` in its query string, for the view and for every
    URL built from it afterwards (`get_full_path`, pagination links, the canonical URL)."""
    query = normalised_query(request.META.get("QUERY_STRING", ""), names)
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query, encoding=request.encoding)


@functools.cache
def all_declared() -> frozenset[str]:
    """Every parameter some page type or URL's view declares (the front cache's list)."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from wagtail.models import get_page_models

    names: set[str] = set()
    for model in get_page_models():
        names.update(declared_params(model))

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                names.update(declared_params(pattern.callback))

    walk(get_resolver().url_patterns)
    return frozenset(names)


def vcl_query_filter(names: Iterable[str]) -> str:
    """The regular expression deploy/varnish/default.vcl applies to `&` + the query string
    to drop every pair whose name is not in `names` (a test checks the file carries exactly
    this one for ALL_DECLARED, and that both give the same URLs)."""
    alternatives = "|".join(sorted(names))
    return rf"&(?!(?:{alternatives})(?:=|&|$))[^&]*"
