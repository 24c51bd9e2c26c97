"""A parser for tests: returns the items it was given and records every call."""

from __future__ import annotations

from typing import Any

from ..items import WireItem
from .base import WireParseError, WireParser


class DummyParser(WireParser):
    format_name = "dummy"

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        self.items: list[WireItem] = list(self.params.get("ITEMS", []))
        self.calls: list[bytes] = []

    def parse_bytes(self, data: bytes) -> list[WireItem]:
        self.calls.append(data)
        if data.strip() == b"bad":
            raise WireParseError("The dummy parser was told this file is bad.")
        if not self.items:
            raise WireParseError("The dummy parser has no items.")
        return list(self.items)
