"""The home page and its curation: ordered top stories with pin expiry, section blocks."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from dateline.articles.models import ArchiveMonthPage, ArticlePage
from dateline.articles.models.queryset import LISTING_ORDER, prefetch_cards
from dateline.articles.routing import story_at
from dateline.caching.dependencies import key_for, listing_key, record, record_until
from dateline.core.pages import ReaderPageMixin

from .front import FrontPage


class HomePage(ReaderPageMixin, Page):
    """The front page. Curated top stories first, the newest stories fill the rest."""

    top_stories_count = models.PositiveSmallIntegerField(default=7)
    latest_count = models.PositiveSmallIntegerField(default=10)
    section_block_size = models.PositiveSmallIntegerField(default=4)

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "home/home_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [InlinePanel("top_stories", label="Top story")],
            heading="Top stories",
            help_text="In the order shown. A pin with an expiry drops off by itself; empty slots "
            "fill with the latest stories.",
        ),
        InlinePanel("section_blocks", label="Section block", heading="Section blocks"),
        MultiFieldPanel(
            [
                FieldPanel("top_stories_count"),
                FieldPanel("latest_count"),
                FieldPanel("section_block_size"),
            ],
            heading="Sizes",
        ),
    ]

    def route_narrowed(self, request, path_components):
        """A story's address (/section[/sub]/yyyy/mm/slug/) in one indexed query instead of
        one per tree level; anything else walks the tree as Wagtail does. Narrowed as every
        reader page's routing is (`NarrowRoutingMixin.route`)."""
        if len(path_components) >= 4 and path_components[-3].isdigit():
            url_path = self.url_path + "/".join(path_components) + "/"
            story = story_at(path_components[-1], url_path)
            if story is not None:
                return story.route(request, [])
        if len(path_components) >= 3 and path_components[-1].isdigit():
            # A month archive (/section[/sub]/yyyy/mm/): one indexed query too. Its
            # breadcrumbs then read the ancestors the walk would have loaded one by one.
            url_path = self.url_path + "/".join(path_components) + "/"
            month = ArchiveMonthPage.objects.filter(
                slug=path_components[-1], url_path=url_path
            ).first()
            if month is not None:
                return month.route(request, [])
        if not path_components:
            return Page.route(self, request, path_components)
        # The children by their path, not treebeard's `get_children()`: it trusts `numchild`,
        # which a home page kept with the site (`site.middleware`) may hold from before its
        # first child was added (the count changes by a raw update no key follows).
        try:
            child = Page.objects.child_of(self).get(slug=path_components[0])
        except Page.DoesNotExist:
            raise Http404 from None
        return child.specific.route(request, path_components[1:])

    def curated_story_ids(self) -> list[int]:
        """The desk's unexpired picks, in editor order (drafts are filtered by the caller)."""
        now = timezone.now()
        picks = list(
            self.top_stories.filter(
                models.Q(pinned_until__isnull=True) | models.Q(pinned_until__gt=now)
            )
            .order_by("sort_order")
            .values_list("story_id", "pinned_until")
        )
        # The first pin to expire changes the list by itself: whatever shows it ends then.
        record_until(min((until for _pk, until in picks if until is not None), default=None))
        return [pk for pk, _until in picks]

    def top_stories_list(
        self, *, prefetch: bool = True, every_size: bool = False
    ) -> list[ArticlePage]:
        """Curated, unexpired, published picks in editor order, topped up with the latest.
        `prefetch=False`: cards without pictures and bylines yet (see `prefetch_cards`)."""
        curated_ids = self.curated_story_ids()
        published = ArticlePage.objects.published()
        stories = published.for_listing_in_order(curated_ids, prefetch=False)
        stories = stories[: self.top_stories_count]
        missing = self.top_stories_count - len(stories)
        if missing > 0:
            stories += list(
                published.exclude(pk__in=[s.pk for s in stories]).for_listing(prefetch=False)[
                    :missing
                ]
            )
        if prefetch:
            prefetch_cards(stories, every_size=every_size)
        return stories

    def get_context(self, request, *args, **kwargs):
        """Top stories, then the latest and each section block: no story is shown twice."""
        context = super().get_context(request, *args, **kwargs)
        # Computed on first use: a warm cached front page runs none of these queries. Each
        # is used inside one fragment of the page (home_page.html), which records its keys.
        front = FrontPage(self)
        context.update(
            top_stories=SimpleLazyObject(lambda: front.top()["top_stories"]),
            lead=SimpleLazyObject(lambda: front.top()["lead"]),
            latest_stories=SimpleLazyObject(lambda: front.top()["latest_stories"]),
            section_blocks=SimpleLazyObject(front.section_blocks),
            shown_story_ids=SimpleLazyObject(front.shown),
        )
        return context


