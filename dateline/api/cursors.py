"""Keyset cursors: a position (a time and an id) that pages never skip past or repeat.

A page of stories newest first ends at its last story's (published_at, id); the next page
is everything strictly older in that order. A story published while a client pages (always
newer than its cursor, unless backdated) cannot shift the pages behind it, as an OFFSET
would. The cursor is opaque to clients (base64 of the position), checked on the way in.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .schemas import MAX_ID, utc_moment


class BadCursor(ValueError):
    pass


def encode(when: dt.datetime, pk: int) -> str:
    raw = f"{when.astimezone(dt.UTC).isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when_text, pk_text = raw.split("|")
        when = dt.datetime.fromisoformat(when_text)
        pk = int(pk_text)
        if when.tzinfo is not None:
            when = utc_moment(when)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor("The cursor is not one this API gave out.") from error
    if when.tzinfo is None or not 0 <= pk <= MAX_ID:
        raise BadCursor("The cursor is not one this API gave out.")
    return when, pk


def older_than(queryset: QuerySet, field: str, cursor: str) -> QuerySet:
    """Rows after `cursor` in (-field, -pk) order."""
    when, pk = decode(cursor)
    return queryset.filter(Q(**{f"{field}__lt": when}) | Q(**{field: when, "pk__lt": pk}))


def newer_than(queryset: QuerySet, field: str, cursor: str) -> QuerySet:
    """Rows after `cursor` in (field, pk) order."""
    when, pk = decode(cursor)
    return queryset.filter(Q(**{f"{field}__gt": when}) | Q(**{field: when, "pk__gt": pk}))


def keyset_page(
    request: HttpRequest, rows: Sequence, limit: int, position: Callable[[Any], tuple]
) -> tuple[list, str | None, str | None]:
    """A page from `rows` (up to `limit` + 1 read, in order): its items, the cursor of the
    page after it and that page's URL (both None on the last page). `position` gives a row's
    (time, id)."""
    page = list(rows[:limit])
    if len(rows) <= limit:
        return page, None, None
    cursor = encode(*position(page[-1]))
    return page, cursor, next_url(request, cursor)


def next_url(request: HttpRequest, cursor: str) -> str:
    """This request's address with `cursor` for the next page."""
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def encode_offset(offset: int) -> str:
    """A position in a ranked list (search results), as opaque as the others."""
    return base64.urlsafe_b64encode(f"rank|{offset}".encode()).decode().rstrip("=")


def decode_offset(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, offset_text = raw.split("|")
        offset = int(offset_text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor("The cursor is not one this API gave out.") from error
    if kind != "rank" or not 0 <= offset <= 100_000:
        raise BadCursor("The cursor is not one this API gave out.")
    return offset
