"""RSS 2.0 and Atom feeds: latest news, each section, topic, author and agency.

Django's syndication `Feed` is the view. Each feed lists the 50 newest stories
from `ArticlePage.objects.published()` (so embargo and scheduling rules apply),
answers conditional GETs with 304 from one small indexed query, and carries the
hero image as `media:content` and, when the site setting asks, the full text.
"""

from .entries import FEED_SIZE
from .pages import ShortsFeed, VideoFeed, WebStoriesFeed
from .stories import ArticleFeed, LatestFeed, ListingFeed, SectionFeed

__all__ = [
    "FEED_SIZE",
    "ArticleFeed",
    "LatestFeed",
    "ListingFeed",
    "SectionFeed",
    "ShortsFeed",
    "VideoFeed",
    "WebStoriesFeed",
]
