"""Accounts: no one manages a user with more rights than their own; logins are throttled and
locked out; passwords are validated; Wagtail's admin is the only staff login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def administrator(make_user):
    return make_user("ada", "Administrator", is_staff=True)


@pytest.fixture
def superuser(desk_roles):
    return User.objects.create_superuser("root", "root@example.com", "a-long-root-secret")


def edit_user_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=(user.pk,))


def user_form(user, **fields) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "Root",
        "password1": "",
        "password2": "",
        "is_active": "on",
    }
    data.update(fields)
    return data


def test_administrator_cannot_open_or_change_a_superuser(client, administrator, superuser):
    client.force_login(administrator)

    page = client.get(edit_user_url(superuser))
    assert page.status_code == 302
    assert page["Location"] == reverse("wagtailadmin_home")

    attempt = client.post(
        edit_user_url(superuser),
        user_form(superuser, password1="taken-over-at-last", password2="taken-over-at-last"),
    )
    assert attempt.status_code == 302
    superuser.refresh_from_db()
    assert superuser.check_password("a-long-root-secret")
    assert not superuser.check_password("taken-over-at-last")


def test_administrator_cannot_delete_or_bulk_deactivate_a_superuser(
    client, administrator, superuser
):
    client.force_login(administrator)
    delete = client.post(reverse("wagtailusers_users:delete", args=(superuser.pk,)))
    assert delete.status_code == 302
    assert delete["Location"] == reverse("wagtailadmin_home")
    assert User.objects.filter(pk=superuser.pk).exists()
    bulk = client.post(
        reverse(
            "wagtail_bulk_action",
            args=(User._meta.app_label, User._meta.model_name, "set_active_state"),
        )
        + f"?id={superuser.pk}",
        {"mark_as_active": "False"},
    )
    assert bulk.status_code == 302
    superuser.refresh_from_db()
    assert User.objects.filter(pk=superuser.pk, is_active=True).exists()


def test_administrator_still_manages_users_below_them(client, administrator, editor):
    client.force_login(administrator)
    assert client.get(edit_user_url(editor)).status_code == 200
    response = client.post(
        edit_user_url(editor),
        user_form(
            editor, first_name="Edna", last_name="Nolan", groups=[g.pk for g in editor.groups.all()]
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    editor.refresh_from_db()
    assert editor.first_name == "Edna"


def test_an_editor_cannot_edit_an_administrator(client, editor, administrator):
    from django.contrib.auth.models import Permission

    # Even given the user model's change permission, an Editor lacks the Administrator's rights.
    editor.user_permissions.add(Permission.objects.get(codename="change_user"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(edit_user_url(administrator))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, editor):
    login_url = reverse("wagtailadmin_login")
    for _ in range(4):
        wrong = client.post(login_url, {"username": "edna", "password": "wrong"})
        assert wrong.status_code == 200  # the form again, with its error
    fifth = client.post(login_url, {"username": "edna", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post(login_url, {"username": "edna", "password": "pass"})
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in(client, editor):
    login_url = reverse("wagtailadmin_login")
    for _ in range(4):
        client.post(login_url, {"username": "edna", "password": "wrong"})
    response = client.post(login_url, {"username": "edna", "password": "pass"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize("password", ["short1", "password123456", "12345678901234", "edna-edna"])
def test_weak_passwords_are_refused(password, editor):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_uncommon_password_is_accepted(editor):
    assert validate_password("copper-kettle-harbour-91", user=editor) is None


def test_there_is_no_second_login_surface(client, home):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
