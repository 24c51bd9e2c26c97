"""`dateline read-bounces`: hard-bounce reports (DSNs) into the suppression list, in SMTP
mode. `--mbox PATH` reads a mailbox file (the bounce address's); without it one message is
read from standard input (a mail server's pipe: `bounces: "|dateline read-bounces"`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.newsletters.management.mailbox_input import messages_from
from dateline.newsletters.suppression import read_dsn


class Command(BaseCommand):
    help = "Suppress hard-bounced addresses from delivery status notifications."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--mbox", help="an mbox file of bounce messages")

    def handle(self, *args, mbox: str | None = None, **options) -> None:
        messages = messages_from(mbox)
        suppressed = [address for raw in messages for address in read_dsn(raw)]
        self.stdout.write(f"{len(messages)} messages read, {len(suppressed)} addresses suppressed")
