"""`dateline generate --articles N`: many synthetic stories at once, for scale tests."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Insert N synthetic, live stories in bulk (no revisions, not search-indexed) into the "
        "existing sections, spread over the last D days. Run `dateline demo` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many stories.")
        parser.add_argument("--section", help="Slug of the one section to fill (default: all).")
        parser.add_argument("--days", type=int, default=30, help="Spread over this many days.")
        parser.add_argument("--seed", type=int, default=0, help="Seed for repeatable content.")

    def handle(self, *args, articles: int, section: str | None, days: int, seed: int, **options):
        from dateline.demo.bulk import GenerateError, generate_articles

        try:
            result = generate_articles(articles, section_slug=section, days=days, seed=seed)
        except GenerateError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.created} articles in {result.buckets} month buckets in "
                f"{result.seconds:.1f} s ({result.rate:.0f} articles/second)."
            )
        )
