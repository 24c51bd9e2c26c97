"""IPTC NewsML-G2: a `newsItem`, or a `newsMessage` carrying several items.

Text items (`ninat:text`) become stories; picture items in the same message become their
images; packages only group items and are skipped. Elements are matched by local name so
that feeds which forget the namespace (a real-world quirk) still read.
"""

from __future__ import annotations

from lxml import etree

from ..items import WireImage, WireItem, WireSubject
from .base import (
    WireParseError,
    WireParser,
    clip,
    parse_pub_status,
    parse_time,
    parse_urgency,
    parse_version,
    text_to_html,
)
from .xmlsafe import detached_without_namespaces, inner_html, local_name, parse_xml

# Parts of an HTML body that repeat the metadata (headline, picture) rather than tell the story.
NON_BODY_TAGS = {"head", "title", "h1", "header", "figure", "script", "style"}


def _find(element: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if element is None:
            return None
        element = element.find(f"{{*}}{name}")
    return element


def _findall(element: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if element is None else element.findall(f"{{*}}{name}")


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _name_or_code(element: etree._Element | None) -> str:
    """An entity's <name>, else the code part of its qcode (`nprov:TT` → `TT`)."""
    if element is None:
        return ""
    name = _text(_find(element, "name"))
    return name or (element.get("qcode") or element.get("literal") or "").rsplit(":", 1)[-1]


class NewsMLG2Parser(WireParser):
    format_name = "newsml-g2"

    def parse_bytes(self, data: bytes) -> list[WireItem]:
        root = parse_xml(data)
        kind = local_name(root)
        if kind == "newsItem":
            items = [root]
        elif kind == "newsMessage":
            items = [el for el in _findall(_find(root, "itemSet"), "newsItem")]
        elif kind in {"packageItem", "knowledgeItem", "conceptItem", "planningItem"}:
            raise WireParseError(
                f"A NewsML-G2 <{kind}> carries no story: only text newsItems are ingested."
            )
        else:
            raise WireParseError(f"<{kind}> is not a NewsML-G2 newsItem or newsMessage.")
        text_items = [el for el in items if self._item_class(el) == "text"]
        if not text_items:
            classes = ", ".join(sorted({self._item_class(el) or "unknown" for el in items}))
            raise WireParseError(
                f"No text newsItem in this NewsML-G2 file (item classes: {classes or 'none'}); "
                "pictures and packages are not stories on their own."
            )
        images = tuple(
            image
            for el in items
            if self._item_class(el) == "picture"
            for image in [self._picture(el)]
            if image is not None
        )
        return [self._story(el, images) for el in text_items]

    @staticmethod
    def _item_class(item: etree._Element) -> str:
        item_class = _find(item, "itemMeta", "itemClass")
        qcode = item_class.get("qcode") if item_class is not None else ""
        return (qcode or "").rsplit(":", 1)[-1]

    def _story(self, item: etree._Element, images: tuple[WireImage, ...]) -> WireItem:
        guid = (item.get("guid") or "").strip()
        if not guid:
            raise WireParseError("A NewsML-G2 newsItem has no guid attribute.")
        meta = _find(item, "itemMeta")
        content = _find(item, "contentMeta")
        headline = clip(_text(self._preferred(_findall(content, "headline"), "main")), 255)
        if not headline:
            raise WireParseError(f"NewsML-G2 item {guid[:120]!r} has no headline.")
        body_html = self._body(item)
        if not body_html:
            raise WireParseError(f"NewsML-G2 item {guid[:120]!r} has no inline text content.")
        pub_status = _find(meta, "pubStatus")
        language = _find(content, "language")
        return WireItem(
            guid=guid[:255],
            headline=headline,
            version=parse_version(item.get("version")),
            version_created=parse_time(_text(_find(meta, "versionCreated"))),
            first_created=parse_time(_text(_find(meta, "firstCreated")))
            or parse_time(_text(_find(content, "contentCreated"))),
            pub_status=parse_pub_status(pub_status.get("qcode") if pub_status is not None else ""),
            urgency=parse_urgency(_text(_find(content, "urgency"))),
            dek=clip(_text(self._preferred(_findall(content, "description"), "drol:summary")), 400),
            body_html=body_html,
            byline=clip(", ".join(_name_or_code(c) for c in _findall(content, "creator")), 255),
            dateline_place=clip(_text(_find(content, "located", "name")).split(",")[0], 80),
            subjects=tuple(
                WireSubject(name=clip(_name_or_code(s), 100), code=clip(s.get("qcode"), 255))
                for s in _findall(content, "subject")
                if _name_or_code(s)
            )
            + tuple(
                WireSubject(name=clip(_text(k), 100))
                for k in _findall(content, "keyword")
                if _text(k)
            ),
            genre=clip(_name_or_code(_find(content, "genre")), 100),
            embargo=parse_time(_text(_find(meta, "embargoed"))),
            language=clip(
                (language.get("tag") if language is not None else "")
                or item.get("{http://www.w3.org/XML/1998/namespace}lang"),
                20,
            ),
            images=images,
            provider=clip(
                _name_or_code(_find(content, "infoSource"))
                or _name_or_code(_find(meta, "provider")),
                120,
            ),
            status_reason=clip(_text(_find(meta, "edNote")), 500),
        )

    @staticmethod
    def _preferred(elements: list[etree._Element], role: str) -> etree._Element | None:
        for element in elements:
            if element.get("role") == role:
                return element
        return elements[0] if elements else None

    def _body(self, item: etree._Element) -> str:
        content_set = _find(item, "contentSet")
        for inline in _findall(content_set, "inlineXML"):
            inline = detached_without_namespaces(inline)
            body = inline.find(".//body.content")  # NITF
            if body is None:
                body = inline.find(".//body")  # XHTML / HTML
                if body is not None:
                    for element in list(body.iter()):
                        if element.tag in NON_BODY_TAGS and element.getparent() is not None:
                            parent = element.getparent()
                            # Keep the text that followed the removed element.
                            previous = element.getprevious()
                            if element.tail:
                                if previous is not None:
                                    previous.tail = (previous.tail or "") + element.tail
                                else:
                                    parent.text = (parent.text or "") + element.tail
                            parent.remove(element)
            html = inner_html(body if body is not None else inline).strip()
            if html:
                return html
        for inline in _findall(content_set, "inlineData"):
            if (inline.text or "").strip():
                return text_to_html(inline.text)
        return ""

    def _picture(self, item: etree._Element) -> WireImage | None:
        renditions = _findall(_find(item, "contentSet"), "remoteContent")
        best = max(renditions, key=lambda r: parse_version(r.get("width")), default=None)
        if best is None or not best.get("href"):
            return None
        content = _find(item, "contentMeta")
        return WireImage(
            href=best.get("href")[:500],
            caption=clip(_text(_find(content, "description")), 300),
            credit=clip(_text(_find(content, "creditline")), 120),
            width=parse_version(best.get("width")) or None,
            height=parse_version(best.get("height")) or None,
        )
