"""The List-Unsubscribe mailto: a reader's mail client sends the request through a real SMTP
server (aiosmtpd) to the unsubscribe mailbox; `dateline read-unsubscribes` reads that mailbox
(an mbox file, or one message piped on standard input) and unsubscribes them."""

from __future__ import annotations

import io
import mailbox
import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.management import call_command

from dateline.newsletters import sending
from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Subscription

from .smtp import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning(home, stories):
    newsletter = NewsletterFactory(name="Morning Brief", slug="morning")
    evening = NewsletterFactory(name="Evening Brief", slug="evening")
    first = SubscriptionFactory(subscriber__email="r0@example.com", newsletter=newsletter)
    SubscriptionFactory(subscriber__email="r1@example.com", newsletter=newsletter)
    SubscriptionFactory(subscriber=first.subscriber, newsletter=evening)
    return newsletter


def request_from(issue_copy: EmailMessage) -> EmailMessage:
    """What a mail client's "Unsubscribe" sends for the header's mailto (RFC 6068)."""
    mailto = issue_copy["List-Unsubscribe"].split(",")[0].strip(" <>")
    url = urlsplit(mailto)
    request = EmailMessage()
    request["From"] = issue_copy["To"]
    request["To"] = unquote(url.path)
    request["Subject"] = parse_qs(url.query)["subject"][0]
    request.set_content("This message will unsubscribe you.")
    return request


def sent_through_smtp(requests: list[EmailMessage]) -> list[bytes]:
    """Each request delivered by a real SMTP server, as the mailbox receives it."""
    with SMTPServer() as server, smtplib.SMTP("127.0.0.1", server.port) as client:
        for request in requests:
            client.send_message(request)
        client.quit()
        return list(server.inbox.raw)


def test_the_mailto_request_unsubscribes_from_that_newsletter_only(
    morning, smtp, after_commit, tmp_path
):
    after_commit(sending.send_now, morning)
    copy = smtp.to("r0@example.com")[0]
    request = request_from(copy)
    assert request["To"] == "unsubscribe@localhost"
    stray = EmailMessage()
    stray["From"], stray["To"], stray["Subject"] = "x@example.com", "unsubscribe@localhost", "Hi"
    stray.set_content("Just saying hello.")
    path = tmp_path / "unsubscribe.mbox"
    box = mailbox.mbox(path)
    for raw in sent_through_smtp([request, stray]):
        box.add(raw)
    box.flush()
    out = io.StringIO()
    call_command("read-unsubscribes", mbox=str(path), stdout=out)
    assert out.getvalue().strip() == "2 messages read, 1 unsubscribed"
    status = dict(
        Subscription.objects.filter(subscriber__email="r0@example.com").values_list(
            "newsletter__slug", "status"
        )
    )
    assert status == {"morning": "unsubscribed", "evening": "confirmed"}
    assert Subscription.objects.get(subscriber__email="r1@example.com").status == "confirmed"


def test_a_piped_request_works_and_a_forged_token_does_nothing(
    morning, smtp, after_commit, monkeypatch
):
    after_commit(sending.send_now, morning)
    request = request_from(smtp.to("r1@example.com")[0])
    forged = EmailMessage()
    forged["From"], forged["To"] = "r1@example.com", "unsubscribe@localhost"
    forged["Subject"] = "unsubscribe AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA morning"
    forged.set_content("")
    for message, expected in ((forged, "confirmed"), (request, "unsubscribed")):
        (raw,) = sent_through_smtp([message])
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
        call_command("read-unsubscribes", stdout=io.StringIO())
        assert Subscription.objects.get(subscriber__email="r1@example.com").status == expected
