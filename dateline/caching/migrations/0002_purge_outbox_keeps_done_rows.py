"""Purged outbox rows are kept a while, marked done (issue 21, point 5: see caching.outbox)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_pendingpurge_moves_from_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingpurge",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
