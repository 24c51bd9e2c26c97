"""An editor can take over a story at any stage of the "Copy desk → Editor" workflow: the
Editor role is one of the groups of every task in it, so an editor approves (or sends
back) a story the copy desk has not reached yet, then signs it off (docs/operations.md)."""

from django.db import migrations

WORKFLOW_NAME = "Copy desk → Editor"
ROLE = "Editor"


def editor_on_every_task(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    editor = Group.objects.filter(name=ROLE).first()
    if editor is None:
        return
    for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow__name=WORKFLOW_NAME):
        task.groups.add(editor)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_wire_desk_for_copy_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editor_on_every_task, migrations.RunPython.noop)]
