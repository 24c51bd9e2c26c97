"""Helpers shared by page types."""

import contextlib
from collections.abc import Iterator

from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from dateline.caching.dependencies import listing_key, narrow, narrowed, record, record_objects

# Every site of the network has its home page directly under Wagtail's root.
SITE_ROOT_DEPTH = 2


def breadcrumb_trail(page: Page) -> list[Page]:
    """The pages between the home page and `page` (both excluded and included, respectively).

    Pages that only organise the tree (year and month buckets) set
    `hide_in_breadcrumbs = True` and are left out.
    """
    if page.depth <= SITE_ROOT_DEPTH + 1:
        record_objects([page])  # a top-level page: the trail is the page itself
        return [page]
    ancestors = routed_ancestors(page)
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gt=SITE_ROOT_DEPTH).specific())
        # As routing does: each knows its parent, so a later `get_parent()` needs no query.
        for child, parent in zip([*ancestors[1:], page], ancestors, strict=True):
            child.__dict__.setdefault("_cached_parent_obj", parent)
    trail = [p for p in ancestors if not getattr(p, "hide_in_breadcrumbs", False)] + [page]
    record_objects(trail)  # a renamed section changes every trail it stands in
    return trail


def routed_ancestors(page: Page) -> list[Page] | None:
    """The page's ancestors below the home page as routing already loaded them, top first.

    Wagtail's `route()` reads each level of the URL as a specific page and caches it on the
    child as its parent (`_cached_parent_obj`, kept by `.specific`), so a page reached by
    walking the tree knows its ancestors without a query. None when it was not (a preview,
    a story found by its address): the caller reads them."""
    ancestors = []
    node = page
    while node.depth > SITE_ROOT_DEPTH + 1:
        parent = node.__dict__.get("_cached_parent_obj")
        if (
            parent is None
            or parent.depth != node.depth - 1
            or not isinstance(parent, parent.specific_class)
        ):
            return None
        ancestors.append(parent)
        node = parent
    return ancestors[::-1]


def view_restrictions_exist() -> bool:
    """Whether any page has a view restriction: read through the public rule's cached,
    recorded list (`core.visibility.restricted_paths`), so the first restriction an editor
    adds (or removes) is seen at once (dependency invalidation)."""
    from .visibility import restricted_paths

    return bool(restricted_paths())


@contextlib.contextmanager
def narrowed_routing(page: Page) -> Iterator[None]:
    """Routing below `page`, narrowed: a page found depends on that page only (it records
    its own key as it loads; a sibling joining cannot change which page a slug names), and
    a 404 depends on `page`'s children (`list:children:<id>`), purged when one joins, leaves
    or changes its slug. Without this every routed page would record the whole page table
    and be purged by every publish."""
    with narrow():
        try:
            yield
        except Http404 as exc:
            if not getattr(exc, "dateline_routed", False):
                record(listing_key("children", page.pk))
                exc.dateline_routed = True  # the levels above did find their child
            raise


class NarrowRoutingMixin:
    """For every page type readers reach by URL (a test checks each has it): routing below
    it is narrowed (`narrowed_routing`), and so is serving's view-restriction check."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        with narrowed_routing(self):
            return self.route_narrowed(request, path_components)

    def route_narrowed(self, request, path_components):
        """Routing below this page, run narrowed: Wagtail's walk unless a page type finds its
        descendants faster (the home page's story addresses)."""
        return super().route(request, path_components)

    def get_url_parts(self, request=None):
        """Wagtail's answer, computed without a `reverse()` per link (`core.page_urls`)."""
        from .page_urls import page_url_parts

        parts = page_url_parts(self, request)
        return parts if parts is not None else super().get_url_parts(request)

    def get_view_restrictions(self):
        """Wagtail checks every ancestor's view restrictions on every request (two queries);
        a site without any restriction skips them (`view_restrictions_exist`). With some,
        the check depends on the restrictions and on the ancestors it loads (each records
        its key; a move purges it), not on every write to the page table: un-narrowed, the
        ancestor look-up made every served page depend on every page's publication."""
        from wagtail.models import PageViewRestriction

        from .visibility import RESTRICTIONS_KEY

        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        with narrow(RESTRICTIONS_KEY):
            return narrowed(super().get_view_restrictions(), RESTRICTIONS_KEY)


class ReaderPageMixin(NarrowRoutingMixin):
    """For the page types readers see (kept as the name their models use)."""


class ChildListingPage(NarrowRoutingMixin, Page):
    """An index page that lists its own published children, newest first, a page at a time
    (the Shorts feed, the Web Stories grid). The listing records the index page and every
    child it shows, so publishing, changing or withdrawing one purges it."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    intro = models.CharField(max_length=250, blank=True)

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    listing_page_size = 20
    listing_context_name = "pages"

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def listed_pages(self) -> QuerySet:
        """The published children, with what a card shows, newest first."""
        raise NotImplementedError

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from .pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        # `listed_pages()` is narrowed to the type's listing: reading it records that, and
        # each card (and the page itself, found by routing) records its own key as it loads.
        page_obj = paginate(request, self.listed_pages(), self.listing_page_size)
        context.update({self.listing_context_name: page_obj.object_list, "page_obj": page_obj})
        return context
