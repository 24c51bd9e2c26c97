"""Reader pages: the /shorts/ feed, one Short, the home strip and the Impact Shorts cards."""

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.caching.dependencies import recording
from dateline.shorts.factories import make_short
from dateline.shorts.models import FEED_PAGE_SIZE


def _ago(minutes):
    return timezone.now() - dt.timedelta(minutes=minutes)


def test_feed_lists_published_shorts_newest_first_as_an_aria_feed(client, shorts_index, image):
    older = make_short(shorts_index, "Older short", published_at=_ago(30), image=image)
    newer = make_short(shorts_index, "Newer short", published_at=_ago(5))
    make_short(shorts_index, "Draft short", publish=False)
    response = client.get("/shorts/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="feed"' in html
    assert html.index("Newer short") < html.index("Older short")
    assert "Draft short" not in html
    assert f'id="short-{newer.pk}" tabindex="0"' in html
    assert 'role="article" aria-posinset="1" aria-setsize="2"' in html
    assert 'aria-posinset="2" aria-setsize="2"' in html
    assert f'<a href="/shorts/{older.slug}/">Older short</a>' in html
    assert "shorts/shorts.js" in html  # the keyboard enhancement, deferred


def test_feed_links_each_short_to_its_live_story_only(client, shorts_index, world):
    story = ArticlePageFactory(section=world, title="The full account")
    draft_story = ArticlePageFactory(section=world, title="Not out yet", publish=False)
    make_short(shorts_index, "With story", story=story)
    make_short(shorts_index, "With draft story", story=draft_story)
    html = client.get("/shorts/").content.decode()
    assert html.count("Read the full story") == 1
    assert f'href="{story.url}"' in html


def test_feed_records_the_listing_and_each_short(client, shorts_index, world):
    story = ArticlePageFactory(section=world)
    short = make_short(shorts_index, story=story)
    with recording() as keys:
        client.get("/shorts/")
    expected = {f"page:{shorts_index.pk}", "list:shorts", f"page:{short.pk}", f"page:{story.pk}"}
    assert expected <= keys


def test_feed_paginates_and_titles_page_two(client, shorts_index):
    for n in range(FEED_PAGE_SIZE + 1):
        make_short(shorts_index, f"Short {n}", slug=f"short-{n}", published_at=_ago(n))
    first = client.get("/shorts/").content.decode()
    second = client.get("/shorts/?page=2")
    assert 'rel="next" href="?page=2"' in first
    assert second.status_code == 200
    assert "<title>Shorts (page 2) |" in second.content.decode()
    assert "Short 20" in second.content.decode()
    assert client.get("/shorts/?page=3").status_code == 404
    assert client.get("/shorts/?page=x").status_code == 404


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_feed_query_count_does_not_grow_with_shorts(
    client, shorts_index, image, django_assert_num_queries
):
    for n in range(3):
        make_short(shorts_index, f"Short {n}", slug=f"s-{n}", image=image)
    client.get("/shorts/")  # renditions made once
    with django_assert_num_queries(QUERIES_FOR_FEED):
        client.get("/shorts/")
    for n in range(3, 8):
        make_short(shorts_index, f"Short {n}", slug=f"s-{n}", image=image)
    client.get("/shorts/")
    with django_assert_num_queries(QUERIES_FOR_FEED):
        client.get("/shorts/")


QUERIES_FOR_FEED = 19  # no view-restriction queries without restrictions


def test_empty_feed_says_so(client, shorts_index):
    response = client.get("/shorts/")
    assert response.status_code == 200
    assert "No shorts yet" in response.content.decode()


def test_a_short_has_its_own_page(client, shorts_index, world):
    story = ArticlePageFactory(section=world)
    short = make_short(shorts_index, "Own address", story=story, tags=("Budget",))
    with recording() as keys:
        response = client.get(f"/shorts/{short.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="short-' in html and "Own address" in html
    assert '<a href="/topic/budget/">Budget</a>' in html
    assert {f"page:{short.pk}", f"page:{story.pk}"} <= keys


def test_home_page_shows_the_shorts_strip(client, shorts_index, image):
    make_short(shorts_index, "On the strip", image=image)
    make_short(shorts_index, "Also on the strip", slug="also")
    with recording() as keys:
        html = client.get("/").content.decode()
    assert 'aria-labelledby="shorts-strip-heading"' in html
    assert '<a href="/shorts/">Shorts</a>' in html
    assert "On the strip" in html
    assert "list:shorts" in keys


def test_home_page_without_shorts_shows_no_strip(client, home):
    assert "shorts-strip" not in client.get("/").content.decode()


def test_impact_shorts_never_repeat_the_story_nor_its_rails(client, shorts_index, world, home):
    older = ArticlePageFactory(section=world, title="An older story", published_at=_ago(600))
    for n in range(16):  # enough newer stories to fill Related and both rails before `older`
        ArticlePageFactory(section=world, title=f"Rail story {n}", published_at=_ago(n + 1))
    story = ArticlePageFactory(section=world, published_at=_ago(300))
    in_rail = ArticlePageFactory(section=world, title="Newest in the rail", published_at=_ago(0))
    make_short(shorts_index, "About this story", slug="about", story=story)
    make_short(shorts_index, "About a rail story", slug="rail", story=in_rail)
    make_short(shorts_index, "About an older story", slug="older", story=older)
    with recording() as keys:
        html = client.get(story.url).content.decode()
    assert ">Impact Shorts</h2>" in html
    assert "About an older story" in html
    assert "About this story" not in html
    assert "About a rail story" not in html
    assert "list:shorts" in keys


def test_impact_shorts_load_neither_pictures_nor_stories(rf, shorts_index, world, image):
    """The article's Impact Shorts show a title and text: their pictures (with renditions)
    and their stories are not loaded (two queries and a wide join on every cold article)."""
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    story = ArticlePageFactory(section=world)
    make_short(shorts_index, "About a story", slug="about", story=story, image=image)
    template = Template("{% load shorts_tags %}{% impact_shorts %}")
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": rf.get("/")}))
    assert "About a story" in html
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailimages" not in sql
    assert "articles_articlepage" not in sql


def test_the_home_shorts_strip_leaves_out_stories_the_page_shows(client, shorts_index, world):
    shown = ArticlePageFactory(section=world, title="On the front page")
    make_short(shorts_index, "Short of a front-page story", slug="shown", story=shown)
    make_short(shorts_index, "Short of its own", slug="own")
    make_short(shorts_index, "Another of its own", slug="another")
    html = client.get("/").content.decode()
    assert "Short of its own" in html
    assert "Short of a front-page story" not in html


def test_a_strip_left_with_one_short_is_not_drawn(client, shorts_index, world):
    shown = ArticlePageFactory(section=world, title="On the front page")
    make_short(shorts_index, "Short of a front-page story", slug="shown", story=shown)
    make_short(shorts_index, "Short of its own", slug="own")
    html = client.get("/").content.decode()
    assert "shorts-strip" not in html  # one card beside a blank row reads as a hole
