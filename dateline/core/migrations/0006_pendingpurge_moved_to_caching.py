"""PendingPurge now belongs to the caching app (caching 0001): it leaves core's migration
state; its table stays (the caching model keeps db_table core_pendingpurge)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_pendingpurge_moves_from_core"),
        ("core", "0005_purge_outbox_replaces_cached_dependency"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingPurge")],
            database_operations=[],
        ),
    ]
