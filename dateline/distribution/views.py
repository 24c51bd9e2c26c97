"""robots.txt and the sitemap views (Django's sitemap views with our sitemaps and templates)."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from dateline.caching.dependencies import listing_key, record
from dateline.caching.queryparams import reads_query_params
from dateline.site.models import SiteSettings

from .links import absolute, current_site, site_root_url
from .sitemaps import (
    ArticleMonthSitemap,
    IndexEntry,
    NewsSitemap,
    index_entries,
    listing_sitemaps,
    month_start,
    month_summary,
    next_month,
)

MONTH_SECTION = re.compile(r"^articles-(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
SITEMAP_URL_NAME = "dateline_sitemap"


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything readers see; keep bots out of the admin and search results."""
    return render(
        request,
        "distribution/robots.txt",
        {
            "sitemaps": [
                absolute(request, reverse("sitemap_index")),
                absolute(request, reverse("news_sitemap")),
            ]
        },
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Every listing sitemap, the news file and every month, with its newest change.

    The listings and months are read together and cached (`index_entries`); the Google
    News file's newest change is read each time (one indexed row): it leaves its 48-hour
    window with the clock, which no change would purge."""
    listings, months = index_entries(request)
    record(listing_key("modified"))
    news = IndexEntry("news", NewsSitemap(request).get_latest_lastmod(), 1)  # <= 1,000 URLs
    return write_sitemap_index(request, [*listings, news, *months])


SITEMAP_INDEX_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


@x_robots_tag
def write_sitemap_index(request: HttpRequest, entries: list[IndexEntry]) -> HttpResponse:
    """Django's sitemap `index` view (the same entries, headers and bytes as with the
    `distribution/sitemap_index.xml` template given the sitemaps themselves: tested),
    written directly from each sitemap's newest change and number of files.

    A large archive has a thousand month files or more: Django's view builds each
    sitemap's queryset to ask its page count and newest change (two queries each) and
    renders the list through a template, which cost more than the queries the index needs."""
    domain = get_current_site(request).domain
    protocol = urlsplit(site_root_url(request)).scheme  # every sitemap writes the Site's
    zone = timezone.get_current_timezone()
    # One reverse() for every section: the URL pattern is the same with the name swapped.
    pattern = reverse(SITEMAP_URL_NAME, kwargs={"section": "SECTION"})
    parts = [SITEMAP_INDEX_OPEN]
    newest, every_lastmod = None, True
    for section, lastmod, pages in entries:
        location = f"{protocol}://{domain}{pattern.replace('SECTION', section)}"
        if every_lastmod and lastmod is not None:
            newest = lastmod if newest is None else max(newest, lastmod)
        else:
            every_lastmod = False
        stamp = (
            f"<lastmod>{lastmod.astimezone(zone).isoformat(timespec='seconds')}</lastmod>"
            if lastmod
            else ""
        )
        location = escape(location)
        parts.append(f"<sitemap><loc>{location}</loc>{stamp}</sitemap>\n")
        for page in range(2, pages + 1):
            parts.append(f"<sitemap><loc>{location}?p={page}</loc>{stamp}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if every_lastmod and newest:
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


@reads_query_params("p")  # Django's sitemap view and a month's file: `?p=N`
@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One sitemap file: a listing (`pages`, `topics`, ...) or a month (`articles-2025-11`)."""
    sitemaps = listing_sitemaps(request)
    match = MONTH_SECTION.match(section)
    if match:
        try:
            # Year 0000 does not exist and 9999-12 has no next month to end the range.
            start = month_start(int(match["year"]), int(match["month"]))
            next_month(start)
        except (ValueError, OverflowError) as exc:
            raise Http404(f"No sitemap for {section[9:]}.") from exc
        summary = month_summary(request, start)
        if summary is None:
            raise Http404(f"No stories were published in {section[9:]}.")
        month = ArticleMonthSitemap(request, start, summary.stories, summary.lastmod)
        # A month's file changes only with its own stories (any change moves a lastmod).
        record(listing_key("modified", f"{match['year']}-{match['month']}"))
        return month_sitemap(request, month)
    elif section == "videos":
        record(listing_key("videos"))
        if not sitemaps["videos"].items().exists():
            raise Http404("No videos have been published yet.")
    else:
        record(listing_key("modified"), listing_key("pages"), listing_key("tags"))
        record(listing_key("shorts"), listing_key("webstories"))
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name="distribution/sitemap.xml"
    )


@x_robots_tag
def month_sitemap(request: HttpRequest, month: ArticleMonthSitemap) -> HttpResponse:
    """One file of a month's stories (`?p=N` past the first 1,000), written by the sitemap."""
    try:
        body, lastmod = month.urlset(request.GET.get("p", 1))
    except EmptyPage as exc:
        raise Http404(f"No page {request.GET.get('p')} in this month.") from exc
    except PageNotAnInteger as exc:
        raise Http404("The page must be a whole number.") from exc
    response = HttpResponse(body, content_type="application/xml")
    if lastmod is not None:  # as Django's sitemap view: ConditionalGetMiddleware's 304s
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


@require_safe
@x_robots_tag
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: written by the sitemap (`NewsSitemap.urlset`), as Django's view would."""
    record(listing_key("modified"))  # the last 48 hours: titles, times, membership
    publication = SiteSettings.for_site(current_site(request))
    body, lastmod = NewsSitemap(request).urlset(publication.site_name, publication.language)
    response = HttpResponse(body, content_type="application/xml")
    if lastmod is not None:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response
