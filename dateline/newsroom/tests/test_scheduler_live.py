"""The real scheduler loop (what `dateline scheduler` runs) in a thread against the test
database: a scheduled story goes live, and an expiring one goes down, within 60 s.

Only transactional tests live here (the thread must see committed rows), so this file runs
after the others in each test process and its flushes disturb no one.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.newsroom.scheduler import run_scheduler

from .conftest import article_form, edit_url, local_form_time

PROMISE = dt.timedelta(seconds=60)
# Far enough ahead that the edit form POST finishes before the time even on a loaded 2-core
# machine: the "not live yet" check right after the POST depends on it.
LEAD_TIME = 12


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def scheduler():
    """The scheduler loop, in a thread against the test database, ticking every second."""
    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler, args=(stop, 1.0), daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_scheduled_story_goes_live_within_60_seconds_of_its_time(client, editor, world, scheduler):
    story = ArticlePageFactory(section=world, title="Embargoed results", publish=False)
    go_live_at = (timezone.now() + dt.timedelta(seconds=LEAD_TIME)).replace(microsecond=0)
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
    assert ArticlePage.objects.get(pk=story.pk).live is False
    assert wait_for(lambda: ArticlePage.objects.filter(pk=story.pk, live=True).exists(), 75)
    story.refresh_from_db()
    assert go_live_at <= story.last_published_at < go_live_at + PROMISE
    assert story.published_at == story.first_published_at == story.last_published_at
    assert story.url_path in ArticlePage.objects.published().values_list("url_path", flat=True)


@pytest.mark.django_db(transaction=True)
def test_expired_story_is_unpublished_within_60_seconds_and_answers_410(
    client, editor, world, scheduler
):
    story = ArticlePageFactory(section=world, title="Offer ends tonight", publish=False)
    expire_at = (timezone.now() + dt.timedelta(seconds=LEAD_TIME)).replace(microsecond=0)
    client.force_login(editor)
    client.post(
        edit_url(story),
        article_form(
            story.title, story.slug, expire_at=local_form_time(expire_at), **{"action-publish": "1"}
        ),
    )
    assert ArticlePage.objects.get(pk=story.pk).live is True

    assert wait_for(lambda: ArticlePage.objects.filter(pk=story.pk, live=False).exists(), 75)
    unpublished_at = timezone.now()
    story.refresh_from_db()
    assert story.expired is True
    assert expire_at <= unpublished_at < expire_at + PROMISE
    client.logout()
    assert client.get(story.url).status_code == 410
