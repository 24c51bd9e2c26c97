"""Upload forms for the admin's images and documents: a storage that cannot take the file is
a form error the editor can read, not a 500 after the upload.

Wagtail builds its image and document forms on these bases (WAGTAILIMAGES_IMAGE_FORM_BASE,
WAGTAILDOCS_DOCUMENT_FORM_BASE). Size and pixel limits are Wagtail's own settings.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger("dateline.uploads")

UNWRITABLE_MESSAGE = (
    "The file could not be stored: the media folder on the server is not writable. "
    "Nothing was saved; please tell an administrator."
)


def check_storage_writable(form) -> None:
    """Try to create a file where the upload would go (local storage only)."""
    field = form.instance._meta.get_field("file")
    storage = field.storage
    if not isinstance(storage, FileSystemStorage) or "file" not in form.changed_data:
        return
    try:
        folder = Path(storage.path(field.generate_filename(form.instance, "check.bin"))).parent
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as error:
        logger.error("Media folder %s is not writable: %s", folder, error)
        raise ValidationError(UNWRITABLE_MESSAGE, code="storage_unwritable") from error


class ImageUploadForm(BaseImageForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            check_storage_writable(self)
        return cleaned


class DocumentUploadForm(BaseDocumentForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            check_storage_writable(self)
        return cleaned
