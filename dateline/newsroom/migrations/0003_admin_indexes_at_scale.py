"""Indexes on Wagtail's page table for the newsroom at a million stories (PostgreSQL).

Measured with `make bench` (see docs/benchmarks.md); each one replaces a sequential scan
of every page that Wagtail's admin runs on its screens:

* (depth, path): the root lookup `depth = 1` on every admin view, explorer and chooser
  child counts (`depth = d AND path LIKE 'p%'`);
* locked pages (partial): the "Locked pages" report and the dashboard panel;
* last_published_at: the "Aging pages" report's order;
* id::varchar(50): admin and chooser search join their index entries on that cast.

Other databases skip this (SQLite plans these differently and is not the scale target).
"""

from django.db import migrations

INDEXES = {
    "page_depth_path": "ON wagtailcore_page (depth, path)",
    "page_locked": "ON wagtailcore_page (id) WHERE locked",
    "page_last_published": "ON wagtailcore_page (last_published_at)",
    "page_id_as_varchar": "ON wagtailcore_page (((id)::varchar(50)))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_desk_roles_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]
