"""XML sitemaps: one per listing, articles split by month, plus the Google News sitemap.

Nothing here walks the page tree or loads every story. Article sitemaps read
one calendar month (UTC) through the `published_at` index, as plain rows; the
index reads each month's count from its summary row (`articles.ArticleMonth`);
the Google News sitemap reads at most 1,000 rows of the last 48 hours. Every
`<loc>` is written with the Wagtail Site's origin, the one the canonical link uses.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from html import escape  # Django's `escape` without its lazy-string wrapper
from typing import NamedTuple
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import StartsWith
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from dateline.articles.models import (
    Agency,
    ArticleMonth,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    Author,
    SectionPage,
)
from dateline.caching.cachestore import cached
from dateline.caching.dependencies import key_for, listing_key, narrow, record_until
from dateline.core.rows import plain_rows
from dateline.home.models import HomePage
from dateline.listings.models import EventIndexPage, EventPage, HtmlSitemapPage
from dateline.shorts.models import ShortPage, ShortsIndexPage
from dateline.site.models import StandardPage
from dateline.stories.models import WebStoryIndexPage, WebStoryPage
from dateline.video.models import EpisodePage, LiveTvPage, ShowIndexPage, ShowPage, VideoIndexPage
from dateline.video.sources import YOUTUBE_EMBED_ORIGIN

from .links import current_site, publisher_logo_url, site_root_url

URLS_PER_FILE = 50_000  # sitemaps.org limit per file
# A month of a large archive holds thousands of stories: its sitemap is split into files of
# this many (`?p=2`...), each a bounded read of the month's range and cheap to write.
MONTH_URLS_PER_FILE = 1_000
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google News reads at most this many entries per sitemap


def month_start(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def next_month(start: dt.datetime) -> dt.datetime:
    return month_start(start.year + start.month // 12, start.month % 12 + 1)


def latest(*times: dt.datetime | None) -> dt.datetime | None:
    return max((t for t in times if t is not None), default=None)


class KnownCountPaginator(Paginator):
    """A paginator told its count (from the month's summary row), saving a COUNT."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def count_of(queryset: QuerySet) -> Subquery:
    """A scalar subquery: how many rows `queryset` has (so many counts fit in one query)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def first_of(queryset: QuerySet, field: str) -> Subquery:
    """A scalar subquery: `field` of `queryset`'s first row (NULL without rows)."""
    return Subquery(queryset.values(field)[:1])


def unrestricted() -> Exists:
    """Pages outside every private section, as Wagtail's `public()` but in SQL: no view
    restriction on the page or an ancestor (a path prefix). `public()` reads every
    restriction first, one query per queryset built."""
    restrictions = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return ~Exists(restrictions)


def content_type_ids(types: tuple) -> list[int]:
    """The content types Wagtail's `type(*types)` matches: the types and their subclasses
    (ContentType's own cache answers after the first request)."""
    models = [model for model in apps.get_models() if issubclass(model, types)]
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*models).values())


def public_pages(root: Page, content_types: list[int]) -> QuerySet:
    """Live pages of these content types in the tree of `root` (itself included), outside
    every private section: what the page sitemaps list, unordered."""
    pages = Page.objects.descendant_of(root, inclusive=True).live()
    return pages.filter(unrestricted(), content_type__in=content_types)


