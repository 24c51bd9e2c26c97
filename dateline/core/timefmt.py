"""How the site writes times: "October 16, 2021, 10:44:16 IST" in the site's zone."""

import datetime as dt
import zoneinfo

from django.utils import timezone


def news_datetime(value: dt.datetime, tz: zoneinfo.ZoneInfo | None = None) -> str:
    """Format an aware datetime the way the article page shows it."""
    local = timezone.localtime(value, tz) if tz else timezone.localtime(value)
    return f"{local:%B} {local.day}, {local:%Y}, {local:%H:%M:%S} {local.tzname()}"


def news_short(value: dt.datetime, tz: zoneinfo.ZoneInfo | None = None) -> str:
    """Compact form for story cards: "Oct 16, 2021, 10:44 IST"."""
    local = timezone.localtime(value, tz) if tz else timezone.localtime(value)
    return f"{local:%b} {local.day}, {local:%Y}, {local:%H:%M} {local.tzname()}"