RAIL_SIZE = 5


def rail_stories(
    home: HomePage | None,
    exclude: set[int],
    size: int = RAIL_SIZE,
    *,
    prefetch: bool = True,
    also_load: Iterable[int] = (),
) -> tuple[list[ArticlePage], list[ArticlePage]]:
    """The right column of any page: Top Stories (the home page's picks, topped up with the
    newest) and Latest News.

    A story appears in at most one of the two lists and never when it is in `exclude` (the
    stories the page already shows). One pool of newest stories serves both lists, so the
    column costs the same few queries on every page: the pool's ids, then the cards of the
    picks and of the pool in one query (`rail_cards`: with the page's other cards too). The
    cards' pictures and bylines come in one prefetch for both lists (`prefetch=False`: the
    caller's, with its own cards).
    """
    top, latest, _cards = rail_cards(home, exclude, size, prefetch=prefetch, also_load=also_load)
    return top, latest


def rail_cards(
    home: HomePage | None,
    exclude: set[int],
    size: int = RAIL_SIZE,
    *,
    prefetch: bool = True,
    also_load: Iterable[int] = (),
) -> tuple[list[ArticlePage], list[ArticlePage], dict[int, ArticlePage]]:
    """`rail_stories()`, and every card its one card query loaded, by id: `also_load` adds
    the page's other cards to that query (an article's Related; drafts drop out)."""
    record(listing_key("articles"))
    curated_ids = home.curated_story_ids() if home is not None else []
    if home is not None:
        record(key_for(home))  # the desk's picks
    published = ArticlePage.objects.published()
    picks = [pk for pk in curated_ids if pk not in exclude]
    also_load = list(also_load)
    unpicked = published.exclude(pk__in={*exclude, *curated_ids})
    if picks or also_load:
        # The pool by id, then every card at once: one card query instead of one a list (a
        # card row joins the page, agency and section tables, some eighty columns to compile).
        pool_ids = list(unpicked.order_by(*LISTING_ORDER).values_list("pk", flat=True)[: size * 2])
        wanted = {*picks, *pool_ids, *also_load}
        cards = {
            story.pk: story for story in published.filter(pk__in=wanted).for_cards(section=False)
        }
    else:  # the pool's cards are all there is to load
        cards = {story.pk: story for story in unpicked.for_cards(section=False)[: size * 2]}
        pool_ids = list(cards)
    curated = [cards[pk] for pk in picks if pk in cards]
    pool = [cards[pk] for pk in pool_ids if pk in cards]
    top = (curated + pool)[: min(size, home.top_stories_count if home is not None else size)]
    top_ids = {story.pk for story in top}
    latest = [story for story in pool if story.pk not in top_ids][:size]
    if prefetch:
        prefetch_cards([*top, *latest])
    return top, latest, cards


class HomePageTopStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    pinned_until = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to keep the story here until removed."
    )
    panels = [FieldPanel("story"), FieldPanel("pinned_until")]


class HomePageSectionBlock(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="section_blocks")
    section = models.ForeignKey("articles.SectionPage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("section")]


@register_setting(icon="warning")
class BreakingNewsBanner(BaseSiteSetting):
    """A strip under the header on every page until it expires or is emptied."""

    text = models.CharField(max_length=200, blank=True, help_text="Leave empty to show no banner.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story or live page the banner leads to.",
    )
    link_url = models.CharField(
        max_length=300, blank=True, help_text="Or any address, when no page is chosen."
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The banner disappears by itself at this time."
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("link_page"), FieldPanel("link_url")], heading="Link"),
        FieldPanel("expires_at"),
    ]

    class Meta:
        # The newsroom's table: the model moved to home by state (home/0004).
        db_table = "newsroom_breakingnewsbanner"
        verbose_name = "breaking-news banner"

    def clean(self) -> None:
        if self.link_url and not self.link_url.startswith(("/", "https://", "http://")):
            raise ValidationError(
                {"link_url": "Use an address starting with /, http:// or https://."}
            )

    @property
    def href(self) -> str:
        if self.link_page_id and self.link_page.live:
            return self.link_page.url or ""
        return self.link_url
