"""What the review found in newsletters: links on the site's canonical address, the default
Site looked up once, the warm-up day in the site's zone, the admin's counts and lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from dateline.newsletters import emails, sending
from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Delivery, Issue, Suppression
from dateline.site.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(home, settings):
    """The public address differs from the admin's base URL, as in production."""
    settings.WAGTAILADMIN_BASE_URL = "https://cms.internal.example"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.dateline.test", 443
    site.save()
    return site


@pytest.fixture
def morning(home, stories):
    newsletter = NewsletterFactory(name="Morning Brief", slug="morning")
    for n in range(3):
        SubscriptionFactory(subscriber__email=f"r{n}@example.com", newsletter=newsletter)
    return newsletter


def test_every_email_link_is_on_the_sites_canonical_address(
    public_site, morning, stories, smtp, after_commit
):
    after_commit(sending.send_now, morning)
    message = smtp.to("r0@example.com")[0]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "cms.internal.example" not in html + text + message["List-Unsubscribe"]
    links = re.findall(r'href="(https?://[^"]+)"', html)
    assert links and all(link.startswith("https://www.dateline.test/") for link in links)
    assert f"https://www.dateline.test{stories[0].url}" in text
    assert "<https://www.dateline.test/newsletters/unsubscribe/" in message["List-Unsubscribe"]


def test_the_confirmation_email_is_on_the_sites_address_too(public_site, morning):
    message = emails.confirmation_message("n@example.com", [morning], "token-1")
    assert "https://www.dateline.test/newsletters/confirm/token-1/" in message.body


def test_the_default_site_is_looked_up_once_per_issue_not_per_recipient(public_site, morning):
    issue = Issue.objects.create(newsletter=morning, use_rule=False)
    subscribers = [s.subscriber for s in morning.subscriptions.all()]
    with CaptureQueriesContext(connection) as queries:
        rendered = emails.render_issue(issue)
    site_queries = [q["sql"] for q in queries if "is_default_site" in q["sql"]]
    assert len(site_queries) == 1, site_queries
    with CaptureQueriesContext(connection) as queries:
        for subscriber in subscribers:
            emails.message_for(rendered, subscriber)
    assert len(queries) == 0  # each copy only swaps in its own links


def test_the_warm_up_day_is_the_sites_day(home, clock, settings):
    """Server zone Asia/Kolkata, site zone New York: at 03:00 UTC on 8 December it is still
    the 7th in New York (the first day of the warm-up, a cap of 5), the 8th in Kolkata."""
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.time_zone = "America/New_York"
    site_settings.save()
    settings.TIME_ZONE = "Asia/Kolkata"
    settings.DATELINE_NEWSLETTER_WARMUP = [5, 50]
    settings.DATELINE_NEWSLETTER_WARMUP_START = "2026-12-07"
    clock.move_to(dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC))
    newsletter = NewsletterFactory()
    issue = Issue.objects.create(newsletter=newsletter)
    sent = [
        dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC),  # 6th, 23:00 in New York: not today
        dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC),  # 7th, 01:00 in New York
        dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.UTC),  # 7th, 21:00 in New York
    ]
    for moment in sent:
        subscription = SubscriptionFactory(newsletter=newsletter)
        Delivery.objects.create(
            issue=issue, subscriber=subscription.subscriber, batch=0, state="sent", sent_at=moment
        )
    assert sending.warmup_allowance() == 5 - 2


@pytest.fixture
def editor(admin_client):
    return admin_client


def test_send_to_n_leaves_out_suppressed_addresses(editor, morning):
    Suppression.objects.create(email="r1@example.com", reason="bounce")
    issue = Issue.objects.create(newsletter=morning)
    html = editor.get(f"/admin/newsletters/issue/{issue.pk}/send/").content.decode()
    assert "to 2 confirmed subscribers now?" in html


def _subscribers(count: int) -> None:
    newsletters = [NewsletterFactory(), NewsletterFactory()]
    for n in range(count):
        subscription = SubscriptionFactory(newsletter=newsletters[n % 2])
        SubscriptionFactory(subscriber=subscription.subscriber, newsletter=newsletters[1 - n % 2])


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, permissions..., the page's subscribers, their subscriptions with
        # newsletters (one prefetch), the count for the paginator
        ("/admin/snippets/newsletters/subscriber/", 11),
        ("/admin/snippets/newsletters/subscriber/?export=csv", 7),
    ],
)
def test_the_subscriber_list_and_export_cost_the_same_for_3_or_30(editor, home, url, queries):
    """Each row's "Confirmed" column reads its subscriptions and their newsletters from one
    prefetch (two queries for the page), never a query per subscriber."""

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    _subscribers(3)
    small = cost()
    _subscribers(27)
    assert cost() == small == queries
    names = editor.get("/admin/snippets/newsletters/subscriber/").content.decode()
    assert names.count("Briefing") >= 30
