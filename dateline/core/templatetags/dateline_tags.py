"""Template helpers used on every page: times, menus, absolute URLs, pagination links."""

import datetime as dt

from django import template
from django.core.cache import cache
from django.utils.html import format_html

from ..dependencies import key_for, record
from ..models import Menu, menus_version
from ..timefmt import news_date, news_datetime, news_short

register = template.Library()


@register.filter
def newstime(value: dt.datetime | None) -> str:
    """`October 16, 2021, 10:44:16 IST` in the active (site) time zone."""
    return news_datetime(value) if value else ""


@register.filter
def newsdate(value: dt.datetime | None) -> str:
    return news_date(value) if value else ""


@register.simple_tag
def time_tag(value: dt.datetime | None, style: str = "full") -> str:
    """A `<time>` element: the ISO instant for machines, the site's format for people.

    `style` is "full" (article pages) or "short" (story cards).
    """
    if not value:
        return ""
    text = news_short(value) if style == "short" else news_datetime(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(timespec="seconds"), text)


@register.simple_tag
def get_menu(handle: str) -> list[dict]:
    """The resolved entries of a menu, cached until any menu or page changes."""
    key = f"dateline:menu-entries:{handle}:{menus_version()}"  # (pk, entries)
    cached = cache.get(key)
    if cached is None:
        menu = Menu.objects.filter(handle=handle).first()
        cached = (menu.pk if menu else None, menu.resolved if menu else [])
        cache.set(key, cached, 60 * 60)
    menu_pk, entries = cached
    # A missing menu is recorded by model: creating it must purge the pages that lacked it.
    record(key_for(Menu, menu_pk) if menu_pk else key_for(Menu))
    return entries


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    request = context.get("request")
    if not path:
        return ""
    if path.startswith(("http://", "https://")) or request is None:
        return path
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """`?page=N` keeping the other query parameters (search terms, filters)."""
    request = context["request"]
    params = request.GET.copy()
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = number
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path
