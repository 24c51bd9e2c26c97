"""The "Copy desk → Editor" workflow through the admin, rejection included; locking."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage

from .conftest import article_form, create_url, edit_url

pytestmark = pytest.mark.django_db


def workflow_state(story: ArticlePage) -> WorkflowState:
    return WorkflowState.objects.filter(object_id=str(story.pk)).latest("created_at")


def act(client, story: ArticlePage, action: str, comment: str = ""):
    task_state = workflow_state(story).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(story.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def submit_new_story(client, reporter, section) -> ArticlePage:
    client.force_login(reporter)
    response = client.post(create_url(section), article_form(**{"action-submit": "submit"}))
    assert response.status_code == 302
    return ArticlePage.objects.get(slug="port-strike-ends")


def test_story_goes_reporter_copy_desk_editor_and_is_published(
    client, reporter, copy_desk, editor, world
):
    story = submit_new_story(client, reporter, world)
    state = workflow_state(story)
    assert state.workflow.name == "Copy desk → Editor"
    assert state.current_task_state.task.name == "Copy desk review"

    client.force_login(copy_desk)
    assert act(client, story, "approve").status_code == 302
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Editor sign-off"
    story.refresh_from_db()
    assert story.live is False  # the copy desk cannot publish

    client.force_login(editor)
    assert act(client, story, "approve").status_code == 302
    state.refresh_from_db()
    story.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert story.live is True
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish").count() == 1


def test_reporter_cannot_approve_their_own_story(client, reporter, world):
    story = submit_new_story(client, reporter, world)
    act(client, story, "approve")
    assert workflow_state(story).current_task_state.task.name == "Copy desk review"
    assert workflow_state(story).current_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_rejection_sends_the_story_back_with_the_comment(client, reporter, copy_desk, world):
    story = submit_new_story(client, reporter, world)
    client.force_login(copy_desk)
    act(client, story, "reject", comment="Source the minister's quote, please.")
    state = workflow_state(story)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
    assert rejected.comment == "Source the minister's quote, please."

    client.force_login(reporter)
    page = client.get(edit_url(story))
    assert page.status_code == 200
    assert "Source the minister&#x27;s quote, please." in page.content.decode()
    client.post(
        edit_url(story), article_form("Port strike ends, quote sourced", **{"action-submit": "1"})
    )
    state = workflow_state(story)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Copy desk review"
    story.refresh_from_db()
    assert story.live is False


def test_a_locked_story_cannot_be_silently_overwritten_by_a_second_editor(client, make_user, world):
    first = make_user("ana", "Editor")
    second = make_user("ben", "Editor")
    story = ArticlePageFactory(section=world, title="Budget speech live")
    client.force_login(first)
    client.post(reverse("wagtailadmin_pages:lock", args=(story.pk,)))
    story.refresh_from_db()
    assert (story.locked, story.locked_by) == (True, first)

    client.force_login(second)
    response = client.post(
        edit_url(story), article_form("Overwritten headline", story.slug, **{"action-publish": "1"})
    )
    assert "The page could not be saved as it is locked" in response.content.decode()
    story.refresh_from_db()
    assert story.title == "Budget speech live"
    assert story.get_latest_revision_as_object().title == "Budget speech live"


def test_the_editor_shows_concurrent_edit_notifications(client, editor, world):
    story = ArticlePageFactory(section=world, title="Budget speech live")
    client.force_login(editor)
    html = client.get(edit_url(story)).content.decode()
    # Wagtail's editing session: the page pings and lists who else is editing or saved.
    assert f"/admin/editing-sessions/ping/wagtailcore/page/{story.pk}/" in html
