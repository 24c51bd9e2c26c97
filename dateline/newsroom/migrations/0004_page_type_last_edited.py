"""The "Page types usage" report's latest edited page per type, from an index (PostgreSQL).

Wagtail orders each type's pages by (latest_revision_created_at DESC NULLS LAST, title,
id DESC) and takes the first; without a matching index that sorted every story (a million
rows) once per page type. Other databases skip this, as in 0003.
"""

from django.db import migrations

NAME = "page_type_last_edited"
DEFINITION = (
    "ON wagtailcore_page (content_type_id, latest_revision_created_at DESC NULLS LAST,"
    " title, id DESC)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} {DEFINITION}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0003_admin_indexes_at_scale")]

    operations = [migrations.RunPython(create, drop)]
