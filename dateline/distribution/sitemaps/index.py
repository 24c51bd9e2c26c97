"""The sitemap index: every listing sitemap and month, with counts and newest changes."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.http import HttpRequest
from wagtail.models import PageViewRestriction, Site

from dateline.articles.models import Agency, Author
from dateline.caching.cachestore import cached
from dateline.caching.dependencies import key_for, listing_key, narrow
from dateline.caching.release import release

from ..links import current_site
from .common import content_type_ids, latest, pages_of, public_pages
from .pages import (
    AgencySitemap,
    AuthorSitemap,
    PagesSitemap,
    PageTypeSitemap,
    SectionSitemap,
    ShortsSitemap,
    TopicSitemap,
    WebStoriesSitemap,
)
from .stories import article_months
from .video import VideoSitemap


def listing_sitemaps(request: HttpRequest | None) -> dict[str, Sitemap]:
    """The sitemaps that are not per month, by the name in their URL."""
    return {
        "pages": PagesSitemap(request),
        "sections": SectionSitemap(request),
        "topics": TopicSitemap(request),
        "authors": AuthorSitemap(request),
        "agencies": AgencySitemap(request),
        "videos": VideoSitemap(request),
        "shorts": ShortsSitemap(request),
        "web-stories": WebStoriesSitemap(request),
    }


class IndexEntry(NamedTuple):
    """One sitemap in the index: its name in the URL, newest change and number of files."""

    section: str
    lastmod: dt.datetime | None
    pages: int


def index_entries(request: HttpRequest | None) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """The index's listing sitemaps and its months, cached until one of them changes.

    Uncached it is two queries however large the archive: every listing's count and
    newest change as scalar subqueries of one row, and the months' summary rows. The
    keys recorded cover each change that moves a count or a newest change: any story
    (`modified`), any other page published, withdrawn, moved or deleted (`pages`), topics,
    videos, Shorts, Web Stories, view restrictions, and a deleted author or agency."""
    site = current_site(request)
    return cached(
        f"dateline:sitemap-index:{release()}:{site.pk}", lambda: _index_entries(request, site)
    )


def _index_entries(request, site: Site) -> tuple[list[IndexEntry], list[IndexEntry]]:
    # Narrowed: the counts change with these listings, not with every write to the tables.
    with narrow(
        listing_key("modified"),
        listing_key("pages"),
        listing_key("tags"),
        listing_key("videos"),
        listing_key("shorts"),
        listing_key("webstories"),
        key_for(PageViewRestriction),
        key_for(Author),
        key_for(Agency),
    ):
        return _read_index_entries(request, site)


def _read_index_entries(request, site: Site) -> tuple[list[IndexEntry], list[IndexEntry]]:
    sitemaps = listing_sitemaps(request)
    values: dict[str, dict] = {section: {} for section in sitemaps}
    # The page sitemaps: one grouped read of their pages' count and newest change by type.
    types = {
        section: content_type_ids(sitemap.page_types)
        for section, sitemap in sitemaps.items()
        if isinstance(sitemap, PageTypeSitemap)
    }
    every_type = sorted({pk for ids in types.values() for pk in ids})
    by_type = (
        public_pages(site.root_page, every_type)
        .order_by()
        .values_list("content_type")
        .annotate(Count("pk"), Max("last_published_at"))
    )
    counts, newest = {}, {}
    for content_type, count, lastmod in by_type:
        counts[content_type], newest[content_type] = count, lastmod
    for section, ids in types.items():
        values[section]["count"] = sum(counts.get(pk, 0) for pk in ids)
        values[section]["lastmod"] = latest(*(newest.get(pk) for pk in ids))
    # Everything else (topics, authors, agencies, videos, the newest story): one row.
    expressions, names = {}, {}
    for number, (section, sitemap) in enumerate(sitemaps.items()):
        for name, expression in sitemap.summary().items():
            names[f"s{number}_{name}"] = (section, name)
            expressions[f"s{number}_{name}"] = expression
    row = Site.objects.order_by().filter(pk=site.pk).values(**expressions).get()
    for alias, (section, name) in names.items():
        values[section][name] = row[alias]
    listings = []
    for section, sitemap in sitemaps.items():
        entry = sitemap.index_entry(values[section])
        if entry is not None:
            listings.append(IndexEntry(section, entry[0], pages_of(entry[1], sitemap.limit)))
    months = [
        IndexEntry(month.section, month.latest_in_month, pages_of(month.count, month.limit))
        for month in article_months(request)
    ]
    return listings, months
