"""The update endpoint: one address per time bucket, shared through the page cache, purged
by construction when the desk posts, and saying when to ask next (0 = stop); and the
automatic end after a silence."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from dateline.live import services
from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory
from dateline.live.models import CoverageStatus
from dateline.live.views import MAX_SKEW_BUCKETS, current_bucket

pytestmark = pytest.mark.django_db


def updates_url(blog, bucket: int | None = None) -> str:
    return f"/live/{blog.pk}/updates/{current_bucket() if bucket is None else bucket}/"


def test_the_answer_lists_the_latest_entries_and_when_to_ask_again(client, blog):
    first, second = LiveEntryFactory(blog=blog), LiveEntryFactory(blog=blog, is_pinned=True)
    response = client.get(updates_url(blog))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["status"] == "live" and data["next"] == 10
    assert [e["id"] for e in data["entries"]] == [second.pk, first.pk]
    assert f'id="entry-{second.pk}"' in data["entries"][0]["html"]
    assert data["pinned"]["id"] == second.pk and data["removed"] == []


def test_every_reader_in_a_bucket_shares_one_render(client, blog, django_assert_num_queries):
    LiveEntryFactory(blog=blog)
    url = updates_url(blog)
    assert client.get(url)["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        for _ in range(5):
            assert client.get(url)["X-Cache"] == "HIT"


def test_posting_purges_the_page_and_its_updates_and_nothing_else(
    client, blog, world, reporter, invalidated
):
    other = LiveBlogPageFactory(section=world, title="Cup final, live")
    LiveEntryFactory(blog=blog)
    # One bucket's addresses, taken once (a later call may fall in the next bucket).
    mine, others = updates_url(blog), updates_url(other)
    watched = [blog.url, mine, others, other.url, world.url, "/"]
    for url in watched:
        client.get(url)
    assert all(client.get(url)["X-Cache"] == "HIT" for url in watched)
    invalidated.clear()
    entry = services.post_entry(blog, user=reporter, body=[("text", "<p>Tax slabs revised.</p>")])
    purged = set().union(*invalidated)
    assert f"list:liveblog:{blog.pk}" in purged
    assert f"page:{blog.pk}" not in purged  # O(1): the story itself is not rewritten
    fresh = client.get(mine)
    assert fresh["X-Cache"] == "MISS" and entry.pk == json.loads(fresh.content)["entries"][0]["id"]
    page = client.get(blog.url)
    assert page["X-Cache"] == "MISS" and "Tax slabs revised." in page.content.decode()
    # Another blog, its updates and the listings (whose cards an entry does not change) stay.
    for url in (others, other.url, world.url, "/"):
        assert client.get(url)["X-Cache"] == "HIT", url


def test_corrections_and_deletions_reach_the_open_pages(client, blog, editor):
    entry = services.post_entry(blog, user=editor, body=[("text", "<p>Deficit at 4.9%.</p>")])
    client.get(updates_url(blog))
    services.edit_entry(entry, user=editor, body=[("text", "<p>Deficit at 4.4%.</p>")])
    data = json.loads(client.get(updates_url(blog)).content)
    assert "4.4%" in data["entries"][0]["html"]
    services.delete_entry(entry, user=editor)
    data = json.loads(client.get(updates_url(blog)).content)
    assert data["entries"] == [] and data["removed"] == [entry.pk]


def test_the_desk_slows_every_reader_down_and_the_end_stops_them(client, blog, editor):
    client.get(updates_url(blog))
    blog = services.set_poll_seconds(blog, 30, user=editor)
    assert json.loads(client.get(updates_url(blog)).content)["next"] == 30
    services.set_status(blog, CoverageStatus.ENDED, user=editor)
    data = json.loads(client.get(updates_url(blog)).content)
    assert (data["status"], data["next"]) == ("ended", 0)


@pytest.mark.parametrize("offset", [MAX_SKEW_BUCKETS + 1, -(MAX_SKEW_BUCKETS + 1)])
def test_a_bucket_far_from_now_is_refused(client, blog, offset):
    response = client.get(updates_url(blog, current_bucket() + offset))
    assert response.status_code == 404 and response.get("X-Cache") != "HIT"


def test_unpublished_blogs_have_no_updates(client, world):
    draft = LiveBlogPageFactory(section=world, publish=False)
    assert client.get(updates_url(draft)).status_code == 404
    assert client.get("/live/99999999/updates/1/").status_code == 404
    assert client.get(f"/live/1/updates/{'9' * 40}/").status_code == 404


def test_a_silent_blog_ends_by_itself(client, clock, world):
    start = timezone.now().replace(microsecond=0)
    clock.move_to(start)
    blog = LiveBlogPageFactory(section=world, published_at=start, end_after_silence=30)
    clock.move_to(start + dt.timedelta(minutes=5))
    LiveEntryFactory(blog=blog, headline="Last word from the venue")
    clock.move_to(start + dt.timedelta(minutes=20))
    assert "data-live-status>Live</span>" in client.get(blog.url).content.decode()
    assert json.loads(client.get(updates_url(blog)).content)["next"] == 10
    # 30 minutes after the last entry: readers see the end with no write (recorded moment)...
    clock.move_to(start + dt.timedelta(minutes=35, seconds=1))
    html = client.get(blog.url).content.decode()
    assert "data-live-status>Ended</span>" in html and "data-live-updates=" not in html
    assert json.loads(client.get(updates_url(blog)).content)["next"] == 0
    # ...and the scheduler's pass records it in the story's history.
    assert services.end_silent_blogs() == [blog.pk]
    blog.refresh_from_db()
    assert blog.coverage_status == CoverageStatus.ENDED
    assert blog.get_latest_revision().user is None
    assert services.end_silent_blogs() == []


def test_a_blog_without_a_limit_stays_live(clock, world):
    start = timezone.now()
    clock.move_to(start)
    blog = LiveBlogPageFactory(section=world, published_at=start, end_after_silence=0)
    clock.move_to(start + dt.timedelta(days=3))
    assert services.end_silent_blogs() == []
    assert blog.status_now(None) == CoverageStatus.LIVE


def test_readers_missing_together_wait_for_one_render(client, blog):
    """A crowd misses at once: the first renders, the others get its answer (uncached)."""
    from dateline.caching import cachestore
    from dateline.live.views import _RenderInFlight

    LiveEntryFactory(blog=blog, headline="Counting starts")
    bucket = current_bucket()
    leader = _RenderInFlight(blog.pk, bucket)
    assert leader.answer_of_another_render() is None and leader.leader  # takes the lock
    leader.publish({"status": "live", "next": 10, "entries": [], "removed": [], "pinned": None})
    response = client.get(updates_url(blog, bucket))
    assert response["Cache-Control"] == "private, max-age=0"
    assert json.loads(response.content)["entries"] == []  # the leader's answer, not a render
    assert response.get("X-Cache") == "BYPASS"  # and not stored under the bucket's address
    # After any purge the generation moves: that answer is never handed out again.
    cachestore.page_cache().incr(cachestore.GENERATION_KEY)
    fresh = json.loads(client.get(updates_url(blog, bucket)).content)
    assert "Counting starts" in fresh["entries"][0]["html"]


def test_the_answer_carries_the_key_events_box_as_the_page_shows_it(client, blog, editor):
    """Open pages replace their key-events box with the answer's: flagging an entry (even one
    past the first page) reaches them through the bucket's purge, and so does unflagging."""
    from django.template.loader import render_to_string

    old = LiveEntryFactory(blog=blog, headline="Opening statement")
    for n in range(25):
        LiveEntryFactory(blog=blog, headline=f"Update {n}")
    url = updates_url(blog)
    data = json.loads(client.get(url).content)
    assert "data-live-keys" in data["key_events"] and " hidden>" in data["key_events"]
    services.edit_entry(old, user=editor, is_key_event=True)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS"
    box = json.loads(fresh.content)["key_events"]
    assert f"#entry-{old.pk}" in box and "Opening statement" in box and " hidden" not in box
    # The same markup as the page's own box, so a page replaces it only when it changed.
    assert box == render_to_string(
        "live/key_events.html", {"page": blog, "key_events": blog.key_events()}
    )
    assert box.strip() in client.get(blog.url).content.decode()
    services.edit_entry(old, user=editor, is_key_event=False)
    assert f"#entry-{old.pk}" not in json.loads(client.get(url).content)["key_events"]


