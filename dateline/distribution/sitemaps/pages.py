"""Sitemaps of pages by type (home, sections, Shorts, Web Stories) and of listings
(topics, authors, agencies)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from dateline.articles.models import (
    Agency,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    Author,
    SectionPage,
)
from dateline.home.models import HomePage
from dateline.listings.models import EventIndexPage, EventPage, HtmlSitemapPage
from dateline.shorts.models import ShortPage, ShortsIndexPage
from dateline.site.models import StandardPage
from dateline.stories.models import WebStoryIndexPage, WebStoryPage
from dateline.video.models import LiveTvPage, ShowIndexPage, ShowPage, VideoIndexPage

from .common import (
    URLS_PER_FILE,
    SiteOriginMixin,
    content_type_ids,
    count_of,
    first_of,
    latest,
    public_pages,
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
