"""The wire desk is a desk job: the copy desk and editors read the ingest log and the wire
stories and retry quarantined files (docs/operations.md, Roles). Sources (transports,
folders, credentials) stay with administrators."""

from django.db import migrations

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


def create_permissions_now(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def open_wire_desk(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in WIRE_DESK.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wires", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_page_type_last_edited"),
        ("wires", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_permissions_now, migrations.RunPython.noop),
        migrations.RunPython(open_wire_desk, migrations.RunPython.noop),
    ]
