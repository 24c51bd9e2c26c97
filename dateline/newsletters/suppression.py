"""Bounces and complaints into the suppression list.

Provider mode: django-anymail's webhooks (`/newsletters/anymail/<esp>/tracking/`) check the
provider's signature or basic auth (ANYMAIL["WEBHOOK_SECRET"]) and send its normalised
`tracking` signal; hard bounces, rejections and complaints suppress the address, and a
complaint also unsubscribes it from everything (the person said so).

SMTP mode: delivery status notifications (RFC 3464) read from a mailbox (`dateline
read-bounces --mbox PATH`, or one message on standard input from a mail server's pipe)."""

from __future__ import annotations

import email
import email.message
import logging

from anymail.signals import tracking
from django.dispatch import receiver

from . import subscriptions
from .models import Newsletter, Subscriber, Suppression

logger = logging.getLogger("dateline.newsletters")

# Anymail's normalised event types that mean "never send to this address again".
SUPPRESSING_EVENTS = {
    "bounced": Suppression.Reason.BOUNCE,
    "rejected": Suppression.Reason.BOUNCE,
    "complained": Suppression.Reason.COMPLAINT,
    "unsubscribed": Suppression.Reason.COMPLAINT,
}


def record(address: str, reason: str, detail: str = "") -> Suppression:
    suppression = subscriptions.suppress(address, reason, detail)
    if reason == Suppression.Reason.COMPLAINT:
        subscriber = Subscriber.objects.filter(email=suppression.email).first()
        if subscriber is not None:
            subscriptions.unsubscribe(subscriber, Newsletter.objects.all())
    logger.info("Suppressed %s (%s)", suppression.email, reason)
    return suppression


@receiver(tracking, dispatch_uid="dateline-newsletters-suppression")
def on_tracking_event(sender, event, esp_name: str, **kwargs) -> None:
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    record(event.recipient, reason, f"{esp_name}: {event.description or event.reject_reason or ''}")


def failed_recipients(message: email.message.Message) -> list[str]:
    """The permanently failed recipients of a DSN (a `multipart/report` whose
    `message/delivery-status` part lists each recipient with an Action and a Status):
    `Action: failed` with a 5.x.x status. Temporary failures (4.x.x) suppress nobody."""
    failed = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # The parser gives the per-message block and then one block per recipient.
        for block in part.get_payload()[1:] if part.is_multipart() else []:
            action = (block.get("Action") or "").strip().lower()
            status = (block.get("Status") or "").strip()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            address = recipient.partition(";")[2].strip() or recipient.strip()
            if action == "failed" and status.startswith("5") and "@" in address:
                failed.append(address)
    return failed


def read_dsn(raw: bytes) -> list[str]:
    """Suppress the hard-bounced recipients of one message; returns them."""
    message = email.message_from_bytes(raw)
    addresses = failed_recipients(message)
    for address in addresses:
        record(address, Suppression.Reason.BOUNCE, "DSN")
    return addresses
