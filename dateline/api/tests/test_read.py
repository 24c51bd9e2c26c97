"""The read API: every endpoint, its filters, and the public rule (nothing unpublished)."""

import base64
import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles import services
from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticleCorrection, ArticlePage
from dateline.home.models import HomePageTopStory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_index_names_the_schema_and_docs(client, home):
    body = client.get("/api/").json()
    assert body["schema_url"] == "http://testserver/api/v1/openapi.json"
    assert body["docs_url"] == "http://testserver/api/v1/docs/"
    assert body["endpoints"]["stories"] == "http://testserver/api/v1/stories/"
    assert client.get("/api/v1/openapi.json").json()["openapi"] == "3.1.0"


def test_stories_newest_first_with_their_byline_and_topics(client, world):
    author = AuthorFactory(name="Asha Rao")
    agency = AgencyFactory()
    older = ArticlePageFactory(
        section=world, authors=[author], tags=["Climate"], published_at=NOW - dt.timedelta(hours=2)
    )
    newer = ArticlePageFactory(
        section=world, agency=agency, published_at=NOW - dt.timedelta(hours=1)
    )
    body = client.get("/api/v1/stories/").json()
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]
    first, second = body["items"]
    assert first["agency"]["slug"] == "associated-press"
    assert second["authors"][0]["name"] == "Asha Rao"
    assert second["topics"][0]["slug"] == "climate"
    assert second["section"]["title"] == "World"
    assert second["url"] == f"http://testserver{older.url}"
    assert body["next_cursor"] is None and body["next"] is None


def test_filters(client, world, us_news):
    author = AuthorFactory(name="Asha Rao")
    agency = AgencyFactory()
    in_world = ArticlePageFactory(section=world, tags=["Climate"], article_type="opinion")
    in_us = ArticlePageFactory(section=us_news, authors=[author], agency=agency)
    assert set(ids(client.get(f"/api/v1/stories/?section={world.pk}"))) == {in_world.pk, in_us.pk}
    assert ids(client.get(f"/api/v1/stories/?section={us_news.pk}")) == [in_us.pk]
    assert ids(client.get("/api/v1/stories/?topic=climate")) == [in_world.pk]
    assert ids(client.get("/api/v1/stories/?author=asha-rao")) == [in_us.pk]
    assert ids(client.get("/api/v1/stories/?agency=associated-press")) == [in_us.pk]
    assert ids(client.get("/api/v1/stories/?type=opinion")) == [in_world.pk]
    since = (NOW + dt.timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert ids(client.get("/api/v1/stories/", {"updated_since": since})) == []


def test_bad_input_is_a_clear_400_and_unknown_filters_404(client, home):
    response = client.get("/api/v1/stories/?limit=101")
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]
    response = client.get("/api/v1/stories/?cursor=not-a-cursor")
    assert response.status_code == 400
    assert response.json()["detail"] == "The cursor is not one this API gave out."
    assert client.get("/api/v1/stories/?topic=nothing-here").status_code == 404
    assert client.get("/api/v1/stories/?section=999999").status_code == 404
    assert client.get("/api/v1/stories/99999999999/").status_code == 400  # past 32 bits
    assert client.get("/api/v1/stories/4242/").status_code == 404
    response = client.get("/api/v1/stories/?topic=a%00b")
    assert response.status_code == 400
    assert response.json() == {"detail": "The address holds a NUL byte."}


def test_times_from_clients_are_compared_in_utc_or_refused(client, world):
    story = ArticlePageFactory(section=world)
    # An offset ISO 8601 allows and PostgreSQL refuses (past ±15:59) is moved to UTC first.
    far_offset = (NOW - dt.timedelta(days=1)).astimezone(dt.timezone(-dt.timedelta(hours=17)))
    assert ids(client.get("/api/v1/stories/", {"updated_since": far_offset.isoformat()})) == [
        story.pk
    ]
    later = (NOW + dt.timedelta(days=1)).astimezone(dt.timezone(dt.timedelta(hours=17, minutes=5)))
    assert ids(client.get("/api/v1/stories/", {"updated_since": later.isoformat()})) == []
    # A time at the calendar's ends that falls outside it in UTC is that end (valid input).
    assert ids(client.get("/api/v1/stories/", {"updated_since": "0001-01-01T00:00:00+00:07"})) == [
        story.pk
    ]
    assert ids(client.get("/api/v1/stories/", {"updated_since": "9999-12-31T23:00:00-05:00"})) == []
    # A forged cursor gets the same treatment, and an id past 32 bits is refused.
    for forged in (b"6681-07-29T05:04:32-17:05|3", b"9999-12-31T23:00:00-05:00|3"):
        cursor = base64.urlsafe_b64encode(forged).decode()
        assert ids(client.get("/api/v1/stories/", {"cursor": cursor})) == [story.pk]
    cursor = base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|99999999999").decode()
    assert client.get("/api/v1/stories/", {"cursor": cursor}).status_code == 400


