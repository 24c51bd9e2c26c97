"""No one grants a right they do not hold, by any admin path: user create and edit, the
"Assign role" bulk action, group create and edit (issue 18, finding 1).

Each desk role tries every path twice: as the demo defines the role (only the Administrator
reaches the user admin at all) and with the user and group admin permissions added to it, so
the rule itself is what refuses, not a missing permission.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission, Page
from wagtail.users.forms import GroupForm

from dateline.accounts.access import Rights

pytestmark = pytest.mark.django_db

User = get_user_model()

ROLES = ["Reporter", "Copy desk", "Editor", "Homepage editor", "Administrator"]
PERSONNEL = ["add_user", "change_user", "add_group", "change_group", "delete_group"]
# For each role, a group with more rights than it (the Administrator's is a superuser's).
HIGHER = {
    "Reporter": "Editor",
    "Copy desk": "Editor",
    "Editor": "Administrator",
    "Homepage editor": "Editor",
    "Administrator": None,
}
PASSWORD = "copper-kettle-harbour-91"


@pytest.fixture
def actor_for(make_user):
    def make(role: str, personnel: bool):
        user = make_user("actor", role)
        if personnel:
            user.user_permissions.add(
                *Permission.objects.filter(codename__in=PERSONNEL + ["access_admin"])
            )
        return User.objects.get(pk=user.pk)  # no permission cache

    return make


def new_user_form(username: str, groups: list[int], **extra) -> dict:
    return {
        "username": username,
        "email": f"{username}@example.com",
        "first_name": "New",
        "last_name": "Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": groups,
        **extra,
    }


def edit_user_form(user, groups: list[int], **extra) -> dict:
    return {
        "username": user.username,
        "email": user.email or f"{user.username}@example.com",
        "first_name": "Some",
        "last_name": "One",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": groups,
        **extra,
    }


def formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def group_form(group: Group | None, name: str, *, extra_perms=(), page_perms=()) -> dict:
    """The group form as the browser posts it: the group's current rights plus the extras."""
    registered = set(GroupForm().fields["permissions"].queryset.values_list("pk", flat=True))
    permissions = [
        pk
        for pk in (group.permissions.values_list("pk", flat=True) if group else [])
        if pk in registered
    ]
    sites: dict[str, list[int]] = {}
    if group is not None:
        for grant in GroupSitePermission.objects.filter(group=group).select_related(
            "permission__content_type"
        ):
            ct = grant.permission.content_type
            sites.setdefault(f"{ct.app_label}_{ct.model}_site_permissions-sites", []).append(
                grant.site_id
            )
    pages: dict[int, list[str]] = {}
    collections: dict[str, dict[int, list[str]]] = {"image": {}, "document": {}}
    if group is not None:
        for grant in GroupPagePermission.objects.filter(group=group).select_related("permission"):
            pages.setdefault(grant.page_id, []).append(grant.permission.codename)
        for grant in GroupCollectionPermission.objects.filter(group=group).select_related(
            "permission"
        ):
            kind = "image" if grant.permission.codename.endswith("image") else "document"
            collections[kind].setdefault(grant.collection_id, []).append(str(grant.permission.pk))
    root = Page.objects.get(depth=1).pk
    for codename in page_perms:
        pages.setdefault(root, []).append(codename)
    return {
        "name": name,
        "permissions": permissions + [p.pk for p in extra_perms],
        **formset("page_permissions", [{"page": p, "permissions": c} for p, c in pages.items()]),
        **formset("collection_permissions", []),
        **sites,
        **{
            key: value
            for kind, rows in collections.items()
            for key, value in formset(
                f"{kind}_permissions",
                [{"collection": c, "permissions": perms} for c, perms in rows.items()],
            ).items()
        },
    }


def rights_of_everyone() -> dict:
    """Who holds what: to show a refused attempt changed nothing."""
    return {
        "superusers": sorted(User.objects.filter(is_superuser=True).values_list("username")),
        "staff": sorted(User.objects.filter(is_staff=True).values_list("username")),
        "memberships": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "groups": sorted(
            (group.name, repr(Rights.of_group(group))) for group in Group.objects.all()
        ),
        "user_permissions": sorted(
            User.user_permissions.through.objects.values_list("user_id", "permission_id")
        ),
    }


