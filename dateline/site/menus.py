"""Every menu's entries at once: one read of the menus, one of the pages they link to.

A cold page used to resolve its eight menus one by one: a menu query, then the StreamField's
page chooser loading each block type's pages as full `Page` instances (a model with its
cluster set up each) and Wagtail looking the site root paths up again for every link: 16
queries and about a fifth of a cold article's CPU. Every reader page shows every menu (the
header, footer and bottom bar are in `base.html`), so they are cached as one value: one
entry to build, store and read.

What a link shows follows the block's own rules (`core.blocks.LinkStructValue`): the label,
else the page's title; the page's URL, else the given URL; a link whose page is gone is
left out. URLs are worked out as Wagtail's `Page.url` does for the plain `Page` the chooser
loads (no specific model's override applies there either), from `url_path` and the site
root paths read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site
from wagtail.models.pages import WAGTAIL_APPEND_SLASH

from dateline.caching.dependencies import key_for, narrow, record
from dateline.core.page_urls import served_path

from .models import Menu, MenuHandle

ICON_DEFAULT = "home"  # IconLinkBlock's default when a stored link has none


def _items(raw: object) -> Iterator[dict]:
    """A ListBlock's stored values: `{"type": "item", "value": ...}` rows, or plain values
    (the format before Wagtail 2.16)."""
    for item in raw or ():
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"] or {}
        elif isinstance(item, dict):
            yield item


def _page_ids(links: Iterable[dict]) -> set[int]:
    return {link["page"] for link in links if isinstance(link.get("page"), int)}


def _links_of(raw_menu: list[dict]) -> Iterator[dict]:
    for block in raw_menu:
        value = block.get("value") or {}
        if block.get("type") == "group":
            yield value.get("link") or {}
            yield from _items(value.get("children"))
        else:
            yield value


def page_links(ids: set[int]) -> dict[int, tuple[str, str]]:
    """{page id: (title, URL)} for the pages that exist, in one query. Records each page's
    key (a menu showing a link changes with its page) and nothing coarser: a page query
    would otherwise depend on every page of the site."""
    keys = [key_for(Page, pk) for pk in sorted(ids)]
    with narrow(*keys):
        rows = list(Page.objects.filter(pk__in=ids).values_list("pk", "title", "url_path"))
    roots = Site.get_site_root_paths() if rows else []
    single_site = len({root[0] for root in roots}) == 1
    links = {}
    for pk, title, url_path in rows:
        links[pk] = (title, _url(url_path, roots, single_site))
    return links


def _url(url_path: str, roots: list, single_site: bool) -> str:
    """`Page.url` for a plain page (Wagtail's get_url_parts and get_url, i18n off)."""
    root = next((root for root in roots if url_path.startswith(root[1])), None)
    if root is None:
        return ""  # in no site: not routable
    root_path, root_url = root[1], root[2]
    below = url_path[len(root_path) :]
    path = served_path(below)  # reverse()'s answer without a reverse() per link
    if path is None:
        try:
            path = reverse("wagtail_serve", args=(below,))
        except NoReverseMatch:
            return ""
    if not WAGTAIL_APPEND_SLASH and path != "/":
        path = path.rstrip("/")
    return path if single_site else root_url + path


def _link(value: dict, pages: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """(text, href) of one stored link, as LinkStructValue's `text` and `href`."""
    page_id = value.get("page")
    page = pages.get(page_id) if page_id is not None else None
    label = value.get("label") or ""
    if page is not None:
        return label or page[0], page[1]
    url = value.get("url") or ""
    return label or url, url


def resolve(raw_menu: list[dict], pages: dict[int, tuple[str, str]]) -> list[dict]:
    """Plain data for templates (the entries `get_menu` returns), from a menu's stored
    blocks and the pages they link to."""
    entries = []
    for block in raw_menu:
        value = block.get("value") or {}
        if block.get("type") == "group":
            link = value.get("link") or {}
            href = _link(link, pages)[1] if link.get("page") or link.get("url") else ""
            children = []
            for child in _items(value.get("children")):
                text, child_href = _link(child, pages)
                if child_href:
                    children.append({"text": text, "href": child_href})
            entries.append(
                {
                    "type": "group",
                    "text": value.get("heading", ""),
                    "href": href,
                    "children": children,
                }
            )
            continue
        text, href = _link(value, pages)
        if not href:
            continue  # a linked page was deleted or unpublished
        icon = value.get("icon", ICON_DEFAULT) if block.get("type") == "icon_link" else ""
        entries.append(
            {"type": block.get("type"), "text": text, "href": href, "icon": icon, "children": []}
        )
    return entries


def all_menus() -> dict[str, list[dict]]:
    """{handle: entries} for every menu: two queries. Records every handle's key (a menu
    created at a handle no menu had shows up) besides what the queries load."""
    record(*(Menu.dependency_key(handle) for handle in MenuHandle.values))
    rows = Menu.objects.values_list("handle", "items")
    raw = {handle: list(items.raw_data) for handle, items in rows}
    pages = page_links(set().union(*(_page_ids(_links_of(menu)) for menu in raw.values())))
    return {handle: resolve(menu, pages) for handle, menu in raw.items()}
