"""A check of AMP story documents against the published AMP HTML and Web Story rules.

The official validator (npm `amphtml-validator`) runs only with its engine,
validator_wasm.js, which it downloads from cdn.ampproject.org; no package on the npm
registry ships that file, so it cannot run offline here. This module checks, from the spec,
what a Dateline story page must get right: the required markup and boilerplate, the AMP
runtime and extension scripts as the only scripts, no author JavaScript or event handlers,
the custom stylesheet under 75,000 bytes without `!important`, AMP elements instead of
img/video, and the amp-story attributes and page structure Web Stories require.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

AMP_RUNTIME = "https://cdn.ampproject.org/v0.js"
EXTENSION_URL = re.compile(r"^https://cdn\.ampproject\.org/v0/(amp-[a-z-]+)-(\d+\.\d+)\.js$")
BOILERPLATE = (
    "body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
    "-moz-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
    "-ms-animation:-amp-start 8s steps(1,end) 0s 1 normal both;"
    "animation:-amp-start 8s steps(1,end) 0s 1 normal both}"
    "@-webkit-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
    "@-moz-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
    "@-ms-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
    "@-o-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
    "@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
)
NOSCRIPT_BOILERPLATE = (
    "body{-webkit-animation:none;-moz-animation:none;-ms-animation:none;animation:none}"
)
CUSTOM_CSS_LIMIT = 75_000
# Elements AMP forbids, or replaces with its own (amp-img, amp-video, amp-audio, amp-iframe).
FORBIDDEN_TAGS = {"img", "video", "audio", "iframe", "frame", "frameset", "object", "param",
                  "embed", "applet"}  # fmt: skip
STORY_ATTRIBUTES = ("standalone", "title", "publisher", "publisher-logo-src", "poster-portrait-src")
# Which extension each AMP element needs (those a Web Story page may use).
EXTENSION_OF = {"amp-story": "amp-story", "amp-video": "amp-video"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    text: str = ""


class _TreeBuilder(HTMLParser):
    VOID = {"meta", "link", "br", "hr", "img", "input", "source", "track", "wbr", "col", "area"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def _walk(element: Element):
    for child in element.children:
        yield child
        yield from _walk(child)


def amp_story_errors(html: str) -> list[str]:
    """Every rule the document breaks, in words; an empty list means it passes."""
    builder = _TreeBuilder()
    builder.feed(html)
    errors: list[str] = []
    elements = list(_walk(builder.root))
    if builder.doctype.lower() != "doctype html":
        errors.append("the document must start with <!doctype html>")
    html_el = next((e for e in elements if e.tag == "html"), None)
    if html_el is None or not ({"⚡", "amp"} & set(html_el.attrs)):
        errors.append("<html> needs the ⚡ (or amp) attribute")
    head = next((e for e in elements if e.tag == "head"), None)
    body = next((e for e in elements if e.tag == "body"), None)
    if head is None or body is None:
        return [*errors, "the document needs <head> and <body>"]
    head_children = head.children
    if (
        not head_children
        or head_children[0].tag != "meta"
        or (head_children[0].attrs.get("charset", "").lower() != "utf-8")
    ):
        errors.append('<meta charset="utf-8"> must be the first child of <head>')
    viewport = [e for e in head_children if e.tag == "meta" and e.attrs.get("name") == "viewport"]
    if not viewport or "width=device-width" not in (viewport[0].attrs.get("content") or ""):
        errors.append('<meta name="viewport" content="width=device-width"> is required')
    canonical = [e for e in head_children if e.tag == "link" and e.attrs.get("rel") == "canonical"]
    if len(canonical) != 1 or not (canonical[0].attrs.get("href") or "").startswith("http"):
        errors.append('exactly one <link rel="canonical"> with an absolute URL is required')

    scripts = [e for e in elements if e.tag == "script"]
    runtime = [s for s in scripts if s.attrs.get("src") == AMP_RUNTIME]
    if len(runtime) != 1 or "async" not in runtime[0].attrs or runtime[0].parent is not head:
        errors.append(f'<script async src="{AMP_RUNTIME}"> must appear once in <head>')
    loaded: set[str] = set()
    for script in scripts:
        src = script.attrs.get("src")
        if src == AMP_RUNTIME:
            continue
        if script.attrs.get("type") == "application/ld+json" and not src:
            continue
        match = EXTENSION_URL.match(src or "")
        if match and "async" in script.attrs and script.attrs.get("custom-element") == match[1]:
            loaded.add(match[1])
            continue
        errors.append(f"custom JavaScript is not allowed: <script {script.attrs}>")
    used = {e.tag for e in elements if e.tag in EXTENSION_OF}
    for tag in sorted(used - loaded):
        errors.append(f"<{tag}> is used but its extension script is not loaded")
    for tag in sorted(loaded - used):
        errors.append(f"the {tag} extension is loaded but not used")

    styles = [e for e in elements if e.tag == "style"]
    boilerplates = [s for s in styles if "amp-boilerplate" in s.attrs]
    head_boilerplate = [s for s in boilerplates if s.parent is head]
    noscript_boilerplate = [s for s in boilerplates if s.parent and s.parent.tag == "noscript"]
    if len(head_boilerplate) != 1 or head_boilerplate[0].text.strip() != BOILERPLATE:
        errors.append("the <style amp-boilerplate> in <head> is missing or altered")
    if len(noscript_boilerplate) != 1 or noscript_boilerplate[0].text.strip() != (
        NOSCRIPT_BOILERPLATE
    ):
        errors.append("the <noscript><style amp-boilerplate> is missing or altered")
    custom = [s for s in styles if "amp-custom" in s.attrs]
    if len(custom) > 1 or any(s.parent is not head for s in custom):
        errors.append("at most one <style amp-custom>, in <head>")
    for sheet in custom:
        if len(sheet.text.encode()) > CUSTOM_CSS_LIMIT:
            errors.append(f"<style amp-custom> is over {CUSTOM_CSS_LIMIT} bytes")
        if "!important" in sheet.text:
            errors.append("!important is not allowed in <style amp-custom>")
    for style in styles:
        if style not in boilerplates and style not in custom:
            errors.append("only amp-boilerplate and amp-custom <style> elements are allowed")

    for element in elements:
        if element.tag in FORBIDDEN_TAGS:
            errors.append(f"<{element.tag}> is not allowed in AMP (use the amp- element)")
        if element.tag == "link" and element.attrs.get("rel") == "stylesheet":
            errors.append("external stylesheets are not allowed")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                errors.append(f"event handler attribute {name} on <{element.tag}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                errors.append(f"javascript: URL on <{element.tag}>")
        if element.tag == "amp-img":
            missing = [a for a in ("src", "alt") if not element.attrs.get(a)]
            layout = element.attrs.get("layout")
            if layout != "fill" and not (
                element.attrs.get("width") and element.attrs.get("height")
            ):
                missing.append("width/height")
            if missing:
                errors.append(f"<amp-img> lacks {', '.join(missing)}")
        if element.tag == "amp-video":
            if not element.attrs.get("poster"):
                errors.append("<amp-video> in a story needs a poster")
            sources = [c for c in element.children if c.tag == "source"]
            if not sources and not element.attrs.get("src"):
                errors.append("<amp-video> has no source")

    stories = [e for e in body.children if e.tag == "amp-story"]
    if len(stories) != 1 or len(body.children) != 1:
        errors.append("<body> must hold exactly one <amp-story> and nothing else")
        return errors
    story = stories[0]
    for attribute in STORY_ATTRIBUTES:
        value = story.attrs.get(attribute)  # None for a bare attribute like standalone
        if attribute not in story.attrs or (attribute != "standalone" and not value):
            errors.append(f"<amp-story> needs the {attribute} attribute")
        elif attribute.endswith("-src") and not value.startswith("http"):
            errors.append(f"<amp-story> {attribute} must be an absolute URL")
    pages = [c for c in story.children if c.tag == "amp-story-page"]
    if [c.tag for c in story.children if c.tag != "amp-story-page"]:
        errors.append("<amp-story> may only contain <amp-story-page> elements here")
    if not 1 <= len(pages) <= 100:
        errors.append("an amp-story needs at least one page")
    ids = [p.attrs.get("id") for p in pages]
    if None in ids or len(set(ids)) != len(ids):
        errors.append("every <amp-story-page> needs a unique id")
    for page in pages:
        layers = [c for c in page.children if c.tag == "amp-story-grid-layer"]
        if not layers:
            errors.append(f"page {page.attrs.get('id')} has no <amp-story-grid-layer>")
        for layer in layers:
            if layer.attrs.get("template") not in ("fill", "vertical", "horizontal", "thirds"):
                errors.append(f"page {page.attrs.get('id')}: a layer lacks a valid template")
        outlinks = [c for c in page.children if c.tag == "amp-story-page-outlink"]
        if outlinks and page.children[-1] is not outlinks[-1]:
            errors.append(f"page {page.attrs.get('id')}: the outlink must be the last child")
        for outlink in outlinks:
            if outlink.attrs.get("layout") != "nodisplay" or not [
                a for a in outlink.children if a.tag == "a" and a.attrs.get("href")
            ]:
                errors.append(f"page {page.attrs.get('id')}: outlink needs nodisplay and a link")
    return errors
