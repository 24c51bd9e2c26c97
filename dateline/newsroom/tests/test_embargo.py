"""Embargo: no one can publish before it lifts, and the story is never shown before then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.articles.services import EmbargoActive
from dateline.core.timefmt import news_datetime

from .conftest import article_form, edit_url, local_form_time
from .test_workflow import act

pytestmark = pytest.mark.django_db


@pytest.fixture
def embargo_until():
    return (timezone.now() + dt.timedelta(hours=2)).replace(microsecond=0)


def test_publishing_under_embargo_is_refused_with_a_clear_message_and_nothing_is_lost(
    client, editor, world, embargo_until
):
    story = ArticlePageFactory(section=world, title="Budget figures", publish=False)
    client.force_login(editor)
    response = client.post(
        edit_url(story),
        article_form(
            "Budget figures: the full table",
            story.slug,
            body="<p>Every line of the budget.</p>",
            embargo_until=local_form_time(embargo_until),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"This story is embargoed until {news_datetime(embargo_until)} and cannot be published "
        "before then." in html
    )
    assert 'value="Budget figures: the full table"' in html  # the editor's work is still there
    assert "Every line of the budget." in html
    story.refresh_from_db()
    assert story.live is False


def test_a_go_live_time_before_the_embargo_is_refused(client, editor, world, embargo_until):
    story = ArticlePageFactory(section=world, title="Budget figures", publish=False)
    client.force_login(editor)
    response = client.post(
        edit_url(story),
        article_form(
            story.title,
            story.slug,
            embargo_until=local_form_time(embargo_until),
            go_live_at=local_form_time(embargo_until - dt.timedelta(minutes=5)),
            **{"action-publish": "1"},
        ),
    )
    assert "The go-live time must not be before the embargo" in response.content.decode()
    assert ArticlePage.objects.get(pk=story.pk).get_latest_revision().approved_go_live_at is None


def test_scheduling_at_the_embargo_time_is_allowed(client, editor, world, embargo_until):
    story = ArticlePageFactory(section=world, title="Budget figures", publish=False)
    client.force_login(editor)
    client.post(
        edit_url(story),
        article_form(
            story.title,
            story.slug,
            embargo_until=local_form_time(embargo_until),
            go_live_at=local_form_time(embargo_until),
            **{"action-publish": "1"},
        ),
    )
    story.refresh_from_db()
    assert story.live is False
    assert story.get_latest_revision().approved_go_live_at == embargo_until


def test_every_publish_path_refuses_an_embargoed_revision(world, embargo_until):
    story = ArticlePageFactory(section=world, title="Budget figures", publish=False)
    story.embargo_until = embargo_until
    revision = story.save_revision()
    with pytest.raises(EmbargoActive) as refused:
        revision.publish()
    assert str(refused.value) == (
        f"This story is embargoed until {news_datetime(embargo_until)} "
        "and cannot be published before then."
    )
    story.refresh_from_db()
    assert story.live is False


def test_an_embargoed_story_is_never_listed_searched_or_served(client, world, embargo_until):
    story = ArticlePageFactory(section=world, title="Zanzibar tariff schedule")
    # Live with an embargo can only come from outside the desk (a raw import); still hidden.
    ArticlePage.objects.filter(pk=story.pk).update(embargo_until=embargo_until)
    assert list(ArticlePage.objects.published()) == []
    assert "Zanzibar tariff schedule" not in client.get(world.url).content.decode()
    assert "Zanzibar tariff schedule" not in client.get("/search/?q=Zanzibar").content.decode()
    assert client.get(story.url).status_code == 404

    ArticlePage.objects.filter(pk=story.pk).update(
        embargo_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert list(ArticlePage.objects.published()) == [story]
    assert client.get(story.url).status_code == 200


def test_approval_under_embargo_schedules_the_story_for_the_embargo_time(
    client, reporter, copy_desk, editor, world, embargo_until
):
    story = ArticlePageFactory(section=world, title="Budget figures", publish=False, owner=reporter)
    client.force_login(reporter)
    client.post(
        edit_url(story),
        article_form(
            story.title,
            story.slug,
            embargo_until=local_form_time(embargo_until),
            **{"action-submit": "1"},
        ),
    )
    client.force_login(copy_desk)
    act(client, story, "approve")
    client.force_login(editor)
    act(client, story, "approve")
    state = WorkflowState.objects.filter(object_id=str(story.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_APPROVED
    story.refresh_from_db()
    assert story.live is False
    assert story.go_live_at == embargo_until
    assert story.get_latest_revision().approved_go_live_at == embargo_until
