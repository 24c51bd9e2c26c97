"""With the page cache on, publishing a Short or a Web Story purges exactly the pages that
list it: the feed pages, the home strips, Impact Shorts on stories, their feeds and sitemaps."""

import pytest
from django.core.cache import cache

from dateline.articles.factories import ArticlePageFactory
from dateline.shorts.factories import make_short
from dateline.stories.factories import make_web_story, make_web_story_index


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    cache.clear()


@pytest.fixture
def pages(home, world, shorts_index, image):
    story = ArticlePageFactory(section=world, title="A story with Impact Shorts")
    make_short(shorts_index, "First short", slug="first", image=image)
    make_web_story(make_web_story_index(home), "First web story", image=image)
    return {
        "shorts": "/shorts/",
        "home": "/",
        "story": story.url,
        "web-stories": "/web-stories/",
        "shorts-feed": "/feeds/shorts/rss/",
        "web-stories-feed": "/feeds/web-stories/rss/",
        "shorts-sitemap": "/sitemap-shorts.xml",
    }


def warm(client, pages):
    for name, path in pages.items():
        assert client.get(path).status_code == 200, name
        assert client.get(path)["X-Cache"] == "HIT", name


def purged(client, pages) -> set[str]:
    return {name for name, path in pages.items() if client.get(path)["X-Cache"] != "HIT"}


def test_publishing_a_short_purges_every_page_that_lists_shorts(
    client, pages, shorts_index, django_capture_on_commit_callbacks
):
    warm(client, pages)
    with django_capture_on_commit_callbacks(execute=True):
        make_short(shorts_index, "Second short", slug="second")
    assert {"shorts", "home", "story", "shorts-feed", "shorts-sitemap"} <= purged(client, pages)
    assert "Second short" in client.get("/shorts/").content.decode()


def test_publishing_a_web_story_leaves_the_shorts_feed_cached(
    client, pages, home, image, django_capture_on_commit_callbacks
):
    warm(client, pages)
    with django_capture_on_commit_callbacks(execute=True):
        make_web_story(make_web_story_index(home), "Second web story", slug="second", image=image)
    gone = purged(client, pages)
    assert {"web-stories", "home", "web-stories-feed"} <= gone
    assert "shorts" not in gone and "shorts-feed" not in gone
