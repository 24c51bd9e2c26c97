"""The demo's live coverage: an ended Budget day and a live match that the demo's scheduler
job feeds an entry a minute."""

import datetime as dt
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dateline.articles.factories import AuthorFactory
from dateline.demo import images
from dateline.demo.live import BUDGET_SLUG, MATCH_SLUG, ensure_live_blogs, post_next_match_entry
from dateline.listings.factories import make_section
from dateline.live.models import CoverageStatus, LiveBlogPage, LiveEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(images, "draw_hero", partial(images.draw_hero, size=(160, 90)))


@pytest.fixture
def sections(home):
    sports = make_section(home, "Sports")
    get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    AuthorFactory(name="Rohit Mehra", slug="rohit-mehra")  # the demo's live desk byline
    return {"business": make_section(home, "Business"), "sports": sports}


def test_the_demo_has_an_ended_budget_day_and_a_live_match(sections, client, clock):
    now = timezone.now()
    clock.move_to(now)
    ensure_live_blogs(sections, now)
    ensure_live_blogs(sections, now)  # idempotent
    budget = LiveBlogPage.objects.get(slug=BUDGET_SLUG)
    assert budget.coverage_status == CoverageStatus.ENDED and budget.live
    entries = LiveEntry.objects.filter(blog=budget)
    assert entries.count() >= 40
    assert entries.filter(is_key_event=True).count() >= 5
    assert sum(1 for e in entries if any(b.block_type == "image" for b in e.body)) >= 5
    html = client.get(budget.url).content.decode()
    assert "data-live-status>Ended</span>" in html and "Key events" in html
    assert "pagination__older" in html

    match = LiveBlogPage.objects.get(slug=MATCH_SLUG)
    before = LiveEntry.objects.filter(blog=match).count()
    assert match.status_now(match.last_entry_at()) == CoverageStatus.LIVE
    post_next_match_entry()  # the last entry is a minute old
    assert LiveEntry.objects.filter(blog=match).count() == before + 1
    post_next_match_entry()  # not yet a minute since
    assert LiveEntry.objects.filter(blog=match).count() == before + 1
    clock.move_to(now + dt.timedelta(minutes=1, seconds=1))
    post_next_match_entry()
    assert LiveEntry.objects.filter(blog=match).count() == before + 2


def test_the_match_goes_live_again_after_the_demo_was_stopped(sections, clock):
    now = timezone.now()
    clock.move_to(now)
    ensure_live_blogs(sections, now)
    clock.move_to(now + dt.timedelta(hours=2))
    from dateline.live.services import end_silent_blogs

    match = LiveBlogPage.objects.get(slug=MATCH_SLUG)
    assert match.pk in end_silent_blogs()
    post_next_match_entry()
    match.refresh_from_db()
    assert match.coverage_status == CoverageStatus.LIVE
