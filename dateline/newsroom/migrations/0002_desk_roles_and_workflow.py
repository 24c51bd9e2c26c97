"""The desk's roles as Wagtail groups, and the default "Copy desk → Editor" workflow.

Page permissions are granted on the tree's root, so they reach every section of every
site (a single section's desk is a GroupPagePermission on that section instead). Stories
also need Django's `articles.change_articlepage` (see articles.permissions), which is how the
Homepage editor curates the front page without editing stories.

The role table is written out here, not imported, so this migration never changes meaning.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Reporter": ["add"],  # Wagtail: "add" = create pages and edit your own
    "Copy desk": ["add", "change", "lock"],
    "Editor": ["add", "change", "publish", "lock", "unlock"],
    "Homepage editor": ["change", "publish"],
    "Administrator": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}

DESK = [
    "wagtailadmin.access_admin",
    "articles.add_articlepage",
    "articles.change_articlepage",
    "articles.view_author",
    "articles.view_agency",
]
MODEL_PERMISSIONS = {
    "Reporter": DESK,
    "Copy desk": DESK + ["articles.add_author", "articles.change_author"],
    "Editor": DESK
    + [
        "articles.add_author",
        "articles.change_author",
        "articles.add_agency",
        "articles.change_agency",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
    "Homepage editor": [
        "wagtailadmin.access_admin",
        "core.add_menu",
        "core.change_menu",
        "core.view_menu",
        "newsroom.change_breakingnewsbanner",
    ],
    "Administrator": None,  # every permission there is
}

COLLECTION_PERMISSIONS = {
    "Reporter": ["add_image", "choose_image", "add_document", "choose_document"],
    "Copy desk": ["add_image", "change_image", "choose_image", "add_document", "choose_document"],
    "Editor": [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    "Homepage editor": ["choose_image", "choose_document"],
    "Administrator": [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}

# Models of this migration's time that later moved app (site 0001, ops 0001, home 0004).
MOVED_SINCE = [
    ("core", "menu"),
    ("core", "sitesettings"),
    ("core", "standardpage"),
    ("core", "serviceheartbeat"),
    ("newsroom", "breakingnewsbanner"),
]

WORKFLOW_NAME = "Copy desk → Editor"
TASKS = [("Copy desk review", "Copy desk"), ("Editor sign-off", "Editor")]


def create_permissions_now(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    # create_permissions reads today's models: those that have since moved to another app
    # (issue 20) get theirs under the label they have here, and each move relabels them.
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    for app_label, model_name in MOVED_SINCE:
        meta = apps.get_model(app_label, model_name)._meta
        row, _ = content_type.objects.get_or_create(app_label=app_label, model=model_name)
        for action in meta.default_permissions:
            permission.objects.get_or_create(
                content_type=row,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {meta.verbose_name_raw}"},
            )


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    def permission(dotted):
        app_label, codename = dotted.split(".")
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if found is None and (app_label, codename.split("_", 1)[1]) in MOVED_SINCE:
            # Rebuilt with today's models (the `desk_roles` test fixture): the model has
            # moved app since, its permission with it.
            found = Permission.objects.get(
                content_type__model=codename.split("_", 1)[1], codename=codename
            )
        return found or Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, page_types in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if root_page is not None:
            for page_type in page_types:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission(f"wagtailcore.{page_type}_page")
                )
        codenames = MODEL_PERMISSIONS[name]
        if codenames is None:
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([permission(dotted) for dotted in codenames])
        if root_collection is not None:
            for codename in COLLECTION_PERMISSIONS[name]:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(f"{app_label}.{codename}"),
                )


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for sort_order, (task_name, group_name) in enumerate(TASKS):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=task_name, content_type=task_type, active=True
            )
        task.groups.set([Group.objects.get(name=group_name)])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": sort_order}
        )
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        # Replaces Wagtail's default "Moderators approval" at the root: every section inherits it.
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("articles", "0003_embargo_and_corrections"),
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_permissions_now, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
