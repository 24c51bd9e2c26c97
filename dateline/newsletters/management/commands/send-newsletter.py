"""`dateline send-newsletter <slug>`: prepare and send an issue now, through the path the
schedule uses (`sending.send_now`); an unfinished send of that newsletter is resumed instead."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import sending
from dateline.newsletters.models import Delivery, Newsletter


class Command(BaseCommand):
    help = "Prepare and send an issue of a newsletter now (or resume an unfinished send)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the newsletter's slug (see /newsletters/)")

    def handle(self, *args, slug: str, **options) -> None:
        newsletter = Newsletter.objects.filter(slug=slug).first()
        if newsletter is None:
            known = ", ".join(Newsletter.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No newsletter “{slug}”. Known: {known}.")
        issue = sending.send_now(newsletter)
        if issue is None:
            self.stdout.write(
                f"{slug}: nothing sent (fewer than {newsletter.min_stories} stories)."
            )
            return
        issue.refresh_from_db()
        counts = {
            state: issue.deliveries.filter(state=state).count() for state in Delivery.State.values
        }
        summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        self.stdout.write(f"{slug}: issue {issue.pk} {issue.state} ({summary or 'no recipients'})")
