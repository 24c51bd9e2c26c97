"""The live desk's roles: reporters, the copy desk and editors post entries and correct their
own; editors (and administrators, who hold every permission) pin, mark key events, correct
or delete anyone's entries and start or end coverage. The grants are written out here, and
the steps come from `core.migration_helpers`, which never changes, so this migration
never changes meaning."""

from django.db import migrations

from dateline.core.migration_helpers import create_permissions_now, grant_to_groups

LIVE_DESK = {
    "Reporter": ["add_liveentry", "view_liveentry"],
    "Copy desk": ["add_liveentry", "view_liveentry"],
    "Editor": [
        "add_liveentry",
        "view_liveentry",
        "change_liveentry",
        "delete_liveentry",
        "moderate_liveentry",
    ],
}


def open_live_desk(apps, schema_editor):
    grant_to_groups(apps, "live", LIVE_DESK)


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("newsroom", "0002_desk_roles_and_workflow"),
    ]

    operations = [
        migrations.RunPython(create_permissions_now, migrations.RunPython.noop),
        migrations.RunPython(open_live_desk, migrations.RunPython.noop),
    ]
