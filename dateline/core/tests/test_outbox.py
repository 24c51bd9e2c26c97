"""Purges survive a crash and a failure: `invalidate()` writes an outbox row with the change,
the purge after commit marks it done, and the periodic job purges what is left (and deletes
done rows once they are old: a Redis outage replays the recent ones, caching.fallback)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from dateline.caching import cachestore, dependencies, outbox
from dateline.caching.models import PendingPurge

pytestmark = pytest.mark.django_db

URL = "http://testserver/a/"


def pending() -> bool:
    """Whether a row still waits for its purge (done rows stay a while: outbox.KEEP_DONE)."""
    return PendingPurge.objects.filter(done_at=None).exists()


@pytest.fixture
def cached_entry(page_cache_on):
    """One cached page depending on page:1, with its URL; returns its cache key."""
    entry = "dateline:test:page-a"
    assert cachestore.store(
        entry, "old", {"page:1"}, timeout=60, started_at_generation=cachestore.generation(),
        url=URL,
    )  # fmt: skip
    return entry


TOLD: list[tuple[set[str], set[str]]] = []


def tell_front(keys: set[str], urls: set[str]) -> None:
    """A front cache that remembers what it was told (settings.DATELINE_INVALIDATORS)."""
    TOLD.append((set(keys), set(urls)))


def unreachable_front(keys: set[str], urls: set[str]) -> None:
    raise OSError("front cache down")


@pytest.fixture
def front(settings):
    """What the front caches were told: a list of (keys, urls), one per purge."""
    settings.DATELINE_INVALIDATORS = [f"{__name__}.tell_front"]
    TOLD.clear()
    yield TOLD
    TOLD.clear()


def test_a_change_writes_its_purge_with_it_and_marks_it_done_after_the_purge(cached_entry, front):
    with transaction.atomic():  # the change's transaction (its end is the commit in tests)
        dependencies.invalidate("page:1", "list:articles")
        (row,) = PendingPurge.objects.all()
        assert sorted(row.keys) == ["list:articles", "page:1"]
        assert cachestore.cache_get(cached_entry) == "old"  # nothing before the commit
    assert cachestore.cache_get(cached_entry) is None
    assert not pending()
    assert front == [({"page:1", "list:articles"}, {URL})]


def test_a_crash_after_the_commit_leaves_the_row_and_the_job_purges_it(
    cached_entry, front, monkeypatch
):
    # The process dies between the commit and the purge: the purge never runs.
    monkeypatch.setattr(dependencies, "_purge_after_commit", lambda keys, rows: None)
    with transaction.atomic():
        dependencies.invalidate("page:1")
    monkeypatch.undo()
    assert cachestore.cache_get(cached_entry) == "old"
    assert PendingPurge.objects.count() == 1
    assert outbox.retry_pending_purges() == 0  # too young: its own process may be on it
    assert outbox.retry_pending_purges(grace=dt.timedelta(0)) == 1
    assert cachestore.cache_get(cached_entry) is None
    assert not pending()
    assert front == [({"page:1"}, {URL})]


def test_a_failed_purge_is_kept_with_its_urls_and_retried(
    cached_entry, front, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_INVALIDATORS = [f"{__name__}.unreachable_front"]
    with django_capture_on_commit_callbacks(execute=True):
        dependencies.invalidate("page:1")
    assert cachestore.cache_get(cached_entry) is None  # our own store did purge
    (row,) = PendingPurge.objects.all()
    assert (row.attempts, row.urls) == (1, [URL])
    assert "front cache down" in row.last_error
    # Still down: kept, counted.
    assert outbox.retry_pending_purges(grace=dt.timedelta(0)) == 0
    assert PendingPurge.objects.get().attempts == 2
    # Back: the URL found by the first try (no longer in the index) is sent now.
    settings.DATELINE_INVALIDATORS = [f"{__name__}.tell_front"]
    assert outbox.retry_pending_purges(grace=dt.timedelta(0)) == 1
    assert not pending()
    assert front == [({"page:1"}, {URL})]


def test_invalidations_of_one_transaction_purge_once_after_its_commit(
    cached_entry, front, django_capture_on_commit_callbacks
):
    """A publish invalidates the story and then the API's change row: one purge (one
    generation step, one request to the front cache), with both rows settled."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():  # Wagtail publishes in a savepoint of its own
            dependencies.invalidate("page:1")
        dependencies.invalidate("api.apichange:7")
        assert PendingPurge.objects.count() == 2
    assert not pending()
    assert front == [({"page:1", "api.apichange:7"}, {URL})]


