"""Template helpers used on every page: times, pagination links, the editing bar, scripts."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from dateline.caching.dependencies import record_until

from ..scripts import script_tag
from ..timefmt import news_datetime, news_short

register = template.Library()


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
def until_midnight() -> str:
    """Beside a `{% now %}` date: what shows it changes by itself at the next midnight of
    the active zone, so a cached header or page holding it goes by then."""
    now = timezone.localtime()
    tomorrow = now.date() + dt.timedelta(days=1)
    record_until(dt.datetime.combine(tomorrow, dt.time(), tzinfo=now.tzinfo))
    return ""


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


@register.simple_tag
def static_script(path: str, **attributes: str | bool) -> str:
    """A reader page's `<script src>` with its integrity (dateline.core.scripts):
    `{% static_script "dateline/site.js" defer=True %}`."""
    return script_tag(path, **attributes)
