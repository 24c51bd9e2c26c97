"""The scheduler's sweep for the page cache (settings.DATELINE_PERIODIC_JOBS): stories that
became visible with no publication event. Here, beside the scheduler, because it asks the story
service; the caching app below the content apps names no story."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from dateline.articles import services

WATERMARK_KEY = "dateline:caching:released-until"
# After a restart (or a lost watermark) look back this far: a sweep purges, so doing it twice
# costs a re-render, never a stale page.
LOOKBACK = dt.timedelta(minutes=15)


def release_due_stories() -> list[int]:
    """Purge the listings of stories that became visible since the last pass without any
    publication event: an embargo that lifted, or a publication time that came."""
    now = timezone.now()
    since = cache.get(WATERMARK_KEY) or now - LOOKBACK
    released = services.release_due_stories(since, now)
    cache.set(WATERMARK_KEY, now, None)
    return released
