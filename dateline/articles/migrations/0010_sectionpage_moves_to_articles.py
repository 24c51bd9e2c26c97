"""SectionPage moves from the sections app to articles (it and ArticlePage refer to each other).

Nothing changes in the database's tables: the model keeps its table (sections_sectionpage), so
the state moves and the schema stays. What does change is the content type row: Wagtail's pages,
revisions, log entries, permissions and search index rows name their type by content type id,
so the one row is relabelled in place and every reference follows it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel(from_label: str, to_label: str):
    def run(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        page = apps.get_model("wagtailcore", "Page")
        db = schema_editor.connection.alias
        types = content_type.objects.using(db)
        old = types.filter(app_label=from_label, model="sectionpage").first()
        if old is None:
            return  # a new database: post_migrate makes the row with its new label
        new = types.filter(app_label=to_label, model="sectionpage").first()
        if new is not None:
            # Made by a post_migrate that ran in between (a partial migrate): unused unless
            # pages were made with it, and then the two cannot be merged blindly.
            if page.objects.using(db).filter(content_type=new).exists():
                raise RuntimeError(
                    f"Both {from_label}.sectionpage and {to_label}.sectionpage content types "
                    "have pages; merge them by hand before migrating."
                )
            new.delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_embargo_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sections", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SectionPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("intro", models.TextField(blank=True, max_length=500)),
                        (
                            "short_name",
                            models.CharField(
                                blank=True, help_text="Label in tight places.", max_length=40
                            ),
                        ),
                    ],
                    options={"db_table": "sections_sectionpage"},
                    bases=("wagtailcore.page",),
                ),
                migrations.AlterField(
                    model_name="articlepage",
                    name="section",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.sectionpage",
                    ),
                ),
                migrations.AlterField(
                    model_name="articlepage",
                    name="top_section",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.sectionpage",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel("sections", "articles"), relabel("articles", "sections")),
    ]
