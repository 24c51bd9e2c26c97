"""The breaking-news banner, read from the cache so a page view costs no query for it."""

from __future__ import annotations

from django import template
from django.utils import dateparse, timezone
from wagtail.models import Site

from dateline.caching.cachestore import cached
from dateline.caching.dependencies import record_until
from dateline.home.models import BreakingNewsBanner

register = template.Library()

BANNER_CACHE_KEY = "dateline:breaking-banner:{site_id}"


def _banner_data(site: Site) -> dict | None:
    """A cached fragment (caching.cachestore.cached): one cache read per page, never the shared
    cache in a preview or a signed-in render; the banner's row records itself as it loads,
    so switching it on, off or editing it purges every page that shows (or hid) it."""

    def build() -> dict:
        banner = BreakingNewsBanner.for_site(site)
        return {
            "text": banner.text,
            "href": banner.href if banner.text else "",
            "expires_at": banner.expires_at.isoformat() if banner.expires_at else "",
        }

    data = cached(BANNER_CACHE_KEY.format(site_id=site.pk), build)
    if data["text"] and data["expires_at"]:
        record_until(dateparse.parse_datetime(data["expires_at"]))  # it goes by itself then
    return data


@register.inclusion_tag("home/breaking_banner.html", takes_context=True)
def breaking_banner(context) -> dict:
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    data = _banner_data(site) if site else None
    if not data or not data["text"]:
        return {"banner": None}
    if data["expires_at"] and dateparse.parse_datetime(data["expires_at"]) <= timezone.now():
        return {"banner": None}
    return {"banner": data}
