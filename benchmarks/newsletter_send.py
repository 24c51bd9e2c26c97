"""Newsletter sending rate: one issue to N subscribers through Django's SMTP backend to a
local SMTP server (aiosmtpd, in this process on 127.0.0.1), by the product's path: prepare
(deliveries written, batches numbered) and then every batch as the task worker runs it.

    .venv/bin/python benchmarks/newsletter_send.py --recipients 100000

`--concurrency` is the product's DATELINE_NEWSLETTER_CONCURRENCY (SMTP connections sending at
once; 8 here, 1 in the product by default). SQLite on a throw-away database. The SMTP server
shares this process's CPU with the sender, so the rate is a floor for a sender with its own
machine. Prints one `newsletter:` line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.sending_site import load_note, throwaway_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument(
        "--concurrency", type=int, default=8, help="SMTP connections sending at once"
    )
    args = parser.parse_args(argv)
    with throwaway_site(stories=8):
        from django.conf import settings

        from dateline.newsletters import sending
        from dateline.newsletters.models import Delivery, Newsletter, Subscriber, Subscription
        from dateline.newsletters.tests.smtp import SMTPServer

        letter = Newsletter.objects.create(name="Bench", slug="bench", min_stories=1)
        people = Subscriber.objects.bulk_create(
            [Subscriber(email=f"r{n}@example.com", token=f"t{n}") for n in range(args.recipients)],
            batch_size=5000,
        )
        Subscription.objects.bulk_create(
            [
                Subscription(
                    subscriber=p, newsletter=letter, status="confirmed", consent_text="yes"
                )
                for p in people
            ],
            batch_size=5000,
        )
        with SMTPServer() as server:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
            settings.DATELINE_NEWSLETTER_CONCURRENCY = args.concurrency
            started, cpu = time.perf_counter(), time.process_time()
            issue = sending.send_now(letter)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            received = len(server.inbox.raw)
        sent = Delivery.objects.filter(issue=issue, state="sent").count()
    print(
        f"newsletter: {sent} sent, {received} received by the SMTP server in {seconds:.1f} s"
        f" = {sent / seconds:.0f} messages/s ({args.concurrency} connections,"
        f" batches of {settings.DATELINE_NEWSLETTER_BATCH_SIZE};"
        f" {1000 * cpu / max(sent, 1):.2f} ms CPU per message, sender and server together;"
        f" {load_note()})",
        flush=True,
    )
    return 0 if sent == received == args.recipients else 1


if __name__ == "__main__":
    sys.exit(main())
