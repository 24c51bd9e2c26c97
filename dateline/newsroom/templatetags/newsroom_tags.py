"""The breaking-news banner, read from the cache so a page view costs no query for it."""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils import dateparse, timezone
from wagtail.models import Site

from dateline.newsroom.models import BANNER_CACHE_KEY, BreakingNewsBanner

register = template.Library()

BANNER_CACHE_SECONDS = 30  # saving clears the key; this bounds other processes' staleness


def _banner_data(site: Site) -> dict | None:
    key = BANNER_CACHE_KEY.format(site_id=site.pk)
    data = cache.get(key)
    if data is None:
        banner = BreakingNewsBanner.for_site(site)
        data = {
            "text": banner.text,
            "href": banner.href if banner.text else "",
            "expires_at": banner.expires_at.isoformat() if banner.expires_at else "",
        }
        cache.set(key, data, BANNER_CACHE_SECONDS)
    return data


@register.inclusion_tag("newsroom/breaking_banner.html", takes_context=True)
def breaking_banner(context) -> dict:
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    data = _banner_data(site) if site else None
    if not data or not data["text"]:
        return {"banner": None}
    if data["expires_at"] and dateparse.parse_datetime(data["expires_at"]) <= timezone.now():
        return {"banner": None}
    return {"banner": data}
