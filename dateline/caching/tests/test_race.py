"""A render that races a purge is never stored stale, and a reader's render writes nothing
to the database (the reverse index lives with the cache: dateline.caching.depindex)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.articles.models import ArticlePage
from dateline.caching import cachestore

from .test_purge import republish


def test_a_change_committed_mid_render_is_not_stored(
    client, tree, monkeypatch, django_capture_on_commit_callbacks
):
    """The story's data is read, then an editor's change commits and is purged before the
    render stores its page: the purge found nothing to delete (the page was not stored yet),
    so only the purge generation can tell the render it is out of date."""
    page_type = type(tree.a)
    render = page_type.get_context
    raced = []

    def get_context(self, request, *args, **kwargs):
        context = render(self, request, *args, **kwargs)  # what this render shows is read
        if not raced:
            raced.append(self.pk)
            with django_capture_on_commit_callbacks(execute=True):  # commit, then purge
                republish(ArticlePage.objects.get(pk=self.pk), title="Polls close late")
        return context

    monkeypatch.setattr(page_type, "get_context", get_context)
    first = client.get(tree.a.url)
    assert raced == [tree.a.pk]
    assert "Polls open early" in first.content.decode()  # the state it read, served once
    # ...and a front cache, whose purge came before this response existed, keeps no copy.
    assert first["Cache-Control"] == "no-cache"
    monkeypatch.undo()
    after = client.get(tree.a.url)
    assert after["X-Cache"] == "MISS"  # not stored stale
    assert "Polls close late" in after.content.decode()
    assert "s-maxage=" in after["Cache-Control"]  # front caches keep the fresh render
    assert client.get(tree.a.url)["X-Cache"] == "HIT"  # the fresh render is stored


def test_a_render_after_the_purge_is_stored_and_purged_next_time(
    client, tree, django_capture_on_commit_callbacks
):
    """The index entry a render adds after a purge is not lost to that purge."""
    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.a, title="Polls close late")
    assert client.get(tree.a.url)["X-Cache"] == "MISS"
    assert client.get(tree.a.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        republish(ArticlePage.objects.get(pk=tree.a.pk), title="Polls closed")
    again = client.get(tree.a.url)
    assert again["X-Cache"] == "MISS" and "Polls closed" in again.content.decode()


def test_a_miss_writes_nothing_to_the_database(client, tree):
    for path in tree.paths.values():  # settings made on first use (Wagtail's for_site)
        client.get(path)
    cachestore.page_cache().clear()
    cachestore.forget_everything()
    with CaptureQueriesContext(connection) as captured:
        for path in tree.paths.values():
            assert client.get(path)["X-Cache"] == "MISS", path
    verbs = {query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries}
    assert verbs == {"SELECT"}, verbs
    assert cachestore.index().count() > len(tree.paths)  # indexed with the cache instead


def test_a_render_dropping_its_own_entry_is_not_a_purge_to_other_renders():
    """A render that raced a purge drops what it stored; that drop must not move the purge
    generation, or every render in flight would drop its entry too, each drop moving it again
    (under steady traffic nothing would be stored). It does move the copies' clock: a
    fast-path copy of the entry may have been made before the drop."""
    before = cachestore.generation()
    clock = cachestore.copy_clock()
    cachestore.purge_keys(["article:1"])  # an editor's change, while the render ran
    moved = cachestore.generation()
    assert moved != before
    copies_before = clock()
    stored = cachestore.store(
        "page:raced",
        b"the state before the change",
        {"article:1"},
        timeout=60,
        started_at_generation=before,
    )
    assert stored is False and cachestore.cache_get("page:raced") is None
    assert cachestore.generation() == moved  # other renders in flight keep their entries
    assert clock() != copies_before  # no copy of the dropped entry outlives it
