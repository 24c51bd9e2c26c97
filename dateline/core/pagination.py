"""Listing pages that cost the same on page 1 of 100 stories and on page 50 of a million.

Two choices keep a page's cost independent of the archive's size:

* No total. "Page N of M" needs `COUNT(*)` over every matching story, the one query whose
  cost grows with the archive. A page reads `per_page + 1` rows instead: the extra row
  says whether an older page exists.
* A depth cap. `OFFSET` makes the database walk past every skipped row, so listings stop
  at `DATELINE_MAX_PAGES` (1,000 stories by default) and the last page points readers to
  the month archives, which reach every story by date. A month archive is capped too, deeper
  (`DATELINE_ARCHIVE_MAX_PAGES`: a month of one section is a few thousand stories at most):
  no listing takes an unbounded page number to the database, whose OFFSET would overflow.

A page number past the end, past the cap or not a number is a 404, never page 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest

NO_CAP = None


class ListingPage(Sequence):
    """One page of a listing: its items, its number and whether neighbours exist."""

    def __init__(
        self, items: list, number: int, has_more: bool, max_pages: int | None, per_page: int = 20
    ):
        self.object_list = items
        self.per_page = per_page
        self.number = number
        self.max_pages = max_pages
        self._has_more = has_more

    def __getitem__(self, index):
        # Templates try `page["number"]` before `page.number`: answer that without reading
        # the rows (a lazy page would load them for nothing).
        if not isinstance(index, int | slice):
            raise TypeError(f"listing pages are indexed by position, not {index!r}")
        return self.object_list[index]

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_more and not self.at_cap()

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        """The 1-based position of this page's first item in the whole listing."""
        return 0 if not self.object_list else (self.number - 1) * self.per_page + 1

    def known_total(self) -> int:
        """How many items the listing holds when this page shows its end, else -1 (the ARIA
        feed pattern's "unknown"): the listing never counts its rows."""
        if self._has_more:
            return -1
        return (self.number - 1) * self.per_page + len(self.object_list)

    def at_cap(self) -> bool:
        return self.max_pages is not None and self.number >= self.max_pages

    def continues_in_archive(self) -> bool:
        """Older stories exist but this listing stops here: the month archives have them."""
        return self._has_more and self.at_cap()


def requested_page(request: HttpRequest, max_pages: int | None) -> tuple[int, str, int | None]:
    """`?page=` as a number within the cap (-1: the site's DATELINE_MAX_PAGES; None: the deeper
    DATELINE_ARCHIVE_MAX_PAGES of listings bounded by date), the raw value, and the cap; a 404
    for anything else."""
    if max_pages == -1:
        max_pages = settings.DATELINE_MAX_PAGES
    elif max_pages is None:
        max_pages = settings.DATELINE_ARCHIVE_MAX_PAGES
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1 or number > max_pages:
        raise Http404(f"No page {raw!r} in this listing.")
    return number, raw, max_pages


def paginate(
    request: HttpRequest,
    queryset,
    per_page: int,
    *,
    max_pages: int | None = -1,
) -> ListingPage:
    """The page of `queryset` named by `?page=`, with no COUNT and at most `max_pages` deep
    (-1: the site's DATELINE_MAX_PAGES; None: DATELINE_ARCHIVE_MAX_PAGES, for listings bounded
    by date)."""
    number, raw, max_pages = requested_page(request, max_pages)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(f"No page {raw!r} in this listing.")
    return ListingPage(rows[:per_page], number, len(rows) > per_page, max_pages, per_page)


class LazyListingPage(ListingPage):
    """A page of a listing that reads its rows on first use, so a template that shows the
    listing inside a warm `{% fragment %}` runs no query for it.

    The page number is checked at once (a malformed or too-deep number is a 404 before
    anything renders); a page past the end is a 404 when the rows are read. `keys` are
    recorded when they are read: the fragment that shows the rows depends on the listing
    (a cached fragment exists only for a page that had rows, and it is dropped when the
    listing changes)."""

    def __init__(
        self, queryset, number: int, per_page: int, max_pages: int | None, keys=(), raw=""
    ):
        self.queryset, self.keys, self.raw = queryset, tuple(keys), raw
        self.number, self.per_page, self.max_pages = number, per_page, max_pages
        self._rows: list | None = None

    def _load(self) -> list:
        if self._rows is None:
            from dateline.caching.dependencies import record

            record(*self.keys)
            start = (self.number - 1) * self.per_page
            rows = list(self.queryset[start : start + self.per_page + 1])
            if not rows and self.number > 1:
                raise Http404(f"No page {self.raw!r} in this listing.")
            self._rows = rows
        return self._rows

    @property
    def object_list(self) -> list:
        return self._load()[: self.per_page]

    @property
    def _has_more(self) -> bool:
        return len(self._load()) > self.per_page


def paginate_lazily(
    request: HttpRequest,
    queryset,
    per_page: int,
    *,
    max_pages: int | None = -1,
    keys=(),
) -> LazyListingPage:
    """`paginate`, with the rows read when a template first shows them (see LazyListingPage)."""
    number, raw, max_pages = requested_page(request, max_pages)
    return LazyListingPage(queryset, number, per_page, max_pages, keys, raw)
