"""The change feed: created, updated, withdrawn and deleted stories, in order, once each."""

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def read(client, since=None, **params) -> dict:
    if since:
        params["since"] = since
    response = client.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def kinds(body) -> list[tuple[str, int]]:
    return [(item["kind"], item["id"]) for item in body["items"]]


def test_publications_updates_withdrawals_and_deletions_in_order(client, world):
    story = ArticlePageFactory(section=world)
    other = ArticlePageFactory(section=world)
    first = read(client)
    assert kinds(first) == [("created", story.pk), ("created", other.pk)]
    assert first["items"][0]["api_url"] == f"http://testserver/api/v1/stories/{story.pk}/"
    assert first["items"][0]["type"] == "story"
    services.revise_article(story, title="Updated")
    services.unpublish_article(other)
    second = read(client, first["next_cursor"])
    assert kinds(second) == [("updated", story.pk), ("withdrawn", other.pk)]
    assert second["items"][1]["api_url"] is None
    story.delete()  # Wagtail unpublishes a live page it deletes
    third = read(client, second["next_cursor"])
    assert kinds(third) == [("withdrawn", story.pk), ("deleted", story.pk)]
    # Nothing new: the same cursor comes back, and still works.
    assert read(client, third["next_cursor"]) == {
        "items": [],
        "next_cursor": third["next_cursor"],
        "has_more": False,
    }


def test_pages_of_the_feed(client, world):
    stories = [ArticlePageFactory(section=world) for _ in range(3)]
    first = read(client, limit=2)
    assert first["has_more"] is True
    second = read(client, first["next_cursor"], limit=2)
    assert second["has_more"] is False
    assert [item["id"] for item in first["items"] + second["items"]] == [s.pk for s in stories]


def test_a_scheduled_story_enters_the_feed_when_it_becomes_visible(client, world, clock):
    due = timezone.now() + dt.timedelta(minutes=30)
    story = ArticlePageFactory(section=world, published_at=due)
    assert read(client)["items"] == []
    clock.move_to(due + dt.timedelta(seconds=1))
    assert kinds(read(client)) == [("created", story.pk)]


def test_a_scheduled_story_withdrawn_before_its_time_never_shows_as_published(client, world):
    story = ArticlePageFactory(section=world, published_at=timezone.now() + dt.timedelta(hours=1))
    services.unpublish_article(story)
    assert kinds(read(client)) == [("withdrawn", story.pk)]


def test_changes_wait_to_settle(client, world, clock, settings):
    settings.DATELINE_API = {**settings.DATELINE_API, "CHANGES_SETTLE_SECONDS": 5}
    now = timezone.now()
    clock.move_to(now)
    story = ArticlePageFactory(section=world, published_at=now - dt.timedelta(minutes=1))
    assert read(client)["items"] == []
    clock.move_to(now + dt.timedelta(seconds=6))
    assert kinds(read(client)) == [("created", story.pk)]


def test_a_bad_cursor_is_a_400(client, home):
    response = client.get("/api/v1/changes/?since=nope")
    assert response.status_code == 400
    assert response.json() == {"detail": "The cursor is not one this API gave out."}
