"""Helpers shared by page types."""

from wagtail.models import Page

from .dependencies import record_objects

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
    ancestors = page.get_ancestors().filter(depth__gt=SITE_ROOT_DEPTH).specific()
    trail = [p for p in ancestors if not getattr(p, "hide_in_breadcrumbs", False)] + [page]
    record_objects(trail)  # a renamed section changes every trail it stands in
    return trail


class ReaderPageMixin:
    """For the page types readers see: Wagtail checks every ancestor's view restrictions on
    every request (two queries); a site without any restriction skips them, and the first
    restriction an editor adds (or removes) is seen at once (dependency invalidation)."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .cachestore import cached
        from .dependencies import key_for, record

        def any_restrictions() -> bool:
            record(key_for(PageViewRestriction))
            return PageViewRestriction.objects.exists()

        if not cached("dateline:view-restrictions-exist", any_restrictions):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
