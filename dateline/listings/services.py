"""State changes of sections and event hubs."""

from __future__ import annotations

from django.utils.text import slugify
from wagtail.models import Page

from dateline.core.services import add_published_child

from .models import EventPage, SectionPage


def add_section(parent: Page, title: str, slug: str | None = None, **fields) -> SectionPage:
    """A published section (or sub-section when `parent` is a section)."""
    section = SectionPage(title=title, slug=slug or slugify(title), **fields)
    return add_published_child(parent, section)


def add_event(parent: Page, title: str, **fields) -> EventPage:
    return add_published_child(parent, EventPage(title=title, **fields))
