"""Keys the signal handlers name for changes outside the story path."""

import pytest

from dateline.articles.factories import AuthorFactory
from dateline.caching import signal_handlers
from dateline.core.dependencies import key_for, listing_key
from dateline.sections.factories import make_section

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


def test_a_deleted_author_purges_every_list_of_authors(invalidated):
    author = AuthorFactory()
    type_key = key_for(type(author))

    author.save()
    assert type_key not in invalidated  # an edit changes only what showed that author

    author.delete()
    assert type_key in invalidated
