"""Most read and the trending strip, for any template."""

from __future__ import annotations

from django import template
from django.urls import reverse

from dateline.caching.dependencies import listing_key, record, record_objects
from dateline.site.templatetags.site_tags import get_menu

from ..ranking import most_read as most_read_stories
from ..ranking import trending_topics

register = template.Library()

STRIP_LENGTH = 8


@register.simple_tag
def most_read(section=None, limit: int = 5) -> list:
    """Most read stories of the last 24 hours, site-wide or in a top-level section."""
    record(listing_key("most-read"))
    stories = most_read_stories(section, limit)
    record_objects(stories)
    return stories


@register.simple_tag
def trending_entries(limit: int = STRIP_LENGTH) -> list[dict]:
    """The trending strip: the desk's "Trending" menu first (pins, in its order), then the
    fastest-rising topics not already there and not hidden, up to `limit` entries."""
    record(listing_key("trending"))
    pinned = list(get_menu("trending"))
    hrefs = {entry["href"] for entry in pinned}
    entries = pinned[:limit]
    for trend in trending_topics(limit):
        if len(entries) >= limit:
            break
        href = reverse("topic", args=[trend.slug])
        if href not in hrefs:
            entries.append({"type": "link", "text": trend.name, "href": href, "children": []})
            hrefs.add(href)
    return entries
