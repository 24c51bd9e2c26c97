"""Drafting a Short from a story: the service and the admin's "Draft a Short" action."""

import pytest
from django.test import override_settings
from django.urls import reverse

from dateline.articles.factories import ArticlePageFactory
from dateline.shorts import services
from dateline.shorts.models import ShortPage
from dateline.shorts.summarisers.dummy import DummySummariser

DUMMY = {"default": {"BACKEND": "dateline.shorts.summarisers.dummy.DummySummariser"}}
BODY = [
    ("paragraph", "<p>Rain closed the coast road on Monday. Crews worked through the night.</p>"),
    ("paragraph", "<p>The road reopened at <b>dawn</b>.</p>"),
]


@pytest.fixture
def story(world, image):
    return ArticlePageFactory(
        section=world,
        title="Coast road reopens",
        body=BODY,
        hero_image=image,
        hero_alt="The coast road",
        tags=["Weather"],
    )


def test_story_text_is_the_paragraphs_as_plain_text(story):
    assert services.story_text(story) == (
        "Rain closed the coast road on Monday. Crews worked through the night.\n"
        "The road reopened at dawn."
    )


@override_settings(DATELINE_SUMMARISERS=DUMMY)
def test_draft_uses_the_configured_summariser_and_creates_an_unpublished_short(
    story, shorts_index, admin_user
):
    DummySummariser.calls.clear()
    short = services.draft_short_from_article(story, user=admin_user)
    assert [call.title for call in DummySummariser.calls] == ["Coast road reopens"]
    short = ShortPage.objects.get(pk=short.pk)
    assert short.live is False
    assert short.get_parent().pk == shorts_index.pk
    assert short.title == "Coast road reopens"
    assert short.body == (
        "Rain closed the coast road on Monday. Crews worked through the night. "
        "The road reopened at dawn."
    )
    assert (short.story_id, short.image_id, short.image_alt) == (
        story.pk,
        story.hero_image_id,
        "The coast road",
    )
    assert [tag.name for tag in short.tags.all()] == ["Weather"]
    assert short.get_latest_revision().user == admin_user


def test_draft_without_a_shorts_feed_says_what_to_add(story):
    with pytest.raises(services.CannotDraftShort) as exc:
        services.draft_short_from_article(story)
    assert "add a 'Shorts feed' page" in str(exc.value)


def test_draft_of_a_story_without_paragraphs_is_refused(world, shorts_index):
    empty = ArticlePageFactory(section=world, body=[])
    with pytest.raises(services.CannotDraftShort) as exc:
        services.draft_short_from_article(empty)
    assert "no paragraphs to summarise" in str(exc.value)
    assert ShortPage.objects.count() == 0


def test_admin_previews_on_get_and_creates_on_post(admin_client, story, shorts_index):
    url = reverse("shorts_draft_from_article", args=[story.pk])
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Rain closed the coast road on Monday." in preview.content.decode()
    assert ShortPage.objects.count() == 0  # a GET changes nothing
    response = admin_client.post(url)
    short = ShortPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[short.pk])


def test_admin_story_page_offers_the_button(admin_client, story, shorts_index):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert reverse("shorts_draft_from_article", args=[story.pk]) in html
    assert "Draft a Short" in html


def test_admin_without_a_feed_page_gets_a_message_not_an_error(admin_client, story):
    response = admin_client.post(reverse("shorts_draft_from_article", args=[story.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])


def test_admin_unknown_story_is_404(admin_client, shorts_index):
    url = reverse("shorts_draft_from_article", args=[999_999])
    assert admin_client.get(url).status_code == 404
