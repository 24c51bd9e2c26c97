"""The purge outbox (PendingPurge) moves from core to caching, the app of the freshness model.

The table stays (db_table core_pendingpurge): the model moves in the migration state only, and
its content type row is relabelled in place so its permissions follow it.
"""

from django.db import migrations, models


def relabel(from_label: str, to_label: str):
    def run(apps, schema_editor):
        types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        old = types.filter(app_label=from_label, model="pendingpurge").first()
        if old is None:
            return  # a new database: post_migrate makes the row with its new label
        # One made by a post_migrate in between (a partial migrate) names no rows: it goes.
        types.filter(app_label=to_label, model="pendingpurge").delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_purge_outbox_replaces_cached_dependency"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingPurge",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("keys", models.JSONField()),
                        ("urls", models.JSONField(blank=True, default=list)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=500)),
                    ],
                    options={"db_table": "core_pendingpurge"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel("core", "caching"), relabel("caching", "core")),
    ]
