"""Indexes that let PostgreSQL answer reader search from indexes at any archive size.

Wagtail's database search backend matches `(title || body) @@ query` (its GIN indexes
are on each column alone, so the match scanned every entry) and joins the entries to
stories on `page_ptr_id::varchar(50)::text = object_id` (the story's primary key index
cannot serve a cast). One GIN index on the concatenation and one expression index on the
cast make a rare word a few index lookups; a common word, read newest first, walks the
story date index and probes the entries' unique index. Other databases skip this.
"""

from django.db import migrations

INDEXES = {
    "search_entry_title_body": (
        "CREATE INDEX IF NOT EXISTS search_entry_title_body "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    ),
    "article_ptr_as_text": (
        "CREATE INDEX IF NOT EXISTS article_ptr_as_text "
        "ON articles_articlepage (((page_ptr_id::varchar(50))::text))"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEXES.values():
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("articles", "0004_article_tag_published_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
