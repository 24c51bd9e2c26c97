"""The schedule (daily, weekly, on publish), resuming stalled sends, the warm-up caps, DKIM,
and bounce messages read from a mailbox."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.newsletters import jobs, sending
from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Delivery, Issue, Newsletter, Suppression

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


@pytest.fixture
def daily(home, stories):
    newsletter = NewsletterFactory(
        slug="daily", cadence=Newsletter.Cadence.DAILY, send_time=dt.time(7, 0)
    )
    SubscriptionFactory(subscriber__email="d@example.com", newsletter=newsletter)
    return newsletter


def at(hour: int, minute: int = 0, day: int = 7) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=KOLKATA)


def test_a_daily_newsletter_goes_once_at_its_time_in_the_site_zone(daily, after_commit):
    jobs.run_due(now=at(6, 0))  # a new schedule starts at its next moment
    assert after_commit(jobs.run_due, now=at(6, 59)) == 0
    assert after_commit(jobs.run_due, now=at(7, 0)) == 1
    assert after_commit(jobs.run_due, now=at(7, 10)) == 0  # not twice
    assert daily.issues.get().state == "sent"
    assert after_commit(jobs.run_due, now=at(7, 1, day=8)) == 1


def test_a_weekly_newsletter_waits_for_its_day(home, stories):
    weekly = NewsletterFactory(
        cadence=Newsletter.Cadence.WEEKLY, send_time=dt.time(9), weekday=Newsletter.Weekday.MONDAY
    )
    # 2026-12-07 is a Monday.
    assert jobs.last_due_moment(weekly, at(8, day=7), KOLKATA) == at(9, day=7) - dt.timedelta(7)
    assert jobs.last_due_moment(weekly, at(10, day=9), KOLKATA) == at(9, day=7)


def test_a_story_published_in_a_chosen_section_sends_the_alert(
    home, world, django_capture_on_commit_callbacks
):
    alert = NewsletterFactory(slug="alerts", cadence=Newsletter.Cadence.ON_PUBLISH)
    alert.trigger_sections.add(world)
    SubscriptionFactory(subscriber__email="a@example.com", newsletter=alert)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(section=world, title="Breaking: the river rises")
    assert alert.issues.get().state == "sent"


def test_resume_picks_up_a_send_nobody_is_working_on(daily, smtp, after_commit):
    issue = Issue.objects.create(newsletter=daily)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda *args: None)
        sending.prepare(issue)
    # As a killed worker leaves it: the row claimed, never marked.
    Delivery.objects.update(state="sending", claimed_at=timezone.now())  # freshness: test setup
    assert sending.resume() == 0  # within DATELINE_NEWSLETTER_STALE_MINUTES: a worker may be on it
    assert after_commit(sending.resume, stale_after=dt.timedelta(0)) == 1
    assert [m["To"] for m in smtp.messages] == ["d@example.com"]
    issue.refresh_from_db()
    assert issue.state == "sent"


def test_the_warm_up_caps_a_day_and_the_rest_waits(home, stories, smtp, settings, after_commit):
    settings.DATELINE_NEWSLETTER_WARMUP = [2, 10]
    settings.DATELINE_NEWSLETTER_WARMUP_START = timezone.localdate().isoformat()
    newsletter = NewsletterFactory()
    for n in range(3):
        SubscriptionFactory(subscriber__email=f"w{n}@example.com", newsletter=newsletter)
    issue = after_commit(sending.send_now, newsletter)
    assert len(smtp.messages) == 2
    issue.refresh_from_db()
    assert issue.state == "sending"
    settings.DATELINE_NEWSLETTER_WARMUP_START = (
        timezone.localdate() - dt.timedelta(days=1)
    ).isoformat()  # the next day: a cap of 10
    after_commit(sending.resume, stale_after=dt.timedelta(0))
    assert sorted(m["To"] for m in smtp.messages) == [f"w{n}@example.com" for n in range(3)]


# A key made for this test only (openssl genrsa 2048) and its public half, as DNS would give it.
DKIM_TEST_KEY = Path(__file__).with_name("dkim_test_key.pem")
DKIM_TEST_PUBLIC = DKIM_TEST_KEY.with_suffix(".pub").read_text().strip()


def test_messages_are_dkim_signed_when_a_key_is_configured(
    home, stories, smtp, settings, after_commit
):
    import dkim

    settings.DATELINE_DKIM_SELECTOR, settings.DATELINE_DKIM_DOMAIN = "news", "localhost"
    settings.DATELINE_DKIM_PRIVATE_KEY_FILE = str(DKIM_TEST_KEY)
    newsletter = NewsletterFactory()
    SubscriptionFactory(subscriber__email="k@example.com", newsletter=newsletter)
    after_commit(sending.send_now, newsletter)
    raw = smtp.raw[0]
    assert raw.startswith(b"DKIM-Signature: ")

    def dns(name, timeout=5):
        if name == b"news._domainkey.localhost.":
            return f"v=DKIM1; k=rsa; p={DKIM_TEST_PUBLIC}".encode()
        return None

    assert dkim.verify(raw, dnsfunc=dns)
    tampered = raw.replace(b"Story 0 of the day", b"Story 9 of the day", 1)
    assert not dkim.verify(tampered, dnsfunc=dns)


def test_read_bounces_from_a_mailbox(home, tmp_path):
    path = tmp_path / "bounces.mbox"
    box = mailbox.mbox(path)
    box.add(
        b"From: MAILER-DAEMON@localhost\nSubject: failure\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; localhost\n\n"
        b"Final-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\n--b--\n"
    )
    box.flush()
    out = io.StringIO()
    call_command("read-bounces", "--mbox", str(path), stdout=out)
    assert out.getvalue().strip() == "1 messages read, 1 addresses suppressed"
    assert Suppression.objects.get().email == "gone@example.com"


def test_an_update_of_a_story_already_out_sends_nothing_and_asks_nothing(
    home, world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from dateline.articles.models import ArticlePage
    from dateline.articles.services import revise_article

    alert = NewsletterFactory(slug="alerts", cadence=Newsletter.Cadence.ON_PUBLISH)
    alert.trigger_sections.add(world)
    SubscriptionFactory(subscriber__email="a@example.com", newsletter=alert)
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticlePageFactory(section=world, title="Breaking: the river rises")
    with django_capture_on_commit_callbacks(execute=True):
        story = revise_article(story, title="Breaking: the river rises further")
    assert alert.issues.count() == 1  # the first publication's alert only
    revision = ArticlePage.objects.get(pk=story.pk).get_latest_revision()
    assert revision.content.get("live_revision") is not None
    with django_assert_num_queries(0):
        jobs.on_story_published(ArticlePage, instance=story, revision=revision)
