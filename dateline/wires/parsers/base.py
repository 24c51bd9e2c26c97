"""The interface every wire format parser implements, and what they share."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
from typing import Any, ClassVar

from django.utils import dateparse, timezone

from ..items import PubStatus, WireItem

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # the largest agency file we accept (a long story is ~100 kB)


class WireParseError(Exception):
    """The file cannot be ingested; `str()` is the reason editors read in the quarantine."""


class WireParser:
    """Turn one file's bytes into wire items. Subclasses implement `parse_bytes`.

    `params` come from the backend settings (e.g. MAX_BYTES). `parse` never raises anything
    but `WireParseError`: the ingest service quarantines the file with its message.
    """

    format_name: ClassVar[str] = ""

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        self.max_bytes = int(self.params.get("MAX_BYTES", DEFAULT_MAX_BYTES))

    def parse(self, data: bytes) -> list[WireItem]:
        if len(data) > self.max_bytes:
            raise WireParseError(
                f"The file is {len(data):,} bytes; the limit is {self.max_bytes:,} bytes."
            )
        if not data.strip():
            raise WireParseError("The file is empty.")
        return self.parse_bytes(data)

    def parse_bytes(self, data: bytes) -> list[WireItem]:
        raise NotImplementedError


# --- helpers shared by the format modules

_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


def detect_format(data: bytes) -> str:
    """`ninjs`, `newsml-g2`, `rss` or `atom`, from the first bytes of a file."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "ninjs"
    if head[:1] == b"<":
        # Skip the XML declaration, comments and a doctype to reach the root element.
        body = re.sub(
            rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", b"", head, flags=re.S
        )
        match = _XML_ROOT.search(body)
        root = match.group(1).decode("ascii", "replace") if match else ""
        if root in {"newsItem", "newsMessage", "packageItem", "knowledgeItem"}:
            return "newsml-g2"
        if root in {"rss", "RDF"}:
            return "rss"
        if root == "feed":
            return "atom"
        raise WireParseError(
            f"Cannot tell the format: the XML root element is <{root or '?'}>, "
            "not a NewsML-G2 item or message, an RSS channel or an Atom feed."
        )
    raise WireParseError(
        "Cannot tell the format: the file starts neither with JSON (ninjs) nor with XML."
    )


def parse_time(value: object) -> dt.datetime | None:
    """ISO 8601 or RFC 822 text to an aware datetime (UTC when no zone is given); else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = dateparse.parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


def parse_version(value: object) -> int:
    """A version number as text or int; anything else counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(0, min(value, 2**31 - 1))
    if isinstance(value, str) and value.strip().isdecimal():
        return min(int(value.strip()), 2**31 - 1)
    return 0


def parse_urgency(value: object) -> int | None:
    number = parse_version(value) if isinstance(value, int | str) else None
    return number if number else None


PUB_STATUSES = {
    "usable": PubStatus.USABLE,
    "withheld": PubStatus.WITHHELD,
    "canceled": PubStatus.CANCELED,
    "cancelled": PubStatus.CANCELED,
}


def parse_pub_status(value: object) -> PubStatus:
    if value in (None, ""):
        return PubStatus.USABLE
    text = str(value).strip().lower().rsplit(":", 1)[-1]  # "stat:usable" in NewsML-G2
    try:
        return PUB_STATUSES[text]
    except KeyError:
        raise WireParseError(
            f"Unknown publication status {str(value)[:40]!r} "
            "(expected usable, withheld or canceled)."
        ) from None


def text_to_html(text: str) -> str:
    """Plain agency text to paragraphs: a blank line (or a line break) starts a new one."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n|\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def clip(text: object, length: int) -> str:
    """Collapse whitespace and cut to a database column's length."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.split())[:length]
