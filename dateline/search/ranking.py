"""Order of results: text relevance blended with recency, and an exact headline first.

    score = relevance × (1 − W + W × 2^(−age_days / H)) + title_bonus

- relevance: the backend's score divided by the best score among the candidates (0..1), so
  the blend means the same on SQLite's bm25, PostgreSQL's ts_rank and OpenSearch.
- W = RECENCY_WEIGHT (0.5): at most half of a story's relevance depends on its age; an old
  story that matches much better still wins, but between equal matches the newer one does
  (a day-old story keeps 98% of its relevance, a two-year-old one 50%).
- H = HALF_LIFE_DAYS (14): news goes stale in weeks, not hours; the archive stays findable.
- title_bonus: TITLE_WORDS_BONUS (0.25) when every query word is in the headline;
  EXACT_TITLE_BONUS (1.5) when the headline's words are exactly the query's. Any other
  result scores at most 1 + 0.25, so an exact headline always comes first (the reader who
  types a headline wants that story, however the engine's length norms score it).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .query import CleanQuery, clean_query
from .sources import Hit

RECENCY_WEIGHT = 0.5
HALF_LIFE_DAYS = 14.0
EXACT_TITLE_BONUS = 1.5
TITLE_WORDS_BONUS = 0.25


def recency_factor(published_at: dt.datetime | None, now: dt.datetime) -> float:
    if published_at is None:
        return 1.0 - RECENCY_WEIGHT
    age_days = max((now - published_at).total_seconds(), 0.0) / 86400
    return 1.0 - RECENCY_WEIGHT + RECENCY_WEIGHT * 2 ** (-age_days / HALF_LIFE_DAYS)


def title_bonus(title: str, query: CleanQuery) -> float:
    return _title_bonus(title, query.terms, frozenset(query.terms))


def _title_bonus(title: str, terms: tuple[str, ...], term_set: frozenset[str]) -> float:
    title_terms = clean_query(title).terms
    if title_terms == terms:
        return EXACT_TITLE_BONUS
    if term_set.issubset(title_terms):
        return TITLE_WORDS_BONUS
    return 0.0


def rank(hits: list[Hit], query: CleanQuery, now: dt.datetime | None = None) -> list[Hit]:
    """Score every hit in place and return them best first (ties: newer, then higher id)."""
    now = now or timezone.now()
    best = max((hit.relevance for hit in hits), default=0.0)
    # The query's side of the headline test once, not once per candidate (200 a source).
    terms, term_set = query.terms, frozenset(query.terms)
    for hit in hits:
        relevance = hit.relevance / best if best > 0 else 1.0
        hit.score = relevance * recency_factor(hit.published_at, now) + _title_bonus(
            hit.title, terms, term_set
        )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(hits, key=lambda h: (h.score, h.published_at or epoch, h.pk), reverse=True)
