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
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.module_loading import import_string
from wagtail.search.backends import get_search_backend

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


def _backend_scores_descend() -> bool:
    """SQLite FTS5's bm25() is negative (lower is better); PostgreSQL and OpenSearch are not."""
    return type(get_search_backend()).__name__ != "SQLiteSearchBackend"


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

    def count(self, query: CleanQuery, filters: Filters) -> int:
        return (
            self.filtered(filters)
            .search(query.searchable, operator="and", order_by_relevance=False)
            .count()
        )

    def candidates(self, query: CleanQuery, filters: Filters, limit: int) -> list[Hit]:
        """The best `limit` matches by relevance plus the newest `limit // 4` matches (two
        queries), so a fresh story with a modest score still reaches the blend."""
        qs = self.filtered(filters).only("id", "title", "published_at")
        by_relevance = qs.search(
            query.searchable, operator="and", order_by_relevance=True
        ).annotate_score("_score")[:limit]
        newest = (
            qs.order_by("-published_at")
            .search(query.searchable, operator="and", order_by_relevance=False)
            .annotate_score("_score")[: max(limit // 4, 1)]
        )
        sign = 1.0 if _backend_scores_descend() else -1.0
        hits: dict[int, Hit] = {}
        for page in [*by_relevance, *newest]:
            if page.pk not in hits:
                hits[page.pk] = Hit(
                    source=self.key,
                    pk=page.pk,
                    title=page.title,
                    published_at=page.published_at,
                    relevance=max(sign * float(page._score or 0.0), 0.0),
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
        tags = (
            Tag.objects.filter(condition)
            .filter(articles_articlepagetag_items__isnull=False)
            .distinct()
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
        author_model = apps.get_model("articles", "Author")
        condition = Q()
        for term in query.terms:
            condition &= Q(name__icontains=term)
        people = (
            author_model.objects.filter(condition)
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
