"""The messages a mail-reading command is given: every message of an mbox file, or one
message piped on standard input (a mail server's `|command` alias)."""

from __future__ import annotations

import mailbox
import sys

from django.core.management.base import CommandError


def messages_from(mbox: str | None) -> list[bytes]:
    """Raw messages from the mbox file at `mbox`, else the one on standard input."""
    if not mbox:
        return [sys.stdin.buffer.read()]
    try:
        return [message.as_bytes() for message in mailbox.mbox(mbox, create=False)]
    except (FileNotFoundError, mailbox.NoSuchMailboxError) as error:
        raise CommandError(f"No mailbox at {mbox}") from error
