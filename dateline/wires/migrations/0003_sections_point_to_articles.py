"""SectionPage moved to the articles app (articles 0010): the foreign keys' target moves in
the migration state only; the columns and their constraints already point at the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sectionpage_moves_to_articles"),
        ("wires", "0002_wire_uploads_private"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="wiresource",
                    name="default_section",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Where stories go when no rule matches.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.sectionpage",
                    ),
                ),
                migrations.AlterField(
                    model_name="wirerule",
                    name="section",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.sectionpage",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
