"""Every email, as it arrives at a real SMTP server: headers, both parts, the one-click POST,
a bounce leading to suppression; sending that is exact and idempotent."""

from __future__ import annotations

import email.policy
import io
import re
from email.message import EmailMessage

import pytest
from django.core.management import call_command

from dateline.articles.factories import ArticlePageFactory
from dateline.newsletters import sending
from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Delivery, Issue, IssuePick, IssueRemoval, Subscription
from dateline.newsletters.suppression import read_dsn


@pytest.fixture
def morning(home, stories):
    newsletter = NewsletterFactory(name="Morning Brief", slug="morning", min_stories=2)
    for n in range(3):
        SubscriptionFactory(subscriber__email=f"r{n}@example.com", newsletter=newsletter)
    return newsletter


def one_click_url(message: EmailMessage) -> str:
    mailto, https = [part.strip(" <>") for part in message["List-Unsubscribe"].split(",")]
    assert mailto.startswith("mailto:unsubscribe@localhost?subject=unsubscribe%20")
    return https


def test_an_issue_arrives_with_both_parts_and_rfc_8058_headers(
    morning, stories, smtp, client, after_commit
):
    issue = after_commit(sending.send_now, morning)
    issue.refresh_from_db()
    assert issue.state == "sent" and issue.recipient_count == 3
    [message] = smtp.to("r0@example.com")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = one_click_url(message)
    assert re.fullmatch(r"http://localhost/newsletters/unsubscribe/[\w-]+/morning/", url)
    assert (
        message["Message-ID"]
        == f"<issue-{issue.pk}.{issue.deliveries.first().subscriber_id}@localhost>"
    )
    assert message["From"] == "Dateline <newsletters@localhost>"

    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for story in stories:
        assert story.title in text and story.title in html
    assert "/newsletters/preferences/" in text and "/newsletters/preferences/" in html
    assert "View in browser" in html and issue.get_absolute_url() in html
    # Accessible and robust: CSS inlined on the elements, dark-mode and narrow rules kept.
    assert 'class="pad story" style="' in html
    assert "prefers-color-scheme: dark" in html and 'name="color-scheme"' in html
    assert "max-width: 480px" in html and 'lang="en"' in html

    # One POST, no cookie, no login, as a mail client sends it (RFC 8058).
    client.cookies.clear()
    response = client.post(url.removeprefix("http://localhost"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.get(subscriber__email="r0@example.com").status == "unsubscribed"
    assert Subscription.objects.filter(status="confirmed").count() == 2


def test_a_get_of_the_unsubscribe_link_only_shows_the_button(morning, client):
    subscription = Subscription.objects.first()
    url = f"/newsletters/unsubscribe/{subscription.subscriber.token}/morning/"
    assert 'method="post"' in client.get(url).content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"


def test_a_bounce_suppresses_the_address_at_the_next_send(morning, smtp, after_commit):
    after_commit(sending.send_now, morning)
    dsn = (
        b"From: MAILER-DAEMON@localhost\r\nTo: newsletters@localhost\r\nSubject: failure\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; "
        b'report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; localhost\r\n\r\n"
        b"Final-Recipient: rfc822; r1@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        b"Final-Recipient: rfc822; r2@example.com\r\nAction: delayed\r\nStatus: 4.2.2\r\n"
        b"--b--\r\n"
    )
    assert read_dsn(dsn) == ["r1@example.com"]
    smtp.clear()
    second = after_commit(sending.send_now, morning)
    assert sorted(m["To"] for m in smtp.messages) == ["r0@example.com", "r2@example.com"]
    assert second.recipient_count == 2


def test_suppression_is_checked_at_send_time_and_refusals_are_recorded(morning, smtp):
    issue = Issue.objects.create(newsletter=morning)
    smtp.refuse.add("r2@example.com")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda *args: None)  # prepared, not sent yet
        sending.prepare(issue)
    from dateline.newsletters.subscriptions import suppress

    suppress("r1@example.com", "complaint")
    sending.send_batch(issue.pk, 0)
    states = dict(issue.deliveries.values_list("subscriber__email", "state"))
    assert states == {
        "r0@example.com": "sent",
        "r1@example.com": "suppressed",
        "r2@example.com": "failed",
    }
    assert [m["To"] for m in smtp.messages] == ["r0@example.com"]


def test_batches_run_twice_send_each_subscriber_once(morning, smtp, settings):
    settings.DATELINE_NEWSLETTER_BATCH_SIZE = 2
    issue = Issue.objects.create(newsletter=morning)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda *args: None)
        assert sending.prepare(issue)
        assert not sending.prepare(issue)  # prepared once
    assert sorted(issue.deliveries.values_list("batch", flat=True)) == [0, 0, 1]
    for batch in (0, 1, 0, 1):
        sending.send_batch(issue.pk, batch)
    assert sorted(m["To"] for m in smtp.messages) == [f"r{n}@example.com" for n in range(3)]
    issue.refresh_from_db()
    assert issue.state == "sent"


