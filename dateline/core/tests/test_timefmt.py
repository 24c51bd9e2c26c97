import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import Site

from dateline.core.timefmt import news_datetime, news_short
from dateline.site.models import SiteSettings

INSTANT = dt.datetime(2021, 10, 16, 5, 14, 16, tzinfo=dt.UTC)


def test_news_datetime_in_india_standard_time():
    assert news_datetime(INSTANT, zoneinfo.ZoneInfo("Asia/Kolkata")) == (
        "October 16, 2021, 10:44:16 IST"
    )


def test_news_datetime_uses_the_active_zone():
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert news_datetime(INSTANT) == "October 16, 2021, 01:14:16 EDT"


def test_news_short_for_cards():
    assert news_short(INSTANT, zoneinfo.ZoneInfo("Asia/Kolkata")) == "Oct 16, 2021, 10:44 IST"


def test_time_tag_carries_the_iso_instant_and_the_readable_time(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        html = Template("{% load dateline_tags %}{% time_tag when %}").render(
            Context({"when": INSTANT})
        )
    assert (
        html == '<time datetime="2021-10-16T05:14:16+00:00">October 16, 2021, 10:44:16 IST</time>'
    )


@pytest.mark.django_db
def test_site_setting_time_zone_changes_what_readers_see(client, home, world):
    from dateline.articles.factories import ArticlePageFactory

    article = ArticlePageFactory(section=world, published_at=INSTANT)
    response = client.get(article.url)
    assert "October 16, 2021, 10:44:16 IST" in response.content.decode()

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.time_zone = "Europe/London"
    site_settings.save()
    response = client.get(article.url)
    assert "October 16, 2021, 06:14:16 BST" in response.content.decode()
