"""A story found by its address, as routing needs it, kept in the page cache.

Finding a story was a quarter of a warm article render: an 8-table query (its agency and
hero picture joined), its authors, its sections and its topics, each compiled by the ORM on
every request. The loaded story is now a cached value, as a fragment is
(`caching.cachestore.cached`): it records what it read (the story, its authors,
agency, picture, sections and topics each record their own key as they load), so a change to
any of them purges it by construction, and a hit replays those keys into the page. Each
request unpickles its own copy: nothing a render sets on the story outlives the request.
"""

from __future__ import annotations

import functools

from django.db.models import Prefetch

from dateline.caching.cachestore import cached, cached_each, fragment_entry
from dateline.caching.dependencies import record_objects

from .models import ArticlePage, ArticlePageAuthor

# One hour, as the fragments: an entry is purged when what it read changes, so the
# lifetime only bounds what an unused address keeps in the cache.
STORY_ROUTE_TIMEOUT = 3600


def _load_sections(story: ArticlePage) -> None:
    """The story's section and top-level section (the same page for a top-level section).

    Each section is a cached value of its own, shared by all its stories: a story's first
    request (or the first after its update) reads them from the cache, not the database.
    Missing ones are read in one small query on their primary keys; each entry records its
    section (what a section's change purges), as the story's own entry does."""
    ids = {story.section_id, story.top_section_id} - {None}
    if not ids:
        return

    def load(missing: list[int]) -> dict:
        section_model = ArticlePage._meta.get_field("section").related_model
        loaded = section_model.objects.defer("draft_title").in_bulk(missing)  # as the story's

        def build(section):
            record_objects([section])
            return section

        return {pk: functools.partial(build, section) for pk, section in loaded.items()}

    entries = {pk: fragment_entry("section", pk, kind="route") for pk in sorted(ids)}
    sections = cached_each(entries, load, timeout=STORY_ROUTE_TIMEOUT)
    for field in ("section", "top_section"):
        pk = getattr(story, f"{field}_id")
        if pk in sections:
            setattr(story, field, sections[pk])


def _load_story(slug: str, url_path: str) -> ArticlePage | None:
    """The story at `url_path` with what its page shows first, or None."""
    found = (
        ArticlePage.objects.filter(slug=slug, url_path=url_path)
        # The draft's title is the newsroom's, not the readers': the shared cache never holds
        # it (a story saved as a draft writes it to the row).
        .defer("draft_title")
        # The hero image in the same query. Its sections are read apart (`_load_sections`):
        # joining them too (two tables each) made this 8-table query cost 4-5 ms of
        # PostgreSQL planning alone.
        .select_related("agency", "hero_image")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticlePageAuthor.objects.select_related("author").order_by("sort_order"),
            ),
            # The hero's renditions (made ahead, `core.renditions`) travel with the cached
            # story: the hero figure and the head's JSON-LD then read no rendition cache, and
            # Wagtail writes none back (it rewrites, on every render, each rendition it
            # found in its cache rather than prefetched).
            "hero_image__renditions",
        )
        .order_by()[:1]  # one story per address: no ordering to compile
    )
    story = found[0] if found else None
    if story is None:
        return None
    if story.specific_class is not ArticlePage:
        # A kind of story (a live blog): its own type, which reads more per request than
        # this module knows of. Served as before, never cached here (`_may_keep`).
        return story.specific
    _load_sections(story)
    story.tag_list  # noqa: B018 - read now so the cached copy carries the topics
    return story


def _may_keep(story: ArticlePage | None) -> bool:
    """Only a plain story readers may see now is kept. A missing one: nothing it read would
    purge it when one is published. One not yet due, embargoed or taken down can change by
    a write no reader's key follows (a raw import lifting an embargo) or by the clock, and
    its 404 costs the same query either way."""
    return type(story) is ArticlePage and story.live and story.is_visible_now


def story_at(slug: str, url_path: str) -> ArticlePage | None:
    """The story whose address is `url_path`, or None. Must run inside the narrowed routing
    of the home page (`core.pages.narrowed_routing`): the story then depends on the rows
    it loaded only, and a miss (a 404) on the home page's children, as before."""
    return cached(
        fragment_entry("story-route", url_path, kind="route"),
        lambda: _load_story(slug, url_path),
        timeout=STORY_ROUTE_TIMEOUT,
        keep=_may_keep,
    )