def test_several_connections_send_each_subscriber_one_copy(morning, smtp, settings):
    settings.DATELINE_NEWSLETTER_CONCURRENCY = 2  # windows of two: [r0, r2], [r3, r4]
    for n in range(3, 5):
        SubscriptionFactory(subscriber__email=f"r{n}@example.com", newsletter=morning)
    issue = Issue.objects.create(newsletter=morning)
    smtp.refuse.add("r3@example.com")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda *args: None)
        sending.prepare(issue)
    from dateline.newsletters.subscriptions import suppress

    suppress("r1@example.com", "complaint")
    assert sending.send_batch(issue.pk, 0) == 3
    assert sending.send_batch(issue.pk, 0) == 0  # run again: nobody twice
    assert sorted(m["To"] for m in smtp.messages) == ["r0@example.com", "r2@example.com",
                                                      "r4@example.com"]  # fmt: skip
    states = dict(issue.deliveries.values_list("subscriber__email", "state"))
    assert states == {"r0@example.com": "sent", "r1@example.com": "suppressed",
                      "r2@example.com": "sent", "r3@example.com": "failed",
                      "r4@example.com": "sent"}  # fmt: skip


def test_the_recipient_list_is_fixed_when_the_send_is_prepared(morning, smtp):
    issue = Issue.objects.create(newsletter=morning)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda *args: None)
        sending.prepare(issue)
    SubscriptionFactory(subscriber__email="late@example.com", newsletter=morning)
    sending.send_batch(issue.pk, 0)
    assert "late@example.com" not in [m["To"] for m in smtp.messages]


def test_editor_overrides_and_the_minimum(morning, stories, world, smtp, after_commit):
    extra = ArticlePageFactory(section=world, title="An older story the editor wants")
    issue = Issue.objects.create(newsletter=morning, intro="Good morning.", use_rule=True)
    IssuePick.objects.create(issue=issue, story=extra, sort_order=0)
    IssueRemoval.objects.create(issue=issue, story=stories[0], sort_order=0)
    after_commit(sending.prepare, issue)
    issue.refresh_from_db()
    assert issue.story_ids[0] == extra.pk and stories[0].pk not in issue.story_ids
    text = smtp.to("r0@example.com")[0].get_body(("plain",)).get_content()
    assert text.index("Good morning.") < text.index("An older story") < text.index("Story 1")

    morning.min_stories = 10
    morning.save()
    assert after_commit(sending.send_now, morning) is None
    assert morning.issues.filter(state="skipped").exists()


def test_send_newsletter_command_and_the_archive_stays_fresh(morning, smtp, client, after_commit):
    before = client.get("/newsletters/morning/").content.decode()
    assert "No issue has been sent yet." in before
    after_commit(call_command, "send-newsletter", "morning", stdout=io.StringIO())
    issue = morning.issues.get()
    page = client.get("/newsletters/morning/").content.decode()
    assert issue.get_absolute_url() in page  # the cached page was purged by construction
    web = client.get(issue.get_absolute_url()).content.decode()
    assert "Story 0 of the day" in web and "/newsletters/preferences/" not in web
    assert Delivery.objects.filter(state="sent").count() == 3


def test_unknown_newsletters_and_issues_are_the_404_page(morning, client):
    assert client.get("/newsletters/nothing-here/").status_code == 404
    assert client.get("/newsletters/morning/99999/").status_code == 404
    draft = Issue.objects.create(newsletter=morning)
    assert client.get(draft.get_absolute_url()).status_code == 404  # not sent: not public
    with pytest.raises(Exception, match="No newsletter"):
        call_command("send-newsletter", "nothing-here")


def test_messages_parse_as_valid_mime(morning, smtp, after_commit):
    after_commit(sending.send_now, morning)
    raw = smtp.messages[0].as_bytes(policy=email.policy.SMTP)
    assert b"Content-Type: multipart/alternative" in raw
