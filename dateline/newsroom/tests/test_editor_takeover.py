"""An editor acts on a story at any stage of the workflow, and the dashboard lists what is
waiting for review, oldest first, with who submitted it and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from dateline.articles.models import ArticlePage

from .conftest import article_form, create_url
from .test_workflow import act, workflow_state

pytestmark = pytest.mark.django_db


def submit(client, user, section, title: str, slug: str) -> ArticlePage:
    client.force_login(user)
    data = article_form(title, slug, **{"action-submit": "1"})
    assert client.post(create_url(section), data).status_code == 302
    return ArticlePage.objects.get(slug=slug)


def test_an_editor_approves_at_the_copy_desk_stage_then_signs_off(client, reporter, editor, world):
    story = submit(client, reporter, world, "Port strike ends", "port-strike-ends")
    assert workflow_state(story).current_task_state.task.name == "Copy desk review"

    client.force_login(editor)
    assert act(client, story, "approve").status_code == 302
    state = workflow_state(story)
    assert state.current_task_state.task.name == "Editor sign-off"
    assert act(client, story, "approve").status_code == 302
    story.refresh_from_db()
    assert story.live


def test_an_editor_sends_back_a_story_the_copy_desk_has_not_seen(client, reporter, editor, world):
    story = submit(client, reporter, world, "Port strike ends", "port-strike-ends")
    client.force_login(editor)
    act(client, story, "reject", comment="Needs a second source.")
    state = workflow_state(story)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.get(workflow_state=state).comment == "Needs a second source."


def test_the_copy_desk_still_cannot_sign_off(client, reporter, copy_desk, world):
    story = submit(client, reporter, world, "Port strike ends", "port-strike-ends")
    client.force_login(copy_desk)
    act(client, story, "approve")
    act(client, story, "approve")  # the Editor's stage: refused
    story.refresh_from_db()
    assert not story.live
    assert workflow_state(story).current_task_state.task.name == "Editor sign-off"


def test_the_dashboard_lists_waiting_stories_oldest_first(
    client, make_user, reporter, editor, world
):
    other = make_user("omar", "Reporter", first_name="Omar", last_name="Khan")
    older = submit(client, other, world, "Older story", "older-story")
    newer = submit(client, reporter, world, "Newer story", "newer-story")
    WorkflowState.objects.filter(object_id=str(older.pk)).update(
        created_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
    )
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Waiting for review (2)" in html
    panel = html[html.index("waiting-for-review-heading") :]
    assert panel.index("Older story") < panel.index("Newer story")
    assert "Omar Khan" in panel and "rita" in panel
    assert 'datetime="2026-01-05T' in panel
    assert "Copy desk review" in panel
    assert reverse("wagtailadmin_pages:edit", args=(newer.pk,)) in panel
    # Wagtail's own "Awaiting your review" would list the same stories a second time.
    assert "Awaiting your review" not in html


def test_the_list_is_read_in_a_fixed_number_of_queries(
    client, reporter, editor, world, django_assert_num_queries
):
    from dateline.newsroom.wagtail_hooks import stories_waiting_for

    for n in range(3):
        submit(client, reporter, world, f"Story {n}", f"story-{n}")
    # The count, the states (the user's groups are a subquery), the pages: any number of stories.
    with django_assert_num_queries(3):
        rows, total = stories_waiting_for(editor)
    assert total == 3 and len(rows) == 3


def test_reporters_see_no_review_list(client, reporter, world):
    submit(client, reporter, world, "Port strike ends", "port-strike-ends")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Waiting for review" not in html


def test_the_copy_desk_sees_only_what_it_can_act_on(client, reporter, copy_desk, editor, world):
    first = submit(client, reporter, world, "First story", "first-story")
    submit(client, reporter, world, "Second story", "second-story")
    client.force_login(copy_desk)
    act(client, first, "approve")  # now at the Editor's stage
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Waiting for review (1)" in html
    assert "Second story" in html
