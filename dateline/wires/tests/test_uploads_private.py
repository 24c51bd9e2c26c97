"""Agency uploads are private: outside MEDIA_ROOT, never under /media/, and reachable only
by staff with rights on wire sources (issue 18, finding 5)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dateline.wires.models import WireSource

pytestmark = pytest.mark.django_db

COPY = b"<newsItem>embargoed agency copy</newsItem>"


@pytest.fixture
def private_roots(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DATELINE_WIRE_UPLOAD_ROOT = tmp_path / "wire-uploads"
    return tmp_path


@pytest.fixture
def uploaded(private_roots, home):
    source = WireSource.objects.create(name="Reuters", slug="reuters", transport="upload")
    source.upload.save("copy.xml", ContentFile(COPY), save=True)
    return source


def test_an_upload_is_stored_outside_media_root(uploaded, private_roots):
    stored = Path(uploaded.upload.path)
    assert stored.read_bytes() == COPY
    assert private_roots / "wire-uploads" in stored.parents
    assert not any((private_roots / "media").rglob("*.xml"))


def test_no_upload_is_served_under_media(client, uploaded, private_roots):
    legacy = private_roots / "media" / "wire-uploads"  # where they were before
    legacy.mkdir(parents=True)
    (legacy / "old.xml").write_bytes(COPY)
    for url in ("/media/wire-uploads/old.xml", "/media/./wire-uploads/old.xml"):
        assert client.get(url).status_code == 404
    assert not uploaded.upload.url.startswith("/media/")


def staff(username: str, *codenames: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def test_only_staff_with_wire_rights_download_an_upload(client, uploaded, desk_roles):
    url = uploaded.upload.url
    assert client.get(url).status_code == 302  # to the admin login
    reporter = staff("rita")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(reporter)
    refused = client.get(url)
    assert refused.status_code == 302 and "copy.xml" not in refused.get("Content-Disposition", "")
    client.force_login(staff("wendy", "view_wiresource"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == COPY
    assert response["Content-Disposition"] == 'attachment; filename="copy.xml"'
    assert response["Content-Type"] == "application/octet-stream"


def test_the_migration_moves_earlier_uploads_out_of_media(private_roots, home):
    source = WireSource.objects.create(name="Old", slug="old", transport="upload")
    name = default_storage.save("wire-uploads/old.xml", ContentFile(COPY))
    WireSource.objects.filter(pk=source.pk).update(upload=name)
    migration = importlib.import_module("dateline.wires.migrations.0002_wire_uploads_private")
    migration.move_uploads_out_of_media(apps, None)
    assert not default_storage.exists(name)
    source.refresh_from_db()
    assert source.upload.name == name
    assert source.upload.open("rb").read() == COPY
