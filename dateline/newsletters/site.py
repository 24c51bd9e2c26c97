"""The site a newsletter speaks for: its canonical address (the one pages, feeds and
sitemaps print, `distribution.links`) and its time zone, from the default Site, looked up
once per send, schedule pass or render."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from wagtail.models import Site

from dateline.distribution.links import current_site
from dateline.site.models import SiteSettings


def default_site() -> Site | None:
    """The default Site (`links.current_site` without a request), or None when none is set
    up yet."""
    try:
        return current_site(None)
    except Site.DoesNotExist:
        return None


def site_root(site: Site | None = None) -> str:
    """`https://www.example.com` (no trailing slash): where every email link points."""
    site = site or default_site()
    if site is None:
        raise Site.DoesNotExist("No Wagtail Site is configured: emails need its address.")
    return site.root_url


def site_zone(site: Site | None = None) -> zoneinfo.ZoneInfo:
    """The site's time zone (its settings), else the server's."""
    site = site or default_site()
    if site is not None:
        return SiteSettings.for_site(site).tzinfo
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)
