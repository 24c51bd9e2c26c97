"""`dateline demo`: load the demo newsroom (idempotent), or print its logins."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse


class Command(BaseCommand):
    help = (
        "Create the demo newsroom: sections, authors, 120 stories with pictures, events, "
        "standard pages, menus, site settings and an admin user. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Only print the admin URL and the demo logins; change nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even under the production settings (its passwords are public).",
        )

    def handle(self, *args, print_logins: bool = False, force: bool = False, **options) -> None:
        from dateline.demo.loader import demo_login_lines, load_demo

        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
        if print_logins:
            self.stdout.write("\n".join(demo_login_lines(admin_url)))
            return
        if getattr(settings, "DATELINE_ENVIRONMENT", "") == "production" and not force:
            raise CommandError(
                "The demo creates a superuser and desk logins whose passwords are published; "
                "it does not load under the production settings. Load it with "
                "DJANGO_SETTINGS_MODULE=dateline.settings.dev, or pass --force."
            )
        started = time.perf_counter()
        counts = load_demo()
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:>15}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready in {elapsed:.1f} s."))
        self.stdout.write("Logins: dateline demo --print-logins")
