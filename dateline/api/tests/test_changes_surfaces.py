"""The change feed beyond plain stories: every item the API serves at its own address (live
blogs, Shorts, Web Stories, videos, shows), and withdrawals by view restriction."""

import pytest
from wagtail.models import PageViewRestriction

from dateline.api.tests.test_changes import kinds, read
from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory
from dateline.listings.factories import make_section
from dateline.live.factories import LiveBlogPageFactory
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import make_episode, make_show, make_show_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def surfaces(home, world, image) -> dict:
    """One published item of every listed type, made in this order."""
    show = make_show(make_show_index(home), "Evening bulletin")
    return {
        "show": show,
        "video": make_episode(show, "Bulletin of the night"),
        "short": make_short(make_shorts_index(home), "Libraries stay open later"),
        "web_story": make_web_story(make_web_story_index(home), "On the river", image=image),
        "live_blog": LiveBlogPageFactory(section=world, title="Count day, live"),
        "story": ArticlePageFactory(section=world, title="The count"),
    }


def test_every_surface_is_listed_with_its_type_and_api_address(client, surfaces):
    body = read(client)
    assert [(item["type"], item["id"], item["kind"]) for item in body["items"]] == [
        (item_type, page.pk, "created") for item_type, page in surfaces.items()
    ]
    for item in body["items"]:
        # Each address answers with the item itself.
        shown = client.get(item["api_url"])
        assert shown.status_code == 200, (item, shown.content)
        assert shown.json()["id"] == item["id"]


def test_withdrawn_and_deleted_surfaces(client, surfaces):
    cursor = read(client)["next_cursor"]
    surfaces["short"].unpublish()
    surfaces["video"].delete()  # Wagtail unpublishes a live page it deletes
    surfaces["web_story"].save_revision().publish()
    body = read(client, cursor)
    assert [(item["kind"], item["type"], item["id"]) for item in body["items"]] == [
        ("withdrawn", "short", surfaces["short"].pk),
        ("withdrawn", "video", surfaces["video"].pk),
        ("deleted", "video", surfaces["video"].pk),
        ("updated", "web_story", surfaces["web_story"].pk),
    ]
    assert [item["api_url"] is None for item in body["items"]] == [True, True, True, False]


def test_a_story_published_again_after_a_withdrawal_is_created_again(client, world):
    story = ArticlePageFactory(section=world)
    services.unpublish_article(story)
    story.save_revision().publish()
    assert kinds(read(client)) == [
        ("created", story.pk),
        ("withdrawn", story.pk),
        ("created", story.pk),
    ]


def restrict(page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-word"
    )


def test_a_view_restriction_withdraws_its_subtree_once_and_lifting_it_brings_it_back(
    client, home, world
):
    sport = make_section(home, "Sport")
    inside = [ArticlePageFactory(section=sport), LiveBlogPageFactory(section=sport)]
    outside = ArticlePageFactory(section=world)
    cursor = read(client)["next_cursor"]

    restriction = restrict(sport)
    restrict(inside[0])  # already hidden by the section's: no second withdrawal
    body = read(client, cursor)
    assert [(item["kind"], item["type"], item["id"]) for item in body["items"]] == [
        ("withdrawn", "story", inside[0].pk),
        ("withdrawn", "live_blog", inside[1].pk),
    ]
    assert outside.pk not in {item["id"] for item in body["items"]}

    restriction.delete()  # the story keeps its own restriction; the live blog is back
    again = read(client, body["next_cursor"])
    assert [(item["kind"], item["type"], item["id"]) for item in again["items"]] == [
        ("created", "live_blog", inside[1].pk)
    ]
    assert again["items"][0]["api_url"] == f"http://testserver/api/v1/stories/{inside[1].pk}/"


def test_a_restricted_page_deleted_with_its_restriction_is_not_listed_as_back(client, world):
    story = ArticlePageFactory(section=world)
    restrict(story)
    cursor = read(client)["next_cursor"]
    story.delete()
    # The restriction goes with its page: only the page's own leaving is told.
    assert kinds(read(client, cursor)) == [("withdrawn", story.pk), ("deleted", story.pk)]


def test_a_section_deleted_with_its_stories_lists_each_story_deleted(client, home):
    sport = make_section(home, "Sport")
    stories = [ArticlePageFactory(section=sport) for _ in range(2)]
    cursor = read(client)["next_cursor"]
    sport.delete()
    listed = kinds(read(client, cursor))
    assert sorted(pk for kind, pk in listed if kind == "deleted") == [s.pk for s in stories]
    assert {kind for kind, _ in listed} <= {"withdrawn", "deleted"}
