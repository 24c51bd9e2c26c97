"""Backups a newsroom can restore: the database and the uploaded media, in one folder.

- SQLite: SQLite's online backup API (a consistent copy while the site keeps serving).
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`.
- Media: the files under MEDIA_ROOT (local storage; object storage keeps its own versions).

A backup folder holds `manifest.json`, `database.sqlite3` or `database.dump`, and `media/`.

A restore replaces the world every cache was filled from: afterwards the shared caches are
emptied (pages, fragments, renditions: nothing cached can describe the restored database) and
the front caches are told to drop every page (by the site-wide key every page carries, for
Varnish, and by the URL of every page cached before or at the backup, for URL purges).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("dateline.backup")

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"


class BackupError(Exception):
    pass


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"No backup method for the {vendor} database engine.")
    return vendor


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    return env, args


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(path: Path) -> dict:
    """Write a backup into the folder `path` (created; must not already hold a backup)."""
    path = Path(path)
    if (path / MANIFEST).exists():
        raise BackupError(f"{path} already holds a backup; choose a new folder.")
    path.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite":
        target = sqlite3.connect(path / SQLITE_FILE)
        try:
            _raw_sqlite().backup(target)
        finally:
            target.close()
    else:
        env, args = _pg_env_and_args()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path / POSTGRES_FILE),
                *args,
                connection.settings_dict["NAME"],
            ],
            env,
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    if media_root.is_dir():
        shutil.copytree(media_root, path / MEDIA_DIR, dirs_exist_ok=True)
        media_files = sum(1 for item in (path / MEDIA_DIR).rglob("*") if item.is_file())
    manifest = {
        "engine": engine,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "media_files": media_files,
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(path: Path) -> dict:
    """Replace this site's database and media with the backup in `path`.

    The database may be empty (no tables) or hold an older copy: everything in it is
    replaced. Media files are copied over MEDIA_ROOT."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{path} holds no backup ({MANIFEST} is missing).") from error
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this site uses {engine}."
        )
    cached_urls = _cached_page_urls()  # what front caches may hold of the world being replaced
    if engine == "sqlite":
        source = sqlite3.connect(path / SQLITE_FILE)
        try:
            source.backup(_raw_sqlite())
        finally:
            source.close()
    else:
        env, args = _pg_env_and_args()
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                "--dbname",
                connection.settings_dict["NAME"],
                str(path / POSTGRES_FILE),
            ],
            env,
        )
    if (path / MEDIA_DIR).is_dir():
        shutil.copytree(path / MEDIA_DIR, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    forget_cached_pages(cached_urls)
    return manifest


def _cached_page_urls() -> set[str]:
    """The URLs of the pages in the page cache (its reverse index; none if unreachable)."""
    from dateline.caching import cachestore

    try:
        reverse = cachestore.index()
        return reverse.urls() if reverse is not None else set()
    except Exception:
        logger.warning("Could not list the cached pages' URLs", exc_info=True)
        return set()


def forget_cached_pages(urls_before: set[str]) -> None:
    """After a restore: empty the shared caches and purge the front caches.

    The page cache's reverse index (with the cache, not in the database) is emptied with
    it. Counters (the "counters" alias, views not yet
    rolled up) are kept unless they share the default cache (Redis at scale), where a
    minute of views is the price of never serving the replaced world."""
    from dateline.caching import cachestore
    from dateline.caching.dependencies import key_for
    from dateline.site.models import SiteSettings

    urls = urls_before | _cached_page_urls()
    aliases = {settings.DATELINE_PAGE_CACHE.get("CACHE", "default"), "default"}
    if "renditions" in settings.CACHES:
        aliases.add("renditions")
    for alias in sorted(aliases):
        caches[alias].clear()
    try:
        cachestore.forget_everything()
    except Exception:
        logger.warning("Could not empty the page cache's reverse index", exc_info=True)
    # Every page records the site settings (core.middleware): a key that purges them all.
    keys = {key_for(SiteSettings)}
    for dotted in getattr(settings, "DATELINE_INVALIDATORS", []):
        try:
            import_string(dotted)(keys, urls)
        except Exception:  # the restore itself succeeded: say what to purge by hand
            logger.exception("Front-cache purge %s failed after the restore", dotted)
