"""The live desk's roles: reporters, the copy desk and editors post entries and correct their
own; editors (and administrators, who hold every permission) pin, mark key events, correct
or delete anyone's entries and start or end coverage. Written out here, not imported, so
this migration never changes meaning."""

from django.db import migrations

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


def create_permissions_now(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def open_live_desk(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in LIVE_DESK.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="live", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("newsroom", "0002_desk_roles_and_workflow"),
    ]

    operations = [
        migrations.RunPython(create_permissions_now, migrations.RunPython.noop),
        migrations.RunPython(open_live_desk, migrations.RunPython.noop),
    ]