def pages_of(count: int, limit: int) -> int:
    """A sitemap's number of files, as Django's paginator counts them (an empty one has one)."""
    return -(-max(count, 1) // limit)


class SiteOriginMixin:
    """Writes `<loc>`s with the Wagtail Site's origin instead of the request's host."""

    request: HttpRequest | None = None

    def get_urls(self, page=1, site=None, protocol=None):
        origin = urlsplit(site_root_url(self.request))
        return self._urls(page, origin.scheme, origin.netloc)

    @property
    def protocol(self) -> str:
        return urlsplit(site_root_url(self.request)).scheme


class ArticleRowsMixin(SiteOriginMixin):
    """Stories as plain rows (no model instances) with their URL and hero image file; each
    sitemap's `rows()` picks the columns its entries show."""

    def stories(self):
        root = current_site(self.request).root_page
        return ArticlePage.objects.published().descendant_of(root)

    @cached_property
    def root_url_path(self) -> str:
        return current_site(self.request).root_page.url_path

    def location(self, row: dict) -> str:
        return "/" + row["url_path"][len(self.root_url_path) :]

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


class PageTypeSitemap(SiteOriginMixin, WagtailSitemap):
    """Wagtail pages of the given types under the site root, with Wagtail's own URLs."""

    page_types: tuple = ()
    # A urlset may not be empty: these are left out of the index when they have no pages.
    listed_when_empty = True

    def pages(self) -> QuerySet:
        """The live, public pages of these types under the site root (unordered)."""
        root = self.get_wagtail_site().root_page
        return public_pages(root, content_type_ids(self.page_types))

    def items(self):
        return self.pages().order_by("path").defer_streamfields().specific()

    def get_latest_lastmod(self):
        return (
            self.items()
            .order_by("-last_published_at")
            .values_list("last_published_at", flat=True)
            .first()
        )

    def summary(self) -> dict:
        """What the index needs beyond the pages' count and newest change (read for every
        page sitemap at once: `_index_entries`), as scalar subqueries."""
        return {}

    def index_entry(self, values: dict) -> tuple[dt.datetime | None, int] | None:
        """(newest change, number of URLs) from the pages' `count` and `lastmod` and
        `summary()`'s values; None: not listed."""
        if not values["count"] and not self.listed_when_empty:
            return None
        return values["lastmod"], values["count"]


class PagesSitemap(PageTypeSitemap):
    """The home page, event hubs, standard pages (About, policies) and video pages."""

    page_types = (
        HomePage,
        EventIndexPage,
        EventPage,
        HtmlSitemapPage,
        StandardPage,
        # The video hub, shows and the live channel (episodes are in `videos`).
        VideoIndexPage,
        ShowIndexPage,
        ShowPage,
        LiveTvPage,
    )


class SectionSitemap(PageTypeSitemap):
    """Sections and sub-sections; a section changes whenever a story lands in it."""

    page_types = (SectionPage,)

    def _urls(self, page, protocol, domain):
        urls = []
        for section in self.paginator.page(page).object_list:
            newest = (
                ArticlePage.objects.published()
                .in_section(section)
                .order_by("-published_at")
                .values_list("published_at", flat=True)
                .first()
            )
            urls.append(
                {
                    "location": section.get_full_url(self.request),
                    "lastmod": latest(section.last_published_at, newest),
                }
            )
        return urls

    @staticmethod
    def newest_story():
        return ArticlePage.objects.published().order_by("-published_at")

    def get_latest_lastmod(self):
        return latest(
            super().get_latest_lastmod(),
            self.newest_story().values_list("published_at", flat=True).first(),
        )

    def summary(self) -> dict:
        return {"story": first_of(self.newest_story(), "published_at")}

    def index_entry(self, values: dict) -> tuple[dt.datetime | None, int] | None:
        return latest(values["lastmod"], values["story"]), values["count"]


class ContentSitemap(PageTypeSitemap):
    listed_when_empty = False


class ShortsSitemap(ContentSitemap):
    """The shorts feed and every published Short."""

    page_types = (ShortsIndexPage, ShortPage)


class WebStoriesSitemap(ContentSitemap):
    """The Web Stories listing and every published Web Story."""

    page_types = (WebStoryIndexPage, WebStoryPage)


class ListingSitemap(SiteOriginMixin, Sitemap):
    """Topic, author or agency pages: those with at least one story."""

    limit = URLS_PER_FILE

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def summary(self) -> dict:
        return {"count": count_of(self.items())}

    def index_entry(self, values: dict) -> tuple[dt.datetime | None, int] | None:
        return None, values["count"]  # no lastmod: Django's `Sitemap` without `lastmod`


class TopicSitemap(ListingSitemap):
    def items(self):
        used = ArticlePageTag.objects.filter(tag=OuterRef("pk"))
        return Tag.objects.filter(Exists(used)).order_by("slug")

    def location(self, tag: Tag) -> str:
        return reverse("topic", args=[tag.slug])


class AuthorSitemap(ListingSitemap):
    def items(self):
        bylines = ArticlePageAuthor.objects.filter(author=OuterRef("pk"))
        return Author.objects.filter(Exists(bylines)).order_by("slug")


class AgencySitemap(ListingSitemap):
    def items(self):
        stories = ArticlePage.objects.filter(agency=OuterRef("pk"))
        return Agency.objects.filter(Exists(stories)).order_by("slug")


VIDEO_TITLE_MAX = 100  # Google video sitemap limits
VIDEO_DESCRIPTION_MAX = 2048
VIDEO_DURATION_MAX = 28_800


class VideoSitemap(SiteOriginMixin, Sitemap):
    """Episodes and video stories with Google's `<video:video>` entries, newest first."""

    limit = URLS_PER_FILE
    fields = (
        "pk",
        "url_path",
        "title",
        "description",
        "search_description",
        "uploaded_at",
        "last_published_at",
        "duration",
        "video_url",
        "youtube_id",
        "video_file_id",
        "video_file__file",
        "thumbnail__file",
        "show__artwork__file",
    )

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def items(self):
        return self.published().values(*self.fields).order_by("-uploaded_at", "-pk")

    def published(self) -> QuerySet:
        root = current_site(self.request).root_page
        return EpisodePage.objects.published().descendant_of(root)

    def summary(self) -> dict:
        newest = self.published().order_by("-uploaded_at", "-pk")
        return {
            "count": count_of(self.published()),
            "uploaded_at": first_of(newest, "uploaded_at"),
            "last_published_at": first_of(newest, "last_published_at"),
        }

    def index_entry(self, values: dict) -> tuple[dt.datetime | None, int] | None:
        newest = self.lastmod(values)  # the newest video's, as `get_latest_lastmod`
        # Listed only with a video: an empty <urlset> breaks the sitemaps.org schema.
        return None if newest is None else (newest, values["count"])

    @cached_property
    def root_url_path(self) -> str:
        return current_site(self.request).root_page.url_path

    def location(self, row: dict) -> str:
        return "/" + row["url_path"][len(self.root_url_path) :]

    def lastmod(self, row: dict) -> dt.datetime | None:
        return latest(row["uploaded_at"], row["last_published_at"])

    def get_latest_lastmod(self) -> dt.datetime | None:
        """The newest video's time, None without videos (read once: the index asks twice)."""
        if not hasattr(self, "_latest"):
            row = self.items()[:1]
            self._latest = self.lastmod(row[0]) if row else None
        return self._latest

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        image_storage = get_image_model()._meta.get_field("file").storage
        document_model = get_document_model()

        def absolute(url: str) -> str:
            return f"{protocol}://{domain}{url}" if url.startswith("/") else url

        for url in urls:
            row = url["item"]
            picture = row["thumbnail__file"] or row["show__artwork__file"]
            video = {
                "thumbnail_loc": absolute(
                    image_storage.url(picture) if picture else publisher_logo_url(self.request)
                ),
                "title": row["title"][:VIDEO_TITLE_MAX],
                "description": (row["search_description"] or row["description"] or row["title"])[
                    :VIDEO_DESCRIPTION_MAX
                ],
                "publication_date": row["uploaded_at"],
            }
            if row["youtube_id"]:
                video["player_loc"] = f"{YOUTUBE_EMBED_ORIGIN}/embed/{row['youtube_id']}"
            elif row["video_file_id"]:
                document = document_model(id=row["video_file_id"], file=row["video_file__file"])
                video["content_loc"] = absolute(document.url)
            elif row["video_url"]:
                video["content_loc"] = absolute(row["video_url"])
            if row["duration"] is not None:
                seconds = int(row["duration"].total_seconds())
                video["duration"] = min(max(seconds, 1), VIDEO_DURATION_MAX)
            url["video"] = video
            url["images"] = []
        return urls


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
    return cached(f"dateline:sitemap-index:{site.pk}", lambda: _index_entries(request, site))


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
