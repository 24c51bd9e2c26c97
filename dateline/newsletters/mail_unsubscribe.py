"""Unsubscribing by email: the `mailto:` half of every issue's List-Unsubscribe header.

Each copy names the mailbox (DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILBOX, else
`unsubscribe@<sending domain>`) and a subject of `unsubscribe <subscriber token> <newsletter
slug>`; a mail client's "Unsubscribe" button sends exactly that. `dateline read-unsubscribes`
reads that mailbox (`--mbox PATH`) or one message from a mail server's pipe
(`unsubscribe: "|dateline read-unsubscribes"`) and unsubscribes the person, as the one-click
POST does. The token is the secret, as in the link: the sender's address is not trusted
(forwarding and aliases change it, and anyone can forge it)."""

from __future__ import annotations

import email
import email.policy
import logging
import re
from urllib.parse import quote

from . import subscriptions
from .models import Newsletter, Subscriber

logger = logging.getLogger("dateline.newsletters")

# Token: `secrets.token_urlsafe(24)` (32 characters of [A-Za-z0-9_-]); slug: a SlugField.
REQUEST = re.compile(r"\bunsubscribe\s+([A-Za-z0-9_-]{16,40})\s+([-a-zA-Z0-9_]+)", re.IGNORECASE)


def mailto_subject(subscriber: Subscriber, newsletter: Newsletter) -> str:
    """The subject of the `mailto:` URL (percent-encoded, RFC 6068)."""
    return quote(f"unsubscribe {subscriber.token} {newsletter.slug}")


def read_unsubscribe(raw: bytes) -> tuple[str, str] | None:
    """Act on one message sent to the unsubscribe mailbox. Returns (address, newsletter slug)
    of the person unsubscribed, or None when the message asks nothing we can match (a reply
    with the subject changed, an unknown token or newsletter: ignored, logged)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message.get("Subject", ""))
    found = REQUEST.search(subject)
    if found is None:  # some clients put the request in the body instead
        body = message.get_body(("plain",))
        found = REQUEST.search(body.get_content()) if body is not None else None
    if found is None:
        logger.info("Unsubscribe mailbox: a message without a request (%s)", subject[:80])
        return None
    token, slug = found.groups()
    subscriber = Subscriber.objects.filter(token=token).first()
    newsletter = Newsletter.objects.filter(slug=slug).first()
    if subscriber is None or newsletter is None:
        logger.info("Unsubscribe mailbox: no subscriber or newsletter for %s", slug)
        return None
    subscriptions.unsubscribe(subscriber, [newsletter])
    logger.info("Unsubscribed %s from %s by email", subscriber.email, slug)
    return subscriber.email, slug
