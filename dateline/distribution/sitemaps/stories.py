"""Story sitemaps: articles split by month, and the Google News sitemap.

Nothing here walks the page tree or loads every story. Article sitemaps read
one calendar month (UTC) through the `published_at` index, as plain rows; the
index reads each month's count from its summary row (`articles.ArticleMonth`);
the Google News sitemap reads at most 1,000 rows of the last 48 hours. Every
`<loc>` is written with the Wagtail Site's origin, the one the canonical link uses.
"""

from __future__ import annotations

import datetime as dt
from html import escape  # Django's `escape` without its lazy-string wrapper
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model

from dateline.articles.models import ArticleMonth, ArticlePage
from dateline.caching.dependencies import record_until
from dateline.core.rows import plain_rows

from ..links import current_site, site_root_url
from .common import KnownCountPaginator, SiteRowsMixin, latest, month_start, next_month

# A month of a large archive holds thousands of stories: its sitemap is split into files of
# this many (`?p=2`...), each a bounded read of the month's range and cheap to write.
MONTH_URLS_PER_FILE = 1_000
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google News reads at most this many entries per sitemap


class ArticleRowsMixin(SiteRowsMixin):
    """Stories as plain rows (no model instances) with their URL and hero image file; each
    sitemap's `rows()` picks the columns its entries show."""

    def stories(self):
        root = current_site(self.request).root_page
        return ArticlePage.objects.published().descendant_of(root)

    def lastmod(self, row: dict) -> dt.datetime | None:
        return latest(row["published_at"], row["last_published_at"], row["updated_at"])

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        storage = get_image_model()._meta.get_field("file").storage
        for url in urls:
            row = url["item"]
            url["images"] = []
            if row["hero_image__file"]:
                image_url = storage.url(row["hero_image__file"])
                if image_url.startswith("/"):
                    image_url = f"{protocol}://{domain}{image_url}"
                url["images"].append({"location": image_url})
        return urls


class ArticleMonthSitemap(ArticleRowsMixin, Sitemap):
    """The stories first published in one UTC month, oldest first, 1,000 a file."""

    limit = MONTH_URLS_PER_FILE

    def rows(self, queryset):
        """Only what a `<url>` shows (a file is a thousand rows)."""
        return queryset.values(
            "url_path", "published_at", "last_published_at", "updated_at", "hero_image__file"
        )

    def __init__(
        self,
        request: HttpRequest | None,
        start: dt.datetime,
        count: int | None = None,
        lastmod_value: dt.datetime | None = None,
    ):
        self.request = request
        self.start = start
        self.count = count
        self.latest_in_month = lastmod_value

    @property
    def section(self) -> str:
        return f"articles-{self.start:%Y-%m}"

    def in_month(self):
        """The month's stories, oldest first."""
        in_month = self.stories().filter(
            published_at__gte=self.start, published_at__lt=next_month(self.start)
        )
        return in_month.order_by("published_at", "pk")

    def items(self):
        return self.rows(self.in_month())

    @property
    def paginator(self) -> Paginator:
        if self.count is None:
            return Paginator(self.items(), self.limit)
        return KnownCountPaginator(self.items(), self.limit, self.count)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return self.latest_in_month

    def urlset(self, page: int | str = 1) -> tuple[str, dt.datetime | None]:
        """One file of the month as XML, and its newest lastmod (for `Last-Modified`).

        Written directly rather than through Django's `get_urls` and a template: a file is
        a thousand rows, and building a dict per row and rendering it took longer than
        reading the rows. The output is the `distribution/sitemap.xml` template's, byte
        for byte (tested). Raises EmptyPage / PageNotAnInteger as Django's view expects."""
        # The rows of `items()`, each with its newest change worked out by the database.
        urls = self.in_month().values_list("url_path", newest_change(), "hero_image__file")
        if self.count is None:
            paginator = Paginator(urls, self.limit)
        else:
            paginator = KnownCountPaginator(urls, self.limit, self.count)
        rows = plain_rows(paginator.page(page).object_list)
        entries = StoryEntries(self.request, self.root_url_path)
        zone = timezone.get_current_timezone()  # `iso()`'s zone, looked up once per file
        newest = None
        parts = [URLSET_OPEN]
        for url_path, lastmod, picture in rows:
            parts.append(f"<url>{entries.loc(url_path)}")
            if lastmod is not None:
                newest = lastmod if newest is None else max(newest, lastmod)
                stamp = lastmod.astimezone(zone).isoformat(timespec="seconds")
                parts.append(f"<lastmod>{stamp}</lastmod>")
            if picture:
                parts.append(entries.image(picture))
            parts.append("</url>\n")
        parts.append("</urlset>\n")
        return "".join(parts), newest


