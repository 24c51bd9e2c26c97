"""The other reader surfaces in the API: Shorts, Web Stories, shows and videos, Live TV,
trending and most read, search and live-blog entries.

For each: what it lists, that a change shows at once and a withdrawal or a view restriction
takes the item away (the page cache is on: a stale entry would be served), and the exact
queries of an uncached read, the same with more items (no query per item)."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.caching.cachestore import forget_everything, page_cache
from dateline.live import services as live_services
from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.trending.models import HiddenTrendingTopic, PageViewHour, TagViewHour
from dateline.trending.ranking import hour_start
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(**kwargs) -> dt.datetime:
    return NOW - dt.timedelta(**kwargs)


def get(client, url, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


# Every uncached API read starts with the site, its home page and its settings (the site
# middleware, one cached value: the home page is read with them so routing can start from the
# copy) and the view restrictions (the public rule).
BASE_QUERIES = 4


def queries_of_a_miss(client, url) -> int:
    """The queries of an uncached read (its pictures' renditions made by an earlier read),
    beyond `BASE_QUERIES`."""
    client.get(url)
    page_cache().clear()
    forget_everything()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["X-Cache"] == "MISS"
    return len(queries) - BASE_QUERIES


def restrict(page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


# --- Shorts ---------------------------------------------------------------------------------


def test_shorts_newest_first_with_picture_topics_and_story(client, home, world, image):
    index = make_shorts_index(home)
    story = ArticlePageFactory(section=world, title="The full story")
    older = make_short(index, "Older", image=image, story=story, published_at=ago(hours=2))
    newer = make_short(index, "Newer", tags=("Rain",), published_at=ago(hours=1))
    body = get(client, "/api/v1/shorts/")
    assert ids(body) == [newer.pk, older.pk]
    first, second = body["items"]
    assert first["topics"][0]["slug"] == "rain" and first["picture"] is None
    assert set(second["picture"]["renditions"]) == {"card", "portrait"}
    assert second["picture"]["renditions"]["card"]["width"] == 720
    assert second["full_story"]["id"] == story.pk
    page = get(client, "/api/v1/shorts/", limit=1)
    assert ids(page) == [newer.pk]
    assert ids(get(client, "/api/v1/shorts/", limit=1, cursor=page["next_cursor"])) == [older.pk]


def test_shorts_fresh_at_once(client, home, world):
    index = make_shorts_index(home)
    story = ArticlePageFactory(section=world)
    short = make_short(index, "Before", story=story, published_at=ago(hours=1))
    assert get(client, "/api/v1/shorts/")["items"][0]["full_story"]["id"] == story.pk
    short.title = "After"
    short.save_revision().publish()
    assert get(client, "/api/v1/shorts/")["items"][0]["title"] == "After"
    services.unpublish_article(story)  # its link goes, the Short stays
    assert get(client, "/api/v1/shorts/")["items"][0]["full_story"] is None
    newer = make_short(index, "Newer")
    assert ids(get(client, "/api/v1/shorts/")) == [newer.pk, short.pk]
    newer.unpublish()
    assert ids(get(client, "/api/v1/shorts/")) == [short.pk]
    restrict(index)
    assert ids(get(client, "/api/v1/shorts/")) == []


def test_shorts_queries(client, home, image):
    index = make_shorts_index(home)
    make_short(index, "One", image=image, tags=("Rain",))
    # the shorts (with their stories), their pictures, renditions, topics; the
    # site's root paths (page URLs)
    assert queries_of_a_miss(client, "/api/v1/shorts/") == 5
    make_short(index, "Two", image=image, tags=("Sun",))
    make_short(index, "Three", image=image)
    assert queries_of_a_miss(client, "/api/v1/shorts/") == 5


# --- Web Stories ----------------------------------------------------------------------------


def test_web_stories_listed_and_fresh(client, home, image):
    index = make_web_story_index(home)
    older = make_web_story(index, "Older", image=image, published_at=ago(hours=2))
    body = get(client, "/api/v1/web-stories/")
    assert ids(body) == [older.pk]
    poster = body["items"][0]["poster"]
    assert set(poster["renditions"]) == {"card", "poster"}
    assert body["items"][0]["url"] == f"http://testserver{older.url}"
    newer = make_web_story(index, "Newer", image=image)
    assert ids(get(client, "/api/v1/web-stories/")) == [newer.pk, older.pk]
    newer.unpublish()
    assert ids(get(client, "/api/v1/web-stories/")) == [older.pk]
    restrict(older)
    assert ids(get(client, "/api/v1/web-stories/")) == []


def test_web_stories_queries(client, home, image):
    index = make_web_story_index(home)
    make_web_story(index, "One", image=image)
    # the stories, their posters, renditions; the site's root paths
    assert queries_of_a_miss(client, "/api/v1/web-stories/") == 4
    make_web_story(index, "Two", image=image)
    assert queries_of_a_miss(client, "/api/v1/web-stories/") == 4


# --- shows and videos -----------------------------------------------------------------------


def test_shows_and_their_videos(client, home, image):
    shows = make_show_index(home)
    show = make_show(shows, "Morning Brief", hosts=["Ann Lee"], artwork=image)
    hub = make_video_index(home)
    first = make_episode(show, "Episode one", uploaded_at=ago(hours=3), tags=("Rain",))
    second = make_episode(show, "Episode two", uploaded_at=ago(hours=2), is_short=True)
    alone = make_episode(hub, "A video story", uploaded_at=ago(hours=1), youtube_id="dQw4w9WgXcQ")
    (listed,) = get(client, "/api/v1/shows/")
    assert listed["hosts"] == ["Ann Lee"]
    assert set(listed["artwork"]["renditions"]) == {"large", "medium", "small"}
    assert ids(get(client, listed["videos_url"])) == [second.pk, first.pk]
    assert ids(get(client, "/api/v1/videos/")) == [alone.pk, second.pk, first.pk]
    assert ids(get(client, "/api/v1/videos/", short="true")) == [second.pk]
    page = get(client, "/api/v1/videos/", limit=2)
    assert ids(get(client, "/api/v1/videos/", limit=2, cursor=page["next_cursor"])) == [first.pk]
    detail = get(client, f"/api/v1/videos/{first.pk}/")
    assert detail["source"] == {
        "kind": "file",
        "url": "http://testserver/media/video/sample.mp4",
        "mime_type": "video/mp4",
    }
    assert detail["show"]["id"] == show.pk and detail["topics"][0]["slug"] == "rain"
    assert set(detail["thumbnail"]["renditions"]) == {"poster", "card", "portrait"}
    youtube = get(client, f"/api/v1/videos/{alone.pk}/")["source"]
    assert youtube["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_videos_fresh_at_once_and_on_their_upload_time(client, home, clock):
    hub = make_video_index(home)
    video = make_episode(hub, "Before", uploaded_at=ago(hours=1))
    assert get(client, f"/api/v1/videos/{video.pk}/")["title"] == "Before"
    video.title = "After"
    video.save_revision().publish()
    assert get(client, f"/api/v1/videos/{video.pk}/")["title"] == "After"
    assert get(client, "/api/v1/videos/")["items"][0]["title"] == "After"
    ahead = timezone.now() + dt.timedelta(minutes=20)
    later = make_episode(hub, "Later", uploaded_at=ahead)
    assert ids(get(client, "/api/v1/videos/")) == [video.pk]
    clock.move_to(ahead + dt.timedelta(seconds=1))
    assert ids(get(client, "/api/v1/videos/")) == [later.pk, video.pk]
    later.unpublish()
    assert ids(get(client, "/api/v1/videos/")) == [video.pk]
    assert client.get(f"/api/v1/videos/{later.pk}/").status_code == 404
    restrict(hub)
    assert ids(get(client, "/api/v1/videos/")) == []
    assert client.get(f"/api/v1/videos/{video.pk}/").status_code == 404


def test_shows_leave_when_withdrawn_or_restricted(client, home):
    shows = make_show_index(home)
    kept = make_show(shows, "Kept")
    gone = make_show(shows, "Gone")
    assert [show["id"] for show in get(client, "/api/v1/shows/")] == [kept.pk, gone.pk]
    gone.unpublish()
    assert [show["id"] for show in get(client, "/api/v1/shows/")] == [kept.pk]
    assert client.get(f"/api/v1/videos/?show={gone.pk}").status_code == 404
    restrict(kept)
    assert get(client, "/api/v1/shows/") == []


def test_video_queries(client, home, image):
    shows = make_show_index(home)
    show = make_show(shows, "Show", artwork=image, hosts=["Ann Lee"])
    make_episode(show, "One", thumbnail=image)
    # the next upload due (the public rule's clock), the videos with their shows, their
    # thumbnails, renditions, the shows' artwork, renditions; the site's root paths
    assert queries_of_a_miss(client, "/api/v1/videos/") == 7
    # the shows, their artwork, renditions, hosts (their authors only when one
    # is an author); the site's root paths
    assert queries_of_a_miss(client, "/api/v1/shows/") == 5
    make_episode(show, "Two", thumbnail=image)
    make_show(shows, "Another", artwork=image, hosts=["Bo Chan"])
    assert queries_of_a_miss(client, "/api/v1/videos/") == 7
    assert queries_of_a_miss(client, "/api/v1/shows/") == 5


# --- Live TV --------------------------------------------------------------------------------


def test_live_tv_now_and_next_by_the_clock(client, home, clock):
    now = timezone.now()
    page = make_live_tv(
        home,
        slots=[
            ("Morning news", now - dt.timedelta(minutes=30), now + dt.timedelta(minutes=30)),
            ("Noon", now + dt.timedelta(minutes=30), now + dt.timedelta(minutes=90)),
            ("Evening", now + dt.timedelta(minutes=90), now + dt.timedelta(minutes=150)),
        ],
    )
    body = get(client, "/api/v1/live-tv/")
    assert body["on_now"]["title"] == "Morning news"
    assert body["next"]["title"] == "Noon"
    assert [slot["title"] for slot in body["later"]] == ["Evening"]
    assert body["stream"] is None  # off air: no stream set
    clock.move_to(now + dt.timedelta(minutes=31))
    body = get(client, "/api/v1/live-tv/")
    assert body["on_now"]["title"] == "Noon" and body["next"]["title"] == "Evening"
    restrict(page)
    assert client.get("/api/v1/live-tv/").status_code == 404


def test_live_tv_stream_change_shows_at_once(client, home):
    from dateline.video.models import LiveTvSettings

    make_live_tv(home)
    assert get(client, "/api/v1/live-tv/")["stream"] is None
    channel = LiveTvSettings.for_site(home.get_site())
    channel.stream_url = "/media/live/channel.m3u8"
    channel.save()
    assert get(client, "/api/v1/live-tv/")["stream"]["kind"] == "hls"
    # the page, its programmes (with their shows), the channel's settings; the site's root paths
    assert queries_of_a_miss(client, "/api/v1/live-tv/") == 4


# --- trending and most read -----------------------------------------------------------------


def test_trending_topics_and_a_hidden_topic_leaves_at_once(client, db):
    rising = Tag.objects.create(name="Cyclone", slug="cyclone")
    other = Tag.objects.create(name="Cricket", slug="cricket")
    current = hour_start(NOW)
    TagViewHour.objects.bulk_create(
        [
            TagViewHour(tag=rising, hour=current, views=90),
            TagViewHour(tag=other, hour=current, views=30),
        ]
    )
    body = get(client, "/api/v1/trending/topics/")
    assert [topic["slug"] for topic in body] == ["cyclone", "cricket"]
    assert body[0]["recent_views"] == 90
    assert body[0]["url"] == "http://testserver/topic/cyclone/"
    HiddenTrendingTopic.objects.create(tag=rising)
    assert [topic["slug"] for topic in get(client, "/api/v1/trending/topics/")] == ["cricket"]


def test_most_read_leaves_out_withdrawn_and_restricted_stories(client, home, world, image):
    stories = [
        ArticlePageFactory(section=world, title=f"Story {n}", hero_image=image) for n in range(3)
    ]
    current = hour_start(NOW)
    for views, story in zip([30, 20, 10], stories, strict=True):
        PageViewHour.objects.create(
            page=story, hour=current, views=views, top_section_id=story.top_section_id
        )
    assert ids({"items": get(client, "/api/v1/trending/most-read/")}) == [s.pk for s in stories]
    in_world = get(client, "/api/v1/trending/most-read/", section=world.pk, limit=2)
    assert [story["id"] for story in in_world] == [stories[0].pk, stories[1].pk]
    services.unpublish_article(stories[0])
    assert [s["id"] for s in get(client, "/api/v1/trending/most-read/")] == [
        stories[1].pk,
        stories[2].pk,
    ]
    restrict(stories[1])
    assert [s["id"] for s in get(client, "/api/v1/trending/most-read/")] == [stories[2].pk]
    # the ids by views, the next story due (the public rule's clock), the stories, their
    # pictures, renditions, bylines, topics; the site's root paths
    assert queries_of_a_miss(client, "/api/v1/trending/most-read/?limit=4") == 8


# --- search ---------------------------------------------------------------------------------


def test_search_finds_public_stories_paged_and_fresh(client, world):
    first = ArticlePageFactory(
        section=world, title="Monsoon reaches Kerala", published_at=ago(hours=3)
    )
    second = ArticlePageFactory(
        section=world, title="Monsoon floods roads", published_at=ago(hours=2)
    )
    ArticlePageFactory(section=world, title="Monsoon draft", publish=False)
    body = get(client, "/api/v1/search/", q="monsoon")
    assert body["total"] == 2 and set(ids(body)) == {first.pk, second.pk}
    page = get(client, "/api/v1/search/", q="monsoon", limit=1)
    rest = get(client, "/api/v1/search/", q="monsoon", limit=1, cursor=page["next_cursor"])
    assert set(ids(page) + ids(rest)) == {first.pk, second.pk} and rest["next_cursor"] is None
    third = ArticlePageFactory(section=world, title="Monsoon ends")
    assert third.pk in ids(get(client, "/api/v1/search/", q="monsoon"))
    services.unpublish_article(first)
    assert first.pk not in ids(get(client, "/api/v1/search/", q="monsoon"))
    restrict(world)
    assert ids(get(client, "/api/v1/search/", q="monsoon")) == []


def test_search_filters_and_bad_input(client, world):
    author = AuthorFactory(name="Asha Rao")
    mine = ArticlePageFactory(section=world, title="Budget talks", authors=[author])
    ArticlePageFactory(section=world, title="Budget vote", article_type="opinion")
    assert ids(get(client, "/api/v1/search/", q="budget", author="asha-rao")) == [mine.pk]
    assert ids(get(client, "/api/v1/search/", q="budget", type="opinion")) != [mine.pk]
    assert ids(get(client, "/api/v1/search/", q="budget", section="world"))
    assert client.get("/api/v1/search/", {"q": "budget", "author": "nobody"}).status_code == 404
    assert client.get("/api/v1/search/", {"q": "budget", "section": "nowhere"}).status_code == 404
    early = client.get("/api/v1/search/", {"q": "budget", "date_from": "1066-10-14"})
    assert early.status_code == 400 and "date_from" in early.json()["detail"]
    unsearchable = get(client, "/api/v1/search/", q="&& =")
    assert unsearchable["items"] == [] and unsearchable["total"] == 0
    assert client.get("/api/v1/search/", {"q": "x" * 201}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "budget", "cursor": "bad"}).status_code == 400


def test_search_is_rate_limited_like_the_site(client, world, settings, one_rate_window):
    caches["counters"].clear()
    settings.DATELINE_SEARCH_RATE_LIMIT = (2, 60)
    ArticlePageFactory(section=world, title="Monsoon reaches Kerala")
    assert client.get("/api/v1/search/", {"q": "monsoon"}).status_code == 200
    assert client.get("/search/", {"q": "kerala"}).status_code == 200  # one allowance
    refused = client.get("/api/v1/search/", {"q": "rain"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert refused.json() == {"detail": "Too many searches; try again shortly."}
    caches["counters"].clear()


def test_search_queries(client, world, image):
    ArticlePageFactory(section=world, title="Monsoon one", hero_image=image)
    # the scores (SQLite's FTS), the next story due, the candidates; the page's stories,
    # their pictures, renditions, bylines, topics; the site's root paths
    # PostgreSQL ranks from the search documents in one query fewer than SQLite's FTS.
    expected = 9 if connection.vendor == "sqlite" else 8
    assert queries_of_a_miss(client, "/api/v1/search/?q=monsoon") == expected
    ArticlePageFactory(section=world, title="Monsoon two", hero_image=image)
    assert queries_of_a_miss(client, "/api/v1/search/?q=monsoon") == expected


# --- live blogs -----------------------------------------------------------------------------


def test_live_entries_newest_first_paged_by_entry(client, world):
    blog = LiveBlogPageFactory(section=world)
    entries = [LiveEntryFactory(blog=blog, headline=f"Update {n}") for n in range(3)]
    body = get(client, f"/api/v1/live-blogs/{blog.pk}/entries/", limit=2)
    assert body["status"] == "live" and body["next_poll_seconds"] == blog.poll_seconds
    assert ids(body) == [entries[2].pk, entries[1].pk]
    assert body["items"][0]["body"][0]["type"] == "text"
    assert "the count goes on" in body["items"][0]["body_html"]
    older = get(client, body["next"].replace("http://testserver", ""))
    assert ids(older) == [entries[0].pk] and older["next_cursor"] is None


def test_live_entries_fresh_at_once(client, world, desk_roles):
    blog = LiveBlogPageFactory(section=world)
    entry = LiveEntryFactory(blog=blog)
    url = f"/api/v1/live-blogs/{blog.pk}/entries/"
    assert ids(get(client, url)) == [entry.pk]
    newer = LiveEntryFactory(blog=blog, headline="Breaking")
    assert ids(get(client, url)) == [newer.pk, entry.pk]
    newer.deleted_at = timezone.now()
    newer.save()
    assert ids(get(client, url)) == [entry.pk]
    live_services.set_status(blog, "ended", check=False)
    body = get(client, url)
    assert body["status"] == "ended" and body["next_poll_seconds"] == 0
    services.unpublish_article(blog)
    assert client.get(url).status_code == 404


def test_live_entries_of_a_restricted_or_unknown_blog_are_404(client, world):
    blog = LiveBlogPageFactory(section=world)
    story = ArticlePageFactory(section=world)
    assert client.get(f"/api/v1/live-blogs/{story.pk}/entries/").status_code == 404
    restrict(blog)
    assert client.get(f"/api/v1/live-blogs/{blog.pk}/entries/").status_code == 404


def test_live_entries_queries(client, world):
    blog = LiveBlogPageFactory(section=world)
    LiveEntryFactory(blog=blog).authors.set([AuthorFactory()])
    url = f"/api/v1/live-blogs/{blog.pk}/entries/"
    # the next blog due (the public rule's clock), the blog, its entries, their authors, the
    # pinned entry
    assert queries_of_a_miss(client, url) == 5
    LiveEntryFactory(blog=blog).authors.set([AuthorFactory()])
    LiveEntryFactory(blog=blog)
    assert queries_of_a_miss(client, url) == 5


# --- the review's leftover: top stories -----------------------------------------------------


def test_top_stories_read_their_topics_in_one_query(client, home, world, image):
    ArticlePageFactory(section=world, tags=["Rain"], hero_image=image)
    # the home page's pins (the home page itself comes with the site, `BASE_QUERIES`), the
    # next story due (the public rule's clock), the latest stories, their pictures,
    # renditions, bylines, topics (one query for all stories, where it was one a story); the
    # site's root paths
    assert queries_of_a_miss(client, "/api/v1/stories/top/") == 8
    for n in range(3):
        ArticlePageFactory(section=world, tags=[f"Topic {n}", "Rain"], hero_image=image)
    assert queries_of_a_miss(client, "/api/v1/stories/top/") == 8
