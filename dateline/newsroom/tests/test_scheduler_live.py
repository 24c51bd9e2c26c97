"""The real scheduler loop (what `dateline scheduler` runs), driven with times already past:
a scheduled story goes live and an expiring one goes down on the loop's next pass.

No test here waits on the wall clock: the editor schedules a time ahead through the admin,
then the test moves that time into the past (as time passing would) and runs one pass of the
loop in this thread. Transactional tests, because the loop closes its connections after a
pass (inside a test transaction that would end the transaction).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.utils import timezone
from wagtail.models import Revision

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.newsroom.scheduler import run_scheduler

from .conftest import article_form, edit_url, local_form_time


def make_due(story, when: dt.datetime) -> None:
    """Move a scheduled revision's go-live time to `when`, as time passing would."""
    (revision,) = Revision.page_revisions.filter(object_id=str(story.pk)).exclude(
        approved_go_live_at=None
    )
    revision.approved_go_live_at = when
    revision.content["go_live_at"] = when.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    ArticlePage.objects.filter(pk=story.pk).update(go_live_at=when)


def one_pass() -> None:
    run_scheduler(threading.Event(), once=True)


@pytest.mark.django_db(transaction=True)
def test_scheduled_story_goes_live_on_the_first_pass_after_its_time(client, editor, world):
    story = ArticlePageFactory(section=world, title="Embargoed results", publish=False)
    go_live_at = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    client.force_login(editor)
    client.post(
        edit_url(story),
        article_form(
            story.title,
            story.slug,
            go_live_at=local_form_time(go_live_at),
            **{"action-publish": "1"},
        ),
    )
    one_pass()
    assert ArticlePage.objects.get(pk=story.pk).live is False  # its time has not come

    make_due(story, timezone.now() - dt.timedelta(seconds=5))
    one_pass()

    story.refresh_from_db()
    assert story.live is True
    assert story.last_published_at >= story.go_live_at
    assert story.published_at == story.first_published_at == story.last_published_at
    assert story.url_path in ArticlePage.objects.published().values_list("url_path", flat=True)


@pytest.mark.django_db(transaction=True)
def test_expired_story_is_unpublished_on_the_first_pass_after_its_time_and_answers_410(
    client, editor, world
):
    story = ArticlePageFactory(section=world, title="Offer ends tonight", publish=False)
    expire_at = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    client.force_login(editor)
    client.post(
        edit_url(story),
        article_form(
            story.title, story.slug, expire_at=local_form_time(expire_at), **{"action-publish": "1"}
        ),
    )
    one_pass()
    assert ArticlePage.objects.get(pk=story.pk).live is True

    ArticlePage.objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - dt.timedelta(seconds=5)
    )
    one_pass()

    story.refresh_from_db()
    assert (story.live, story.expired) == (False, True)
    client.logout()
    assert client.get(story.url).status_code == 410
