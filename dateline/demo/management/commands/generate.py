"""`dateline generate --articles N`: many synthetic stories at once, for scale tests."""

from django.core.management.base import BaseCommand, CommandError

from dateline.demo.generator import TEN_YEARS, GenerateError, generate_articles


class Command(BaseCommand):
    help = (
        "Insert N synthetic, live, editable and searchable stories in bulk into the existing "
        "sections, spread over the last D days (ten years by default). Run `dateline demo` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many stories.")
        parser.add_argument("--section", help="Slug of the one section to fill (default: all).")
        parser.add_argument(
            "--days", type=int, default=TEN_YEARS, help="Spread over this many days."
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed for repeatable content.")

    def handle(self, *args, articles: int, section: str | None, days: int, seed: int, **options):
        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done} / {articles}")

        try:
            result = generate_articles(
                articles, section_slug=section, days=days, seed=seed, progress=progress
            )
        except GenerateError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.created} articles in {result.buckets} month buckets in "
                f"{result.seconds:.1f} s ({result.rate:.0f} articles/second)."
            )
        )
