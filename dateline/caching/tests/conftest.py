"""A small tree with the page cache on, and helpers to see which pages a change purged."""

from __future__ import annotations

import pytest

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.caching import backends
from dateline.listings.factories import make_section
from dateline.site.factories import make_standard_page


@pytest.fixture(autouse=True)
def page_cache_on(page_cache_on):
    """Every caching test runs with the project's page_cache_on fixture."""
    return page_cache_on


class Tree:
    """Home › World › US News, Sport; four stories, two topics, an author, an agency."""

    def __init__(self, home, world, us_news, image):
        self.home, self.world, self.us_news = home, world, us_news
        self.sport = make_section(home, "Sport")
        self.author = AuthorFactory(name="Priya Nair", slug="priya-nair")
        self.agency = AgencyFactory()
        self.about = make_standard_page(home, "About us", intro="Who we are.")
        self.a = ArticlePageFactory(
            section=us_news, title="Polls open early", tags=["Elections"], authors=[self.author],
            hero_image=image,
        )  # fmt: skip
        self.b = ArticlePageFactory(section=world, title="Tariffs eased", tags=["Trade"])
        self.c = ArticlePageFactory(section=self.sport, title="Kit deal signed", tags=["Trade"])
        self.d = ArticlePageFactory(section=self.sport, title="Derby postponed")

    @property
    def paths(self) -> dict[str, str]:
        return {
            "home": "/",
            "world": self.world.url,
            "us-news": self.us_news.url,
            "sport": self.sport.url,
            "a": self.a.url,
            "b": self.b.url,
            "c": self.c.url,
            "d": self.d.url,
            "topic-elections": "/topic/elections/",
            "topic-trade": "/topic/trade/",
            "author": self.author.get_absolute_url(),
            "agency": self.agency.get_absolute_url(),
            "about": self.about.url,
            "feed-latest": "/feeds/latest/rss/",
            "feed-sport": "/feeds/section/sport/rss/",
            "feed-elections": "/feeds/topic/elections/rss/",
            "sitemap": "/sitemap.xml",
            "news-sitemap": "/sitemap-news.xml",
            "robots": "/robots.txt",
        }


@pytest.fixture
def tree(home, world, us_news, image) -> Tree:
    return Tree(home, world, us_news, image)


@pytest.fixture
def warm(client, tree):
    """Fill the page cache with every page of the tree; return a function that tells which
    of them a later change purged (a MISS now) and checks the rest still HIT."""

    def fill() -> None:
        for name, path in tree.paths.items():
            first = client.get(path)
            assert first.status_code == 200, (name, first.status_code)
            assert client.get(path)["X-Cache"] == "HIT", name

    def purged() -> set[str]:
        gone = set()
        for name, path in tree.paths.items():
            response = client.get(path)
            if response["X-Cache"] != "HIT":
                gone.add(name)
        return gone

    fill()
    backends.PURGED.clear()
    return purged