def newest_change() -> Greatest:
    """A story's newest change (`ArticleRowsMixin.lastmod`) in SQL: the latest of its
    publication, last publication and update times, NULLs left out (a story in a sitemap
    is published, so `published_at` is set). One time per row instead of three to read."""
    return Greatest(
        "published_at",
        Coalesce("last_published_at", "published_at"),
        Coalesce("updated_at", "published_at"),
    )


class StoryEntries:
    """The `<loc>` and `<image:image>` of stories in one sitemap file, with the Wagtail
    Site's origin; each picture's absolute URL is worked out once a file (a picture can
    stand on many stories)."""

    def __init__(self, request: HttpRequest | None, root_url_path: str):
        origin = urlsplit(site_root_url(request))
        self.base = f"{origin.scheme}://{origin.netloc}"
        self.strip = len(root_url_path)
        self.storage = get_image_model()._meta.get_field("file").storage
        self.images: dict[str, str] = {}

    def loc(self, url_path: str) -> str:
        return f"<loc>{escape(self.base + '/' + url_path[self.strip :])}</loc>"

    def image(self, picture: str) -> str:
        if picture not in self.images:
            image_url = self.storage.url(picture)
            if image_url.startswith("/"):
                image_url = self.base + image_url
            self.images[picture] = escape(image_url)
        return f"<image:image><image:loc>{self.images[picture]}</image:loc></image:image>"


URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
    'xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">\n'
)


def month_summary(request: HttpRequest | None, start: dt.datetime) -> ArticleMonth | None:
    """The summary row of one month of the request's site (None: no stories that month)."""
    root_path = current_site(request).root_page.path
    return ArticleMonth.objects.filter(
        root_path=root_path, month=start.date(), stories__gt=0
    ).first()


def article_months(request: HttpRequest | None) -> list[ArticleMonthSitemap]:
    """One sitemap per UTC month that has stories, with its count and newest change.

    Read from the per-month summary rows (`articles.ArticleMonth`, one per site and month,
    recounted by every change to a month's stories): one small query however large the
    archive, cold or warm."""
    site = current_site(request)
    months = (
        ArticleMonth.objects.filter(root_path=site.root_page.path, stories__gt=0)
        .order_by("month")
        .values_list("month", "stories", "lastmod")
    )
    return [
        ArticleMonthSitemap(request, month_start(month.year, month.month), count, lastmod)
        for month, count, lastmod in months
    ]


class NewsSitemap(ArticleRowsMixin, Sitemap):
    """Google News: stories first published in the last 48 hours, newest first, ≤ 1,000."""

    limit = NEWS_LIMIT

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def rows(self, queryset):
        """Only what an entry shows (the story side then fits `article_pub_covering`)."""
        return queryset.values(
            "url_path",
            "published_at",
            "last_published_at",
            "updated_at",
            "title",
            "hero_image__file",
        )

    def recent(self):
        """The stories of the last 48 hours, newest first (all of them: slice to the cap)."""
        since = timezone.now() - NEWS_WINDOW
        return self.stories().filter(published_at__gte=since).order_by("-published_at", "-pk")

    def items(self):
        return self.rows(self.recent())[:NEWS_LIMIT]

    def get_latest_lastmod(self) -> dt.datetime | None:
        row = self.items()[:1]
        if not row:
            return None
        # When the newest story leaves the window the file is empty: the index changes then.
        record_until(row[0]["published_at"] + NEWS_WINDOW)
        return self.lastmod(row[0])

    def urlset(self, site_name: str, language: str) -> tuple[str, dt.datetime | None]:
        """The file as XML and its newest lastmod: the `distribution/sitemap_news.xml`
        template's bytes (tested), written directly (up to 1,000 rows)."""
        entries = StoryEntries(self.request, self.root_url_path)
        zone = timezone.get_current_timezone()
        publication = (
            f"<news:publication><news:name>{escape(site_name)}</news:name>"
            f"<news:language>{escape(language)}</news:language></news:publication>"
        )
        urls = self.recent().values_list(
            "url_path", "published_at", newest_change(), "title", "hero_image__file"
        )[:NEWS_LIMIT]  # the rows of `items()`, each with its newest change
        newest = oldest = None
        parts = [NEWS_URLSET_OPEN]
        for url_path, published, lastmod, title, picture in plain_rows(urls):
            newest = latest(newest, lastmod)
            stamp = published.astimezone(zone).isoformat(timespec="seconds") if published else ""
            parts.append(
                f"<url>{entries.loc(url_path)}<news:news>"
                f"{publication}<news:publication_date>{stamp}</news:publication_date>"
                f"<news:title>{escape(title)}</news:title></news:news>"
            )
            if picture:
                parts.append(entries.image(picture))
            parts.append("</url>\n")
            oldest = published
        parts.append("</urlset>\n")
        # The file changes by itself when its oldest story leaves the 48-hour window.
        record_until(oldest + NEWS_WINDOW if oldest else None)
        return "".join(parts), newest


NEWS_URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
)
