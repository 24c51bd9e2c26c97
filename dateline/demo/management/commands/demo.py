"""`dateline demo`: load the demo newsroom (idempotent), or print its logins."""

import hashlib
import time
from pathlib import Path

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
            help=(
                "Print the admin URL and the demo logins; alone it changes nothing, with "
                "--if-changed it prints them after the load (or its skip)."
            ),
        )
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help=(
                "Skip the load when this database already holds the demo and the demo's "
                "content has not changed since it was loaded (`make run` restarts fast)."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even under the production settings (its passwords are public).",
        )

    def handle(
        self,
        *args,
        print_logins: bool = False,
        force: bool = False,
        if_changed: bool = False,
        **options,
    ) -> None:
        from dateline.demo.loader import demo_login_lines

        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
        if print_logins and not if_changed:
            self.stdout.write("\n".join(demo_login_lines(admin_url)))
            return
        if getattr(settings, "DATELINE_ENVIRONMENT", "") == "production" and not force:
            raise CommandError(
                "The demo creates a superuser and desk logins whose passwords are published; "
                "it does not load under the production settings. Load it with "
                "DJANGO_SETTINGS_MODULE=dateline.settings.dev, or pass --force."
            )
        stamp = stamp_path()
        fingerprint = demo_fingerprint()
        if if_changed and _loaded(stamp, fingerprint):
            self.stdout.write("Demo newsroom unchanged since it was loaded: not reloaded.")
        else:
            self._load(stamp, fingerprint)
        if print_logins:  # with --if-changed: one process start for both (`make run`)
            self.stdout.write("\n".join(demo_login_lines(admin_url)))

    def _load(self, stamp: Path, fingerprint: str) -> None:
        from dateline.demo.loader import load_demo

        started = time.perf_counter()
        counts = load_demo()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint)
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:>15}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready in {elapsed:.1f} s."))
        self.stdout.write("Logins: dateline demo --print-logins")


def stamp_path() -> Path:
    """Where `--if-changed` remembers what it loaded (var/, beside the secret key)."""
    return Path(settings.BASE_DIR) / "var" / "demo.stamp"


def demo_fingerprint() -> str:
    """A hash of the demo's content (its code and files, not its tests) and of the database
    it goes into: a change to either makes `--if-changed` load the demo again."""
    import dateline.demo

    root = Path(dateline.demo.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and "tests" not in parts and "__pycache__" not in parts:
            digest.update("/".join(parts).encode() + b"\0" + path.read_bytes())
    database = settings.DATABASES["default"]
    digest.update(f"{database['ENGINE']}|{database.get('HOST')}|{database['NAME']}".encode())
    return digest.hexdigest()


def _loaded(stamp: Path, fingerprint: str) -> bool:
    """The stamp says this content went into this database, and the database still holds it
    (a database deleted or flushed since loses its demo: load again)."""
    from django.contrib.auth import get_user_model

    from dateline.demo.loader import ADMIN_USERNAME
    from dateline.home.models import HomePage

    if not stamp.exists() or stamp.read_text().strip() != fingerprint:
        return False
    admin = get_user_model().objects.filter(username=ADMIN_USERNAME)
    return admin.exists() and HomePage.objects.exists()
