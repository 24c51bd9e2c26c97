from __future__ import annotations

import pytest

from dateline.alerts import senders, vapid
from dateline.articles.factories import ArticlePageFactory

from .pushservice import PushService


@pytest.fixture(autouse=True)
def _fresh_senders():
    """Each test builds its sender from its own settings, with an empty dummy outbox."""
    senders._sender.cache_clear()
    senders.DummySender.outbox = []
    yield
    senders._sender.cache_clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: the batches it queues then run (the test
    settings' task backend runs tasks at once)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def story(world):
    return ArticlePageFactory(section=world, title="Earthquake shakes the capital")


@pytest.fixture
def push_service(settings):
    """A push service on 127.0.0.1 that checks and decrypts what it gets, and the real
    sender (pywebpush) pointed at it, four messages in flight at a time."""
    settings.DATELINE_PUSH_SENDERS = {
        "default": {"BACKEND": "dateline.alerts.senders.WebPushSender", "CONCURRENCY": 4}
    }
    with PushService(vapid.public_key()) as service:
        yield service


@pytest.fixture
def desk_user(desk_roles):
    """A user in one of the newsroom's desk groups (its data migration's roles)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def make(username: str, group: str):
        user = get_user_model().objects.create_user(
            username=username, password="pass", email=f"{username}@example.com"
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
