"""Test and demo helpers: a Shorts feed page and published Shorts."""

from __future__ import annotations

import datetime as dt

from wagtail.models import Page

from dateline.core.factories import add_page, single_index

from .models import ShortPage, ShortsIndexPage

SAMPLE_BODY = (
    "The city council approved longer library hours on Tuesday. Twelve branches will stay "
    "open until nine in the evening from next month."
)


def make_shorts_index(home: Page, title: str = "Shorts", slug: str = "shorts") -> ShortsIndexPage:
    return single_index(home, ShortsIndexPage, title, slug)


def make_short(
    index: ShortsIndexPage,
    title: str = "Libraries stay open later",
    *,
    body: str = SAMPLE_BODY,
    publish: bool = True,
    published_at: dt.datetime | None = None,
    tags: tuple[str, ...] = (),
    **kwargs,
) -> ShortPage:
    """A Short under `index`, published (by default) at `published_at`."""
    short = ShortPage(title=title, body=body, **kwargs)
    if tags:
        short.tags.add(*tags)
    return add_page(index, short, publish=publish, published_at=published_at)
