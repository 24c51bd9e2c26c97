"""How stories are queried: the public rule, story cards, sections and topics."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageManager, Site

from dateline.articles.cards import prepare_cards
from dateline.caching.dependencies import listing_key, narrowed
from dateline.core import renditions
from dateline.core.visibility import PublicPageQuerySet

from .links import ArticlePageAuthor

# Every story listing's order: newest first, the id breaking ties (a fixed order pages by).
LISTING_ORDER = ("-published_at", "-pk")


class ArticlePageQuerySet(PublicPageQuerySet):
    # `published()` is the public rule (`core.visibility`): live, due, unrestricted.
    # A live story appears by itself when its publication time comes and its embargo lifts;
    # any story's change invalidates `list:modified` (`ArticlePage.change_keys`).
    due_fields = ("published_at", "embargo_until")
    due_changes_key = "list:modified"

    def due_q(self) -> Q:
        """Stories whose publication time has come and whose embargo (if any) has lifted."""
        now = timezone.now()
        return Q(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            published_at__isnull=False,
            published_at__lte=now,
        )

    def due(self) -> ArticlePageQuerySet:
        return self.filter(self.due_q())

    def for_listing(self, *, prefetch: bool = True) -> ArticlePageQuerySet:
        """Everything a story card shows, in a fixed number of queries. `prefetch=False`
        leaves the pictures and bylines to one `prefetch_cards()` over several listings."""
        listing = self.select_related("agency", "section").order_by(*LISTING_ORDER)
        return listing.prefetch_related(*card_prefetches()) if prefetch else listing

    def for_cards(self, *, section: bool = True) -> ArticlePageQuerySet:
        """`for_listing(prefetch=False)` for cards only, for `prefetch_cards()`: the hero
        picture joined (its renditions then take one query, not the picture's two), no
        body (no card shows it; Wagtail parses it as each row loads), and `section=False`
        leaves out the section's two joined tables (some thirty columns to compile and a
        page instance a row) for cards drawn without a section label (an article's rail
        and Related, the front page's blocks). A card records its section's key anyway
        (`card_keys`), and each joined row its own as it loads."""
        joined = ("agency", "hero_image", *(("section",) if section else ()))
        return self.select_related(*joined).defer("body").order_by(*LISTING_ORDER)

    def for_listing_in_order(self, pks: list[int], *, prefetch: bool = True) -> list:
        """Story cards for `pks`, in that order (curated lists, ranked related stories);
        pks this queryset excludes (drafts, embargoed) drop out."""
        by_pk = {
            story.pk: story for story in self.filter(pk__in=pks).for_listing(prefetch=prefetch)
        }
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def in_section(self, section) -> ArticlePageQuerySet:
        """Stories of a section, its sub-sections included, using one indexed column."""
        key = listing_key("section", section.pk)
        if section.depth <= section.TOP_LEVEL_DEPTH:
            return narrowed(self.filter(top_section=section), key)
        return narrowed(self.filter(section=section), key)

    def tagged(self, tag) -> ArticlePageQuerySet:
        tag_id = getattr(tag, "pk", tag)  # a tag or its id
        return narrowed(self.filter(tagged_items__tag=tag_id), listing_key("tag", tag_id))

    # A topic's stories in the order of the (tag, -published_at) index (see ArticlePageTag).
    TAG_INDEX_ORDER = ("-tagged_items__published_at", "-pk")


def card_prefetches(*sizes: str) -> list[Prefetch]:
    """What a story card shows beyond its row: the hero picture with its renditions (only
    the `sizes` named, when some are) and the bylines in order."""
    return [
        Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions(*sizes)),
        Prefetch(
            "article_authors",
            queryset=ArticlePageAuthor.objects.select_related("author").order_by("sort_order"),
        ),
    ]


# Where Wagtail's `prefetch_renditions()` leaves a picture's renditions.
_RENDITIONS = "prefetched_renditions"


def _renditions_prefetch(sizes: tuple[str, ...]) -> tuple:
    """Wagtail's rendition prefetch (`prefetch_renditions`), for pictures already loaded."""
    return get_image_model().objects.prefetch_renditions(*sizes)._prefetch_related_lookups


def prefetch_cards(stories: Iterable, *, every_size: bool = False) -> None:
    """The cards of several listings loaded with `for_listing(prefetch=False)`, in three
    queries for all of them instead of three a listing (a front page has a dozen); two
    for cards loaded `for_cards()`, whose pictures came joined to them. The sites' root
    paths are read once for all the cards' links, not once a story (Wagtail
    keeps them per page instance, a cache read each). Only the cards' picture sizes are
    loaded: a story's picture has eleven renditions made ahead (`core.renditions`), a card
    shows one of four, and each loaded row is a model instance to build. `every_size`: all
    of them, for a reader that shows more than a card (the API's summaries)."""
    stories = list(stories)
    sizes = () if every_size else renditions.specs("story.card")
    # Pictures joined to their story's row (`for_cards`): only their renditions to read.
    # Django skips the others' picture prefetch for them, and its renditions with it.
    # Each story has its own instance of a picture several stories share: each gets them.
    pictures = [
        image
        for story in stories
        if story.hero_image_id
        and type(story).hero_image.is_cached(story)
        and (image := story.hero_image) is not None
        and not hasattr(image, _RENDITIONS)
    ]
    if pictures:
        prefetch_related_objects(pictures, *_renditions_prefetch(sizes))
    prefetch_related_objects(stories, *card_prefetches(*sizes))
    prepare_cards(stories)  # the labels' data (LIVE) in one query, not one a card
    if stories:
        root_paths = Site.get_site_root_paths()
        for story in stories:
            story._wagtail_cached_site_root_paths = root_paths


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class StoryCards:
    """Story cards of the ids `load_ids()` gives, in that order, read on first use from
    `stories` (a story queryset).

    A page's other list may load them with its own cards in one query: it reads `ids`
    (only the ids query runs), then hands the loaded cards over with `fill()` (the
    article's rail loads Related's cards with its own, `home.templatetags.right_rail`).
    Iterated before that, the cards load by themselves (without pictures and bylines,
    which `prefetch_cards()` adds)."""

    def __init__(self, load_ids, stories: ArticlePageQuerySet) -> None:
        self._load_ids, self._stories = load_ids, stories
        self._ids: list[int] | None = None
        self._cards: list | None = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self._load_ids())
        return self._ids

    def fill(self, cards_by_pk: dict) -> None:
        """The cards, from another query's: ids it did not load drop out (drafts)."""
        self._cards = [cards_by_pk[pk] for pk in self.ids if pk in cards_by_pk]

    def loaded(self, *, prefetch: bool = False) -> list:
        if self._cards is None:
            self._cards = self._stories.for_listing_in_order(self.ids, prefetch=prefetch)
        return self._cards

    def __iter__(self):
        return iter(self.loaded())

    def __len__(self) -> int:
        return len(self.loaded())

    def __bool__(self) -> bool:
        return bool(self.loaded())

    def __getitem__(self, index):
        return self.loaded()[index]
