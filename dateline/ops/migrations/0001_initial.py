"""The services' heartbeats leave core for ops (issue 20), by state only: the table keeps its
name (core_serviceheartbeat) and the content type is relabelled in place."""


from django.db import migrations, models

from dateline.core.moves import relabel_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0007_newsletter_signups_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ServiceHeartbeat',
                    fields=[
                        ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                        ('beat_at', models.DateTimeField()),
                        ('detail', models.CharField(blank=True, max_length=200)),
                    ],
                    options={
                        'db_table': 'core_serviceheartbeat',
                    },
                ),
            ],
            database_operations=[],
        ),
        relabel_content_types("core", "ops", ["serviceheartbeat"]),
    ]