@pytest.mark.parametrize("personnel", [False, True], ids=["as-defined", "with-user-admin"])
@pytest.mark.parametrize("role", ROLES)
def test_no_desk_role_can_grant_beyond_its_rights(client, actor_for, role, personnel):
    actor = actor_for(role, personnel)
    client.force_login(actor)
    higher = Group.objects.get(name=HIGHER[role]) if HIGHER[role] else None
    own = Group.objects.get(name=role)
    before = rights_of_everyone()

    # 1. A new superuser (and staff member), or a new member of a higher group.
    client.post(
        reverse("wagtailusers_users:add"),
        new_user_form("sneaky", [higher.pk] if higher else [], is_superuser="on", is_staff="on"),
    )
    sneaky = User.objects.filter(username="sneaky").first()
    assert sneaky is None or not (sneaky.is_superuser or sneaky.is_staff)
    if higher is not None:
        assert sneaky is None or not sneaky.groups.filter(pk=higher.pk).exists()
    if sneaky is not None:  # the Administrator may add users, within its rights
        assert role == "Administrator"
        sneaky.delete()

    # 2. Promote themselves (and a colleague) by editing the user.
    colleague = User.objects.create_user("colleague", "c@example.com", PASSWORD)
    colleague.groups.add(own)
    for target in (actor, colleague):
        client.post(
            reverse("wagtailusers_users:edit", args=(target.pk,)),
            edit_user_form(
                target,
                [own.pk] + ([higher.pk] if higher else []),
                is_superuser="on",
                is_staff="on",
            ),
        )
    # 3. "Assign role" to themselves and the colleague.
    if higher is not None:
        client.post(
            reverse("wagtail_bulk_action", args=("auth", "user", "assign_role"))
            + f"?id={actor.pk}&id={colleague.pk}",
            {"role": higher.pk},
        )
    # 4. A new group with a permission the role lacks, and the same added to its own group.
    registered = GroupForm().fields["permissions"].queryset
    lacking = registered.exclude(pk__in=Rights.of_user(actor).permissions).first()
    extra = [lacking] if lacking else []
    client.post(
        reverse("wagtailusers_groups:add"),
        group_form(
            None, "Escalators", extra_perms=extra, page_perms=["publish_page", "bulk_delete_page"]
        ),
    )
    client.post(
        reverse("wagtailusers_groups:edit", args=(own.pk,)),
        group_form(own, role, extra_perms=extra, page_perms=["publish_page", "bulk_delete_page"]),
    )

    colleague.delete()
    after = rights_of_everyone()
    after["memberships"] = [m for m in after["memberships"] if m[0] != colleague.pk]
    if role == "Administrator":  # it holds publish and bulk_delete: the group may exist
        Group.objects.filter(name="Escalators").delete()
        after["groups"] = [g for g in after["groups"] if g[0] != "Escalators"]
        own_rights = Rights.of_group(own)
        assert not own_rights.superuser
    assert after == before


@pytest.fixture
def personnel_editor(actor_for):
    """An Editor who also manages accounts: may grant what an Editor holds, nothing more."""
    return actor_for("Editor", personnel=True)


def test_the_user_form_offers_only_grantable_groups_and_no_superuser_flag(client, personnel_editor):
    client.force_login(personnel_editor)
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "is_superuser" not in form.fields
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {"Reporter", "Copy desk", "Editor"}


def test_a_forged_group_choice_is_a_form_error_and_nothing_is_saved(client, personnel_editor):
    client.force_login(personnel_editor)
    administrator = Group.objects.get(name="Administrator")
    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("forged", [administrator.pk])
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not User.objects.filter(username="forged").exists()


def test_granting_within_your_rights_still_works(client, personnel_editor):
    client.force_login(personnel_editor)
    reporter = Group.objects.get(name="Reporter")
    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("rookie", [reporter.pk])
    )
    assert response.status_code == 302
    assert list(User.objects.get(username="rookie").groups.all()) == [reporter]
    section_desk = client.post(
        reverse("wagtailusers_groups:add"),
        group_form(None, "Section desk", page_perms=["add_page", "change_page"]),
    )
    assert section_desk.status_code == 302
    assert Group.objects.filter(name="Section desk").exists()


def test_a_group_with_a_right_you_lack_is_refused_with_the_reason(client, personnel_editor):
    client.force_login(personnel_editor)
    response = client.post(
        reverse("wagtailusers_groups:add"),
        group_form(None, "Shredders", page_perms=["bulk_delete_page"]),
    )
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert message.startswith("You cannot grant rights you do not hold yourself:")
    assert "on a page you do not hold it on" in message
    assert not Group.objects.filter(name="Shredders").exists()


def test_a_higher_group_cannot_be_opened_changed_or_deleted(client, personnel_editor):
    client.force_login(personnel_editor)
    administrator = Group.objects.get(name="Administrator")
    before = Rights.of_group(administrator)
    for response in (
        client.get(reverse("wagtailusers_groups:edit", args=(administrator.pk,))),
        client.post(
            reverse("wagtailusers_groups:edit", args=(administrator.pk,)),
            group_form(None, "Administrator"),
        ),
        client.post(reverse("wagtailusers_groups:delete", args=(administrator.pk,))),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert Rights.of_group(Group.objects.get(name="Administrator")) == before


def test_assign_role_lists_only_groups_within_your_rights(client, personnel_editor, make_user):
    client.force_login(personnel_editor)
    rookie = make_user("rookie", "Reporter")
    url = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={rookie.pk}"
    form = client.get(url).context["form"]
    assert set(form.fields["role"].queryset.values_list("name", flat=True)) == {
        "Reporter",
        "Copy desk",
        "Editor",
    }
    editor_group = Group.objects.get(name="Editor")
    assert client.post(url, {"role": editor_group.pk}).status_code == 302
    assert rookie.groups.filter(pk=editor_group.pk).exists()


def test_a_superuser_still_grants_anything(client, desk_roles):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root)
    administrator = Group.objects.get(name="Administrator")
    response = client.post(
        reverse("wagtailusers_users:add"),
        new_user_form("deputy", [administrator.pk], is_superuser="on"),
    )
    assert response.status_code == 302
    assert User.objects.get(username="deputy").is_superuser
