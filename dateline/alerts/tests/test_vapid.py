"""The VAPID key: made by `dateline vapid-keys`, read from the environment or a PEM file,
checked at start-up, and alerts refused (not failed later) without one."""

from __future__ import annotations

import io
import stat

import pytest
from django.core.management import call_command
from django.urls import reverse

from dateline.alerts import checks, vapid
from dateline.alerts.models import Alert


def keys_config(settings, **values):
    settings.DATELINE_ALERTS = {
        **settings.DATELINE_ALERTS,
        "VAPID_PRIVATE_KEY": "",
        "VAPID_KEY_FILE": "",
        **values,
    }


def test_the_command_prints_a_pair_the_settings_take(settings):
    out = io.StringIO()
    call_command("vapid-keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    keys_config(settings, VAPID_PRIVATE_KEY=lines["DATELINE_VAPID_PRIVATE_KEY"])
    assert vapid.public_key() == lines["DATELINE_VAPID_PUBLIC_KEY"]
    assert checks.vapid_key_loads() == []


def test_the_command_writes_a_private_pem_once(settings, tmp_path):
    path = tmp_path / "var" / "vapid.pem"
    first, second = io.StringIO(), io.StringIO()
    call_command("vapid-keys", pem=str(path), stdout=first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    call_command("vapid-keys", pem=str(path), stdout=second)
    assert path.read_bytes() == content and "exists: kept" in second.getvalue()
    public = first.getvalue().split("DATELINE_VAPID_PUBLIC_KEY=")[1].strip()
    assert public in second.getvalue()
    keys_config(settings, VAPID_KEY_FILE=str(path))
    assert vapid.public_key() == public


@pytest.mark.parametrize(
    "values",
    [{"VAPID_PRIVATE_KEY": "zz"}, {"VAPID_PRIVATE_KEY": "%%"}, {"VAPID_KEY_FILE": "/nowhere.pem"}],
)
def test_a_bad_key_fails_the_system_check(settings, values):
    keys_config(settings, **values)
    [error] = checks.vapid_key_loads()
    assert error.id == "alerts.E001"


@pytest.mark.django_db
def test_without_a_key_the_bell_has_no_key_and_the_newsroom_cannot_send(
    settings, client, story, django_user_model
):
    keys_config(settings)
    assert checks.vapid_key_loads() == []
    assert client.get("/alerts/options/").json()["publicKey"] == ""
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.com", "pw"))
    url = reverse("alerts_send", args=[story.pk])
    html = client.get(url).content.decode()
    assert "Alerts are not set up" in html and 'value="send"' not in html
    client.post(url, {"title": "x", "audience": "breaking", "action": "send"})
    assert not Alert.objects.exists()
