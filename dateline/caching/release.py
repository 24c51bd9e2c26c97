"""The release a rendered entry was made by, so that a deploy never serves the old code's pages.

Pages and fragments are kept for up to an hour. Without this, a deploy that changes a
template (or the Python that fills it) would go on serving the pages the previous code drew
until each one expired or was purged: nothing in the database changed, so nothing purges them.
The release is part of the name of every rendered entry (`middleware.page_entry_key`,
`params_map_key`, `cachestore.fragment_entry`, the feeds' entries): new code reads new names,
and the old entries age out of the cache on their own.

Purges stay exact across a rolling deploy: the reverse index lists entries by their full names,
so a purge made by a process of either release deletes the entries of both.

The release is `DATELINE_RELEASE` when the deploy sets one (a commit id, a build number), else
a digest of the code itself (the package's Python, templates and static files, and the versions
of Django and Wagtail): a restart of the same code keeps its cache warm, as `make run` expects.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
# What can change what a page shows: code, templates and what the templates link or inline.
SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".json", ".css", ".js", ".svg"})
# Libraries whose upgrade changes rendered HTML (their templates and template tags).
LIBRARIES = ("django", "wagtail")


def code_files(root: Path) -> Iterable[Path]:
    """The files under `root` that make up the running code: not tests, not bytecode."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if "tests" in relative or "__pycache__" in relative or path.suffix not in SUFFIXES:
            continue
        if path.is_file():
            yield path


def fingerprint(root: Path, libraries: Iterable[str] = LIBRARIES) -> str:
    """A short digest of the code under `root` and the libraries' versions."""
    digest = hashlib.sha256()
    for name in libraries:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}: absent\n".encode())
    for path in code_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@functools.cache
def release() -> str:
    """This process's release (read once: the code does not change under a running process)."""
    return os.environ.get("DATELINE_RELEASE", "").strip() or fingerprint(PACKAGE)