def test_an_invalidation_in_a_savepoint_rolled_back_does_not_join_the_outer_purge(
    cached_entry, front, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dependencies.invalidate("list:articles")
        with pytest.raises(RuntimeError), transaction.atomic():
            dependencies.invalidate("page:1")
            raise RuntimeError("the item failed")
    assert cachestore.cache_get(cached_entry) == "old"
    assert front == [({"list:articles"}, set())]


def test_a_batch_in_a_transaction_writes_one_row_and_purges_once(
    cached_entry, front, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with dependencies.batch():
            for n in range(5):
                dependencies.invalidate(f"page:{n}", "list:articles")
        assert PendingPurge.objects.count() == 1
    assert not pending()
    assert len(front) == 1 and front[0][0] == {f"page:{n}" for n in range(5)} | {"list:articles"}


def test_a_batch_that_raises_purges_nothing_and_leaves_no_row(
    cached_entry, front, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
        dependencies.batch(),
    ):
        dependencies.invalidate("page:1")
        raise RuntimeError("the item failed")
    assert not pending()
    assert cachestore.cache_get(cached_entry) == "old"
    assert front == []


def test_a_batch_outside_a_transaction_writes_a_row_per_change(
    cached_entry, front, monkeypatch, django_capture_on_commit_callbacks
):
    """Each change of such a batch commits on its own: its row goes with it, so a crash
    in the middle of the batch still leaves every committed change's purge."""
    monkeypatch.setattr(dependencies, "_in_transaction", lambda: False)  # as a script
    with django_capture_on_commit_callbacks(execute=True), dependencies.batch():
        dependencies.invalidate("page:1")
        dependencies.invalidate("page:2")
        assert PendingPurge.objects.count() == 2
        assert cachestore.cache_get(cached_entry) == "old"  # purged once, at the end
    assert not pending()
    assert cachestore.cache_get(cached_entry) is None
    assert front == [({"page:1", "page:2"}, {URL})]


def test_invalidate_now_keeps_a_failed_purge(cached_entry, front, monkeypatch):
    def down(keys):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cachestore, "purge_keys", down)
    dependencies.invalidate_now({"page:1"})
    (row,) = PendingPurge.objects.all()
    assert row.keys == ["page:1"] and "cache down" in row.last_error
    monkeypatch.undo()
    assert outbox.retry_pending_purges(grace=dt.timedelta(0)) == 1
    assert cachestore.cache_get(cached_entry) is None


def test_the_outbox_and_the_index_are_periodic_jobs():
    jobs = django_settings.DATELINE_PERIODIC_JOBS
    assert "dateline.caching.outbox.retry_pending_purges" in jobs
    assert "dateline.caching.outbox.prune_index" in jobs


def test_prune_runs_at_most_every_few_minutes(page_cache_on):
    cachestore.store(
        "gone", "v", {"page:1"}, timeout=1, started_at_generation=cachestore.generation()
    )
    index = cachestore.index()
    index.prune(0)  # nothing expired at the epoch
    assert index.count() == 1
    index.add("old", ["page:2"], "", 1.0)  # expired long ago
    assert outbox.prune_index() == 1
    index.add("old", ["page:2"], "", 1.0)
    assert outbox.prune_index() == 0  # not again so soon


def test_done_rows_stay_a_while_and_are_never_purged_again(time_held_still, cached_entry, front):
    """A process whose Redis goes away replays the recent purges on the copies it made from
    Redis (caching.fallback): the rows of purges that worked stay `KEEP_DONE`, untouched by
    the retry, then the periodic job deletes them. The clock stands still before the entry
    (60 s) is stored: near the hour's turn it moves forward (conftest)."""
    from django.utils import timezone

    with transaction.atomic():
        dependencies.invalidate("page:1")
    (row,) = PendingPurge.objects.all()
    assert row.done_at is not None and row.attempts == 0
    assert outbox.retry_pending_purges(grace=dt.timedelta(0)) == 0  # done: not again
    assert front == [({"page:1"}, {URL})]
    time_held_still.move_to(timezone.now() + outbox.KEEP_DONE - dt.timedelta(seconds=1))
    outbox.retry_pending_purges()
    assert PendingPurge.objects.exists()
    time_held_still.move_to(timezone.now() + dt.timedelta(seconds=2))
    outbox.retry_pending_purges()
    assert not PendingPurge.objects.exists()
