"""The site room's template helpers: the desk's menus."""

from django import template

from dateline.caching.cachestore import cached
from dateline.caching.dependencies import record

from ..models import Menu

register = template.Library()


@register.simple_tag
def get_menu(handle: str) -> list[dict]:
    """The resolved entries of a menu, cached until the menu or a page it links to changes."""

    def resolve() -> list[dict]:
        record(Menu.dependency_key(handle))
        menu = Menu.objects.filter(handle=handle).first()
        return menu.resolved if menu else []

    return cached(f"dateline:menu:{handle}", resolve)
