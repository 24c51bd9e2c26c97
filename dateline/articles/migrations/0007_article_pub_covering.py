"""A covering index for the sitemaps' reads of a date range (PostgreSQL; others skip it).

A month's sitemap file and the Google News file read a thousand stories of a
`published_at` range; through `article_pub` each row is a heap fetch, a random page at a
million stories. With the columns they read on the story side in the index, that side is an
index-only scan (the page join, for the URL, remains)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_pub_covering ON articles_articlepage (published_at) "
    "INCLUDE (page_ptr_id, embargo_until, updated_at, hero_image_id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_pub_covering")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_article_month")]

    operations = [migrations.RunPython(create, drop)]
