"""Editors and the Homepage editor may set the live channel's stream (Settings › Live TV).

The desk's other permissions come from newsroom's role migration; this adds the one setting
this app brings. Groups that do not exist (a site without the newsroom roles) are skipped.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editor", "Homepage editor")
CODENAMES = ("change_livetvsettings", "view_livetvsettings")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("video")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)  # normally made after all migrations
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="video", codename__in=CODENAMES)
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("video", "0001_initial"),
        ("newsroom", "0002_desk_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
