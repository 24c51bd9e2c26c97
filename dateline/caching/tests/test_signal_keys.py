"""Keys the signal handlers name for changes outside the story path."""

import pytest

from dateline.articles.factories import AuthorFactory
from dateline.caching import signal_handlers
from dateline.caching.dependencies import key_for, listing_key
from dateline.listings.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def invalidated(monkeypatch) -> list[str]:
    keys: list[str] = []
    monkeypatch.setattr(signal_handlers, "invalidate", lambda *named: keys.extend(named))
    return keys


def test_a_moved_page_purges_the_page_listings(world, us_news, home, invalidated):
    """The page sitemaps list it by URL and count the pages under each site's root."""
    sport = make_section(home, "Sport")
    invalidated.clear()

    us_news.move(sport, pos="last-child")

    assert {key_for(us_news), listing_key("pages")} <= set(invalidated)


def test_an_author_edit_or_deletion_purges_the_author_and_every_list_of_authors(invalidated):
    """Every write purges the instance and its model's coarse keys (whatever read the table
    without narrowing: the author sitemap's list of all authors)."""
    author = AuthorFactory()
    keys = {key_for(author), key_for(type(author)), listing_key("articles.author")}

    invalidated.clear()
    author.save()
    assert keys <= set(invalidated)

    invalidated.clear()
    author.delete()
    assert keys <= set(invalidated)
