"""An account manager in a desk role sees and can grant only what they hold, in Chromium:
the Add user form has no Administrator checkbox and lists only their groups, and a group
with a right they lack comes back with the reason (issue 18, finding 1)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-staff-secret"


@pytest.fixture
def personnel_editor(desk_roles, live_server):
    user = get_user_model().objects.create_user("edna", "edna@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Editor"))
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_user", "change_user", "add_group"])
    )
    return user


def test_the_admin_offers_and_grants_only_the_managers_rights(
    browser, live_server, personnel_editor, artifacts
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(live_server.url + "/admin/login/")
        page.fill('input[name="username"]', "edna")
        page.fill('input[name="password"]', PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

        page.goto(live_server.url + reverse("wagtailusers_users:add"))
        page.screenshot(path=str(artifacts / "rights-add-user.png"), full_page=True)
        assert page.locator('input[name="is_superuser"]').count() == 0
        offered = page.locator('input[name="groups"]').evaluate_all(
            "inputs => inputs.map(i => i.closest('label').innerText.trim())"
        )
        assert sorted(offered) == ["Copy desk", "Editor", "Reporter"]

        page.goto(live_server.url + reverse("wagtailusers_groups:add"))
        page.fill('input[name="name"]', "Shredders")
        page.locator("#id_page_permissions-ADD").click()  # "Add a page permission"
        page.locator(
            'input[name="page_permissions-0-permissions"][value="bulk_delete_page"]'
        ).check()
        page.evaluate(
            "rootId => { const input = document.querySelector("
            "'input[name=\"page_permissions-0-page\"]'); input.value = rootId; }",
            str(Page.objects.get(depth=1).pk),
        )
        with page.expect_navigation():
            page.locator('button[type="submit"]').filter(
                has_text=re.compile("Create|Save")
            ).first.click()
        page.screenshot(path=str(artifacts / "rights-group-refused.png"), full_page=True)
        assert "You cannot grant rights you do not hold yourself" in page.content()
    finally:
        page.close()
    assert not Group.objects.filter(name="Shredders").exists()
