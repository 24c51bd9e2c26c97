"""A drop folder on the server: every regular file is a payload; once ingested (or
quarantined) it moves to the folder's `done/` sub-folder, so nothing is read twice.

The folder must lie under DATELINE_WIRE_DROP_ROOT (`confine.confined_folder`, checked at
every poll as in the admin form); symbolic links in it are never followed."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from .base import WirePayload, WireTransport, WireTransportError
from .confine import confined_folder

DONE = "done"
logger = logging.getLogger("dateline.wires")


class FolderTransport(WireTransport):
    def fetch(self, source) -> list[WirePayload]:
        folder = confined_folder(source.folder)
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
                data = _read_no_follow(path, self.max_bytes + 1)
            except OSError:
                continue  # removed, still locked, or swapped for a link: next poll
            payloads.append(WirePayload(name=path.name, data=data, token=path))
        return payloads

    @staticmethod
    def is_ready(path: Path) -> bool:
        """Regular files (not links), not hidden and not half-copied (.part, .tmp)."""
        if path.is_symlink():
            logger.warning("Drop folder: %s is a symbolic link and is not read.", path)
            return False
        return (
            path.is_file()
            and not path.name.startswith(".")
            and path.suffix.lower() not in {".part", ".tmp", ".partial"}
        )

    def acknowledge(self, source, payload: WirePayload) -> None:
        path: Path = payload.token
        done = path.parent / DONE
        if done.is_symlink():
            logger.warning("Drop folder: %s is a symbolic link; %s is left in place.", done, path)
            return
        done.mkdir(exist_ok=True)
        target = done / path.name
        if target.exists():
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            target = done / f"{stamp}-{path.name}"
        shutil.move(str(path), target)


def _read_no_follow(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, refusing a path that is (now) a link."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit)


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
