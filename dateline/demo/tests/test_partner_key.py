"""The demo's partner key: made once, works with the API, printed with the logins."""

import pytest

from dateline.api.models import ApiKey
from dateline.demo.loader import demo_login_lines
from dateline.demo.partner import PARTNER_KEY, ensure_partner_key

pytestmark = pytest.mark.django_db


def test_the_partner_key_is_made_once_and_opens_the_api(client, home):
    assert ensure_partner_key() == ensure_partner_key()
    assert ApiKey.objects.count() == 1
    response = client.get("/api/v1/sections/", HTTP_X_API_KEY=PARTNER_KEY)
    assert response.status_code == 200


def test_make_run_prints_it(home):
    ensure_partner_key()
    lines = demo_login_lines("http://127.0.0.1:8000/admin/")
    assert f"  partner key (read, submit): {PARTNER_KEY}" in lines
    assert "API: http://127.0.0.1:8000/api/ (schema and docs)" in lines
