"""Many plain rows, read fast: a sitemap file is a thousand rows of a few columns.

Django reads every PostgreSQL `timestamptz` through a loader written in Python (it subclasses
psycopg's pure-Python loader to set the time zone), about 4 µs a value: a thousand rows of
three times cost more than the query. When the connection's time zone is UTC, psycopg's own
loader (compiled, with psycopg[binary]) returns the same aware datetimes, so `plain_rows()`
reads a `values_list()` query through it. Other databases, other time zones, or columns
that Django would convert on the way out fall back to the queryset itself.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from dateline.caching.autodeps import record_query


@cache
def _timestamptz_loader():
    """psycopg's own `timestamptz` text loader (compiled when psycopg[binary] is installed)."""
    import psycopg
    from psycopg.postgres import types
    from psycopg.pq import Format

    return psycopg.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)


def plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list()` queryset as tuples, as `list(queryset)` gives them."""
    # The public rule's keys and moment (core.visibility), as evaluating the queryset would.
    record_rule = getattr(queryset, "_record_rule", None)
    if record_rule is not None:
        record_rule()
    connection = connections[queryset.db]
    if (
        connection.vendor != "postgresql"
        or not settings.USE_TZ
        or connection.timezone_name != "UTC"
    ):
        return list(queryset)
    # The SQL below bypasses Django's compiler hook (`core.autodeps`): record what the same
    # query run by Django would record (the tables or the public listing it reads).
    record_query(queryset.query)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    if compiler.get_converters([column for column, _, _ in compiler.select]):
        return list(queryset)  # a field that converts its values (JSON, decimals...)
    with connection.cursor() as cursor:
        # On this cursor only: Django's connections keep their own loader.
        cursor.cursor.adapters.register_loader("timestamptz", _timestamptz_loader())
        cursor.execute(sql, params)
        return cursor.fetchall()