def test_the_silence_pass_is_one_query_however_many_blogs_are_live(
    clock, world, django_assert_num_queries
):
    start = timezone.now().replace(microsecond=0)
    clock.move_to(start)
    blogs = [
        LiveBlogPageFactory(section=world, published_at=start, end_after_silence=30)
        for _ in range(4)
    ]
    for blog in blogs:
        LiveEntryFactory(blog=blog)
    clock.move_to(start + dt.timedelta(minutes=20))
    with django_assert_num_queries(1):
        assert services.end_silent_blogs() == []
    # A deleted entry does not keep a blog alive: its last visible entry counts.
    quiet = blogs[0]
    clock.move_to(start + dt.timedelta(minutes=29))
    late = LiveEntryFactory(blog=quiet)
    late.deleted_at = timezone.now()
    late.save()
    clock.move_to(start + dt.timedelta(minutes=31))
    assert sorted(services.end_silent_blogs()) == sorted(blog.pk for blog in blogs)


def test_the_fastest_pace_is_one_bucket(blog, editor, client):
    from dateline.live.models import BUCKET_SECONDS

    with pytest.raises(ValueError):
        services.set_poll_seconds(blog, BUCKET_SECONDS - 1, user=editor)
    assert services.set_poll_seconds(blog, BUCKET_SECONDS, user=editor).poll_seconds == (
        BUCKET_SECONDS
    )
