"""Which listings a story belongs to, and which cache keys a change of it makes stale.

The story's side of the freshness model (docs/architecture.md): `caching.signal_handlers`
and the story services ask a story these questions; `ArticlePage` carries the answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from dateline.caching.dependencies import key_for, listing_key

from .links import ArticlePageAuthor, ArticlePageTag
from .snippets import Agency, Author


class StoryListings(NamedTuple):
    published_at: dt.datetime | None
    keys: frozenset[str]


class StoryListingKeys:
    """Mixed into `ArticlePage`: the listings it is in and the keys its changes purge."""

    # Where the story stands, as the blocks around it on its page see it (Related, the rail
    # and Shorts: `{% fragment depends="placement" %}` lets them read these names only). A
    # change of one (or of its listings, position or liveness) purges `placement:<id>`; a
    # title or body edit does not (dateline.caching.placement). Topics and sections pick the
    # Related stories, `no_ads` the sidebar's ad; publication time and embargo are where it
    # stands in time.
    placement_fields = (
        "pk",
        "id",
        "tag_list",
        "section_id",
        "top_section_id",
        "published_at",
        "embargo_until",
        "no_ads",
    )

    # --- what a change of this story purges (dateline.caching.signal_handlers)
    def freshness_listings(self) -> set[str]:
        """The listings this story belongs to, from its fields and its bylines and topics
        as they are in memory (a revision being published) or stored."""
        parent = self.__dict__.get("_cached_parent_obj")
        bucket_ids = (
            [parent.pk]
            if parent is not None
            else list(
                Page.objects.filter(path=self.path[: -self.steplen]).values_list("pk", flat=True)
            )
        )
        return set(self.listings_in_memory(bucket_ids).keys)

    def listings_in_memory(self, bucket_ids: list[int]) -> StoryListings:
        """The listings of the story as it is in memory, under the buckets `bucket_ids`
        (a revision being published, a story just filed whose rows are not read back)."""
        return self.listings(
            self.published_at,
            bucket_ids=bucket_ids,
            section_ids=[self.section_id, self.top_section_id],
            agency_id=self.agency_id,
            tag_ids=[item.tag_id for item in self.tagged_items.all()],
            author_ids=[link.author_id for link in self.article_authors.all()],
        )

    def freshness_position(self) -> object:
        """Listings are ordered by publication time: a new time moves it in all of them."""
        return self.published_at

    def freshness_touches(self) -> set[str]:
        """Sitemaps' modification listings change with any change of a story."""
        keys = {listing_key("modified")}
        if self.published_at:
            keys.add(listing_key("modified", self.published_at.strftime("%Y-%m")))
        return keys

    # --- what pages showing this story depend on (dateline.caching.dependencies)
    def card_keys(self) -> list[str]:
        """A card shows the headline, dek, hero, byline and section label (prefetched)."""
        keys = [key_for(self)]
        if self.hero_image_id:
            keys.append(key_for(get_image_model(), self.hero_image_id))
        if self.agency_id:
            keys.append(key_for(Agency, self.agency_id))
        if self.section_id:
            keys.append(key_for(Page, self.section_id))
        keys += [key_for(Author, link.author_id) for link in self.article_authors.all()]
        return keys

    def dependency_keys(self) -> list[str]:
        """The article page shows its card's content, its topics and its section trail."""
        keys = self.card_keys()
        keys += [key_for(Tag, tag.pk) for tag in self.tag_list]
        if self.top_section_id:
            keys.append(key_for(Page, self.top_section_id))
        return keys

    def stored_listing_state(self, *, live_only: bool = True) -> StoryListings | None:
        """Where the story stands in the database now: its publication time and the key of
        every listing it belongs to (latest, its sections, topics, authors, agency, month
        archive). None when it is not live (unless `live_only` is off: a story just taken
        down still names the listings it was in)."""
        stored = (
            type(self)
            .objects.filter(pk=self.pk, **({"live": True} if live_only else {}))
            .values("section_id", "top_section_id", "agency_id", "published_at", "path")
            .first()
        )
        if stored is None:
            return None
        bucket = Page.objects.filter(path=stored["path"][: -self.steplen]).values_list(
            "pk", flat=True
        )
        tag_ids = ArticlePageTag.objects.filter(content_object_id=self.pk).values_list(
            "tag_id", flat=True
        )
        author_ids = ArticlePageAuthor.objects.filter(page_id=self.pk).values_list(
            "author_id", flat=True
        )
        return self.listings(
            stored["published_at"],
            bucket_ids=list(bucket),
            section_ids=[stored["section_id"], stored["top_section_id"]],
            agency_id=stored["agency_id"],
            tag_ids=list(tag_ids),
            author_ids=list(author_ids),
        )

    @staticmethod
    def listings(
        published_at: dt.datetime | None,
        *,
        bucket_ids: Iterable[int],
        section_ids: Iterable[int | None],
        agency_id: int | None,
        tag_ids: Iterable[int],
        author_ids: Iterable[int],
    ) -> StoryListings:
        """The listings a live story belongs to: latest, its month bucket, its sections,
        agency, topics and authors (one rule for stored and just-filed stories)."""
        keys = {listing_key("articles")}
        keys.update(listing_key("bucket", pk) for pk in bucket_ids)
        keys.update(listing_key("section", pk) for pk in set(section_ids) - {None})
        if agency_id:
            keys.add(listing_key("agency", agency_id))
        keys.update(listing_key("tag", pk) for pk in tag_ids)
        keys.update(listing_key("author", pk) for pk in author_ids)
        return StoryListings(published_at, frozenset(keys))

    def change_keys(self, before: StoryListings | None, after: StoryListings | None) -> set[str]:
        """What a change from `before` to `after` makes stale.

        The story's own key always (every card, page and rail that showed it recorded it)
        and the modification listings (sitemaps' lastmod). A listing's own key only when the
        story joins or leaves it, or moves within it because its publication time changed:
        an edit that keeps its place in a listing purges the listing through the card."""
        keys = {key_for(self), listing_key("modified")}
        for state in (before, after):
            if state and state.published_at:
                keys.add(listing_key("modified", state.published_at.strftime("%Y-%m")))
        if before is None or after is None or before.published_at != after.published_at:
            keys |= (before.keys if before else frozenset()) | (after.keys if after else set())
        else:
            keys |= before.keys ^ after.keys
        return keys
