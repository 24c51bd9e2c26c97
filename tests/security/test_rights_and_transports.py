"""Probes of issue 18's rights, transports, media and origin findings, as an attacker would
try them: each request is the one that worked before the fix.

Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import pytest

from dateline.newsletters.models import Subscription

pytestmark = pytest.mark.django_db


def test_a_sign_up_posted_with_origin_null_is_refused(client, home):
    """Finding 12: a sandboxed frame on any site posts with `Origin: null`."""
    response = client.post("/newsletter/", {"email": "victim@example.com"}, HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert "did not come from our site" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_administrator_role_cannot_make_a_superuser(client, desk_roles):
    """Finding 1: `/admin/users/add/` with `is_superuser=on`, and a Reporter edited to it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    user_model = get_user_model()
    administrator = user_model.objects.create_user("ada", "ada@example.com", "pw")
    administrator.groups.add(Group.objects.get(name="Administrator"))
    reporter = user_model.objects.create_user("rita", "rita@example.com", "pw")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(administrator)
    password = "copper-kettle-harbour-91"
    client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "mallory",
            "email": "mallory@example.com",
            "first_name": "M",
            "last_name": "Allory",
            "password1": password,
            "password2": password,
            "is_superuser": "on",
        },
    )
    client.post(
        reverse("wagtailusers_users:edit", args=(reporter.pk,)),
        {
            "username": "rita",
            "email": "rita@example.com",
            "first_name": "Rita",
            "last_name": "R",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="Reporter").pk],
        },
    )
    assert not user_model.objects.filter(is_superuser=True).exists()


def test_a_wire_source_cannot_reach_inside_the_server(world, tmp_path, settings):
    """Finding 4: an HTTP source at a Redis port on 127.0.0.1, and a drop folder naming any
    directory on the server (var/, with the secret key in it)."""
    from dateline.wires.models import QuarantinedFile, WireSource
    from dateline.wires.services.polling import poll_source

    settings.DATELINE_WIRE_DROP_ROOT = tmp_path / "wire-drop"
    redis = WireSource.objects.create(
        name="Redis", slug="redis", transport="http", url="http://127.0.0.1:6379/"
    )
    poll_source(redis)
    assert redis.last_error.startswith("Refused 127.0.0.1: it is a loopback address")
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("s3cret")
    folder = WireSource.objects.create(
        name="Var", slug="var", transport="folder", folder=str(var), default_section=world
    )
    poll_source(folder)
    assert "is outside DATELINE_WIRE_DROP_ROOT" in folder.last_error
    assert (var / "secret_key").read_text() == "s3cret"
    assert not QuarantinedFile.objects.exists()


@pytest.mark.parametrize("spelling", ["/media/./{}", "/media/images/../{}", "/media/%2e/{}"])
def test_no_spelling_of_a_document_path_serves_it(client, home, settings, tmp_path, spelling):
    """Finding 5: the documents/ guard ran before the path was normalised."""
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "x.txt").write_text("private")
    assert client.get(spelling.format("documents/x.txt")).status_code == 404
