"""Where uploaded agency files are kept: private, never under MEDIA_ROOT.

Raw agency copy is licensed to the newsroom, not to readers, and a web server or CDN that
serves MEDIA_ROOT would publish it. The files live in the `wire_uploads` storage (STORAGES;
by default `WireUploadStorage` in DATELINE_WIRE_UPLOAD_ROOT, var/wire-uploads; a private
bucket at scale), and their links point at an admin view that checks the wire rights
(`views.upload`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse
from django.utils.functional import cached_property


class WireUploadStorage(FileSystemStorage):
    """A folder of the server with no public URL: links go through the admin. Its folder is
    DATELINE_WIRE_UPLOAD_ROOT unless OPTIONS name a `location`."""

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.DATELINE_WIRE_UPLOAD_ROOT)

    def _clear_cached_properties(self, setting: str, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "DATELINE_WIRE_UPLOAD_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        return reverse("wires_upload", args=(name,))


def wire_upload_storage() -> Storage:
    """The field's storage, named by a callable so migrations do not record a path."""
    return storages["wire_uploads"]
