"""Highlighted snippets: a short window of the story's text with the query's words marked.

Escape first, then mark: the text is cut into pieces at the matches, every piece is escaped on
its own and only then are the matched pieces wrapped in <mark>. A headline or body holding
`<script>` or `&amp;` can never produce markup, and a query word like "amp" cannot match
inside an entity that escaping created.
"""

from __future__ import annotations

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .query import CleanQuery

SNIPPET_CHARS = 220


# Where one block of text ends and the next begins: stripped of its tags, "said.</p><p>Rain"
# would read "said.Rain".
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|td|th)>|<br\s*/?>", re.IGNORECASE)


def _text(html: str) -> str:
    return strip_tags(_BLOCK_END.sub(" ", html))


def plain_texts(page) -> list[str]:
    """The story's readable text, summary first, from data already loaded (no queries)."""
    texts = [getattr(page, "dek", "") or ""]
    body = getattr(page, "body", None)
    raw = getattr(body, "raw_data", None) or []
    for block in raw:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            texts.append(_text(value))
        elif isinstance(value, dict):
            texts.extend(_text(v) for v in value.values() if isinstance(v, str))
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def _pattern(query: CleanQuery) -> re.Pattern | None:
    if not query.terms:
        return None
    # Word starts: "monsoon" marks "Monsoons" too, as the stemming backends found it.
    alternatives = "|".join(re.escape(t) for t in sorted(query.terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, query: CleanQuery) -> SafeString:
    """All of `text`, escaped, with the query's words in <mark>."""
    pattern = _pattern(query)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above was escaped


def snippet(page, query: CleanQuery, length: int = SNIPPET_CHARS) -> SafeString:
    """The first stretch of text that holds a query word, trimmed to about `length`."""
    texts = plain_texts(page)
    pattern = _pattern(query)
    for text in texts:
        match = pattern.search(text) if pattern else None
        if match is None:
            continue
        start = max(match.start() - length // 3, 0)
        if start:  # begin at a word boundary
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
        window = text[start : start + length]
        prefix = "… " if start else ""
        suffix = " …" if start + length < len(text) else ""
        return mark_safe(f"{prefix}{highlight(window, query)}{suffix}")  # noqa: S308
    return escape(texts[0][:length]) if texts else mark_safe("")
