"""A file an editor uploaded to the source in the admin: ingested when the desk asks."""

from __future__ import annotations

from .base import WirePayload, WireTransport, WireTransportError


class UploadTransport(WireTransport):
    def fetch(self, source) -> list[WirePayload]:
        if not source.upload:
            raise WireTransportError("No file has been uploaded to this source.")
        try:
            with source.upload.open("rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise WireTransportError(f"The uploaded file cannot be read: {exc}.") from None
        return [WirePayload(name=source.upload.name.rsplit("/", 1)[-1], data=data)]
