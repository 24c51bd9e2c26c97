"""SectionPage now belongs to the articles app (articles 0010): it leaves this app's migration
state; its table stays (the articles model keeps db_table sections_sectionpage). Runs after
every foreign key to it has been re-pointed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sectionpage_moves_to_articles"),
        ("home", "0003_section_block_points_to_articles"),
        ("sections", "0001_initial"),
        ("wires", "0003_sections_point_to_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SectionPage")],
            database_operations=[],
        ),
    ]
