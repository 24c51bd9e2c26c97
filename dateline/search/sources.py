"""What the search page can find: one small object per kind of content.

`settings.DATELINE_SEARCH_TYPES` lists the dotted paths of the sources in use. A content type
joins search by adding one entry, e.g. for videos::

    videos = PageSource(key="videos", label="Videos", model="video.VideoPage")

and ``"dateline.search.sources.videos"`` in the setting. A `PageSource` needs only a Wagtail
page model whose manager has ``published()`` and whose pages have ``published_at``; it is
ranked with the stories (see `ranking`). "Strip" sources (topics, people) are matched by name
and shown above the ranked results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.search.backends import get_search_backend

from dateline.articles.models import ArticlePageTag, Author
from dateline.caching.dependencies import record_until

from . import documents
from .query import CleanQuery


@dataclass(frozen=True)
class Filters:
    section: Model | None = None  # a SectionPage: its stories and its sub-sections'
    kind: str = ""  # article type (news, opinion, ...); sources without types ignore it
    author: Model | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive, site time


@dataclass
class Hit:
    """One candidate result before ranking: cheap columns and the backend's score."""

    source: str
    pk: int
    title: str
    published_at: dt.datetime | None
    relevance: float  # higher is better, 0..1 after ranking.normalise()
    score: float = 0.0
    obj: object = None  # the card's object, filled for the page being shown
    extras: dict = field(default_factory=dict)


# The recent window (see `PageSource.candidates`): four half-lives of the recency blend,
# after which recency adds at most 0.031 to a story's factor (0.5 to 1).
NEWEST_WINDOW = dt.timedelta(days=56)

# Search documents (PostgreSQL) count matches up to this many; more show as "more than".
COUNT_LIMIT = 1000

# Matches scored on SQLite before the rest are dropped (the weakest): far more than anyone
# pages through, few enough to load in milliseconds.
SQLITE_SCORED_LIMIT = 5000


def _sqlite_scores(model: type[Model], query: CleanQuery, limit: int) -> dict[int, float] | None:
    """{page id: relevance} for every match on Wagtail's SQLite FTS5 index, in one query.

    Wagtail's own SQLite search attaches the score with a correlated sub-query per matching
    row, which took seconds for a common word at 10,000 stories. This asks the same index
    with Wagtail's own match and rank expressions (its query compiler builds them), once.
    bm25() is negative, lower is better: negated here. None on other backends.
    """
    backend = get_search_backend()
    if type(backend).__name__ != "SQLiteSearchBackend":
        return None
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.backends.database.sqlite.query import (
        MatchExpression,
        SQLiteFTSIndexEntry,
        normalize,
    )

    compiler = backend.query_compiler_class(model.objects.all(), query.searchable, operator="and")
    match = MatchExpression(
        compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalize(compiler.query))
    )
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), None)
    rows = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(model))
        .annotate(score=rank)
        .order_by("score")
        .values_list("index_entry__object_id", "score")[:limit]
    )
    return {int(object_id): -float(score) for object_id, score in rows}


