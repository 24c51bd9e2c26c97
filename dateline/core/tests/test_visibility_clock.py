"""The clock part of the public rule (`core.visibility.next_due`): a live page whose time
has not come appears by itself at its time, on every cached page that lists its type, with
no sweep and no purge."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.caching.cachestore import page_cache
from dateline.caching.dependencies import invalidate_now, lifetime, listing_key, recording
from dateline.video.factories import make_episode, make_video_index

pytestmark = pytest.mark.django_db


def s_maxage(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def test_a_story_published_ahead_appears_at_its_time_on_every_cached_listing(
    client, clock, world, django_capture_on_commit_callbacks
):
    now = timezone.now()
    clock.move_to(now)  # held still: a busy machine must not shorten what the test expects
    go_live = now + dt.timedelta(seconds=90)
    with django_capture_on_commit_callbacks(execute=True):  # purges run, as after a commit
        ArticlePageFactory(section=world, title="Already out")
        ArticlePageFactory(section=world, title="Out at noon", published_at=go_live)
    paths = [world.url, "/", "/feeds/latest/rss/"]
    for path in paths:
        first = client.get(path)
        assert first["X-Cache"] == "MISS", path
        assert "Out at noon" not in first.text, path
        assert s_maxage(first) == 90, path  # front caches keep it no longer either
        assert client.get(path)["X-Cache"] == "HIT", path

    clock.move_to(go_live + dt.timedelta(seconds=1))  # nothing purged, no sweep ran

    for path in paths:
        assert "Out at noon" in client.get(path).text, path


def test_an_embargo_lifting_is_the_next_moment_too(clock, world):
    story = ArticlePageFactory(section=world, title="Under embargo")
    now = timezone.now()
    clock.move_to(now)
    lifts = now + dt.timedelta(minutes=5)
    # A live story whose embargo has not lifted (a wire update holding a new embargo).
    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=lifts)
    invalidate_now([listing_key("modified")])  # what a story's change purges

    with recording() as keys:
        assert story.pk not in [s.pk for s in ArticlePage.objects.published()]
    assert lifetime(keys, 3600) == 300

    clock.move_to(lifts - dt.timedelta(seconds=1))
    with recording():
        assert story.pk not in [s.pk for s in ArticlePage.objects.published()]
    clock.move_to(lifts)
    with recording():
        assert story.pk in [s.pk for s in ArticlePage.objects.published()]


def test_the_next_moment_is_one_cached_query_a_request(clock, world):
    ArticlePageFactory(section=world, published_at=timezone.now() + dt.timedelta(hours=2))
    list(ArticlePage.objects.published())  # the restrictions read once
    page_cache().delete("dateline:next-due:articles.articlepage")
    with recording() as cold_keys, CaptureQueriesContext(connection) as cold:
        list(ArticlePage.objects.published())
    with recording() as warm_keys, CaptureQueriesContext(connection) as warm:
        list(ArticlePage.objects.published())

    def firsts(queries) -> int:
        return sum('embargo_until" >' in query["sql"] for query in queries.captured_queries)

    assert (firsts(cold), firsts(warm)) == (1, 0)  # one query for both fields, once
    assert len(warm) == 1  # the listing itself
    assert cold_keys == warm_keys  # a hit replays the moment and what it depends on
    # Only the moment: the entry's own purge key (any story's change) stays with the entry.
    assert [key for key in warm_keys if key.startswith("until:")]
    assert "list:modified" not in warm_keys


def test_nothing_waiting_records_no_moment(clock, world):
    ArticlePageFactory(section=world)
    with recording() as keys:
        list(ArticlePage.objects.published())
    assert lifetime(keys, 3600) == 3600


def test_a_new_story_published_ahead_drops_the_cached_moment(
    clock, world, django_capture_on_commit_callbacks
):
    ArticlePageFactory(section=world)
    with recording() as keys:
        list(ArticlePage.objects.published())
    assert lifetime(keys, 3600) == 3600
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(section=world, published_at=timezone.now() + dt.timedelta(minutes=3))
    with recording() as keys:
        list(ArticlePage.objects.published())
    assert lifetime(keys, 3600) == 180


def test_an_episode_uploaded_ahead_appears_on_the_cached_video_hub(
    client, clock, home, django_capture_on_commit_callbacks
):
    now = timezone.now()
    clock.move_to(now)  # held still: a busy machine must not shorten what the test expects
    at = now + dt.timedelta(seconds=120)
    with django_capture_on_commit_callbacks(execute=True):
        hub = make_video_index(home)
        make_episode(hub, "On the hub already")
        make_episode(hub, "Premieres later", uploaded_at=at)
    first = client.get(hub.url)
    assert "Premieres later" not in first.text
    assert s_maxage(first) == 120
    assert client.get(hub.url)["X-Cache"] == "HIT"

    clock.move_to(at + dt.timedelta(seconds=1))

    assert "Premieres later" in client.get(hub.url).text
