"""HTML from outside the newsroom (agency copy from the wire desk, partners' submissions
through the API) reduced to what a story body may hold, with nh3 (Ammonia's allow-list).
One sanitiser for every way in: it lives here, under both of its callers' layers.

Everything not listed is dropped: scripts and styles with their content, event handler
attributes, `javascript:` and `data:` URLs, iframes, objects, forms, images (agency
pictures are kept apart as WireImage). Loose text is wrapped in paragraphs so the first
block can carry the dateline.
"""

from __future__ import annotations

import html
import re

import nh3
from lxml import etree
from lxml import html as lxml_html

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "blockquote",
}
DROPPED_WITH_CONTENT = {
    "script", "style", "head", "title", "iframe", "object", "embed", "noscript",
    "template", "figure", "svg", "math", "form", "select", "textarea", "button",
}  # fmt: skip
BLOCK_TAGS = {"p", "ul", "ol", "h2", "h3", "blockquote"}


def sanitize_html(raw: str) -> str:
    """Allow-listed HTML; top-level inline runs are wrapped in <p>."""
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    ).strip()
    return _paragraphs(cleaned) if cleaned else ""


def _paragraphs(fragment: str) -> str:
    try:
        nodes = lxml_html.fragments_fromstring(fragment)
    except (etree.ParserError, ValueError):
        return f"<p>{html.escape(plain_text(fragment), quote=False)}</p>"
    out: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        text = "".join(run).strip()
        if text and text != "<br>":
            out.append(f"<p>{text}</p>")
        run.clear()

    for node in nodes:
        if isinstance(node, str):
            run.append(html.escape(node, quote=False))
        elif node.tag in BLOCK_TAGS:
            close_run()
            tail, node.tail = node.tail, None
            out.append(lxml_html.tostring(node, encoding="unicode"))
            if tail:
                run.append(html.escape(tail, quote=False))
        else:
            run.append(lxml_html.tostring(node, encoding="unicode"))
    close_run()
    return "".join(out)


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, for similarity and summaries."""
    spaced = re.sub(r"(</(?:p|li|h2|h3|blockquote|div)>|<br\s*/?>)", r"\1 ", fragment)
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())
