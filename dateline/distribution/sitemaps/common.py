"""What every sitemap shares: the Site's origin in `<loc>`, public pages in SQL, counts."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.lookups import StartsWith
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction

from ..links import current_site, site_root_url

URLS_PER_FILE = 50_000  # sitemaps.org limit per file


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


class SiteRowsMixin(SiteOriginMixin):
    """Sitemaps of plain rows: a row's `url_path` made relative to the site's root page."""

    @cached_property
    def root_url_path(self) -> str:
        return current_site(self.request).root_page.url_path

    def location(self, row: dict) -> str:
        return "/" + row["url_path"][len(self.root_url_path) :]
