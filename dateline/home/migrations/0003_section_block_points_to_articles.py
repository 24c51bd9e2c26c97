"""SectionPage moved to the articles app (articles 0010): the foreign key's target moves in
the migration state only; the column and its constraint already point at the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_sectionpage_moves_to_articles"),
        ("home", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="homepagesectionblock",
                    name="section",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.sectionpage",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
