"""View counting, roll-up, most read and trending topics."""

import datetime as dt
import logging

import pytest
from django.core.cache import caches
from taggit.models import Tag

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import unpublish_article
from dateline.core.counters import CacheCounter
from dateline.core.testing import cache_contents
from dateline.listings.factories import make_section
from dateline.newsroom.scheduler import run_periodic_jobs
from dateline.site.models import Menu
from dateline.trending.counting import is_bot, view_counter
from dateline.trending.models import HiddenTrendingTopic, PageViewHour, TagViewHour
from dateline.trending.ranking import (
    compute_trending_topics,
    hour_start,
    most_read,
    trend_score,
)
from dateline.trending.tasks import roll_up_views
from dateline.trending.templatetags.trending_tags import trending_entries

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
NOW = hour_start(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)) + dt.timedelta(minutes=30)


def beacon(client, page_id, agent=BROWSER, address="192.0.2.1", **headers):
    return client.post(
        f"/beacon/view?p={page_id}", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers
    )


def pending() -> dict[str, int]:
    return view_counter.peek(view_counter.bucket())


def test_a_beacon_counts_one_view_without_cookies(client, world):
    story = ArticlePageFactory(section=world, title="Story")
    response = beacon(client, story.pk)
    assert response.status_code == 204
    assert response.cookies == {}
    assert "no-cache" in response["Cache-Control"]
    assert pending() == {str(story.pk): 1}


