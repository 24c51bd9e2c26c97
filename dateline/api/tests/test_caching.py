"""API responses are cached and purged like pages, with ETag/304, Cache-Control and keys."""

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory
from dateline.caching import keysheader

pytestmark = pytest.mark.django_db


def test_a_read_is_stored_with_what_it_showed_and_answered_from_the_cache(
    client, world, django_assert_num_queries
):
    story = ArticlePageFactory(section=world)
    first = client.get("/api/v1/stories/")
    assert first["X-Cache"] == "MISS"
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "list:articles" in first[keysheader.header_name()]
    assert f"page:{story.pk}" in first[keysheader.header_name()]
    with django_assert_num_queries(0):
        second = client.get("/api/v1/stories/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_etag_and_304(client, world):
    ArticlePageFactory(section=world)
    etag = client.get("/api/v1/stories/")["ETag"]
    assert etag
    response = client.get("/api/v1/stories/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_publication_purges_lists_and_an_edit_purges_the_detail(client, world):
    story = ArticlePageFactory(section=world, title="Before")
    assert client.get("/api/v1/stories/")["X-Cache"] == "MISS"
    assert client.get(f"/api/v1/stories/{story.pk}/").json()["title"] == "Before"
    newer = ArticlePageFactory(section=world)
    listed = client.get("/api/v1/stories/")
    assert listed["X-Cache"] == "MISS"
    assert [item["id"] for item in listed.json()["items"]] == [newer.pk, story.pk]
    services.revise_article(story, title="After")
    assert client.get(f"/api/v1/stories/{story.pk}/").json()["title"] == "After"


def test_a_withdrawal_leaves_the_api_at_once(client, world):
    story = ArticlePageFactory(section=world)
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 200
    assert client.get("/api/v1/stories/").json()["items"]
    services.unpublish_article(story)
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404
    assert client.get("/api/v1/stories/").json()["items"] == []


def test_a_scheduled_story_appears_when_the_site_shows_it(client, world, clock):
    """Visible in the API exactly when on the site: the clock, no purge, no sweep."""
    now = timezone.now()
    due = now + dt.timedelta(minutes=30)
    story = ArticlePageFactory(section=world, published_at=due)
    assert client.get("/api/v1/stories/").json()["items"] == []
    assert client.get(story.url).status_code == 404
    clock.move_to(due + dt.timedelta(seconds=1))
    assert [item["id"] for item in client.get("/api/v1/stories/").json()["items"]] == [story.pk]
    assert client.get(story.url).status_code == 200


def test_query_parameters_the_api_does_not_read_make_no_entry(client, world):
    ArticlePageFactory(section=world)
    assert client.get("/api/v1/stories/?limit=5")["X-Cache"] == "MISS"
    assert client.get("/api/v1/stories/?limit=5&utm_source=x")["X-Cache"] == "HIT"


def test_keyed_reads_share_the_cached_answer(client, world, api_key):
    ArticlePageFactory(section=world)
    key, plain = api_key
    assert client.get("/api/v1/stories/")["X-Cache"] == "MISS"
    assert client.get("/api/v1/stories/", HTTP_X_API_KEY=plain)["X-Cache"] == "HIT"


def test_errors_are_not_stored(client, home):
    assert client.get("/api/v1/stories/?limit=0")["Cache-Control"] == "no-cache"
    assert client.get("/api/v1/stories/4242/")["X-Cache"] == "BYPASS"


def test_cors_for_the_api_only(client, world):
    response = client.get("/api/v1/stories/", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.example")
