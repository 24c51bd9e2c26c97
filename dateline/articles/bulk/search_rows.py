"""Search index entries for stories loaded in bulk.

On PostgreSQL with the Wagtail database backend, the rows are computed in SQL from the
same texts its indexer reads; elsewhere the backend's own `add_bulk` indexes each chunk.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend

from ..models import ArticlePage


def index_stories_in_bulk(
    ids: Sequence[int], texts: Sequence[tuple], content_type: ContentType
) -> None:
    """Index the stories `ids`, whose `texts` are (id, title, dek, body text, tag names)."""
    if connection.vendor == "postgresql" and _uses_postgres_database_search():
        _index_in_sql(texts, content_type)
        return
    stories = ArticlePage.objects.filter(pk__in=ids).prefetch_related("tags")
    get_search_backend().add_bulk(ArticlePage, list(stories))


def _uses_postgres_database_search() -> bool:
    backend = get_search_backend()
    return type(backend).__module__.startswith("modelsearch.backends.database.postgres")


def _index_in_sql(texts: Sequence[tuple], content_type: ContentType) -> None:
    """The Wagtail database backend's rows for these stories, computed by PostgreSQL.

    Mirrors what its indexer stores for ArticlePage's search fields: `title` from the
    title (Page's boost 2), `autocomplete` from the title, `body` from the dek, the
    body's text and the tag names (unboosted), plus the plain texts for fuzzy search.
    `title_norm` uses the average title length of the index as it stood before.
    """
    from modelsearch.backends.database.postgres.weights import get_weight
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    config = backend.config
    boosts = {f.field_name: f.boost for f in ArticlePage.get_search_fields() if hasattr(f, "boost")}
    title_weight = get_weight(boosts.get("title"))
    body_weight = get_weight(None)

    def vector(column: str, weight: str, search_config: str | None = config) -> str:
        regconfig = "%s::regconfig, " if search_config else ""
        return f"setweight(to_tsvector({regconfig}coalesce({column}, '')), '{weight}')"

    entries = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS dateline_bulk_texts "
            "(id integer, title text, dek text, body text, tags text)"
        )
        cursor.execute("TRUNCATE dateline_bulk_texts")
        with cursor.cursor.copy("COPY dateline_bulk_texts FROM STDIN") as copy:
            for row in texts:
                copy.write_row(row)
        cursor.execute(
            f"SELECT COALESCE(AVG(length(title)), 1) FROM {entries}"  # noqa: S608
            " WHERE content_type_id = %s",
            [content_type.pk],
        )
        average_title = float(cursor.fetchone()[0]) or 1.0
        configs = [config] if config else []
        body = " || ".join(vector(c, body_weight) for c in ("dek", "body", "tags"))
        cursor.execute(
            f"INSERT INTO {entries} (content_type_id, object_id, title, autocomplete, body,"  # noqa: S608
            " title_norm, title_text, body_text)"
            f" SELECT %s, id::text, {vector('title', title_weight)},"
            f" {vector('title', 'D', 'simple')}, {body},"
            " CASE WHEN words > 0 THEN %s / words ELSE 1.0 END,"
            " title, concat_ws(' ', dek, body, tags) FROM dateline_bulk_texts"
            # The title's word count once per row, not once per use.
            " CROSS JOIN LATERAL (SELECT length(to_tsvector(title)) AS words) AS counted",
            [content_type.pk, *configs, "simple", *configs * 3, average_title],
        )
