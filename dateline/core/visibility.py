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

The clock is part of the rule: a live page whose time has not come (a story published
ahead, an embargo, an episode's upload time) joins the listings by itself. A queryset built
with the rule also records the next such moment of its page type (`next_due`: one query,
an index range per time field, itself a cached fragment kept until that moment or until a page
of the type changes), so whatever listed pages is rebuilt when a hidden one becomes due,
with no sweep.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.models import Page, PageManager, PageQuerySet

from dateline.caching.dependencies import (
    key_for,
    narrow,
    narrowed,
    record,
    record_until,
    recording,
    remembered,
)

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


def request_memo() -> dict | None:
    """This request's memo (None outside `request_scope()`): for values read once a request
    whatever their callers (the menus: footer, bottom bar and header each ask)."""
    return _request_memo.get()


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (empty on most sites)."""
    from wagtail.models import PageViewRestriction

    from dateline.caching.cachestore import cached

    record(RESTRICTIONS_KEY)

    def load() -> tuple[str, ...]:
        # Depends on the restrictions and on each restricted page (a move changes its path),
        # not on every write to the page table it joins.
        with narrow(RESTRICTIONS_KEY):
            rows = list(PageViewRestriction.objects.values_list("page_id", "page__path"))
        record(*(key_for(Page, page_id) for page_id, _path in rows))
        return tuple(sorted({path for _page_id, path in rows}))

    return remembered(
        _request_memo.get(), "paths", lambda: cached("dateline:view-restricted-paths", load)
    )


def is_restricted(page) -> bool:
    """Whether `page` or an ancestor carries a view restriction (no query when warm)."""
    return any(page.path.startswith(path) for path in restricted_paths())


def next_due(model, fields: tuple[str, ...], changes_key: str) -> dt.datetime | None:
    """The next moment a live page of `model` becomes due by one of its time `fields`
    (None: none is waiting), recorded as the moment what is being rendered changes.

    Read at most once per request, and kept in the page cache until that moment or until
    `changes_key` (invalidated by any change of a page of the type) is purged. Only the
    moment is replayed into the page, not `changes_key`: a waiting page that joins or moves
    in a listing purges that listing when it is published or edited (its listing keys), so
    a page that could show it is rebuilt then and takes the new moment; depending on every
    change of the type would drop every listing at each edit."""
    from dateline.caching import cachestore

    memo = _request_memo.get()
    memo_key = ("next_due", model._meta.label_lower)
    if memo is not None and memo_key in memo:
        moment = memo[memo_key]
    else:
        entry = f"dateline:next-due:{model._meta.label_lower}"
        shared = cachestore.fragments_enabled() and cachestore.is_shared_render()
        hit = cachestore.cache_get(entry) if shared else None
        if hit is not None:
            (moment,) = hit
        else:
            started_at = cachestore.generation() if shared else None
            # The look-up depends on `changes_key` (the entry's key below), not on the
            # tables it reads: recording their coarse keys into the page would make a
            # cold read depend on more than a warm one replays (every page write).
            with narrow():
                moment = _first_moment_after_now(model, fields)
            if shared:
                keys = {changes_key}
                with recording() as moment_key:
                    record_until(moment)
                cachestore.store(
                    entry,
                    (moment,),
                    keys | moment_key,
                    timeout=3600,
                    started_at_generation=started_at,
                )
        if memo is not None:
            memo[memo_key] = moment
    record_until(moment)
    return moment


def _first_moment_after_now(model, fields: tuple[str, ...]) -> dt.datetime | None:
    now = timezone.now()
    # One query: per field, the first live page after now in that field's order (an index
    # range each, not a scan of the type), as scalar subqueries of one row.
    firsts = {
        f"next_{field}": Subquery(
            model._base_manager.filter(live=True, **{f"{field}__gt": now})
            .order_by(field)
            .values(field)[:1]
        )
        for field in fields
    }
    row = model._base_manager.order_by().values(**firsts).first() or {}
    return min((moment for moment in row.values() if moment is not None), default=None)


def index_lookup(queryset: QuerySet) -> QuerySet:
    """`queryset` (pages of one type: the Shorts index, the video hub), narrowed to what
    can change which of them it finds: any write to a page of that type (its coarse key,
    purged by every save of one) and the view restrictions (`public()`). Un-narrowed, the
    look-up records the whole page table it joins, and every publication of any page type
    would purge whatever looked its index up (a feed, its channel link)."""
    from dateline.caching.autodeps import coarse_keys

    return narrowed(queryset, coarse_keys(queryset.model)[0], RESTRICTIONS_KEY)


def restricted_q(paths: tuple[str, ...]) -> Q:
    """Pages at or under any of `paths` (a restricted page and its descendants)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


class PublicPageQuerySet(PageQuerySet):
    """Page querysets with the public rule: `published()`."""

    _applies_public_rule = False
    # The time fields `due()` compares with now, and the key any change of a page of the
    # type invalidates (the clock part of the rule: `next_due`). None by default.
    due_fields: tuple[str, ...] = ()
    due_changes_key = "list:pages"

    def due_q(self) -> Q:
        """The type's own publication rules (times, embargoes) as one condition."""
        return Q()

    def due(self) -> PublicPageQuerySet:
        """The type's own publication rules; none by default."""
        return self

    def public_q(self) -> Q:
        """The public rule as one condition on this type's column names (`live`, its due
        fields, `path`), for a table that copies those columns (`search.SearchDocument`).
        Records what the rule depends on (restrictions, the next due moment), as evaluating
        `published()` does."""
        paths = restricted_paths()
        if self.due_fields:
            next_due(self.model, self.due_fields, self.due_changes_key)
        condition = Q(live=True) & self.due_q()
        return condition & ~restricted_q(paths) if paths else condition

    def unrestricted(self) -> PublicPageQuerySet:
        """Without pages under a view restriction (the page's own or an ancestor's)."""
        paths = restricted_paths()
        qs = self.exclude(restricted_q(paths)) if paths else self._chain()
        qs._applies_public_rule = True
        return qs

    def published(self) -> PublicPageQuerySet:
        """What an anonymous reader may be shown: live, due and unrestricted.

        Marked for `caching.autodeps`: filtered only by this rule, it records the type's
        public listing (`public_listing_key`, e.g. ``list:articles``) instead of the tables."""
        qs = self.live().due().unrestricted()
        qs.query.dateline_public = self.model
        return qs

    # The restrictions' key follows the queryset to wherever it is evaluated.
    def _clone(self):
        clone = super()._clone()
        clone._applies_public_rule = self._applies_public_rule
        return clone

    def _record_rule(self) -> None:
        if self._applies_public_rule:
            record(RESTRICTIONS_KEY)
            if self.due_fields:
                next_due(self.model, self.due_fields, self.due_changes_key)

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