def test_detail_has_blocks_html_and_corrections(client, world):
    story = ArticlePageFactory(section=world, dateline_place="Tokyo")
    story.corrections.add(
        ArticleCorrection(kind="correction", text="An earlier version misspelt a name.")
    )
    services.revise_article(story)
    body = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert body["dateline"] == "Tokyo"
    assert [block["type"] for block in body["body"]] == ["paragraph", "paragraph"]
    assert body["body"][0]["value"] == "<p>The first paragraph of the story.</p>"
    assert "The second paragraph adds context." in body["body_html"]
    assert body["corrections"][0]["text"] == "An earlier version misspelt a name."


def test_picture_renditions_at_named_sizes(client, world, image):
    story = ArticlePageFactory(section=world, hero_image=image, hero_alt="A river at dawn")
    picture = client.get(f"/api/v1/stories/{story.pk}/").json()["picture"]
    assert picture["alt"] == "A river at dawn"
    assert set(picture["renditions"]) == {"thumbnail", "small", "medium", "large", "social"}
    assert picture["renditions"]["small"]["width"] == 480


def test_nothing_unpublished_appears(client, world):
    shown = ArticlePageFactory(section=world)
    scheduled = ArticlePageFactory(section=world, published_at=NOW + dt.timedelta(days=1))
    embargoed = ArticlePageFactory(section=world)
    # freshness: a live story put under embargo directly, as the visibility tests do
    ArticlePage.objects.filter(pk=embargoed.pk).update(embargo_until=NOW + dt.timedelta(days=1))
    draft = ArticlePageFactory(section=world, publish=False)
    withdrawn = ArticlePageFactory(section=world, tags=["Hidden topic"])
    services.unpublish_article(withdrawn)
    assert ids(client.get("/api/v1/stories/")) == [shown.pk]
    for story in (scheduled, embargoed, draft, withdrawn):
        assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404
    assert "hidden-topic" not in [t["slug"] for t in client.get("/api/v1/topics/").json()]


def test_listings(client, world, us_news):
    author = AuthorFactory(name="Asha Rao")
    AgencyFactory()
    ArticlePageFactory(section=us_news, authors=[author], tags=["Budget"])
    sections = client.get("/api/v1/sections/").json()
    assert [(s["title"], s["parent_id"]) for s in sections] == [
        ("World", None),
        ("US News", world.pk),
    ]
    assert [t["slug"] for t in client.get("/api/v1/topics/").json()] == ["budget"]
    assert [a["slug"] for a in client.get("/api/v1/authors/").json()] == ["asha-rao"]
    assert [a["slug"] for a in client.get("/api/v1/agencies/").json()] == ["associated-press"]


def test_top_stories_follow_the_desk_then_the_latest(client, home, world):
    pick = ArticlePageFactory(section=world, published_at=NOW - dt.timedelta(days=2))
    latest = ArticlePageFactory(section=world)
    hidden = ArticlePageFactory(section=world)
    services.unpublish_article(hidden)
    HomePageTopStory.objects.create(page=home, story=pick, sort_order=0)
    HomePageTopStory.objects.create(page=home, story=hidden, sort_order=1)
    home.top_stories_count = 2
    home.save()
    body = client.get("/api/v1/stories/top/").json()
    assert [item["id"] for item in body] == [pick.pk, latest.pk]


def test_top_stories_read_every_topic_in_one_query(client, home, world, settings):
    """One query for all the stories' topics (it was one per story)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}
    home.top_stories_count = 5
    home.save()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/stories/top/").status_code == 200
        return len(captured)

    ArticlePageFactory(section=world, tags=["Budget"])
    client.get("/api/v1/stories/top/")  # first use: the site's settings rows
    one = queries()
    for n in range(3):
        ArticlePageFactory(section=world, tags=[f"Topic {n}", "Budget"])
    assert queries() == one
