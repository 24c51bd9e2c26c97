"""Serving hooks of the site: every served page depends on itself, and one under a view
restriction is private."""

from __future__ import annotations

from wagtail import hooks

from dateline.caching.dependencies import key_for, record
from dateline.caching.middleware import PRIVATE_PAGE

from .visibility import is_restricted


# First of the hooks: it must run whatever another hook answers.
@hooks.register("before_serve_page", order=-100)
def depend_on_the_page_and_keep_restricted_pages_private(
    page, request, serve_args, serve_kwargs
) -> None:
    """Whatever its type, a served page depends on itself: a change that purges `page:<id>`
    (a restriction added on it or an ancestor, above all) reaches its own URL.

    A page under a view restriction (its own or an ancestor's) is private, whoever asks:
    the page cache stores nothing of it and says `private` to front caches
    (`caching.middleware.PRIVATE_PAGE`), even if a response forgot Wagtail's never-cache headers."""
    record(key_for(page))
    if is_restricted(page):
        setattr(request, PRIVATE_PAGE, True)
