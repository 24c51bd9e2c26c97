"""What changes when a Web Story is published, unpublished or deleted."""

from __future__ import annotations

from wagtail.models import Page

from dateline.core.dependencies import invalidate, key_for, listing_key

from .models import WEB_STORIES_LISTING


def web_story_changed(story: Page) -> None:
    """Its own page, the listing and every home strip showing web stories go stale."""
    invalidate(key_for(story), listing_key(WEB_STORIES_LISTING))
