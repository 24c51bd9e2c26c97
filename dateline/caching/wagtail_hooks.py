"""Wagtail hooks of the page cache."""

from __future__ import annotations

from wagtail import hooks

from dateline.core.queryparams import declared_params

from .middleware import narrow_query


@hooks.register("before_serve_page")
def keep_the_query_params_the_page_reads(page, request, serve_args, serve_kwargs) -> None:
    """A page sees only the query parameters its type declares (`reader_query_params`)."""
    narrow_query(request, declared_params(page))
