"""Search documents: a story's vectors with the columns the public rule filters on.

On PostgreSQL the rows are kept by triggers (see `SearchDocument`), filled here from the
index entries that exist, and indexed three ways: GIN on `title || body` (what matches), GIN
on `title` (headline matches, ranked first), and a btree on the publication time of live
stories (the newest matches, walked in order with LIMIT). Other databases keep the table
empty.
"""

import django.contrib.postgres.search
from django.db import migrations, models

ARTICLE_TYPE = (
    "(SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'articlepage')"
)

FUNCTIONS = [
    # An index entry of a story: its row, with the story's columns as they stand now.
    f"""
    CREATE OR REPLACE FUNCTION search_document_from_entry() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.content_type_id = {ARTICLE_TYPE} THEN
                DELETE FROM search_searchdocument WHERE page_id = OLD.object_id::integer;
            END IF;
            RETURN NULL;
        END IF;
        IF NEW.content_type_id = {ARTICLE_TYPE} THEN
            INSERT INTO search_searchdocument
                (page_id, live, published_at, embargo_until, path, title, title_norm, body)
            SELECT a.page_ptr_id, p.live, a.published_at, a.embargo_until, p.path,
                   NEW.title, NEW.title_norm, NEW.body
            FROM articles_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id
            WHERE a.page_ptr_id = NEW.object_id::integer
            ON CONFLICT (page_id) DO UPDATE SET
                live = EXCLUDED.live, published_at = EXCLUDED.published_at,
                embargo_until = EXCLUDED.embargo_until, path = EXCLUDED.path,
                title = EXCLUDED.title, title_norm = EXCLUDED.title_norm, body = EXCLUDED.body;
        END IF;
        RETURN NULL;
    END $$
    """,
    # A page published, unpublished, withdrawn or moved (treebeard rewrites descendants'
    # paths with one UPDATE: each row fires).
    """
    CREATE OR REPLACE FUNCTION search_document_from_page() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchdocument SET live = NEW.live, path = NEW.path
        WHERE page_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    # A story's publication time or embargo changed; a story deleted.
    """
    CREATE OR REPLACE FUNCTION search_document_from_article() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_searchdocument WHERE page_id = OLD.page_ptr_id;
            RETURN NULL;
        END IF;
        UPDATE search_searchdocument
        SET published_at = NEW.published_at, embargo_until = NEW.embargo_until
        WHERE page_id = NEW.page_ptr_id;
        RETURN NULL;
    END $$
    """,
]

TRIGGERS = {
    "search_document_entry": (
        "wagtailsearch_indexentry",
        "AFTER INSERT OR UPDATE OR DELETE ON wagtailsearch_indexentry FOR EACH ROW "
        "EXECUTE FUNCTION search_document_from_entry()",
    ),
    "search_document_page": (
        "wagtailcore_page",
        "AFTER UPDATE OF live, path ON wagtailcore_page FOR EACH ROW "
        "WHEN (OLD.live IS DISTINCT FROM NEW.live OR OLD.path IS DISTINCT FROM NEW.path) "
        "EXECUTE FUNCTION search_document_from_page()",
    ),
    "search_document_article": (
        "articles_articlepage",
        "AFTER UPDATE OF published_at, embargo_until OR DELETE ON articles_articlepage "
        "FOR EACH ROW EXECUTE FUNCTION search_document_from_article()",
    ),
}

INDEXES = {
    "search_document_match": "USING gin ((title || body))",
    "search_document_title": "USING gin (title)",
    "search_document_newest": "(published_at DESC, page_id DESC) WHERE live",
}

FILL = f"""
    INSERT INTO search_searchdocument
        (page_id, live, published_at, embargo_until, path, title, title_norm, body)
    SELECT a.page_ptr_id, p.live, a.published_at, a.embargo_until, p.path,
           e.title, e.title_norm, e.body
    FROM wagtailsearch_indexentry e
    JOIN articles_articlepage a ON a.page_ptr_id = e.object_id::integer
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    WHERE e.content_type_id = {ARTICLE_TYPE}
    ON CONFLICT (page_id) DO NOTHING
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FUNCTIONS:
        schema_editor.execute(sql)
    for name, (table, definition) in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(f"CREATE TRIGGER {name} {definition}")
    schema_editor.execute(FILL)
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON search_searchdocument {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, _definition) in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for function in ("entry", "page", "article"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS search_document_from_{function}()")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_join_indexes"),
        ("articles", "0011_articlepage_no_ads"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("live", models.BooleanField(default=False)),
                ("published_at", models.DateTimeField(null=True)),
                ("embargo_until", models.DateTimeField(null=True)),
                ("path", models.CharField(max_length=255)),
                ("title", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("title_norm", models.FloatField(default=1.0)),
                ("body", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
