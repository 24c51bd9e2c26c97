"""DKIM signing of outgoing newsletters when a key is configured (DATELINE_DKIM_SELECTOR,
DATELINE_DKIM_DOMAIN, DATELINE_DKIM_PRIVATE_KEY_FILE). Signed where the message becomes
bytes, so every backend (SMTP, anymail, file) sends the signed message."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

SIGNED_HEADERS = [
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"mime-version",
    b"content-type",
]


@functools.cache
def _key(path: str) -> bytes:
    return Path(path).read_bytes()


def dkim_settings() -> tuple[str, str, str] | None:
    selector = getattr(settings, "DATELINE_DKIM_SELECTOR", "")
    domain = getattr(settings, "DATELINE_DKIM_DOMAIN", "")
    key_file = getattr(settings, "DATELINE_DKIM_PRIVATE_KEY_FILE", "")
    return (selector, domain, key_file) if selector and domain and key_file else None


class SignedMessage(EmailMultiAlternatives):
    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        configured = dkim_settings()
        if configured is None:
            return msg
        import dkim  # dkimpy: only needed when a key is configured

        selector, domain, key_file = configured
        signature = dkim.sign(
            msg.as_bytes(linesep="\r\n"),
            selector.encode(),
            domain.encode(),
            _key(key_file),
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=SIGNED_HEADERS,
        )
        name, _, value = signature.decode().partition(":")
        # The header goes on top, as signers put it; relaxed canonicalisation tolerates the
        # refolding the email package does when the message is written out.
        msg._headers.insert(0, (name, " ".join(value.split())))
        return msg
