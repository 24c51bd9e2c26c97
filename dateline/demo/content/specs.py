"""The shapes the demo's content is written in: plain, frozen data with no database access."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class Facts:
    """A fact box: a title and a bulleted list."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Embed:
    url: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Picture:
    """An inline picture, drawn for the story; the text describes what it stands for."""

    alt: str
    caption: str


@dataclass(frozen=True)
class Related:
    """A "read also" link to the previous demo story of the same section."""

    label: str = ""


Block = str | Quote | Facts | Embed | Picture | Related


@dataclass(frozen=True)
class StorySpec:
    """One demo story. `section` is a section slug, `authors` are author slugs.

    `hours_ago` places the story in time when the demo runs; None lets the
    loader spread it over the last month. `updated_after_hours` gives it a
    visible update that long after publication.
    """

    section: str
    headline: str
    dek: str
    place: str
    tags: tuple[str, ...]
    body: tuple[Block, ...]
    kind: str = "news"
    authors: tuple[str, ...] = ()
    agency: str = ""
    hours_ago: float | None = None
    updated_after_hours: float | None = None
    hero_caption: str = ""


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    intro: str
    colours: tuple[str, str, str]  # gradient start, end, accent (hex)
    short_name: str = ""
    children: tuple[SectionSpec, ...] = field(default_factory=tuple)
