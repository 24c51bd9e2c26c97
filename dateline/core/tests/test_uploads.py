"""Uploads through the admin: an unwritable media folder, an image with too many pixels and
an oversize document are form errors the editor can read, never a 500."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from dateline.core.factories import root_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(user)
    return client


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("picture.png", buffer.getvalue(), content_type="image/png")


def add_image(admin_client, upload):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Picture", "file": upload, "collection": root_collection().pk},
    )


def add_document(admin_client, upload):
    return admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Report", "file": upload, "collection": root_collection().pk},
    )


def test_an_unwritable_media_folder_is_a_form_error(admin_client, settings, tmp_path):
    # A file where the folder should be: not writable even for root (tests may run as root).
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocked)

    image = add_image(admin_client, png(40, 30))
    document = add_document(
        admin_client,
        SimpleUploadedFile("r.pdf", b"%PDF-1.4 report", content_type="application/pdf"),
    )

    assert image.status_code == 200
    assert "media folder on the server is not writable" in image.content.decode()
    assert document.status_code == 200
    assert "media folder on the server is not writable" in document.content.decode()
    assert get_image_model().objects.count() == 0
    assert get_document_model().objects.count() == 0


def test_a_writable_media_folder_stores_the_upload(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert add_image(admin_client, png(40, 30)).status_code == 302
    assert get_image_model().objects.count() == 1


def test_an_image_over_the_pixel_limit_is_refused_with_a_form_error(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000  # the same check, on a small picture
    response = add_image(admin_client, png(101, 100))
    assert response.status_code == 200
    assert "This file has too many pixels (10100)" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_a_document_over_the_size_limit_is_refused_with_a_form_error(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = add_document(
        admin_client, SimpleUploadedFile("big.zip", b"0" * 1001, content_type="application/zip")
    )
    assert response.status_code == 200
    assert "This file is too big (" in response.content.decode()
    assert get_document_model().objects.count() == 0
