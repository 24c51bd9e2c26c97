"""The breaking-news banner now belongs to home (home 0004): it leaves the newsroom's migration
state; its table stays (home's model keeps db_table newsroom_breakingnewsbanner)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_breaking_banner_moves_to_home"),
        ("newsroom", "0006_editor_takes_over_any_stage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BreakingNewsBanner")],
            database_operations=[],
        ),
    ]
