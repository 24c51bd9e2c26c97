"""Cursor pages never skip or repeat a story, while stories are being published."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.articles.factories import ArticlePageFactory
from dateline.caching.cachestore import forget_everything

pytestmark = pytest.mark.django_db

BASE = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
# Few distinct minutes, so many stories share a publication time (ties are what break a
# cursor on time alone).
minutes = st.integers(min_value=0, max_value=4)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    initial=st.lists(minutes, min_size=1, max_size=6),
    page_size=st.integers(min_value=1, max_value=3),
    # Stories published between two page reads: (after which page, minute); a minute may
    # be older than the cursor (a backdated import) or newer.
    published_meanwhile=st.lists(st.tuples(st.integers(0, 4), minutes), max_size=3),
)
def test_no_story_skipped_or_repeated(client, world, initial, page_size, published_meanwhile):
    # Each example rolls its stories back (ids come again on SQLite): its cached pages go too.
    cache.clear()
    forget_everything()
    with transaction.atomic():
        existing = {
            ArticlePageFactory(section=world, published_at=BASE + dt.timedelta(minutes=m)).pk
            for m in initial
        }
        seen: list[int] = []
        cursor, page = None, 0
        while True:
            for after_page, minute in published_meanwhile:
                if after_page == page:
                    ArticlePageFactory(
                        section=world, published_at=BASE + dt.timedelta(minutes=minute)
                    )
            params = {"limit": page_size, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/v1/stories/", params).json()
            seen += [item["id"] for item in body["items"]]
            page += 1
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)), "a story was repeated"
        assert existing <= set(seen), "a story was skipped"
        transaction.set_rollback(True)
