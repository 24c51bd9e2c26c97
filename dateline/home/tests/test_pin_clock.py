"""A home-page pin that expires changes every page showing the picks by itself, at its
time: the picks record the moment (no purge, no sweep)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.caching.dependencies import lifetime, recording
from dateline.home.models import HomePageTopStory

pytestmark = pytest.mark.django_db


def test_an_expiring_pin_bounds_the_home_page_and_is_gone_at_its_time(client, clock, home, world):
    pick = ArticlePageFactory(section=world, title="A pinned story")
    until = timezone.now() + dt.timedelta(seconds=90)
    HomePageTopStory.objects.create(page=home, story=pick, sort_order=0, pinned_until=until)
    HomePageTopStory.objects.create(page=home, story=pick, sort_order=1)  # never expires

    with recording() as keys:
        assert home.curated_story_ids() == [pick.pk, pick.pk]
    assert lifetime(keys, 3600) == 90
    first = client.get("/")
    assert int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1)) == 90

    clock.move_to(until + dt.timedelta(seconds=1))

    with recording() as keys:
        assert home.curated_story_ids() == [pick.pk]
    assert lifetime(keys, 3600) == 3600  # no pin left to expire
