"""Wagtail hooks of the page cache. (A served page's own key and the privacy of restricted
pages are decided by the visibility rule: `core.wagtail_hooks`.)"""

from __future__ import annotations

from wagtail import hooks

from .middleware import narrow_query
from .queryparams import declared_params


@hooks.register("before_serve_page")
def keep_the_query_params_the_page_reads(page, request, serve_args, serve_kwargs) -> None:
    """A page sees only the query parameters its type declares (`reader_query_params`)."""
    narrow_query(request, declared_params(page))
