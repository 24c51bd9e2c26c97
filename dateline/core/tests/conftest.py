"""Fixtures shared by the cache-outage tests of this app."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import override_settings

from dateline.core.tests.test_cache_fallback import tracking


@pytest.fixture
def warm(redis_server, page_cache_on):
    """Redis with tracking on (outage entries live 600 s, polls a minute apart). Purges
    already in the outbox are as done: a test's transaction never commits, so the rows its
    own writes left (a story's creation) would otherwise be replayed on the outage's copies."""
    from dateline.caching.models import PendingPurge

    PendingPurge.objects.all().delete()
    with override_settings(
        CACHES=tracking(redis_server.url), DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False
    ):
        yield caches["default"].open()
