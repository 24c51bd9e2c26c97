"""RSS 2.0 (and RSS 1.0/RDF) and Atom feeds.

Feeds carry no version number: an item's `pubDate`/`updated` time orders its revisions,
and its `guid` (or link) identifies it. A feed that is not UTF-8 and declares no encoding
is read as Windows-1252, the usual culprit.
"""

from __future__ import annotations

from lxml import etree

from ..items import WireImage, WireItem, WireSubject
from .base import WireParseError, WireParser, clip, parse_time
from .xmlsafe import local_name, parse_xml

MEDIA_NS = "http://search.yahoo.com/mrss/"


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    for child in element:
        if isinstance(child.tag, str) and local_name(child) in names:
            return child
    return None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and local_name(c) == name]


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


class FeedParser(WireParser):
    format_name = "rss"

    def parse_bytes(self, data: bytes) -> list[WireItem]:
        root = parse_xml(data, fallback_encoding="windows-1252")
        kind = local_name(root)
        if kind == "feed":
            entries, provider = _children(root, "entry"), _text(_child(root, "title"))
            parse_entry = self._atom_entry
        elif kind in {"rss", "RDF"}:
            channel = _child(root, "channel")
            provider = _text(_child(channel, "title")) if channel is not None else ""
            # RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it.
            entries = _children(channel, "item") if channel is not None else []
            entries += _children(root, "item")
            parse_entry = self._rss_item
        else:
            raise WireParseError(f"<{kind}> is not an RSS or Atom feed.")
        if not entries:
            raise WireParseError("The feed has no items.")
        return [
            parse_entry(entry, clip(provider, 120), index) for index, entry in enumerate(entries)
        ]

    def _rss_item(self, entry: etree._Element, provider: str, index: int) -> WireItem:
        link = _text(_child(entry, "link"))
        guid = _text(_child(entry, "guid")) or link
        headline = clip(_text(_child(entry, "title")), 255)
        if not guid:
            raise WireParseError(f"Feed item {index + 1} has neither a guid nor a link.")
        if not headline:
            raise WireParseError(f"Feed item {index + 1} ({guid[:120]!r}) has no title.")
        body = _text(_child(entry, "encoded")) or _text(_child(entry, "description"))
        when = parse_time(_text(_child(entry, "pubDate"))) or parse_time(
            _text(_child(entry, "date"))
        )
        return WireItem(
            guid=guid[:255],
            headline=headline,
            version_created=when,
            first_created=when,
            body_html=body,
            byline=clip(_text(_child(entry, "creator")) or _text(_child(entry, "author")), 255),
            subjects=tuple(
                WireSubject(name=clip(_text(c), 100), code=clip(c.get("domain"), 255))
                for c in _children(entry, "category") + _children(entry, "subject")
                if clip(_text(c), 100)
            ),
            images=self._media(entry),
            provider=provider,
            extra={"link": link[:500]},
        )

    def _atom_entry(self, entry: etree._Element, provider: str, index: int) -> WireItem:
        guid = _text(_child(entry, "id"))
        headline = clip(_text(_child(entry, "title")), 255)
        if not guid:
            raise WireParseError(f"Atom entry {index + 1} has no id.")
        if not headline:
            raise WireParseError(f"Atom entry {index + 1} ({guid[:120]!r}) has no title.")
        content = _child(entry, "content")
        if content is not None and content.get("type") == "xhtml":
            body = "".join(
                etree.tostring(child, encoding="unicode", method="html") for child in content
            )
        else:
            body = _text(content) or _text(_child(entry, "summary"))
        author = _child(entry, "author")
        link = _child(entry, "link")
        return WireItem(
            guid=guid[:255],
            headline=headline,
            version_created=parse_time(_text(_child(entry, "updated"))),
            first_created=parse_time(_text(_child(entry, "published"))),
            dek=clip(_text(_child(entry, "summary")), 400) if content is not None else "",
            body_html=body,
            byline=clip(_text(_child(author, "name")) if author is not None else "", 255),
            subjects=tuple(
                WireSubject(name=clip(c.get("label") or c.get("term"), 100))
                for c in _children(entry, "category")
                if clip(c.get("label") or c.get("term"), 100)
            ),
            images=self._media(entry),
            provider=provider,
            extra={"link": (link.get("href") or "")[:500] if link is not None else ""},
        )

    @staticmethod
    def _media(entry: etree._Element) -> tuple[WireImage, ...]:
        images = []
        for media in entry.iter(f"{{{MEDIA_NS}}}content", f"{{{MEDIA_NS}}}thumbnail"):
            href = media.get("url") or ""
            if not href or media.get("medium", "image") != "image":
                continue
            width = media.get("width") or ""
            height = media.get("height") or ""
            images.append(
                WireImage(
                    href=href[:500],
                    caption=clip(_text(media.find(f"{{{MEDIA_NS}}}description")), 300),
                    credit=clip(_text(media.find(f"{{{MEDIA_NS}}}credit")), 120),
                    width=int(width) if width.isdecimal() and len(width) < 9 else None,
                    height=int(height) if height.isdecimal() and len(height) < 9 else None,
                )
            )
        return tuple(sorted(images, key=lambda i: -(i.width or 0))[:1])
