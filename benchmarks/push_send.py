"""Alert sending rate: one breaking-news alert to N Web Push subscriptions, by the product's
path (`composing.send_alert`: deliveries written and numbered into batches, then every batch
as the task worker runs it) through the real sender (pywebpush: aes128gcm encryption per
message, VAPID) to a push service on 127.0.0.1 in this process.

    .venv/bin/python benchmarks/push_send.py --subscriptions 100000

SQLite on a throw-away database. The push service checks every signature and decrypts every
`--decrypt-every`th payload with the browser's key; it shares this process's CPU with the
sender, so the rate is a floor for a sender with its own machine (a real push service also
answers in tens of milliseconds, which the concurrency hides). Prints one `push:` line.
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
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=16, help="messages in flight")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--decrypt-every", type=int, default=10)
    args = parser.parse_args(argv)
    with throwaway_site() as (story,):
        from django.conf import settings

        from dateline.alerts import composing, vapid
        from dateline.alerts.models import AlertDelivery, PushSubscription
        from dateline.alerts.tests.pushservice import PushService

        settings.DATELINE_PUSH_SENDERS = {
            "default": {
                "BACKEND": "dateline.alerts.senders.WebPushSender",
                "CONCURRENCY": args.concurrency,
            }
        }
        settings.DATELINE_ALERTS = {**settings.DATELINE_ALERTS, "BATCH_SIZE": args.batch_size}
        with PushService(vapid.public_key(), decrypt_every=args.decrypt_every) as service:
            made = time.perf_counter()
            subscriptions = [
                service.browser(f"ok-{n}").subscription(service) for n in range(args.subscriptions)
            ]
            PushSubscription.objects.bulk_create(
                [
                    PushSubscription(
                        endpoint=s["endpoint"], p256dh=s["keys"]["p256dh"], auth=s["keys"]["auth"]
                    )
                    for s in subscriptions
                ],
                batch_size=5000,
            )
            made = time.perf_counter() - made
            started, cpu = time.perf_counter(), time.process_time()
            alert = composing.send_alert(story, None, composing.draft_for(story))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            accepted, errors = service.accepted, service.errors
        sent = AlertDelivery.objects.filter(alert=alert, state="sent").count()
        # Messages the service did not answer wait for the scheduler's retry: say why.
        waiting = list(
            AlertDelivery.objects.filter(alert=alert).exclude(state="sent").values_list("error")
        )
        if waiting:
            print(f"push: not sent at once: {len(waiting)}; first reasons: {waiting[:3]}")
    print(
        f"push: {sent} sent, {accepted} accepted by the push service in {seconds:.1f} s"
        f" = {sent / seconds:.0f} messages/s ({args.concurrency} in flight, batches of"
        f" {args.batch_size}; {1000 * cpu / max(sent, 1):.2f} ms CPU per message, sender and"
        f" service together, 1 in {args.decrypt_every} decrypted; {len(errors)} refused;"
        f" {args.subscriptions} browsers' keys made in {made:.0f} s;"
        f" {load_note()})",
        flush=True,
    )
    return 0 if sent == accepted == args.subscriptions and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
