"""An administrator whose role requires two factors enrols an authenticator in a real browser,
then signs in again with a code computed from the secret the page showed."""

from base64 import b32decode
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp import models as totp_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = 1_800_000_000.0  # the server's authenticator clock (same process as the live server)


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, digits=6)
    totp.time = NOW + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.fixture
def administrator(desk_roles, live_server, settings, monkeypatch):
    settings.DATELINE_2FA_REQUIRED_GROUPS = ["Administrator"]
    monkeypatch.setattr(totp_models, "time", SimpleNamespace(time=lambda: NOW))
    user = get_user_model().objects.create_user("ada", "ada@example.com", "a-long-staff-secret")
    user.groups.add(Group.objects.get(name="Administrator"))
    return user


def sign_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill('input[name="username"]', "ada")
    page.fill('input[name="password"]', "a-long-staff-secret")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_enrol_then_sign_in_with_a_code(browser, live_server, administrator, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        sign_in(page, live_server.url)
        # The role requires two factors and there is no device yet: enrolment, not the dashboard.
        assert "/admin/two-factor/setup/" in page.url
        # One page on screen: the admin's icon sprite is loaded, not the code page in its place.
        page.wait_for_load_state("networkidle")
        assert page.locator("main#main").count() == 1
        main = page.locator("main#main")
        assert main.locator("figure.twofactor-qr svg").is_visible()
        page.screenshot(path=str(artifacts / "two-factor-enrolment.png"), full_page=True)
        secret = main.get_by_test_id("totp-secret").inner_text()

        main.locator('input[name="code"]').fill(code_from_secret(secret))
        with page.expect_navigation():
            main.get_by_role("button", name="Confirm and turn on").click()
        main = page.locator("main#main")
        assert main.get_by_test_id("backup-codes").locator("li").count() == 10
        page.screenshot(path=str(artifacts / "two-factor-backup-codes.png"), full_page=True)

        page.context.clear_cookies()  # a new visit: password, then a code
        sign_in(page, live_server.url)
        assert "/admin/two-factor/verify/" in page.url
        # The next 30-second step: the enrolment code may not be replayed.
        page.fill('input[name="code"]', code_from_secret(secret, steps_ahead=1))
        with page.expect_navigation():
            page.get_by_role("button", name="Verify").click()
        assert page.url.rstrip("/").endswith("/admin")
        page.screenshot(path=str(artifacts / "two-factor-dashboard.png"))
    finally:
        page.close()
    assert csp_violations == []
