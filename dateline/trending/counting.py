"""Counting a view: no cookie, no stored address; bots and repeats left out.

The page is cached and the same for everyone, so the browser reports the view itself (a
beacon carrying only the page id). A client is recognised for a few minutes by a hash of its
address (behind trusted proxies: dateline.core.clients) with the daily salt
(dateline.core.counters), kept in the cache only: one client counts once per story per
REPEAT_SECONDS, whatever user agent it sends (a loop rotating it is still one client), and at
most DATELINE_BEACON_RATE_LIMIT beacons per window count at all. Only stories are counted
(the roll-up drops other pages' ids).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest

from dateline.core.counters import CacheCounter, client_fingerprint, first_time, rate_limited

view_counter = CacheCounter("views", 3600, keep_buckets=3, max_items=100_000)
REPEAT_SECONDS = 30 * 60

# Crawlers, link previews, monitors and scripts; an empty user agent is not a reader either.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|"
    r"headless|phantom|lighthouse|pingdom|curl|wget|python-|httpx|aiohttp|go-http|java/|"
    r"okhttp|libwww|scrapy|feedfetcher|feedparser|mediapartners|apis-google",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def count_view(request: HttpRequest, page_id: int) -> bool:
    """Count one view of `page_id` unless it is a bot, a prefetch, a repeat or a flood."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if is_bot(agent):
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    limit, window = settings.DATELINE_BEACON_RATE_LIMIT
    if rate_limited(request, "beacon", limit, window):
        return False
    if not first_time(("view", client_fingerprint(request), page_id), REPEAT_SECONDS):
        return False
    return view_counter.hit(str(page_id))
