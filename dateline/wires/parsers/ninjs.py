"""ninjs (IPTC News in JSON) 1.x, 2.x and 3.x.

The versions differ mostly in spelling: 1.x and 2.x write `versioncreated`, 3.x
`versionCreated`; 1.x has one `headline`/`body_html`, 2.x and later lists of `headlines` and
`bodies` with roles. Keys are therefore read case-insensitively.
"""

from __future__ import annotations

import json
from typing import Any

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

STORY_TYPES = {None, "", "text", "composite"}
MAX_ITEMS_PER_FILE = 1000


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """`obj[name]` whatever its capitalisation (ninjs 3.x is camelCase, 1.x/2.x lower case)."""
    if not isinstance(obj, dict):
        return default
    if name in obj:
        return obj[name]
    wanted = name.lower()
    for key, value in obj.items():
        if isinstance(key, str) and key.lower() == wanted:
            return value
    return default


def _dicts(value: Any) -> list[dict]:
    if isinstance(value, dict):
        # 1.x/2.x associations and renditions are objects keyed by name.
        return [dict(v, name=v.get("name", k)) for k, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _by_role(entries: list[dict], *preferred: str) -> dict | None:
    for role in preferred:
        for entry in entries:
            if _get(entry, "role") == role:
                return entry
    return entries[0] if entries else None


class NinjsParser(WireParser):
    format_name = "ninjs"

    def parse_bytes(self, data: bytes) -> list[WireItem]:
        try:
            document = json.loads(data)
        except UnicodeDecodeError as exc:
            raise WireParseError(
                f"The JSON is not valid UTF-8 (byte {exc.start}: {exc.reason})."
            ) from None
        except json.JSONDecodeError as exc:
            raise WireParseError(
                f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}."
            ) from None
        except RecursionError:
            raise WireParseError("The JSON is nested too deeply.") from None
        documents = document if isinstance(document, list) else [document]
        if not documents:
            raise WireParseError("The JSON holds an empty list: no ninjs items.")
        if len(documents) > MAX_ITEMS_PER_FILE:
            raise WireParseError(
                f"{len(documents)} items in one file; at most {MAX_ITEMS_PER_FILE} are accepted."
            )
        return [self.parse_item(doc, index) for index, doc in enumerate(documents)]

    def parse_item(self, doc: Any, index: int = 0) -> WireItem:
        where = f"item {index + 1}: " if index else ""
        if not isinstance(doc, dict):
            raise WireParseError(f"{where}a ninjs item must be a JSON object.")
        guid = _text(_get(doc, "uri")) or _text(_get(doc, "guid"))
        if not guid.strip():
            raise WireParseError(f"{where}the ninjs item has no 'uri' (its unique identifier).")
        item_type = _get(doc, "type")
        if not isinstance(item_type, str | None) or item_type not in STORY_TYPES:
            raise WireParseError(
                f"{where}ninjs item {guid[:120]!r} is of type {str(item_type)[:20]!r}: only text "
                "and composite items are stories (media and events are not ingested)."
            )
        headline = self._headline(doc)
        if not headline:
            raise WireParseError(f"{where}ninjs item {guid[:120]!r} has no headline.")
        body_html = self._body(doc)
        if not body_html:
            raise WireParseError(f"{where}ninjs item {guid[:120]!r} has no body text.")
        return WireItem(
            guid=guid.strip()[:255],
            headline=headline,
            version=parse_version(_get(doc, "version")),
            version_created=parse_time(_get(doc, "versionCreated")),
            first_created=parse_time(_get(doc, "firstCreated")),
            pub_status=parse_pub_status(_get(doc, "pubStatus")),
            urgency=parse_urgency(_get(doc, "urgency")),
            dek=self._description(doc),
            body_html=body_html,
            byline=clip(_get(doc, "by") or _get(doc, "byline"), 255),
            dateline_place=clip(_text(_get(doc, "located")).split(",")[0], 80),
            subjects=self._subjects(doc),
            genre=self._genre(doc),
            embargo=parse_time(_get(doc, "embargoed")),
            language=clip(_get(doc, "language"), 20),
            images=self._images(doc),
            provider=self._provider(doc),
            status_reason=clip(_get(doc, "edNote"), 500),
        )

    def _headline(self, doc: dict) -> str:
        main = _by_role(_dicts(_get(doc, "headlines")), "main")
        text = _text(_get(main, "value")) if main else ""
        return clip(text or _get(doc, "headline") or _get(doc, "title"), 255)

    def _description(self, doc: dict) -> str:
        summary = _by_role(_dicts(_get(doc, "descriptions")), "summary", "main", "caption")
        text = _text(_get(summary, "value")) if summary else ""
        return clip(text or _get(doc, "description_text"), 400)

    def _body(self, doc: dict) -> str:
        bodies = _dicts(_get(doc, "bodies"))
        for body in bodies:
            kind = _text(_get(body, "contentType")).lower()
            if ("html" in kind or _get(body, "role") in ("richtext", "html")) and _text(
                _get(body, "value")
            ).strip():
                return _text(_get(body, "value"))
        for body in bodies:
            if _text(_get(body, "value")).strip():
                return text_to_html(_text(_get(body, "value")))
        if _text(_get(doc, "body_html")).strip():
            return _text(_get(doc, "body_html"))
        if _text(_get(doc, "body_text")).strip():
            return text_to_html(_text(_get(doc, "body_text")))
        return ""

    def _subjects(self, doc: dict) -> tuple[WireSubject, ...]:
        subjects = []
        for entry in _dicts(_get(doc, "subjects")) + _dicts(_get(doc, "subject")):
            name = clip(_get(entry, "name") or _get(entry, "literal"), 100)
            code = clip(_get(entry, "uri") or _get(entry, "code") or _get(entry, "qcode"), 255)
            if name:
                subjects.append(WireSubject(name=name, code=code))
        keywords = _get(doc, "keywords")
        if isinstance(keywords, list):
            subjects += [WireSubject(name=clip(k, 100)) for k in keywords if clip(k, 100)]
        return tuple(subjects)

    def _genre(self, doc: dict) -> str:
        genres = _dicts(_get(doc, "genres"))
        if genres:
            return clip(_get(genres[0], "name") or _get(genres[0], "literal"), 100)
        genre = _get(doc, "genre")
        if isinstance(genre, list) and genre and isinstance(genre[0], dict):
            return clip(_get(genre[0], "name"), 100)
        return clip(genre, 100)

    def _provider(self, doc: dict) -> str:
        sources = _dicts(_get(doc, "infoSources"))
        if sources:
            return clip(_get(sources[0], "name"), 120)
        holder = _get(doc, "copyrightHolder")
        if isinstance(holder, dict):
            return clip(_get(holder, "name"), 120)
        return clip(holder, 120)

    def _images(self, doc: dict) -> tuple[WireImage, ...]:
        images = []
        for association in _dicts(_get(doc, "associations")):
            if _get(association, "type") != "picture":
                continue
            renditions = _dicts(_get(association, "renditions"))
            best = max(renditions, key=lambda r: parse_version(_get(r, "width")), default=None)
            href = _text(_get(best, "href")) if best else ""
            if not href:
                continue
            caption = _by_role(_dicts(_get(association, "descriptions")), "caption")
            images.append(
                WireImage(
                    href=href[:500],
                    caption=clip(_get(caption, "value") if caption else "", 300),
                    credit=clip(_get(association, "by"), 120),
                    width=parse_version(_get(best, "width")) or None,
                    height=parse_version(_get(best, "height")) or None,
                )
            )
        return tuple(images)
