"""Two-factor sign-in for staff: enrolment, the code after the password, backup codes, the
lock-out shared with passwords, the required groups, and resets by an administrator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice

from dateline.accounts.twofactor import policy

pytestmark = pytest.mark.django_db

User = get_user_model()
NOW = 1_800_000_000.0  # the authenticator's clock, fixed: codes do not depend on the wall clock
LOGIN = "/admin/login/"
PASSWORD = "a-long-staff-secret"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(totp_models, "time", SimpleNamespace(time=lambda: NOW))


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = NOW + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def staff(username: str, group: str | None = None, **extra):
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(desk_roles):
    return staff("edna", "Editor")


@pytest.fixture
def administrator(desk_roles):
    return staff("ada", "Administrator", is_staff=True)


@pytest.fixture
def superuser(desk_roles):
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, policy.new_backup_codes(user)


def sign_in(client, user, password: str = PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password, "next": "/admin/"})


def give_code(client, code: str):
    return client.post(reverse("dateline_2fa_verify"), {"code": code, "next": "/admin/"})


def test_enrolment_refuses_a_wrong_code_then_turns_on_with_the_right_one(client, editor):
    assert sign_in(client, editor).status_code == 302
    page = client.get(reverse("dateline_2fa_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split('id="main"')[-1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    wrong = client.post(reverse("dateline_2fa_setup"), {"code": wrong_code(device)})
    assert wrong.status_code == 200
    assert "does not match" in wrong.content.decode()
    assert not policy.has_device(editor)

    right = client.post(reverse("dateline_2fa_setup"), {"code": code_for(device)})
    assert right.status_code == 302
    assert right["Location"] == reverse("dateline_2fa_backup_codes")
    device.refresh_from_db()
    assert device.confirmed
    codes = client.get(reverse("dateline_2fa_backup_codes"))
    shown = codes.context["codes"]
    assert len(shown) == policy.BACKUP_CODE_COUNT
    assert all(code in codes.content.decode() for code in shown)
    assert set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)) == (
        set(shown)
    )
    # Shown once: a second look finds nothing to show.
    assert client.get(reverse("dateline_2fa_backup_codes")).status_code == 302
    # The enrolling session is verified: the admin opens without another code.
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_no_longer_opens_the_admin(client, editor, home):
    from wagtail.models import PageViewRestriction

    device, _ = enrol(editor)
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    assert sign_in(client, editor).status_code == 302

    for path in ("/admin/", "/admin/pages/", reverse("dateline_2fa_status")):
        held = client.get(path)
        assert held.status_code == 302
        assert held["Location"].startswith(reverse("dateline_2fa_verify") + "?next=")
    # Outside the admin the half-signed-in session is anonymous: a login-only page refuses.
    assert client.get(home.url).status_code == 302

    assert give_code(client, wrong_code(device)).status_code == 200
    passed = give_code(client, code_for(device))
    assert passed.status_code == 302
    assert passed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(home.url).status_code == 200


def test_a_backup_code_signs_in_once(client, editor):
    _, codes = enrol(editor)
    sign_in(client, editor)
    assert give_code(client, codes[0].upper()).status_code == 302  # typed in capitals
    assert client.get("/admin/").status_code == 200
    assert policy.backup_codes_left(editor) == policy.BACKUP_CODE_COUNT - 1

    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, editor)
    reused = give_code(client, codes[0])
    assert reused.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_count_toward_the_lock_out_and_a_password_does_not_clear_them(client, editor):
    device, _ = enrol(editor)
    sign_in(client, editor)
    for _ in range(4):
        assert give_code(client, wrong_code(device)).status_code == 200
    # The right password again (the limit is five) does not wipe the four wrong codes...
    assert sign_in(client, editor).status_code == 302
    fifth = give_code(client, wrong_code(device))
    # ...so the fifth wrong code locks the account out and ends the half-signed-in session.
    assert fifth.status_code == 429
    assert "_auth_user_id" not in client.session
    locked = sign_in(client, editor)
    assert locked.status_code == 429
    assert "Too many wrong passwords or codes" in locked.content.decode()


def test_a_full_sign_in_clears_the_failures(client, editor):
    device, _ = enrol(editor)
    sign_in(client, editor)
    for _ in range(4):
        give_code(client, wrong_code(device))
    assert give_code(client, code_for(device)).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, editor)
    for _ in range(4):
        assert give_code(client, wrong_code(device)).status_code == 200


@override_settings(DATELINE_2FA_REQUIRED_GROUPS=["Administrator"])
def test_a_required_group_without_a_device_is_sent_to_enrolment(
    client, administrator, editor, superuser
):
    sign_in(client, administrator)
    for path in ("/admin/", "/admin/users/"):
        held = client.get(path)
        assert held.status_code == 302
        assert held["Location"].startswith(reverse("dateline_2fa_setup") + "?next=")
    assert client.get(reverse("dateline_2fa_setup")).status_code == 200

    superuser_client = client.__class__()
    sign_in(superuser_client, superuser)
    assert superuser_client.get("/admin/")["Location"].startswith(reverse("dateline_2fa_setup"))

    editor_client = client.__class__()
    sign_in(editor_client, editor)
    assert editor_client.get("/admin/").status_code == 200  # not a required group


def test_an_administrator_resets_another_users_device(client, administrator, editor):
    device, _ = enrol(editor)
    editor_client = client.__class__()
    sign_in(editor_client, editor)
    give_code(editor_client, code_for(device))
    assert editor_client.get("/admin/").status_code == 200

    client.force_login(administrator)
    url = reverse("dateline_2fa_reset_user", args=(editor.pk,))
    listing = client.get(reverse("wagtailusers_users:index"))
    assert url in listing.content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not policy.has_device(editor)
    # The editor's session lost its device: password alone is enough again (not required).
    assert editor_client.get("/admin/")["Location"].startswith(reverse("dateline_2fa_verify"))
    assert editor_client.get(reverse("dateline_2fa_verify")).status_code == 302
    assert editor_client.get("/admin/").status_code == 200


def test_no_one_resets_the_device_of_a_user_with_more_rights(
    client, administrator, editor, superuser
):
    enrol(superuser)
    client.force_login(administrator)
    refused = client.post(reverse("dateline_2fa_reset_user", args=(superuser.pk,)))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert policy.has_device(superuser)

    # An editor has no right to change users at all.
    client.force_login(editor)
    refused = client.post(reverse("dateline_2fa_reset_user", args=(administrator.pk,)))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    # Nor may an administrator reset their own factor here (that is the disable form's job).
    client.force_login(administrator)
    own = client.post(reverse("dateline_2fa_reset_user", args=(administrator.pk,)))
    assert own["Location"] == reverse("dateline_2fa_status")


def test_turning_it_off_needs_the_password_or_a_code(client, editor):
    device, _ = enrol(editor)
    sign_in(client, editor)
    give_code(client, code_for(device))
    refused = client.post(reverse("dateline_2fa_disable"), {"secret": "not-my-password"})
    assert refused.status_code == 400
    assert policy.has_device(editor)
    done = client.post(reverse("dateline_2fa_disable"), {"secret": PASSWORD})
    assert done.status_code == 302
    assert not policy.has_device(editor)
    assert client.get("/admin/").status_code == 200


def test_the_account_area_links_to_two_factor(client, editor):
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account"))
    assert reverse("dateline_2fa_status") in page.content.decode()
