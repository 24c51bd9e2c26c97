"""`dateline scheduler`: publish and expire scheduled stories every few seconds."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from dateline.newsroom.scheduler import DEFAULT_INTERVAL_SECONDS, run_scheduler


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every few seconds until stopped (SIGINT/SIGTERM). "
        "`make run` starts it beside the web server."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_INTERVAL_SECONDS,
            help=f"Seconds between passes (default {DEFAULT_INTERVAL_SECONDS:g}).",
        )
        parser.add_argument("--once", action="store_true", help="Do one pass and exit.")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        if interval <= 0:
            raise CommandError("--interval must be a positive number of seconds.")
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        if not once:
            self.stdout.write(f"Scheduler: publishing due stories every {interval:g} s.")
        run_scheduler(stop, interval, once=once)
