"""`plain_rows()` gives exactly the rows Django's queryset gives, on any database."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import Greatest
from wagtail.models import Page

from dateline.core.rows import plain_rows

pytestmark = pytest.mark.django_db


def test_the_rows_and_their_times_are_djangos(home):
    moment = dt.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    Page.objects.filter(pk=home.pk).update(
        last_published_at=moment, first_published_at=moment - dt.timedelta(days=1)
    )
    rows = Page.objects.order_by("path").values_list(
        "pk",
        "url_path",
        "last_published_at",
        Greatest("first_published_at", F("last_published_at")),
    )

    plain, django = plain_rows(rows), list(rows)

    assert plain == django
    assert any(row[2] == moment for row in plain)
    assert all(row[2] is None or row[2].utcoffset() == dt.timedelta(0) for row in plain)


def test_a_query_that_cannot_match_reads_nothing(home):
    assert plain_rows(Page.objects.filter(pk__in=[]).values_list("pk")) == []


def test_it_reads_through_psycopgs_own_loader_on_postgresql_only(home, django_assert_num_queries):
    rows = Page.objects.filter(pk=home.pk).values_list("last_published_at")

    with django_assert_num_queries(1):
        plain_rows(rows)

    # Django's connection keeps its own loader: only the one cursor was changed.
    if connection.vendor == "postgresql":
        from psycopg.postgres import types
        from psycopg.pq import Format

        loader = connection.connection.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
        assert hasattr(loader, "timezone")  # Django's


def test_it_records_what_the_same_query_run_by_django_records(home):
    """Raw SQL records nothing by itself (core.autodeps); plain rows must depend on what
    they read on every database, as the queryset would."""
    from dateline.caching.dependencies import recording

    rows = Page.objects.order_by("path").values_list("url_path", "title")
    with recording() as plain:
        plain_rows(rows)
    with recording() as django:
        list(rows.all())  # a clone: on SQLite plain_rows filled `rows`' own result cache
    assert plain == django and "list:wagtailcore.page" in plain