def test_bots_prefetches_and_repeats_are_not_counted(client, world):
    story = ArticlePageFactory(section=world, title="Story")
    beacon(client, story.pk, agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    beacon(client, story.pk, agent="")
    beacon(client, story.pk, agent="curl/8.5.0")
    beacon(client, story.pk, HTTP_SEC_PURPOSE="prefetch")
    assert pending() == {}
    beacon(client, story.pk)
    beacon(client, story.pk)  # the same reader again within half an hour
    assert pending() == {str(story.pk): 1}
    beacon(client, story.pk, address="192.0.2.2")  # another reader
    # Another user agent from the same address is the same client (a loop could rotate it).
    beacon(client, story.pk, agent=BROWSER + " Firefox")
    assert pending() == {str(story.pk): 2}


def test_bot_list():
    assert is_bot("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
    assert is_bot("facebookexternalhit/1.1")
    assert is_bot("python-requests/2.32")
    assert is_bot("   ")
    assert not is_bot(BROWSER)
    assert not is_bot("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1")


def test_the_no_javascript_pixel_counts_and_bad_ids_are_refused(client, world):
    story = ArticlePageFactory(section=world, title="Story")
    response = client.get(f"/beacon/view.gif?p={story.pk}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert pending() == {str(story.pk): 1}
    assert client.post("/beacon/view?p=abc", HTTP_USER_AGENT=BROWSER).status_code == 400
    assert client.post("/beacon/view?p=" + "9" * 40, HTTP_USER_AGENT=BROWSER).status_code == 400
    assert client.get(f"/beacon/view?p={story.pk}").status_code == 405


def test_beacon_flood_is_capped_per_client(client, world, settings, one_rate_window):
    settings.DATELINE_BEACON_RATE_LIMIT = (2, 600)
    stories = [ArticlePageFactory(section=world, title=f"Story {n}") for n in range(4)]
    for story in stories:
        beacon(client, story.pk)
    assert sorted(pending()) == sorted(str(s.pk) for s in stories[:2])


def test_article_pages_carry_the_beacon_and_stay_the_same_for_everyone(client, world):
    story = ArticlePageFactory(section=world, title="Story")
    html = client.get(story.url).content.decode()
    assert f'data-beacon="/beacon/view?p={story.pk}"' in html
    assert f'src="/beacon/view.gif?p={story.pk}"' in html
    assert pending() == {}  # serving the page counts nothing: the browser reports the view


def test_roll_up_moves_counts_into_hourly_rows_and_topics(client, world):
    story = ArticlePageFactory(section=world, title="Story", tags=["Budget", "Tax"])
    other = ArticlePageFactory(section=world, title="Other")
    for n in range(3):
        beacon(client, story.pk, address=f"192.0.2.{n}")
    beacon(client, other.pk)
    view_counter.hit("999999")  # not a page: dropped at roll-up
    assert roll_up_views() == 4
    hour = hour_start(dt.datetime.now(dt.UTC))
    assert set(PageViewHour.objects.values_list("page_id", "hour", "views", "top_section_id")) == {
        (story.pk, hour, 3, world.pk),
        (other.pk, hour, 1, world.pk),
    }
    assert dict(TagViewHour.objects.values_list("tag__name", "views")) == {"Budget": 3, "Tax": 3}
    assert pending() == {}
    assert roll_up_views() == 0  # drained: nothing counted twice
    beacon(client, story.pk, address="192.0.2.50")
    assert roll_up_views() == 1
    assert PageViewHour.objects.get(page=story).views == 4


def test_counter_keeps_hits_that_arrive_during_a_drain():
    counter = CacheCounter("test", 3600)
    now = NOW.timestamp()
    counter.hit("a", when=now)
    counter.hit("a", when=now)
    counter.hit("b", when=now - 3600)  # the previous hour is still drained
    assert counter.drain(now=now) == {
        counter.bucket(now): {"a": 2},
        counter.bucket(now) - 1: {"b": 1},
    }
    counter.hit("a", when=now)
    assert counter.drain(now=now) == {counter.bucket(now): {"a": 1}}


def test_no_address_or_agent_reaches_the_cache_or_the_database(client, world):
    story = ArticlePageFactory(section=world, title="Story")
    beacon(client, story.pk, address="203.0.113.77")
    roll_up_views()
    stored = cache_contents("counters") + cache_contents("default")
    assert "203.0.113.77" not in stored and "Chrome/131" not in stored
    assert [f.name for f in PageViewHour._meta.get_fields()] == [
        "id",
        "page",
        "hour",
        "views",
        "top_section_id",
    ]


def _views(page, hours_ago: int, views: int) -> None:
    PageViewHour.objects.create(
        page=page,
        hour=hour_start(NOW) - dt.timedelta(hours=hours_ago),
        views=views,
        top_section_id=page.top_section_id,
    )


def test_most_read_in_24_hours_site_wide_and_per_section(home, world):
    sport = make_section(home, "Sport")
    a = ArticlePageFactory(section=world, title="A")
    b = ArticlePageFactory(section=world, title="B")
    c = ArticlePageFactory(section=sport, title="C")
    withdrawn = ArticlePageFactory(section=world, title="Withdrawn")
    _views(a, 1, 50)
    _views(a, 30, 1000)  # older than a day: not counted
    _views(b, 2, 80)
    _views(c, 0, 60)
    _views(withdrawn, 0, 500)
    unpublish_article(withdrawn)
    from dateline.trending.ranking import most_read_ids

    # Ids only: withdrawn stories drop out when the cards are loaded (next test).
    assert most_read_ids(now=NOW) == [withdrawn.pk, b.pk, c.pk, a.pk]
    assert most_read_ids(world.pk, now=NOW) == [withdrawn.pk, b.pk, a.pk]
    assert most_read_ids(sport.pk, now=NOW) == [c.pk]


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_most_read_cards_skip_withdrawn_stories_and_cost_fixed_queries(
    world, image, django_assert_num_queries
):
    stories = [
        ArticlePageFactory(section=world, title=f"Story {n}", hero_image=image) for n in range(4)
    ]
    current = hour_start(dt.datetime.now(dt.UTC))
    for views, story in zip([40, 30, 20, 10], stories, strict=True):
        PageViewHour.objects.create(page=story, hour=current, views=views)
    unpublish_article(stories[0])
    # ids, the restricted pages (the public rule: core.visibility), stories, hero images,
    # renditions, bylines
    with django_assert_num_queries(7):  # +1: the next waiting story (visibility.next_due)
        cards = most_read(limit=2)
    assert [c.title for c in cards] == ["Story 1", "Story 2"]


def test_trend_score_formula():
    # A steady topic: recent views as expected -> z = 0.
    assert trend_score(recent=300, baseline=16_800)[0] == pytest.approx(0.0)
    # Small topic surging (2/h -> 30/h): expected 6, got 90.
    z_small, expected = trend_score(recent=90, baseline=336)
    assert expected == pytest.approx(6.0)
    assert z_small == pytest.approx((90 - 6) / 4)
    # Big topic up 10%: a large but ordinary rise ranks below the small topic's surge.
    z_big, _ = trend_score(recent=3300, baseline=168_000)
    assert 0 < z_big < z_small
    # A brand-new topic needs real volume: 6 views are z 1.9, 60 views z 19.
    assert trend_score(6, 0)[0] == pytest.approx(6 / 10**0.5)


def _tag_stream(tag, per_hour_baseline: int, per_hour_recent: int) -> None:
    rows = []
    current = hour_start(NOW)
    for hours_ago in range(0, 3 + 168):
        views = per_hour_recent if hours_ago < 3 else per_hour_baseline
        if views:
            rows.append(
                TagViewHour(tag=tag, hour=current - dt.timedelta(hours=hours_ago), views=views)
            )
    TagViewHour.objects.bulk_create(rows)


def test_trending_topics_on_synthetic_view_streams(db):
    steady = Tag.objects.create(name="Cricket", slug="cricket")
    surging = Tag.objects.create(name="Cyclone", slug="cyclone")
    big_rise = Tag.objects.create(name="Elections", slug="elections")
    tiny_new = Tag.objects.create(name="Quiz", slug="quiz")
    falling = Tag.objects.create(name="Budget", slug="budget")
    hidden = Tag.objects.create(name="Celebrity", slug="celebrity")
    _tag_stream(steady, 100, 100)
    _tag_stream(surging, 2, 30)
    _tag_stream(big_rise, 1000, 1100)
    _tag_stream(tiny_new, 0, 1)  # 3 recent views: under the minimum
    _tag_stream(falling, 50, 10)
    _tag_stream(hidden, 1, 500)
    HiddenTrendingTopic.objects.create(tag=hidden)
    trends = compute_trending_topics(now=NOW)
    assert [t.name for t in trends] == ["Cyclone", "Elections"]
    assert trends[0].recent == 90 and trends[0].expected == pytest.approx(6.0)


def test_trending_strip_pins_first_then_computed_topics(db, world):
    surging = Tag.objects.create(name="Cyclone", slug="cyclone")
    other = Tag.objects.create(name="Floods", slug="floods")
    _tag_stream(surging, 2, 30)
    _tag_stream(other, 1, 20)
    Menu.objects.create(
        handle="trending",
        title="Trending",
        items=[
            ("link", {"label": "Elections 2026", "url": "/topic/elections/"}),
            ("link", {"label": "Floods", "url": "/topic/floods/"}),
        ],
    )
    import dateline.trending.ranking as ranking

    computed = ranking.compute_trending_topics(now=NOW)
    caches["default"].set(ranking.TRENDING_CACHE_KEY, computed, 60)
    entries = trending_entries(limit=4)
    assert [(e["text"], e["href"]) for e in entries] == [
        ("Elections 2026", "/topic/elections/"),
        ("Floods", "/topic/floods/"),
        ("Cyclone", "/topic/cyclone/"),
    ]
    assert [e["text"] for e in trending_entries(limit=1)] == ["Elections 2026"]


def test_periodic_jobs_run_and_a_failure_is_logged_not_fatal(settings, caplog):
    calls = []
    settings.DATELINE_PERIODIC_JOBS = [
        "dateline.trending.tests.test_trending.failing_job",
        "dateline.trending.tests.test_trending.recording_job",
    ]
    recording_job.calls = calls
    with caplog.at_level(logging.ERROR, logger="dateline.newsroom"):
        run_periodic_jobs()
    assert calls == ["ran"]
    assert "Periodic job dateline.trending.tests.test_trending.failing_job failed" in caplog.text


def failing_job():
    raise RuntimeError("boom")


def recording_job():
    recording_job.calls.append("ran")


def test_roll_up_is_queued_at_most_once_a_minute(client, world):
    from dateline.trending.tasks import enqueue_roll_up

    story = ArticlePageFactory(section=world, title="Story")
    beacon(client, story.pk)
    enqueue_roll_up()  # the immediate backend in tests runs it at once
    assert PageViewHour.objects.get(page=story).views == 1
    beacon(client, story.pk, address="192.0.2.99")
    enqueue_roll_up()  # within the minute: not queued again
    assert PageViewHour.objects.get(page=story).views == 1


def test_counts_survive_past_the_file_cache_default_timeout(settings, tmp_path, monkeypatch):
    """The embedded counters live in the file cache, whose generic incr used to rewrite a
    key with the default 5-minute timeout: an hour's bucket then lost its slot list."""
    import django.core.cache.backends.filebased as filebased

    settings.CACHES = {
        **settings.CACHES,
        "counters": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    counter = CacheCounter("file-test", 3600)
    now = NOW.timestamp()
    counter.hit("a", when=now)
    counter.hit("a", when=now)
    counter.hit("b", when=now)
    real_time = filebased.time.time
    monkeypatch.setattr(filebased.time, "time", lambda: real_time() + 1800)  # half an hour on
    counter.hit("c", when=now)
    assert counter.drain(now=now) == {counter.bucket(now): {"a": 2, "b": 1, "c": 1}}
    counter.hit("a", when=now)
    assert counter.drain(now=now) == {counter.bucket(now): {"a": 1}}
    # Once a bucket is older than the kept ones, a drain deletes its keys.
    later = now + 3600 * (counter.keep_buckets + 1)
    assert counter.drain(now=later) == {}
    assert len(list(tmp_path.iterdir())) == 0
