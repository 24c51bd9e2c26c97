"""The story tables' indexes during a large load (PostgreSQL).

From DEFER_INDEXES_FROM stories on, dropping the story tables' non-unique indexes and
building them once at the end costs less than updating them for every row (a million
random inserts into a dozen B-trees and four GIN indexes). The definitions of dropped
indexes wait in a table, committed with the drop: a load killed before its `finally`
leaves them there, and the next load builds them before anything else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from django.db import connection, models, transaction
from wagtail.models import Page, Revision
from wagtail.search.models import IndexEntry

from ..models import ArticlePage, ArticlePageAuthor, ArticlePageTag

DEFER_INDEXES_FROM = 100_000
DROPPED_INDEXES_TABLE = "dateline_generate_dropped_index"


def story_tables(derived: Sequence[type[models.Model]] = ()) -> list[str]:
    """The tables a load writes, then `derived` ones (filled from them by triggers)."""
    written = (Page, ArticlePage, Revision, ArticlePageTag, ArticlePageAuthor, IndexEntry)
    return [model._meta.db_table for model in (*written, *derived)]


def _ensure_dropped_table(cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {DROPPED_INDEXES_TABLE}"
        " (name text PRIMARY KEY, definition text NOT NULL)"
    )


@contextlib.contextmanager
def _checked_constraints(cursor) -> Iterator[None]:
    """Inside a caller's transaction (a test), PostgreSQL refuses index DDL on a table
    with deferred foreign-key checks still queued: run them first, then defer again
    (Django's foreign keys are initially deferred)."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def drop_story_indexes(tables: Sequence[str]) -> list[str]:
    """Drop the non-unique indexes of `tables`, keeping their definitions.

    Unique indexes and primary keys stay: they are constraints, and the tree's path and
    the ids must stay unique while rows go in.
    """
    with transaction.atomic(), connection.cursor() as cursor, _checked_constraints(cursor):
        _ensure_dropped_table(cursor)
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT i.indisunique AND NOT i.indisprimary",
            [list(tables)],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {DROPPED_INDEXES_TABLE} (name, definition) VALUES (%s, %s)"  # noqa: S608
                " ON CONFLICT (name) DO NOTHING",
                [name, definition],
            )
            cursor.execute(f"DROP INDEX {name}")
    return [name for name, _ in found]


def restore_story_indexes() -> list[str]:
    """Build every index a large load dropped (this load's or an interrupted one's)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [DROPPED_INDEXES_TABLE])
        if cursor.fetchone()[0] is None:
            return []
        cursor.execute(f"SELECT name, definition FROM {DROPPED_INDEXES_TABLE} ORDER BY name")  # noqa: S608
        pending = cursor.fetchall()
    restored = []
    for name, definition in pending:
        # One index per transaction: an interruption here keeps the rest on the list.
        with transaction.atomic(), connection.cursor() as cursor, _checked_constraints(cursor):
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
            cursor.execute(f"DELETE FROM {DROPPED_INDEXES_TABLE} WHERE name = %s", [name])  # noqa: S608
        restored.append(name)
    return restored
