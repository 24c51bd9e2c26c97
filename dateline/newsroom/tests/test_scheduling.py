"""Go-live and expiry as editors type them: the site's zone, to the second.

The scheduler itself is tested in test_scheduler_live.py (its loop in a thread) and
test_scheduler_process.py (the command as a separate process)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from dateline.articles.factories import ArticlePageFactory
from dateline.site.models import SiteSettings

from .conftest import article_form, edit_url

PROMISE = dt.timedelta(seconds=60)


@pytest.fixture
def new_york(home):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.time_zone = "America/New_York"
    site_settings.save()
    return site_settings.tzinfo


@pytest.mark.django_db
def test_go_live_is_typed_and_shown_in_the_site_zone_to_the_second(client, editor, world, new_york):
    story = ArticlePageFactory(section=world, title="Results at nine", publish=False)
    client.force_login(editor)
    client.post(
        edit_url(story),
        article_form(
            "Results at nine",
            story.slug,
            go_live_at="2030-11-28 09:15:42",
            **{"action-publish": "1"},
        ),
    )
    story.refresh_from_db()
    assert story.live is False
    assert story.go_live_at == dt.datetime(2030, 11, 28, 14, 15, 42, tzinfo=dt.UTC)
    assert story.get_latest_revision().approved_go_live_at == story.go_live_at
    html = client.get(edit_url(story)).content.decode()
    assert 'value="2030-11-28 09:15:42"' in html


def test_scheduler_command_refuses_a_nonsense_interval():
    with pytest.raises(CommandError, match="--interval must be a positive number of seconds."):
        call_command("scheduler", "--interval", "0")
