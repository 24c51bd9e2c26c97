"""The breaking-news banner depends on its setting and goes by itself when it expires."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from dateline.home.models import BreakingNewsBanner

pytestmark = pytest.mark.django_db


def banner_for(site) -> BreakingNewsBanner:
    return BreakingNewsBanner.for_site(site)


def test_a_banner_switched_on_shows_at_once_on_cached_pages(
    client, page_cache_on, home, django_capture_on_commit_callbacks
):
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    banner = banner_for(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        banner.text, banner.link_url = "Polls close", "/world/"
        banner.save()
    assert "Polls close" in client.get("/").text


def test_an_expiring_banner_goes_from_cached_pages_at_its_time(client, clock, home):
    expires_at = timezone.now() + dt.timedelta(seconds=90)
    banner = banner_for(Site.objects.get(is_default_site=True))
    banner.text, banner.link_url, banner.expires_at = "Polls close", "/world/", expires_at
    banner.save()

    first = client.get("/")
    assert "Polls close" in first.text
    assert int(re.search(r"s-maxage=(\d+)", first["Cache-Control"]).group(1)) == 90
    assert client.get("/")["X-Cache"] == "HIT"

    clock.move_to(expires_at + dt.timedelta(seconds=1))

    assert "Polls close" not in client.get("/").text
