"""The wire desk is a desk job: the copy desk and editors read the ingest log and the wire
stories and retry quarantined files (docs/operations.md, Roles). Sources (transports,
folders, credentials) stay with administrators."""

from django.db import migrations

from dateline.core.migration_helpers import create_permissions_now, grant_to_groups

WIRE_DESK = {
    "Copy desk": [
        "view_ingestrecord",
        "view_wirestory",
        "view_quarantinedfile",
        "change_quarantinedfile",
    ],
    "Editor": [
        "view_ingestrecord",
        "view_wirestory",
        "view_quarantinedfile",
        "change_quarantinedfile",
    ],
}


def open_wire_desk(apps, schema_editor):
    grant_to_groups(apps, "wires", WIRE_DESK)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_page_type_last_edited"),
        ("wires", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_permissions_now, migrations.RunPython.noop),
        migrations.RunPython(open_wire_desk, migrations.RunPython.noop),
    ]
