"""A transport for tests: hands out the payloads it was given and records every call."""

from __future__ import annotations

from typing import Any

from .base import WirePayload, WireTransport, WireTransportError


class DummyTransport(WireTransport):
    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        self.payloads: list[WirePayload] = list(self.params.get("PAYLOADS", []))
        self.error: str = self.params.get("ERROR", "")
        self.fetched: list[str] = []
        self.acknowledged: list[str] = []

    def fetch(self, source) -> list[WirePayload]:
        self.fetched.append(source.slug)
        if self.error:
            raise WireTransportError(self.error)
        return list(self.payloads)

    def acknowledge(self, source, payload: WirePayload) -> None:
        self.acknowledged.append(payload.name)
