"""Rows appended to tables by the million: `COPY ... FROM STDIN` on PostgreSQL (psycopg's
`cursor.copy()`), multi-row INSERTs elsewhere, with ids reserved before the rows are built
so that rows can point at each other (page and revision, tag and byline links)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

# SQLite caps the parameters bound to one statement; a few hundred rows per INSERT.
PARAMETERS_PER_INSERT = 30_000


def columns(model: type[models.Model]) -> list[models.Field]:
    """The columns of `model`'s own table a bulk write fills (generated ones fill themselves)."""
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def column_names(model: type[models.Model], attnames: Iterable[str]) -> list[str]:
    """The table columns of `model`'s fields named by attribute (`tag_id` → the tag's column)."""
    return [model._meta.get_field(name.removesuffix("_id")).column for name in attnames]


class Tables:
    """Bulk writes in the current thread's connection (a writer thread has its own)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def value(self, value: Any) -> Any:
        """A Python value as this database's driver takes it in a bulk write."""
        if isinstance(value, dt.datetime):
            return value if self.postgres else connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, uuid.UUID):
            return value if self.postgres else value.hex
        return value

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """The first of `count` consecutive unused ids of `model`'s table."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                # Past the highest id too: rows written without the sequence stay clear.
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table})) + %s - 1)",  # noqa: E501, S608
                    [sequence, sequence, count],
                )
                return cursor.fetchone()[0] - count + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            return cursor.fetchone()[0] + 1

    def write(self, model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> None:
        """Append `rows` (values in the order of the column `names`) to `model`'s table."""
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in names)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            per_insert = max(1, PARAMETERS_PER_INSERT // len(names))
            row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
            for start in range(0, len(rows), per_insert):
                batch = rows[start : start + per_insert]
                cursor.execute(
                    f"INSERT INTO {table} ({quoted}) VALUES {', '.join([row_sql] * len(batch))}",  # noqa: S608
                    [value for row in batch for value in row],
                )
