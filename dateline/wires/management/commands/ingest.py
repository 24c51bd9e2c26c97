"""`dateline ingest PATH_OR_URL...`: ingest files, folders or URLs once."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from dateline.wires.backends import get_transport
from dateline.wires.models import WireFormat, WireSource
from dateline.wires.services.intake import BATCH_FILES, ingest_files
from dateline.wires.services.quarantine import quarantine
from dateline.wires.services.records import IngestReport
from dateline.wires.transports import WireTransportError
from dateline.wires.transports.base import DEFAULT_MAX_BYTES
from dateline.wires.transports.folder import read_path


class Command(BaseCommand):
    help = (
        "Ingest wire files, folders (their files, not moved) or http(s) URLs once. A file that "
        "cannot be ingested is quarantined, not fatal. The last line counts the outcomes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--source", help="Slug of the wire source (its agency, rules, section)."
        )
        parser.add_argument(
            "--format",
            default=WireFormat.AUTO,
            choices=[choice.value for choice in WireFormat],
            help="Format of the files (default: detect).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new stories at once (default: the source's rule; else drafts).",
        )

    def handle(self, *args, targets, source, format, publish, **options) -> None:
        wire_source = None
        if source:
            wire_source = WireSource.objects.filter(slug=source).first()
            if wire_source is None:
                known = ", ".join(WireSource.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No wire source {source!r} (known: {known}).")
        try:
            http = get_transport("http")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        report = IngestReport()
        for target in targets:
            is_url = target.startswith(("http://", "https://"))
            if is_url:
                headers = http.credentials(wire_source) if wire_source else {}
                try:
                    payloads = [http.fetch_url(target, **headers)]
                except WireTransportError as exc:
                    self.stderr.write(f"{target}: {exc}")
                    report.add(
                        quarantine(
                            b"",
                            source=wire_source,
                            filename=target,
                            reason=str(exc),
                            wire_format=format,
                        )
                    )
                    continue
            else:
                try:
                    payloads = read_path(Path(target), DEFAULT_MAX_BYTES)
                except WireTransportError as exc:
                    raise CommandError(str(exc)) from None
            # As a poll files them: BATCH_FILES files a transaction, new stories together.
            for start in range(0, len(payloads), BATCH_FILES):
                chunk = payloads[start : start + BATCH_FILES]
                result = ingest_files(
                    [(payload.name, payload.data) for payload in chunk],
                    source=wire_source,
                    wire_format=format,
                    publish=True if publish else None,
                    quarantine_excerpt=http.quarantine_excerpt if is_url else None,
                )
                for record in result.records:  # a quarantined file's headline is its name
                    self.stdout.write(
                        f"{record.outcome}: {record.headline[:80]}"
                        + (
                            f" ({record.detail.splitlines()[0][:160]})"
                            if record.outcome == "quarantined"
                            else ""
                        )
                    )
                report.extend(result)
        self.stdout.write(report.summary())
