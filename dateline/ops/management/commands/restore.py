"""`dateline restore PATH`: replace the database and media with a backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dateline.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the media from a `dateline backup` folder. Everything in "
        "the database is replaced; stop the site and its workers first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the database."
        )

    def handle(self, *args, path: Path, yes: bool, **options) -> None:
        if not yes and options.get("interactive", True):
            answer = input(f"Replace this site's database and media with {path}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        try:
            manifest = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {manifest['engine']} database of {manifest['created_at']} "
            f"and {manifest['media_files']} media files from {path}."
        )
