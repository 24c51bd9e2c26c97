"""The interface every wire transport implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import WireSource

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class WireTransportError(Exception):
    """The source could not be read (down, refused, timed out, missing folder)."""


@dataclass(frozen=True)
class WirePayload:
    """One file as fetched. `token` is what `acknowledge` needs (a path to move...)."""

    name: str
    data: bytes
    content_type: str = ""
    token: Any = None


class WireTransport:
    """Fetch the files a source has waiting. `params` come from DATELINE_WIRE_TRANSPORTS."""

    # Bytes of a payload the parsers cannot read that the quarantine keeps (None: all of it,
    # for files an agency delivered; an answer from a URL may be anything at all).
    quarantine_excerpt: int | None = None

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        self.max_bytes = int(self.params.get("MAX_BYTES", DEFAULT_MAX_BYTES))

    def fetch(self, source: WireSource) -> list[WirePayload]:
        """Everything waiting; raises WireTransportError when the source cannot be read."""
        raise NotImplementedError

    def acknowledge(self, source: WireSource, payload: WirePayload) -> None:
        """Called once a payload was ingested or quarantined (never lost): don't fetch it again."""
