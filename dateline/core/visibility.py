"""The one rule for what an anonymous reader may be shown.

A page is public when it is live, its type's own publication rules say it is due (an
article's publication time has come and its embargo has lifted, an episode's upload time has
come) and neither it nor any ancestor has a view restriction (password, login, groups).
Withdrawn pages are not live. `PublicPageQuerySet.published()` is that rule; every page type
readers see has it on its manager, and every listing, rail, feed, sitemap, search result,
autocomplete and trending list goes through it.

Restrictions are rare, so the rule stays cheap: the restricted pages' tree paths are one
cached value (`restricted_paths`, invalidated by any restriction's change through its model
key), read once per request, and when there are none the rule adds no SQL at all. With some,
each is one `path NOT LIKE 'prefix%'` condition (the page and its descendants), which the
search backends accept as a filter on Wagtail's `path` filter field.

A queryset built with the rule records the restrictions' key when it is evaluated, so a
cached fragment that lists pages is purged when a restriction is added or removed, even
when the queryset was built outside the fragment.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db.models import Q
from wagtail.models import PageManager, PageQuerySet

from .dependencies import record

# The key `dateline.caching` invalidates on any PageViewRestriction save or delete
# (`key_for(PageViewRestriction)`), spelled out so this module imports no model at load.
RESTRICTIONS_KEY = "wagtailcore.pageviewrestriction"

_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "dateline_visibility_memo", default=None
)


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Restricted paths are read at most once inside the block (one request)."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (empty on most sites)."""
    from wagtail.models import PageViewRestriction

    from .cachestore import cached

    record(RESTRICTIONS_KEY)
    memo = _request_memo.get()
    if memo is not None and "paths" in memo:
        return memo["paths"]

    def load() -> tuple[str, ...]:
        record(RESTRICTIONS_KEY)
        paths = PageViewRestriction.objects.values_list("page__path", flat=True)
        return tuple(sorted(set(paths)))

    paths = cached("dateline:view-restricted-paths", load)
    if memo is not None:
        memo["paths"] = paths
    return paths


def restricted_q(paths: tuple[str, ...]) -> Q:
    """Pages at or under any of `paths` (a restricted page and its descendants)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


class PublicPageQuerySet(PageQuerySet):
    """Page querysets with the public rule: `published()`."""

    _applies_public_rule = False

    def due(self) -> PublicPageQuerySet:
        """The type's own publication rules (times, embargoes); none by default."""
        return self

    def unrestricted(self) -> PublicPageQuerySet:
        """Without pages under a view restriction (the page's own or an ancestor's)."""
        paths = restricted_paths()
        qs = self.exclude(restricted_q(paths)) if paths else self._chain()
        qs._applies_public_rule = True
        return qs

    def published(self) -> PublicPageQuerySet:
        """What an anonymous reader may be shown: live, due and unrestricted."""
        return self.live().due().unrestricted()

    # The restrictions' key follows the queryset to wherever it is evaluated.
    def _clone(self):
        clone = super()._clone()
        clone._applies_public_rule = self._applies_public_rule
        return clone

    def _record_rule(self) -> None:
        if self._applies_public_rule:
            record(RESTRICTIONS_KEY)

    def _fetch_all(self):
        if self._result_cache is None:
            self._record_rule()
        super()._fetch_all()

    def count(self) -> int:
        self._record_rule()
        return super().count()

    def exists(self) -> bool:
        self._record_rule()
        return super().exists()

    def iterator(self, *args, **kwargs):
        self._record_rule()
        return super().iterator(*args, **kwargs)


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)
