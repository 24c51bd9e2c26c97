"""XML sitemaps: one per listing, articles split by month, plus the Google News sitemap.

Nothing here walks the page tree or loads every story. Article sitemaps read
one calendar month (UTC) through the `published_at` index, as plain rows; the
index reads each month's count from its summary row (`articles.ArticleMonth`);
the Google News sitemap reads at most 1,000 rows of the last 48 hours. Every
`<loc>` is written with the Wagtail Site's origin, the one the canonical link uses.
"""

from .common import month_start, next_month
from .index import IndexEntry, index_entries, listing_sitemaps
from .stories import ArticleMonthSitemap, NewsSitemap, month_summary

__all__ = [
    "ArticleMonthSitemap",
    "IndexEntry",
    "NewsSitemap",
    "index_entries",
    "listing_sitemaps",
    "month_start",
    "month_summary",
    "next_month",
]
