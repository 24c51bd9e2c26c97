"""Test and demo helpers: a Shorts feed page and published Shorts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Page

from .models import ShortPage, ShortsIndexPage

SAMPLE_BODY = (
    "The city council approved longer library hours on Tuesday. Twelve branches will stay "
    "open until nine in the evening from next month."
)


def make_shorts_index(home: Page, title: str = "Shorts", slug: str = "shorts") -> ShortsIndexPage:
    index = ShortsIndexPage.objects.child_of(home).first()
    if index is None:
        index = ShortsIndexPage(title=title, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


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
    short = ShortPage(title=title, body=body, live=False, **kwargs)
    if tags:
        short.tags.add(*tags)
    index.add_child(instance=short)
    revision = short.save_revision()
    if publish:
        revision.publish()
        when = published_at or timezone.now()
        ShortPage.objects.filter(pk=short.pk).update(
            first_published_at=when, last_published_at=when
        )
        short.refresh_from_db()
    return short
