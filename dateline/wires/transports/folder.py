"""A drop folder on the server: every regular file is a payload; once ingested (or
quarantined) it moves to the folder's `done/` sub-folder, so nothing is read twice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .base import WirePayload, WireTransport, WireTransportError

DONE = "done"


class FolderTransport(WireTransport):
    def fetch(self, source) -> list[WirePayload]:
        folder = Path(source.folder)
        if not folder.is_dir():
            raise WireTransportError(f"The drop folder {folder} does not exist.")
        try:
            entries = sorted(
                (p for p in folder.iterdir() if self.is_ready(p)), key=lambda p: p.stat().st_mtime
            )
        except OSError as exc:
            raise WireTransportError(f"The drop folder {folder} cannot be read: {exc}.") from None
        payloads = []
        for path in entries:
            try:
                with path.open("rb") as handle:
                    data = handle.read(self.max_bytes + 1)
            except OSError:
                continue  # removed or still locked: next poll
            payloads.append(WirePayload(name=path.name, data=data, token=path))
        return payloads

    @staticmethod
    def is_ready(path: Path) -> bool:
        """Regular files, not hidden and not half-copied (.part, .tmp)."""
        return (
            path.is_file()
            and not path.name.startswith(".")
            and path.suffix.lower() not in {".part", ".tmp", ".partial"}
        )

    def acknowledge(self, source, payload: WirePayload) -> None:
        path: Path = payload.token
        done = path.parent / DONE
        done.mkdir(exist_ok=True)
        target = done / path.name
        if target.exists():
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            target = done / f"{stamp}-{path.name}"
        shutil.move(str(path), target)


def read_path(path: Path, max_bytes: int) -> list[WirePayload]:
    """Files named on the command line: a file, or every ready file in a folder (not moved)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if FolderTransport.is_ready(p))
    elif path.is_file():
        files = [path]
    else:
        raise WireTransportError(f"{path} is neither a file nor a folder.")
    payloads = []
    for file in files:
        with file.open("rb") as handle:
            payloads.append(
                WirePayload(name=file.name, data=handle.read(max_bytes + 1), token=file)
            )
    return payloads
