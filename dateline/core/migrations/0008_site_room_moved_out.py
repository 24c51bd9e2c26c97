"""The site room (site settings, menus, standard pages: site 0001) and the heartbeats (ops 0001)
leave core's migration state; their tables stay, kept by the new apps' db_table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_newsletter_signups_moved"),
        ("ops", "0001_initial"),
        ("site", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Menu"),
                migrations.DeleteModel(name="ServiceHeartbeat"),
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="StandardPage"),
            ],
            database_operations=[],
        ),
    ]
