"""Ranking candidates from the search documents (PostgreSQL's database search backend).

`models.SearchDocument` keeps each story's vectors beside the columns the public rule reads,
so one table answers "which live, due, unrestricted stories match, newest first" from its
indexes, without joining every match to its story. Two reads give the candidates:

- the newest `limit` matches (the btree on publication time walked with LIMIT for a frequent
  word, the GIN index for a rare one); fewer than `limit` means these are all the matches,
  ranked exactly as Wagtail's own search ranks them;
- otherwise also the best `limit` matches that have a query word in the headline, of all
  time (the headline GIN index; headline vectors are a few bytes). A word in the headline
  outweighs any number of mentions in the text for a one-word query (weight A against D in
  `ts_rank`), so these are the best matches of the archive whenever the headlines hold
  enough of them; what is left out is an old story that mentions the word only in its text
  (the date filters find it).

Relevance is Wagtail's own expression (its query compiler builds it) over the same vectors,
so the scores are the ones its search gives. Scoring every match of a frequent word read
the text vector of each (83,000 at a million stories: 1.4 s); this reads at most 2 × limit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Expression,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)
from wagtail.search.backends import get_search_backend


def _compiler(model: type[Model], searchable: str, operator: str):
    backend = get_search_backend()
    compiler = backend.query_compiler_class(model.objects.all(), searchable, operator=operator)
    return compiler, compiler.get_config(backend)


def available(model: type[Model]) -> bool:
    """Documents exist for this model here: stories, on PostgreSQL's database search."""
    if connection.vendor != "postgresql" or model._meta.label_lower != "articles.articlepage":
        return False
    backend = get_search_backend()
    return type(backend).__module__.startswith("modelsearch.backends.database.postgres")


def public_documents(model: type[Model]) -> QuerySet:
    """The documents of what an anonymous reader may be shown: the one public rule
    (`core.visibility`), as one condition on the columns the documents copy."""
    from dateline.caching.autodeps import coarse_keys
    from dateline.caching.dependencies import narrowed
    from dateline.core.visibility import RESTRICTIONS_KEY

    from .models import SearchDocument

    # Narrowed to what changes the documents: a write to a page of the type (each save purges
    # its coarse key) and the view restrictions. The table itself is written by database
    # triggers, which no signal sees, so its own key would never be purged.
    return narrowed(
        SearchDocument.objects.filter(model.objects.all().public_q()),
        coarse_keys(model)[0],
        RESTRICTIONS_KEY,
    )


def match(model: type[Model], searchable: str) -> Expression:
    """`(title || body) @@ query`, as Wagtail's database backend matches (GIN-indexed)."""
    compiler, config = _compiler(model, searchable, "and")
    vector = F("title")._combine(F("body"), "||", False)
    combined = ExpressionWrapper(vector, output_field=SearchVectorField())
    return _Matches(combined, compiler.build_tsquery(compiler.query, config=config))


def _score(model: type[Model], searchable: str) -> Expression:
    compiler, config = _compiler(model, searchable, "and")
    return compiler._build_rank_expression(
        [(F("title"), F("title_norm")), (F("body"), 1.0)], config
    )


def _rows(model: type[Model], documents: QuerySet, searchable: str) -> QuerySet:
    from wagtail.models import Page

    headline = Page.objects.filter(pk=OuterRef("page_id")).order_by().values("title")[:1]
    return documents.filter(match(model, searchable)).annotate(
        _score=_score(model, searchable), _headline=Subquery(headline)
    )


def newest(model: type[Model], documents: QuerySet, searchable: str, limit: int) -> list[Any]:
    """(page id, headline, published_at, score) of the newest `limit` matches."""
    rows = _rows(model, documents, searchable).order_by("-published_at", "-page_id")
    return list(rows.values_list("page_id", "_headline", "published_at", "_score")[:limit])


def best_headlines(
    model: type[Model], documents: QuerySet, searchable: str, limit: int
) -> list[Any]:
    """The same for the best `limit` matches with a query word in the headline."""
    compiler, config = _compiler(model, searchable, "or")
    in_headline = _Matches(F("title"), compiler.build_tsquery(compiler.query, config=config))
    rows = (
        _rows(model, documents.filter(in_headline), searchable)
        .order_by(F("_score").desc(), "-page_id")
        .values_list("page_id", "_headline", "published_at", "_score")
    )
    return list(rows[:limit])


class _Matches(Expression):
    """`vector @@ query` as a boolean condition usable in `filter()`."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, vector: Expression, query: Expression):
        super().__init__()
        self.vector, self.query = vector, query

    def get_source_expressions(self):
        return [self.vector, self.query]

    def set_source_expressions(self, exprs):
        self.vector, self.query = exprs

    def as_sql(self, compiler, connection, **extra):
        vector_sql, vector_params = compiler.compile(self.vector)
        query_sql, query_params = compiler.compile(self.query)
        return f"({vector_sql}) @@ ({query_sql})", [*vector_params, *query_params]
