"""Trending and most read are hourly windows: what shows them records when the window next
moves, and their own cached lists never outlive it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dateline.caching.dependencies import lifetime, recording
from dateline.trending import ranking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("read", [ranking.trending_topics, ranking.most_read_ids])
def test_a_list_shown_records_the_next_move_of_its_window(clock, read, monkeypatch):
    top = ranking.hour_start(timezone.now()) + dt.timedelta(hours=1)
    clock.move_to(top - dt.timedelta(seconds=40))  # 40 s before the window moves
    timeouts = []
    monkeypatch.setattr(ranking.cache, "set", lambda key, value, timeout: timeouts.append(timeout))

    with recording() as keys:
        read()

    assert lifetime(keys, 3600) == 40
    assert timeouts == [40]  # the list itself is kept no longer than the window
