"""The site room's template helpers: the desk's menus."""

from django import template

from dateline.caching.cachestore import cached, fragments_enabled
from dateline.caching.dependencies import remembered
from dateline.core.visibility import request_memo

from ..menus import all_menus

register = template.Library()


@register.simple_tag
def get_menu(handle: str) -> list[dict]:
    """The resolved entries of a menu, cached until a menu or a page one links to changes.
    All menus are one cached value: every page shows them all, and one read of the menus
    and one of their pages cost less than eight of each (`site.menus`). Read once a request
    (the header, footer and bottom bar each ask), its keys replayed into each caller."""
    memo = request_memo() if fragments_enabled() else None
    menus = remembered(memo, "menus", lambda: cached("dateline:menus", all_menus))
    return menus.get(handle, [])
