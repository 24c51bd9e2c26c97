"""A live blog of 5,000 entries: every page of entries reads a page's worth of rows, and
posting one costs the same as on a blog of ten."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.live import services
from dateline.live.factories import LiveBlogPageFactory
from dateline.live.models import LiveEntry

pytestmark = pytest.mark.django_db


def fill(blog, count: int) -> list[int]:
    rows = [
        LiveEntry(blog=blog, headline=f"Update {n}", body=[("text", f"<p>Line {n}.</p>")])
        for n in range(count)
    ]
    # freshness: the blog's pages are read only after this (tests of cost, not of purges)
    LiveEntry.objects.bulk_create(rows, batch_size=1000)
    return list(LiveEntry.objects.filter(blog=blog).order_by("pk").values_list("pk", flat=True))


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.fixture
def small_and_large(world):
    small = LiveBlogPageFactory(section=world, title="A short blog")
    large = LiveBlogPageFactory(section=world, title="A very long day")
    return (small, fill(small, 25)), (large, fill(large, 5_000))


def test_pages_of_entries_cost_the_same_at_5000_entries(client, small_and_large, page_cache_off):
    (small, small_ids), (large, large_ids) = small_and_large
    client.get(small.url)  # first render of the process: site settings, content types
    assert queries_of(lambda: client.get(small.url)) == queries_of(lambda: client.get(large.url))
    deep = f"{large.url}?before={large_ids[100]}"
    shallow = f"{small.url}?before={small_ids[10]}"
    response = client.get(deep)
    assert response.status_code == 200
    assert queries_of(lambda: client.get(shallow)) == queries_of(lambda: client.get(deep))


def test_posting_costs_the_same_at_5000_entries(small_and_large, django_user_model):
    (small, _), (large, _) = small_and_large
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    body = [("text", "<p>Another update.</p>")]
    post = services.post_entry
    post(small, user=editor, body=body)  # the first warms what any first post reads once
    assert queries_of(lambda: post(small, user=editor, body=body)) == queries_of(
        lambda: post(large, user=editor, body=body)
    )


def test_an_older_page_of_entries_is_a_fragment_no_post_purges(client, small_and_large, editor):
    """Each page of older entries is cached as a fragment: posting purges the page (its head
    and newest entries) but the older entries' fragment is served again without a query for
    them."""
    (_, _), (large, large_ids) = small_and_large
    deep = f"{large.url}?before={large_ids[200]}"
    client.get(deep)
    services.post_entry(large, user=editor, body=[("text", "<p>New.</p>")])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(deep)
    assert response["X-Cache"] == "MISS"
    assert not [
        q
        for q in captured.captured_queries
        if 'FROM "live_liveentry"' in q["sql"] and '"live_liveentry"."id" <' in q["sql"]
    ]
