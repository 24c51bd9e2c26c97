"""A page's placement: where it stands, as the blocks around it on its own page see it.

An article's Related, rail and Shorts show other stories, picked by where the story stands
(its topics, its sections, its publication) and never its headline or body. Cached with the
story's own key (`page:<id>`) they were rebuilt by every edit of the story (45-69 ms of a
title edit's renders). `{% fragment ... depends="placement" %}` caches such a block with
`placement:<id>` in place of `page:<id>`, and shows it the page only through a
`PlacementView`: the names its page type lists in `placement_fields`, and nothing else (an
undeclared read raises, it cannot go stale unnoticed).

A write purges `placement:<id>` with `page:<id>` (`caching.autodeps.own_keys`, view
restrictions, child rows, moves, deletes), except a save of a live page that stays live,
keeps its listings and its position in them, and keeps the value of every placement field
(`caching.signal_handlers.after_save`): a title or body edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.models import Page

from .dependencies import Recorded, key_for

PREFIX = "placement:"


def placement_key(pk: object) -> str:
    """The key of where page `pk` stands (`page:<id>` is the key of what it shows)."""
    return f"{PREFIX}{pk}"


def placement_fields(page: object) -> tuple[str, ...]:
    """The names a placement block may read of `page` (its type's `placement_fields`)."""
    return tuple(getattr(type(page), "placement_fields", ("pk", "id")))


def placement_state(page: Page) -> tuple | None:
    """The values of the page's placement fields, comparable across a save (models by pk,
    lists as tuples); None when its type declares none (its placement always changes)."""
    fields = getattr(type(page), "placement_fields", None)
    if fields is None:
        return None
    return tuple(_comparable(getattr(page, name, None)) for name in fields)


def _comparable(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(_comparable(item) for item in value))
    pk = getattr(value, "pk", None)
    return (type(value).__name__, pk) if pk is not None else value


class UndeclaredPlacementRead(Exception):
    """A placement block read a field of its page that is not a placement field.

    Deliberately not an AttributeError: templates and `getattr(page, name, default)` would
    swallow that and show a default instead of failing."""


class PlacementView:
    """The page as a placement block sees it: its placement fields only."""

    __slots__ = ("_page", "_fields")

    def __init__(self, page: object):
        self._page = page
        self._fields = frozenset(placement_fields(page))

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):  # Python's and Django's own probes (__html__, _meta...)
            raise AttributeError(name)
        if name not in self._fields:
            raise UndeclaredPlacementRead(
                f"{type(self._page).__name__}.{name} is not in its placement_fields: a block "
                'cached with depends="placement" would not be rebuilt when it changes'
            )
        return getattr(self._page, name)


def swap_page_key(keys: Recorded, pk: object) -> None:
    """The block's keys with the page's placement key in place of the page's own key."""
    own_key = key_for(Page, pk)
    for collection in (keys, keys.own):
        if own_key in collection:
            collection.discard(own_key)
    keys.add(placement_key(pk))


def page_and_placement_keys(pks: Iterable[object]) -> set[str]:
    """The keys of pages whose content and standing both changed (a restriction, a move)."""
    keys: set[str] = set()
    for pk in pks:
        keys.update((key_for(Page, pk), placement_key(pk)))
    return keys
