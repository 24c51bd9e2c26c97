"""Issue 21, point 5: a Redis outage starts warm. What a process stored in Redis or read from
it (pages and fragments) is copied into its fallback with its dependency keys, so the
outage's first requests do not render; the outbox's recent purges (done rows stay
`outbox.KEEP_DONE`) reach those copies at the outage's first poll, so a purge made through
Redis after a copy was made never lets it be served.

Redis is a real redis-server, stopped under the test (its port closed); nothing is mocked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

import pytest

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import revise_article
from dateline.caching.fallback import LocalFallback, dependency_keys
from dateline.core.tests.test_cache_fallback import needs_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    return ArticlePageFactory(section=world, title="Monsoon arrives early in Kerala")


@needs_redis
def test_a_page_rendered_before_the_outage_is_served_from_memory_during_it(
    client, story, redis_server, warm, django_assert_max_num_queries
):
    first = client.get(story.url)
    assert first["X-Cache"] == "MISS"  # rendered and stored in Redis: copied here too
    redis_server.stop()
    with django_assert_max_num_queries(2):  # the outage's first poll of the outbox, no render
        response = client.get(story.url)
    assert (response.status_code, response["X-Cache"]) == (200, "HIT")
    assert response.content == first.content
    assert warm.fallback._primed


@needs_redis
def test_copies_from_before_the_outage_outlive_the_short_life(
    client, story, redis_server, warm, time_held_still
):
    from django.utils import timezone

    started = timezone.now()
    assert client.get(story.url)["X-Cache"] == "MISS"
    redis_server.stop()
    # Past the 5 s copies without keys keep (REDIS_FALLBACK_SECONDS in these settings).
    time_held_still.move_to(started + dt.timedelta(seconds=60))
    assert client.get(story.url)["X-Cache"] == "HIT"
    time_held_still.move_to(started + dt.timedelta(seconds=601))  # the outage bound
    assert client.get(story.url)["X-Cache"] == "MISS"


@needs_redis
def test_a_purge_made_through_redis_before_the_outage_reaches_the_copies_at_its_start(
    client, story, redis_server, warm, django_capture_on_commit_callbacks
):
    """The copy was made, then a change was purged through Redis (as another process's
    purge: Redis's entries go, this process's memory is not told), then Redis went away."""
    from dateline.caching.models import PendingPurge

    assert client.get(story.url)["X-Cache"] == "MISS"
    assert client.get(story.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        revise_article(story, title="Monsoon arrives a week early in Kerala")
    assert PendingPurge.objects.filter(done_at__isnull=False).exists()  # done, kept
    assert warm.fallback._mirrors  # the copies made before the change are still here
    redis_server.stop()
    response = client.get(story.url)
    assert response["X-Cache"] == "MISS"
    assert "Monsoon arrives a week early in Kerala" in response.content.decode()
    assert client.get(story.url)["X-Cache"] == "HIT"  # rendered during the outage, kept


@needs_redis
def test_a_purge_during_the_outage_reaches_the_copies_from_before_it(
    client, story, redis_server, warm
):
    from dateline.caching import outbox
    from dateline.caching.dependencies import key_for

    assert client.get(story.url)["X-Cache"] == "MISS"
    redis_server.stop()
    assert client.get(story.url)["X-Cache"] == "HIT"
    outbox.write({key_for(story)})  # another process's change; its purge found no Redis
    warm.fallback._next_poll = 0  # the poll interval is over
    assert client.get(story.url)["X-Cache"] == "MISS"


@needs_redis
def test_copies_from_before_the_outage_stay_when_redis_returns_entries_it_made_go(
    client, story, redis_server, warm
):
    fallback = warm.fallback
    assert client.get(story.url)["X-Cache"] == "MISS"
    before = set(fallback._mirrors)
    assert before
    redis_server.stop()
    assert client.get("/")["X-Cache"] == "MISS"  # rendered during the outage: tracked
    during = set(fallback._tracked)
    assert during
    redis_server.start()
    fallback_breaker = warm.breaker
    fallback_breaker.open_until = time.monotonic()  # the retry window is over
    warm.get("anything")
    assert not fallback_breaker.is_open()
    assert not fallback._tracked and not fallback._primed
    assert before <= set(fallback._mirrors)
    assert not any(fallback.local.holds(made) for made in during - before)


def test_a_page_copy_knows_the_keys_its_header_sent_even_collapsed(settings):
    settings.DATELINE_KEYS_HEADER = "xkey"
    page = (200, [("Content-Type", "text/html"), ("xkey", "page:~12 site")], b"<html>")
    assert dependency_keys("dateline:page:abc", page, "dateline:page:") == ("page:~12", "site")
    assert dependency_keys("dateline:fragment:x", ("<b>", ["page:7"]), "dateline:page:") == (
        "page:7",
    )
    assert dependency_keys("dateline:page:abc", (200, [], b""), "dateline:page:") is None

    fallback = LocalFallback(30, 100, "dateline:page:", "", outage_seconds=600)
    fallback.mirror("dateline:page:abc", page, None, time.time() + 3600)
    made = fallback.local.make_key("dateline:page:abc")
    assert fallback._mirrors[made][0] == ("page:~12", "site")
    fallback.apply_purge({"story:3"})  # not on the page, at any level
    assert fallback.local.holds(made)
    # A key in the bucket the header sent (caching.keysheader): the copy goes.
    in_bucket = next(f"page:{n}" for n in range(1000) if f"{n}" and _bucket(f"page:{n}") == 12)
    fallback.apply_purge({in_bucket})
    assert not fallback.local.holds(made)


def _bucket(key: str) -> int:
    from dateline.caching import keysheader

    return int(keysheader._bucket(key).rsplit("~", 1)[1])


def test_a_copy_never_outlives_its_entry_in_redis():
    fallback = LocalFallback(30, 100, "dateline:page:", "", outage_seconds=600)
    fallback.mirror("dateline:fragment:y", ("<b>", ["page:7"]), None, time.time() + 20)
    made = fallback.local.make_key("dateline:fragment:y")
    assert fallback.local._expire_info[made] <= time.time() + 20


@needs_redis
def test_a_purge_done_before_a_copy_was_read_leaves_it_alone(
    client, story, redis_server, warm, django_capture_on_commit_callbacks, time_held_still
):
    """The outbox keeps the last minutes of purges; a newsroom publishing all the time
    purges the listings every page shows, so dropping every copy they name at the outage's
    start would leave it cold. A copy read after the purge was done (by more than the
    clocks' difference between hosts) is fresh."""
    from django.utils import timezone

    from dateline.caching.fallback import CLOCK_SKEW

    with django_capture_on_commit_callbacks(execute=True):
        revise_article(story, title="Monsoon arrives a week early in Kerala")
    time_held_still.move_to(timezone.now() + dt.timedelta(seconds=CLOCK_SKEW + 1))
    assert client.get(story.url)["X-Cache"] == "MISS"  # read (stored) after the purge
    redis_server.stop()
    response = client.get(story.url)
    assert response["X-Cache"] == "HIT"
    assert "Monsoon arrives a week early in Kerala" in response.content.decode()


# --- one copy per host: the processes share their copies of pages -------------------------


def _process(shared_dir) -> LocalFallback:
    """A process's fallback (tracking on, polls a minute apart) sharing `shared_dir`."""
    return LocalFallback(
        30, 100, "dateline:page:", "", outage_seconds=600, poll_every=60,
        shared_dir=str(shared_dir), name="redis://127.0.0.1:6379/0|dateline",
    )  # fmt: skip


PAGE = (200, [("xkey", "page:7 site")], b"<html>the story</html>")


def test_a_process_takes_a_page_another_process_of_the_host_copied(tmp_path, settings):
    from dateline.caching.models import PendingPurge

    settings.DATELINE_KEYS_HEADER = "xkey"
    PendingPurge.objects.all().delete()
    reader, other = _process(tmp_path), _process(tmp_path)
    reader.mirror("dateline:page:a", PAGE, None, time.time() + 3600)  # while Redis answered
    other.poll()  # the outage's first poll in the other process
    assert other.call("get", "dateline:page:a") == PAGE
    assert other._mirrors  # its own copy now, purged by its keys as its others
    other.apply_purge({"page:7"})
    assert other.call("get", "dateline:page:a") is None  # and not taken again


def test_a_host_copy_is_not_taken_after_a_purge_of_its_keys(tmp_path, settings):
    from dateline.caching import outbox
    from dateline.caching.models import PendingPurge

    settings.DATELINE_KEYS_HEADER = "xkey"
    PendingPurge.objects.all().delete()
    reader, other = _process(tmp_path), _process(tmp_path)
    reader.mirror("dateline:page:a", PAGE, None, time.time() + 3600)
    reader.mirror("dateline:page:b", (200, [("xkey", "page:8")], b"b"), None, time.time() + 60)
    outbox.write({"page:7"})  # a change whose purge found no Redis
    other.poll()
    assert other.call("get", "dateline:page:a") is None
    assert other.call("get", "dateline:page:b") is not None  # not concerned


def test_a_host_copy_is_not_taken_when_the_outbox_cannot_be_read(tmp_path, monkeypatch):
    from django.db import DatabaseError

    from dateline.caching import fallback as module

    reader, other = _process(tmp_path), _process(tmp_path)
    reader.mirror("dateline:page:a", PAGE, None, time.time() + 3600)

    def database_away(seen):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(module, "unseen_purges", database_away)
    other.poll()
    assert other.call("get", "dateline:page:a") is None


def test_a_host_copy_taken_never_outlives_its_entry_in_redis(tmp_path, settings):
    """A page whose life was short in Redis (a moment it shows passes, a view's max-age)
    keeps that life when another process takes the host's copy: not the outage's."""
    from dateline.caching.models import PendingPurge

    settings.DATELINE_KEYS_HEADER = "xkey"
    PendingPurge.objects.all().delete()
    reader, other = _process(tmp_path), _process(tmp_path)
    ends = time.time() + 20
    reader.mirror("dateline:page:a", PAGE, None, ends)
    other.poll()
    assert other.call("get", "dateline:page:a") == PAGE
    # (LocMemCache adds the timeout it is given to its own reading of the clock.)
    assert other.local._expire_info[other.local.make_key("dateline:page:a")] < ends + 1


def test_a_stale_host_copy_is_never_visible_to_the_processs_other_threads(
    tmp_path, settings, monkeypatch
):
    """A copy a purge applied here already concerns is refused before it is stored, not
    stored and then deleted: between the two, another thread's read would serve it."""
    from dateline.caching import outbox
    from dateline.caching.models import PendingPurge

    settings.DATELINE_KEYS_HEADER = "xkey"
    PendingPurge.objects.all().delete()
    reader, other = _process(tmp_path), _process(tmp_path)
    reader.mirror("dateline:page:a", PAGE, None, time.time() + 3600)
    outbox.write({"page:7"})
    other.poll()
    seen_meanwhile = []
    store = other.local.set

    def store_then_another_thread_reads(key, *args, **kwargs):
        store(key, *args, **kwargs)
        seen_meanwhile.append(other.local.get(key))  # a request on another thread, now

    monkeypatch.setattr(other.local, "set", store_then_another_thread_reads)
    assert other.call("get", "dateline:page:a") is None
    assert PAGE not in seen_meanwhile


def test_a_host_copy_taken_in_place_of_an_expired_own_copy_is_known_by_its_own_keys(
    tmp_path, settings
):
    """The process's own copy of the page expired during the outage (its index still names
    it) and the host's copy, read later, shows other keys: taken, it is indexed by those
    alone. An index left naming the old keys counted members that never went, and a second
    purge of an old key found an entry no longer there (a KeyError in every poll after)."""
    from dateline.caching.models import PendingPurge

    settings.DATELINE_KEYS_HEADER = "xkey"
    PendingPurge.objects.all().delete()
    reader, other = _process(tmp_path), _process(tmp_path)
    reader.mirror("dateline:page:a", (200, [("xkey", "page:9")], b"before"), None, time.time() + 60)
    other.mirror("dateline:page:a", PAGE, None, time.time() + 3600)  # read later: page:7
    reader.poll()  # the outage's first poll
    made = reader.local.make_key("dateline:page:a")
    reader.local._expire_info[made] = time.time() - 1  # then its own copy's life is over
    assert reader.call("get", "dateline:page:a") == PAGE
    assert reader._mirror_members == 2 and "page:9" not in reader._mirror_dependents
    reader.apply_purge({"page:9"})
    reader.apply_purge({"page:9"})
    assert reader.call("get", "dateline:page:a") == PAGE  # not concerned by page:9


def test_a_poll_that_lands_after_redis_answers_again_does_not_start_an_outage(monkeypatch):
    """A thread the breaker refused polls late, once another thread has found Redis back and
    ended the outage: that poll must not prime the process as if an outage were on (it then
    copied no page until the next outage ended, and the next outage's first poll was not
    waited for, so a reader could be served a copy a purge made meanwhile concerns)."""
    from django_redis.exceptions import ConnectionInterrupted

    from dateline.caching import fallback as module
    from dateline.caching.cache import CircuitBreaker, _GuardedClient

    monkeypatch.setattr(module, "unseen_purges", lambda seen: (set(), []))

    class Redis:
        def get(self, key, default=None, version=None, client=None):
            return default  # Redis answers: a miss

    fallback = LocalFallback(30, 100, "dateline:page:", "", outage_seconds=600, poll_every=60)
    breaker = CircuitBreaker(retry_after=5.0)
    breaker.trip(ConnectionError("refused"))  # the outage: every call is refused
    fallback.poll()  # its first poll
    late, back = (
        _GuardedClient(Redis(), breaker, fallback),
        _GuardedClient(Redis(), breaker, fallback),
    )
    claim = breaker.claim

    def refused_then_redis_answers_another_thread() -> bool:
        monkeypatch.setattr(breaker, "claim", claim)  # the other thread claims as usual
        refused = claim()  # this call is refused while the outage is on...
        breaker.open_until = time.monotonic() - 1  # ...then the window ends, and
        back.get("dateline:page:b")  # another thread finds Redis back (the outage ends)
        return refused

    monkeypatch.setattr(breaker, "claim", refused_then_redis_answers_another_thread)
    # Answered from memory, late, or refused (a miss: Redis is back, ask it next time).
    with contextlib.suppress(ConnectionInterrupted):
        assert late.get("dateline:page:a") is None
    assert not breaker.is_open()
    assert fallback.wants_copy("dateline:page:a")  # copies are made again, as after any outage
    assert not fallback._primed
