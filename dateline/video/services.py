"""What changes when a video page goes live or comes down: the keys to purge.

Every publish and unpublish of a show or episode comes through here (the signal handlers
are one line each), so the pages that showed it are invalidated after the commit.
"""

from __future__ import annotations

from wagtail.models import Page

from dateline.core.dependencies import invalidate, key_for, listing_key

from .models import SHOW_LISTING, SHOWS_LISTING, VIDEOS_LISTING, EpisodePage, ShowPage


def episode_keys(episode: EpisodePage) -> list[str]:
    """The episode itself, the latest-videos listing and its show's episode list."""
    keys = [key_for(episode), listing_key(VIDEOS_LISTING)]
    if episode.show_id:
        keys += [listing_key(SHOW_LISTING, episode.show_id), key_for(ShowPage, episode.show_id)]
    return keys


def episode_changed(episode: EpisodePage) -> None:
    """An episode was published, republished or unpublished."""
    invalidate(*episode_keys(episode))


def show_changed(show: Page) -> None:
    """A show was published or unpublished: its page and every list of shows."""
    invalidate(key_for(show), listing_key(SHOWS_LISTING))
