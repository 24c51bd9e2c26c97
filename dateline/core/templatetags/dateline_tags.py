"""Template helpers used on every page: times, menus, absolute URLs, pagination links."""

import datetime as dt
import hashlib

from django import template
from django.conf import settings
from django.utils.html import format_html

from ..cachestore import cached
from ..dependencies import key_for, record
from ..models import Menu
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
    """The resolved entries of a menu, cached until the menu or a page it links to changes."""

    def resolve() -> list[dict]:
        record(Menu.dependency_key(handle))
        menu = Menu.objects.filter(handle=handle).first()
        return menu.resolved if menu else []

    return cached(f"dateline:menu:{handle}", resolve)


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


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context) -> str:
        from django.utils import timezone

        from ..cachestore import cached

        # Times inside are rendered in the active (site) zone: a zone change is a new entry.
        names = [str(part.resolve(context)) for part in self.parts] + [
            timezone.get_current_timezone_name()
        ]
        entry = "dateline:fragment:" + hashlib.sha256(":".join(names).encode()).hexdigest()[:40]
        return cached(entry, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    """`{% fragment "name" var ... %}...{% endfragment %}`: the block's HTML, cached until
    something it showed changes (see dateline.core.cachestore.cached). Nothing per reader
    (no CSRF token, no user) may go inside."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag
def record_card(story) -> str:
    """A story card on this page: the page depends on what the card shows."""
    keys = story.card_keys() if hasattr(story, "card_keys") else [key_for(story)]
    record(*keys)
    return ""


@register.simple_tag
def record_page(page) -> str:
    """The page being rendered: it depends on itself (and what its model says it shows)."""
    if page is not None and getattr(page, "pk", None):
        record(*(page.dependency_keys() if hasattr(page, "dependency_keys") else [key_for(page)]))
    return ""


@register.simple_tag(takes_context=True)
def editor_userbar(context) -> str:
    """Wagtail's editing bar, for people with a session only.

    Asking whether an anonymous reader may edit would read the session and make every page
    vary by cookie, so a page cache could never share it; readers have no session cookie."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    return wagtailuserbar(context)
