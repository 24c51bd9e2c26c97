"""Most read and trending topics, from the hourly counts.

Trending topics: a topic trends when its views in the last RECENT_HOURS are well above what
its own past week predicts. With R the recent views and E the views expected in that window
from the baseline (the BASELINE_HOURS before it, scaled to the window's length):

    z = (R − E) / √(E + PRIOR)

Views are counts, so their natural spread is Poisson: the standard deviation is about √E.
z is then "how many standard deviations above normal", which compares a small topic and a
big one fairly (a plain ratio R/E makes 3 views after 1 look like a 200% surge; a plain
difference R − E only ever picks the biggest topics). PRIOR (pseudo-views) keeps a topic
with no history from dividing by zero: brand-new topics must earn a trend with real volume.
MIN_RECENT_VIEWS keeps a handful of views from ever trending.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, IntegerField, Sum, When
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.caching.dependencies import record_until

from .models import TRENDING_CACHE_KEY, HiddenTrendingTopic, PageViewHour, TagViewHour

RECENT_HOURS = 3
BASELINE_HOURS = 7 * 24
PRIOR = 10.0
MIN_RECENT_VIEWS = 5
MOST_READ_HOURS = 24
CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class TopicTrend:
    tag_id: int
    name: str
    slug: str
    recent: int
    expected: float
    z: float


def trend_score(recent: int, baseline: int) -> tuple[float, float]:
    """(z, expected) for `recent` views in the window after `baseline` views in the baseline."""
    expected = baseline * RECENT_HOURS / BASELINE_HOURS
    return (recent - expected) / math.sqrt(expected + PRIOR), expected


def hour_start(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def window_moves_at(now: dt.datetime) -> dt.datetime:
    """When the hourly windows (trending, most read) next move: the next hour's start."""
    return hour_start(now) + dt.timedelta(hours=1)


def _keep_until_window_moves(now: dt.datetime) -> int:
    """Seconds a computed list may be kept: a few minutes, never past the window's move, and
    whatever shows it records that moment (the page cache keeps it no longer)."""
    moves_at = window_moves_at(now)
    record_until(moves_at)
    return max(1, min(CACHE_SECONDS, math.ceil((moves_at - now).total_seconds())))


def compute_trending_topics(now: dt.datetime | None = None, limit: int = 10) -> list[TopicTrend]:
    """Topics by z, highest first (one query); hidden topics left out."""
    now = now or timezone.now()
    current = hour_start(now)
    recent_start = current - dt.timedelta(hours=RECENT_HOURS - 1)  # the current hour counts
    baseline_start = recent_start - dt.timedelta(hours=BASELINE_HOURS)
    rows = (
        TagViewHour.objects.filter(hour__gte=baseline_start, hour__lte=current)
        .exclude(tag_id__in=HiddenTrendingTopic.objects.values("tag_id"))
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(
            recent=Sum(
                Case(When(hour__gte=recent_start, then="views"), default=0),
                output_field=IntegerField(),
            ),
            baseline=Sum(
                Case(When(hour__lt=recent_start, then="views"), default=0),
                output_field=IntegerField(),
            ),
        )
        .filter(recent__gte=MIN_RECENT_VIEWS)
    )
    trends = []
    for row in rows:
        z, expected = trend_score(row["recent"], row["baseline"])
        if z > 0:
            trends.append(
                TopicTrend(
                    row["tag_id"], row["tag__name"], row["tag__slug"], row["recent"], expected, z
                )
            )
    trends.sort(key=lambda t: (-t.z, -t.recent, t.name))
    return trends[:limit]


def trending_topics(limit: int = 10) -> list[TopicTrend]:
    """The cached list (recomputed every few minutes and after each roll-up)."""
    now = timezone.now()
    keep = _keep_until_window_moves(now)
    trends = cache.get(TRENDING_CACHE_KEY)
    if trends is None:
        trends = compute_trending_topics(now, limit=20)
        cache.set(TRENDING_CACHE_KEY, trends, keep)
    return trends[:limit]


def most_read_ids(
    section_id: int | None = None, now: dt.datetime | None = None, limit: int = 10
) -> list[int]:
    """Page ids by views in the last 24 hours, site-wide or in one top-level section."""
    use_cache = now is None  # a given time is a test or a replay: compute afresh
    now = now or timezone.now()
    key = f"dateline:trending:most-read:{section_id or 'site'}:{limit}"
    keep = _keep_until_window_moves(now)
    ids = cache.get(key) if use_cache else None
    if ids is None:
        since = hour_start(now) - dt.timedelta(hours=MOST_READ_HOURS - 1)
        rows = PageViewHour.objects.filter(hour__gte=since)
        if section_id:
            rows = rows.filter(top_section_id=section_id)
        ids = list(
            rows.values("page_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-page_id")
            .values_list("page_id", flat=True)[: limit * 2]  # room for withdrawn stories
        )
        if use_cache:
            cache.set(key, ids, keep)
    return ids


def most_read(section=None, limit: int = 5) -> list:
    """Story cards of the most read published stories (a fixed number of queries)."""
    section_id = section.pk if section is not None else None
    ids = most_read_ids(section_id, limit=limit)
    return ArticlePage.objects.published().for_listing_in_order(ids)[:limit]
