"""The Google News file (and the index's entry for it) change by themselves when a story
leaves the 48-hour window: they record that moment."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_story_leaving_the_48_hour_window_leaves_the_cached_news_file(client, clock, make_story):
    make_story(hours_ago=1, title="Fresh news")
    make_story(hours_ago=48 - 1 / 60, title="Nearly two days old")  # leaves in a minute
    leaves_at = timezone.now() + dt.timedelta(seconds=60)

    first = client.get("/sitemap-news.xml")
    assert "Nearly two days old" in first.text
    assert int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1)) == 60
    assert client.get("/sitemap-news.xml")["X-Cache"] == "HIT"

    clock.move_to(leaves_at + dt.timedelta(seconds=1))

    later = client.get("/sitemap-news.xml").text
    assert "Nearly two days old" not in later and "Fresh news" in later


def test_the_index_entry_for_the_news_file_follows_its_newest_story(client, clock, make_story):
    make_story(hours_ago=48 - 2 / 60)  # the newest story leaves in two minutes
    first = client.get("/sitemap.xml")
    assert int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1)) == 120
