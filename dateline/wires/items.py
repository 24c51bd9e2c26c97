"""The one normalised wire item every parser produces, whatever the format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class PubStatus(StrEnum):
    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


@dataclass(frozen=True)
class WireImage:
    href: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class WireSubject:
    """A subject, keyword or category: `code` is the agency's code (e.g. medtop:04000000)."""

    name: str
    code: str = ""


@dataclass(frozen=True)
class WireItem:
    """One story as an agency sent it, normalised.

    `version` orders revisions of the same `guid` (an integer where the format has one;
    RSS has none and relies on `version_created`). `body_html` is the agency's HTML as
    received: the ingest service sanitises it before anything reaches the database.
    """

    guid: str
    headline: str
    version: int = 0
    version_created: dt.datetime | None = None
    first_created: dt.datetime | None = None
    pub_status: PubStatus = PubStatus.USABLE
    urgency: int | None = None
    dek: str = ""
    body_html: str = ""
    byline: str = ""
    dateline_place: str = ""
    subjects: tuple[WireSubject, ...] = ()
    genre: str = ""
    embargo: dt.datetime | None = None
    language: str = ""
    images: tuple[WireImage, ...] = ()
    provider: str = ""  # the agency named in the item ("AP", "dpa"), when it names one
    status_reason: str = ""  # why it was withheld or canceled, when the agency says
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def is_newer_than(self, version: int, version_created: dt.datetime | None) -> bool:
        """A higher version number wins; on equal numbers, a later version time."""
        if self.version != version:
            return self.version > version
        if self.version_created is None or version_created is None:
            return False
        return self.version_created > version_created
