"""One rule for a Short's "Read the full story" (`ShortPage.full_story`): a story readers
may not see takes the link away, everywhere the Short shows, at once; the Short stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import unpublish_article
from dateline.shorts.factories import make_short

pytestmark = pytest.mark.django_db

LINK = "Read the full story"


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    return page_cache_on


def warm(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url


def test_unpublishing_the_story_takes_the_link_away_and_republishing_brings_it_back(
    client, world, shorts_index, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(section=world, title="Libraries stay open later")
    short = make_short(shorts_index, "Libraries open late", story=story)
    urls = [shorts_index.url, short.url]
    warm(client, *urls)
    assert all(LINK in client.get(url).text for url in urls)

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_article(story)
    for url in urls:
        html = client.get(url).text
        assert "Libraries open late" in html and LINK not in html, url

    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert all(LINK in client.get(url).text for url in urls)


def test_a_restricted_story_takes_the_link_away(
    client, world, shorts_index, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(section=world)
    short = make_short(shorts_index, story=story)
    warm(client, short.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=world, restriction_type="login")
    assert LINK not in client.get(short.url).text


def test_a_story_not_yet_due_brings_the_link_at_its_time(client, clock, world, shorts_index):
    due = timezone.now() + dt.timedelta(seconds=60)
    story = ArticlePageFactory(section=world, published_at=due)
    short = make_short(shorts_index, story=story)
    first = client.get(short.url)
    assert LINK not in first.text and first["X-Cache"] == "MISS"
    assert client.get(short.url)["X-Cache"] == "HIT"

    clock.move_to(due + dt.timedelta(seconds=1))

    assert LINK in client.get(short.url).text
