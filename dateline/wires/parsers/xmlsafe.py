"""Parse untrusted XML with lxml so that it can neither read files nor exhaust memory.

- `resolve_entities=False`: no entity is ever expanded (no XXE, no billion laughs);
  a document that declares entities at all is refused, since wire formats have no use for them.
- `no_network=True`, `load_dtd=False`: nothing is fetched, not even an external DTD.
- `huge_tree=False` keeps libxml2's limits on depth and text node size.
"""

from __future__ import annotations

import re

from lxml import etree

from .base import WireParseError

_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.S)


def _parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )


def parse_xml(data: bytes, *, fallback_encoding: str | None = None) -> etree._Element:
    """The root element, or `WireParseError` saying exactly why the document is refused.

    `fallback_encoding` rescues feeds that are not UTF-8 yet declare no encoding (common in
    RSS): only when UTF-8 fails and the document names no encoding itself.
    """
    if b"<!ENTITY" in data[:65536]:
        raise WireParseError(
            "The XML declares entities (<!ENTITY>); they are refused so that no external "
            "file is read and no entity expansion can exhaust memory."
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        declared = _DECLARED_ENCODING.match(data[:200]) is not None
        if fallback_encoding and not declared and ("UTF-8" in str(exc) or "encoding" in str(exc)):
            try:
                root = etree.fromstring(data, _parser(fallback_encoding))
            except etree.XMLSyntaxError as second:
                raise WireParseError(f"The XML is not well-formed: {second}.") from None
        else:
            raise WireParseError(f"The XML is not well-formed: {exc}.") from None
    except ValueError as exc:  # e.g. a Unicode string with an encoding declaration
        raise WireParseError(f"The XML cannot be read: {exc}.") from None
    if root is None:
        raise WireParseError("The XML has no root element.")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WireParseError("The XML declares entities (<!ENTITY>); they are refused.")
    return root


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def detached_without_namespaces(element: etree._Element) -> etree._Element:
    """A copy of `element` as a root of its own with plain tag names (NITF and XHTML bodies
    arrive namespaced), so it serialises as plain HTML without inherited xmlns declarations."""
    element = etree.fromstring(etree.tostring(element), _parser())
    for node in element.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
            for name in list(node.attrib):
                if name.startswith("{"):
                    del node.attrib[name]
    etree.cleanup_namespaces(element)
    return element


def inner_html(element: etree._Element) -> str:
    """The element's content (text and children) serialised as HTML."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", method="html"))
        elif child.tail:
            parts.append(child.tail)
    return "".join(parts)
