"""The footer's "Most searched": the week's commonest searches that found something."""

from __future__ import annotations

import datetime as dt

from django import template
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from dateline.caching.dependencies import listing_key, record

from ..models import SearchQueryDay

register = template.Library()

MOST_SEARCHED_DAYS = 7
# A query must have been typed this often to be shown: a one-off search (maybe a person's
# own name) never reaches every page's footer.
MOST_SEARCHED_MIN_COUNT = 3
CACHE_SECONDS = 15 * 60


def most_searched_queries(limit: int = 8, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    rows = (
        SearchQueryDay.objects.filter(day__gt=today - dt.timedelta(days=MOST_SEARCHED_DAYS))
        .values("query")
        .annotate(total=Sum("count"))
        .filter(total__gte=MOST_SEARCHED_MIN_COUNT)
        .order_by("-total", "query")[:limit]
    )
    return [{"query": row["query"], "count": row["total"]} for row in rows]


@register.simple_tag
def most_searched(limit: int = 8) -> list[dict]:
    record(listing_key("most-searched"))
    key = f"dateline:search:most-searched:{limit}"
    queries = cache.get(key)
    if queries is None:
        queries = most_searched_queries(limit)
        cache.set(key, queries, CACHE_SECONDS)
    return queries


@register.filter
def kind_beside_section(story) -> str:
    """A result's kind ("Analysis") for its kicker beside the section's title, or "" for news
    and where the section is named after the kind ("Opinion · Opinion", "Explainers ·
    Explainer" said one thing twice)."""
    if not story.article_type or story.article_type == "news":
        return ""
    kind = str(story.get_article_type_display())
    section = story.section.title.lower() if story.section else ""
    singular = kind.lower()
    plurals = {singular, f"{singular}s", f"{singular[:-1]}ies" if singular.endswith("y") else ""}
    return "" if section in plurals else kind
