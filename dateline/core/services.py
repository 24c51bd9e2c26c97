"""State changes of the shared kernel's pages."""

from __future__ import annotations

from wagtail.models import Page


def add_published_child(parent: Page, page: Page) -> Page:
    """Put `page` under `parent` and publish it, with a revision as the admin would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
