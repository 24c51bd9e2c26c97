"""`dateline read-unsubscribes`: requests sent to the List-Unsubscribe mailto mailbox
(`dateline.newsletters.mail_unsubscribe`). `--mbox PATH` reads a mailbox file; without it one
message is read from standard input (a mail server's pipe:
`unsubscribe: "|dateline read-unsubscribes"`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.newsletters.mail_unsubscribe import read_unsubscribe
from dateline.newsletters.management.mailbox_input import messages_from


class Command(BaseCommand):
    help = "Unsubscribe the people who asked by email (the List-Unsubscribe mailto)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--mbox", help="an mbox file of the unsubscribe mailbox")

    def handle(self, *args, mbox: str | None = None, **options) -> None:
        messages = messages_from(mbox)
        done = [found for raw in messages if (found := read_unsubscribe(raw))]
        self.stdout.write(f"{len(messages)} messages read, {len(done)} unsubscribed")