class PageSource:
    """Published pages of one model, searched through the configured Wagtail backend."""

    ranked = True
    card_template = "search/result_card.html"

    def __init__(self, *, key: str, label: str, model: str, card_template: str | None = None):
        self.key = key
        self.label = label
        self.model_label = model
        if card_template:
            self.card_template = card_template

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def filtered(self, filters: Filters) -> QuerySet:
        qs = self.model.objects.published()
        if filters.section is not None:
            qs = qs.descendant_of(filters.section)  # path and depth are Wagtail filter fields
        if filters.kind and hasattr(self.model, "article_type"):
            qs = qs.filter(article_type=filters.kind)
        if filters.author is not None:
            if not hasattr(self.model, "article_authors"):
                return qs.none()
            # Not a filter field of the index: narrowed by id, which the database
            # backends filter in SQL (a sub-query), so it stays one query.
            bylined = self.model.objects.filter(article_authors__author=filters.author)
            qs = qs.filter(id__in=bylined.values("id"))
        if filters.date_from:
            qs = qs.filter(published_at__gte=_day_start(filters.date_from))
        if filters.date_to:
            qs = qs.filter(published_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
        return qs

    def count(self, query: CleanQuery, filters: Filters, since: dt.datetime | None = None) -> int:
        docs = self._documents(filters)
        if docs is not None:
            if since is not None:
                docs = docs.filter(published_at__gte=since)
            # Counted up to COUNT_LIMIT + 1: "more than 1,000" reads 1,001 rows, where the
            # exact figure for a frequent word read every match (83,000 at a million).
            matches = docs.filter(documents.match(self.model, query.searchable))
            return matches.values("pk")[: COUNT_LIMIT + 1].count()
        qs = self.filtered(filters)
        if since is not None:
            qs = qs.filter(published_at__gte=since)
        return qs.search(query.searchable, operator="and", order_by_relevance=False).count()

    def candidates(
        self, query: CleanQuery, filters: Filters, limit: int
    ) -> tuple[list[Hit], bool, dt.datetime | None]:
        """Matches with their relevance, for ranking; whether they are all the matches; and,
        for a frequent word, the start of the window they were limited to (else None).

        On PostgreSQL's database backend the search documents give them, over all time and
        with no window (`_document_candidates`, `documents`). On SQLite every match is
        scored in one pass over the FTS index (`_sqlite_scores`). Elsewhere (OpenSearch)
        the matches of the last `NEWEST_WINDOW` come first, ranked by relevance:

        - A frequent word (at least `limit` of them): those are the candidates, and the
          count is of that window. Ranking every match of "climate" (83,000 at a million
          stories) joined each to its page and took 1.4 s, its exact count 1 s more, and a
          publication drops cached searches, so readers paid it all day; the window's best
          take about 0.2 s. Older stories stay one date filter away.
        - Otherwise the best `limit` of all time are added. The window's matches (all of
          them) keep a fresh story with a modest score in the blend; and recency adds at
          most 0.031 to the factor (0.5 to 1) of a story older than the window (`ranking`),
          so older ones compete on relevance, which the all-time query covers.
        """
        found = self._document_candidates(query, filters, limit)
        if found is not None:
            return found
        qs = self.filtered(filters).only("id", "title", "published_at")
        scored = _sqlite_scores(self.model, query, SQLITE_SCORED_LIMIT)
        if scored is not None:
            rows = qs.filter(pk__in=list(scored)).values_list("pk", "title", "published_at")
            hits = [
                Hit(self.key, pk, title, published_at, relevance=scored[pk])
                for pk, title, published_at in rows
            ]
            return hits, len(scored) < SQLITE_SCORED_LIMIT, None
        since = timezone.now() - NEWEST_WINDOW
        recent = list(self._best(qs.filter(published_at__gte=since), query, limit))
        # The window moves with the clock: the results change when its oldest match leaves.
        oldest = min((page.published_at for page in recent if page.published_at), default=None)
        record_until(oldest + NEWEST_WINDOW if oldest else None)
        if len(recent) >= limit:
            return self._hits(recent), False, since
        best = list(self._best(qs, query, limit))
        return self._hits([*best, *recent]), len(best) < limit, None

    def _documents(self, filters: Filters) -> QuerySet | None:
        """The public search documents within the filters (None: this model has none here)."""
        if not documents.available(self.model):
            return None
        docs = documents.public_documents(self.model)
        if filters.section is not None:
            docs = docs.filter(path__startswith=filters.section.path)
        if filters.kind or filters.author is not None:
            docs = docs.filter(page_id__in=self.filtered(filters).values("pk"))
        if filters.date_from:
            docs = docs.filter(published_at__gte=_day_start(filters.date_from))
        if filters.date_to:
            docs = docs.filter(published_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
        return docs

    def _document_candidates(
        self, query: CleanQuery, filters: Filters, limit: int
    ) -> tuple[list[Hit], bool, None] | None:
        """PostgreSQL: the newest `limit` matches of all time, and when there are more, the
        best `limit` with a query word in the headline (`documents`). None elsewhere."""
        docs = self._documents(filters)
        if docs is None:
            return None
        rows = documents.newest(self.model, docs, query.searchable, limit)
        complete = len(rows) < limit
        if not complete:
            rows += documents.best_headlines(self.model, docs, query.searchable, limit)
        hits: dict[int, Hit] = {}
        for pk, title, published_at, score in rows:
            relevance = max(float(score or 0.0), 0.0)
            hits.setdefault(pk, Hit(self.key, pk, title, published_at, relevance=relevance))
        return list(hits.values()), complete, None

    @staticmethod
    def _best(qs: QuerySet, query: CleanQuery, limit: int):
        return qs.search(query.searchable, operator="and", order_by_relevance=True).annotate_score(
            "_score"
        )[:limit]

    def _hits(self, pages) -> list[Hit]:
        hits: dict[int, Hit] = {}
        for page in pages:
            if page.pk not in hits:
                hits[page.pk] = Hit(
                    source=self.key,
                    pk=page.pk,
                    title=page.title,
                    published_at=page.published_at,
                    relevance=max(float(page._score or 0.0), 0.0),
                )
        return list(hits.values())

    def hydrate(self, pks: list[int]) -> list[Model]:
        """Card objects in the order given, in a fixed number of queries."""
        qs = self.model.objects.published()
        if hasattr(qs, "for_listing_in_order"):
            return qs.for_listing_in_order(pks)
        by_pk = qs.filter(pk__in=pks).in_bulk()
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def headlines(self, prefix: CleanQuery, limit: int) -> list[dict]:
        """Autocomplete: titles starting with (or containing words starting with) the prefix."""
        found = (
            self.model.objects.published()
            .only("id", "title", "url_path")
            .autocomplete(prefix.searchable, operator="and")[:limit]
        )
        return [{"pk": page.pk, "title": page.title, "url": page.url} for page in found]


class TopicSource:
    """Topics (tags on published stories) whose name holds every word of the query."""

    ranked = False
    key = "topics"
    label = "Topics"

    def match(self, query: CleanQuery, limit: int) -> list[dict]:
        from taggit.models import Tag

        condition = Q()
        for term in query.terms:
            condition &= Q(name__icontains=term)
        used = ArticlePageTag.objects.filter(tag=OuterRef("pk"))
        tags = (
            # EXISTS on the links' tag index: a join with DISTINCT read every link of the tag.
            Tag.objects.filter(condition, Exists(used))
            .order_by("name")
            .values("pk", "name", "slug")[:limit]
        )
        return [
            {"pk": t["pk"], "name": t["name"], "url": reverse("topic", args=[t["slug"]])}
            for t in tags
        ]


class PeopleSource:
    """Bylined journalists whose name holds every word of the query."""

    ranked = False
    key = "people"
    label = "People"

    def match(self, query: CleanQuery, limit: int) -> list[dict]:
        condition = Q()
        for term in query.terms:
            condition &= Q(name__icontains=term)
        people = (
            Author.objects.filter(condition)
            .order_by("name")
            .values("pk", "name", "slug", "role")[:limit]
        )
        return [
            {
                "pk": p["pk"],
                "name": p["name"],
                "role": p["role"],
                "url": reverse("author", args=[p["slug"]]),
            }
            for p in people
        ]


articles = PageSource(key="articles", label="Stories", model="articles.ArticlePage")
topics = TopicSource()
people = PeopleSource()


@cache
def _load(paths: tuple[str, ...]) -> tuple:
    return tuple(import_string(path) for path in paths)


def all_sources() -> tuple:
    return _load(tuple(settings.DATELINE_SEARCH_TYPES))


def ranked_sources(only: str = "") -> list[PageSource]:
    return [s for s in all_sources() if s.ranked and (not only or s.key == only)]


def strip_sources(only: str = "") -> list:
    return [s for s in all_sources() if not s.ranked and (not only or s.key == only)]


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
