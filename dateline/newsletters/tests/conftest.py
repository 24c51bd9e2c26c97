from __future__ import annotations

import pytest

from dateline.articles.factories import ArticlePageFactory

from .smtp import SMTPServer


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a real server on 127.0.0.1; yields its inbox."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server.inbox


@pytest.fixture
def stories(world):
    return [ArticlePageFactory(section=world, title=f"Story {n} of the day") for n in range(3)]


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: the batches it queues then run (the
    test settings' task backend runs tasks at once)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
