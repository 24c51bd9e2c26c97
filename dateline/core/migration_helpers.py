"""Steps that data migrations share. Migrations import this module, so what it does must
never change: a migration means the same on every database it ever runs on. Add a new
function rather than change one, and keep the imports to Django's own."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions


def create_permissions_now(apps, schema_editor) -> None:
    """Every app's permissions, now: Django makes them after all migrations, and a
    migration that grants them to groups needs them earlier."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def grant_to_groups(apps, app_label: str, codenames_by_group: dict[str, list[str]]) -> None:
    """Give each named group those of `app_label`'s permissions; a group that does not
    exist (a site without the newsroom's roles) is skipped."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in codenames_by_group.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
