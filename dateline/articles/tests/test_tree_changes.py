"""Denormalised fields follow the tree: a section moved or renamed takes its stories'
sections and addresses with it, and every cached page that showed them follows at once."""

from __future__ import annotations

import pytest

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.caching import dependencies
from dateline.caching.dependencies import listing_key
from dateline.listings.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    return page_cache_on


@pytest.fixture
def sport(home):
    return make_section(home, "Sport")


def section_listing(html: str) -> str:
    """A section page's own listing, without the site-wide rails beside it."""
    start = html.index('<div class="listing">')
    return html[start : html.index('<aside class="sidebar"', start)]


def warm(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def test_moving_a_sub_section_moves_its_stories_listings_and_addresses(
    client, home, world, us_news, sport, django_capture_on_commit_callbacks, monkeypatch
):
    story = ArticlePageFactory(section=us_news, title="Polls open early")
    old_url = story.url
    warm(client, world.url, sport.url, "/", old_url, "/feeds/section/world/rss/")
    assert "Polls open early" in client.get(world.url).text
    purged: set[str] = set()
    purge = dependencies.purge

    def spy(keys, urls=()):
        purged.update(keys)
        return purge(keys, urls)

    monkeypatch.setattr(dependencies, "purge", spy)

    with django_capture_on_commit_callbacks(execute=True):
        us_news.move(sport, pos="last-child")

    # Front caches purge by key: the listings the stories left and joined are named.
    sections = (world, us_news, sport)
    assert {listing_key("section", section.pk) for section in sections} <= purged

    story = ArticlePage.objects.get(pk=story.pk)
    assert (story.section_id, story.top_section_id) == (us_news.pk, sport.pk)
    assert story.url.startswith("/sport/us-news/")
    # World's own listing loses the story; its site-wide rail may now show it (the rail
    # skips only the stories the listing shows), at its new address.
    world_html = client.get(world.url).text
    assert "Polls open early" not in section_listing(world_html)
    assert old_url not in world_html
    assert "Polls open early" not in client.get("/feeds/section/world/rss/").text
    assert "Polls open early" in section_listing(client.get(sport.url).text)
    assert f'href="{story.url}"' in client.get("/").text  # the card's link, not the old one
    assert story in ArticlePage.objects.published().in_section(sport)
    assert story not in ArticlePage.objects.published().in_section(world)


def test_renaming_a_section_follows_on_every_cached_page(
    client, home, world, us_news, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(section=us_news, title="Polls open early")
    old_url = story.url
    warm(client, "/", world.url, us_news.url)

    with django_capture_on_commit_callbacks(execute=True):
        us_news.slug = "usa"
        us_news.save_revision().publish()

    story = ArticlePage.objects.get(pk=story.pk)
    assert story.url == old_url.replace("/us-news/", "/usa/")
    for url in ("/", world.url):
        html = client.get(url).text
        assert f'href="{story.url}"' in html and f'href="{old_url}"' not in html, url
    assert client.get(story.url).status_code == 200


def test_the_service_counts_only_stories_whose_sections_changed(home, world, us_news, sport):
    from dateline.articles.services import stories_below_moved

    ArticlePageFactory(section=us_news)
    ArticlePageFactory(section=world)
    assert stories_below_moved(world) == 0  # nothing moved: the sections already agree
    ArticlePage.objects.update(top_section=sport)  # as a bulk loader's mistake would leave it
    assert stories_below_moved(world) == 2
    assert set(ArticlePage.objects.values_list("top_section", flat=True)) == {world.pk}
