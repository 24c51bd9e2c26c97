"""Correction and update notes, the visible "Updated" time, and minor edits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticleCorrection
from dateline.core.timefmt import news_datetime
from dateline.distribution.structured_data import article_modified_at

from .conftest import edit_form_of, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    return ArticlePageFactory(
        section=world,
        title="Port strike ends",
        slug="port-strike-ends",
        published_at=timezone.now() - dt.timedelta(hours=3),
    )


def republish(client, story, **fields):
    response = client.post(
        edit_url(story), edit_form_of(story, **{"action-publish": "1"}, **fields)
    )
    assert response.status_code == 302
    story.refresh_from_db()
    return story


def test_a_correction_published_with_the_story_shows_at_its_foot_with_the_update_time(
    client, editor, story
):
    client.force_login(editor)
    story = republish(
        client,
        story,
        new_notes=[{"kind": "correction", "text": "An earlier version misstated the pay rise."}],
    )
    note = ArticleCorrection.objects.get(page=story)
    assert note.noted_at == story.last_published_at
    assert story.updated_at == story.last_published_at
    assert article_modified_at(story) == story.updated_at  # what dateModified says

    html = client.get(story.url).content.decode()
    updated = news_datetime(story.updated_at)
    assert f">{updated}</time></span>" in html
    assert "Updated: <time" in html
    assert '<li class="correction correction--correction">' in html
    assert '<strong class="correction__kind">Correction</strong>' in html
    assert "An earlier version misstated the pay rise." in html


def test_a_minor_edit_leaves_the_visible_update_time_alone(client, editor, story):
    client.force_login(editor)
    story = republish(client, story, new_notes=[{"kind": "update", "text": "Talks resume."}])
    first_update = story.updated_at
    story = republish(client, story, title="Port strike ends after talks", minor_edit="on")
    assert story.title == "Port strike ends after talks"
    assert story.updated_at == first_update
    assert story.last_published_at > first_update


def test_a_note_keeps_its_time_when_the_story_is_republished_later(client, editor, story):
    client.force_login(editor)
    story = republish(client, story, new_notes=[{"kind": "clarification", "text": "Clarified."}])
    noted_at = ArticleCorrection.objects.get(page=story).noted_at
    story = republish(client, story, new_notes=[{"kind": "update", "text": "Ships sail again."}])
    notes = list(ArticleCorrection.objects.filter(page=story).order_by("sort_order"))
    assert [(n.kind, n.noted_at) for n in notes] == [
        ("clarification", noted_at),
        ("update", story.last_published_at),
    ]
    assert story.updated_at == story.last_published_at > noted_at


def test_the_edit_form_starts_with_minor_edit_unticked(client, editor, story):
    client.force_login(editor)
    republish(client, story, minor_edit="on")
    assert story.get_latest_revision().content["minor_edit"] is True
    html = client.get(edit_url(story)).content.decode()
    (checkbox,) = re.findall(r'<input type="checkbox" name="minor_edit"[^>]*>', html)
    assert "checked" not in checkbox
