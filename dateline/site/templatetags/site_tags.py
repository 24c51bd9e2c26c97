"""The site room's template helpers: the desk's menus."""

from django import template

from dateline.caching.cachestore import cached

from ..menus import all_menus

register = template.Library()


@register.simple_tag
def get_menu(handle: str) -> list[dict]:
    """The resolved entries of a menu, cached until a menu or a page one links to changes.
    All menus are one cached value: every page shows them all, and one read of the menus
    and one of their pages cost less than eight of each (`site.menus`)."""
    return cached("dateline:menus", all_menus).get(handle, [])
