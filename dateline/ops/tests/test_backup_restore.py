"""`dateline backup` then `dateline restore` into an emptied database: the site serves the
same pages and media. Runs on SQLite (online backup API) and PostgreSQL (pg_dump/pg_restore).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from dateline.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def empty_the_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def snapshot(client, paths: list[str]) -> dict[str, tuple[int, str]]:
    pages = {}
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[path] = (response.status_code, CSRF.sub("", body.decode("latin-1")))
    return pages


def test_a_backup_restored_into_an_empty_database_serves_the_same_site(
    client, world, settings, tmp_path
):
    from dateline.core.factories import ImageFactory

    settings.MEDIA_ROOT = str(tmp_path / "media")
    image = ImageFactory()  # its file in this test's media folder
    story = ArticlePageFactory(section=world, title="Harbour reopens", hero_image=image)
    paths = ["/", "/world/", story.url, "/feeds/latest/rss/", "/sitemap.xml", image.file.url]
    before = snapshot(client, paths)
    assert {status for status, _ in before.values()} == {200}

    call_command("backup", str(tmp_path / "backup"))
    manifest = (tmp_path / "backup" / "manifest.json").read_text()
    assert f'"engine": "{connection.vendor}"' in manifest

    empty_the_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    cache.clear()

    call_command("restore", str(tmp_path / "backup"), "--yes")
    cache.clear()

    assert snapshot(client, paths) == before
    assert (Path(settings.MEDIA_ROOT) / image.file.name).exists()


def test_restore_refuses_a_folder_without_a_backup(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="holds no backup"):
        call_command("restore", str(tmp_path), "--yes")


def test_backup_refuses_to_overwrite_an_earlier_backup(tmp_path, home):
    from django.core.management.base import CommandError

    call_command("backup", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", str(tmp_path / "b"))


def test_a_restore_empties_the_page_cache_and_purges_the_front_caches(
    client, world, settings, tmp_path
):
    """After a restore, a story live in the restored database is served live: not the 410
    cached while it was withdrawn, and back in its section's cached listing."""
    from dateline.articles.services import unpublish_article
    from dateline.caching import backends

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "dateline.caching.backends.RecordingBackend"}
    }
    story = ArticlePageFactory(section=world, title="Harbour reopens after the storm")
    call_command("backup", str(tmp_path / "backup"))

    unpublish_article(story)
    assert client.get(story.url).status_code == 410  # what readers and front caches saw
    section = client.get("/world/")
    assert client.get("/world/")["X-Cache"] == "HIT"
    assert "Harbour reopens" not in section.content.decode()
    backends.PURGED.clear()

    call_command("restore", str(tmp_path / "backup"), "--yes")

    page = client.get(story.url)
    assert page.status_code == 200
    assert "Harbour reopens" in client.get("/world/").content.decode()
    purged = set(backends.PURGED)
    assert "http://testserver" + story.url in purged  # the 410 front caches kept
    assert "http://testserver/world/" in purged
