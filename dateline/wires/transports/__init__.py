"""Wire transports: where files come from, each a `WireTransport` (see base.py)."""

from .base import WirePayload, WireTransport, WireTransportError

__all__ = ["WirePayload", "WireTransport", "WireTransportError"]
