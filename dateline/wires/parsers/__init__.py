"""Wire format parsers: one module per format, each a `WireParser` (see base.py)."""

from .base import WireParseError, WireParser, detect_format

__all__ = ["WireParseError", "WireParser", "detect_format"]
