"""State changes of the site room's pages."""

from __future__ import annotations

from wagtail.models import Page

from dateline.core.services import add_published_child

from .models import StandardPage


def add_standard_page(parent: Page, title: str, **fields) -> StandardPage:
    """A published standard page (About, a policy) under `parent`."""
    return add_published_child(parent, StandardPage(title=title, **fields))
