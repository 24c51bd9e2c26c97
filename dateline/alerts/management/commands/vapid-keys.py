"""`dateline vapid-keys`: a new VAPID key pair for Web Push alerts. Prints the settings'
lines (DATELINE_VAPID_PRIVATE_KEY / DATELINE_VAPID_PUBLIC_KEY), or writes the private key to
a PEM file for DATELINE_VAPID_KEY_FILE (`--pem PATH`; kept if it exists, so `make run` makes
one pair once). A pair is for the life of its subscriptions: a new one orphans them all."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand

from dateline.alerts import vapid


class Command(BaseCommand):
    help = "Make a VAPID key pair for Web Push alerts (docs/alerts.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pem", help="write the private key to this PEM file (mode 600)")

    def handle(self, *args, pem: str | None = None, **options) -> None:
        if pem:
            path = Path(pem)
            if path.exists():
                self.stdout.write(f"{path} exists: kept (its public key follows).")
                from cryptography.hazmat.primitives import serialization

                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            else:
                key = vapid.new_private_key()
                path.parent.mkdir(parents=True, exist_ok=True)
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as file:
                    file.write(vapid.pem(key))
                self.stdout.write(f"Wrote {path}: set DATELINE_VAPID_KEY_FILE={path.resolve()}")
            self.stdout.write(f"DATELINE_VAPID_PUBLIC_KEY={vapid.raw_public(key)}")
            return
        key = vapid.new_private_key()
        self.stdout.write(f"DATELINE_VAPID_PRIVATE_KEY={vapid.raw_private(key)}")
        self.stdout.write(f"DATELINE_VAPID_PUBLIC_KEY={vapid.raw_public(key)}")
