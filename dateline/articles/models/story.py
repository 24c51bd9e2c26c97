"""The story (`ArticlePage`) and the month recount its publication triggers.

Tree layout: Home › Section (› Sub-section) › Year › Month › Article. A month
bucket holds a few thousand stories at most, so no parent ever has a million
children, and URLs read as /world/2025/11/the-headline-slug/.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from dateline.caching.dependencies import listing_key, narrowed, record_objects
from dateline.core.pages import SITE_ROOT_DEPTH, ReaderPageMixin, breadcrumb_trail

from ..blocks import ArticleBodyBlock
from ..forms import ArticlePageForm
from ..rules import check_byline, check_embargo, is_under_embargo, revision_time
from .links import ArticleCorrection, ArticlePageTag
from .listing_keys import StoryListingKeys
from .months import ArticleMonth, next_month, utc_month_start
from .queryset import LISTING_ORDER, ArticlePageManager, StoryCards
from .snippets import Agency, Author


class ArticleType(models.TextChoices):
    NEWS = "news", "News"
    EXPLAINER = "explainer", "Explainer"
    OPINION = "opinion", "Opinion"
    ANALYSIS = "analysis", "Analysis"
    PHOTOSTORY = "photostory", "Photostory"


def sync_tag_dates(article_ids: list[int]) -> None:
    """Copy the stories' publication times onto their tag links (see ArticlePageTag)."""
    # freshness: the topic links' dates follow a publication whose save purged the story's listings
    ArticlePageTag.objects.filter(content_object_id__in=article_ids).update(
        published_at=models.Subquery(
            ArticlePage.objects.filter(pk=models.OuterRef("content_object_id")).values(
                "published_at"
            )[:1]
        )
    )


class ArticlePage(StoryListingKeys, ReaderPageMixin, Page):
    """A story: news, explainer, opinion, analysis or photostory."""

    # Its published() listings record this (`caching.autodeps.public_listing_keys`).
    public_listing_key = "list:articles"

    dek = models.TextField(
        max_length=400,
        blank=True,
        verbose_name="dek / summary",
        help_text=(
            "One or two sentences under the headline; also the description for search and social."
        ),
    )
    article_type = models.CharField(
        max_length=20, choices=ArticleType.choices, default=ArticleType.NEWS, db_index=True
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(max_length=250, blank=True, verbose_name="hero image description")
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), use_json_field=True, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    dateline_place = models.CharField(
        max_length=80,
        blank=True,
        verbose_name="dateline",
        help_text='Where the story was filed, e.g. "Tokyo".',
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="First published. Set on first publication; wire stories keep the agency's time.",
    )
    updated_at = models.DateTimeField(null=True, blank=True, help_text="Last visible update.")
    no_ads = models.BooleanField(
        default=False,
        verbose_name="no ads",
        help_text="Sensitive coverage: the story's page shows no ad boxes (dateline.ads).",
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="No one can publish the story before this time, and it is never shown before it.",
    )
    minor_edit = models.BooleanField(
        default=False,
        verbose_name="minor edit",
        help_text="A typo fix: publishing it does not change the visible 'Updated' time.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    # Denormalised from the tree on save so listings are one indexed range scan.
    section = models.ForeignKey(
        "articles.SectionPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    top_section = models.ForeignKey(
        "articles.SectionPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticlePageManager()

    base_form_class = ArticlePageForm
    parent_page_types = ["articles.ArchiveMonthPage", "articles.SectionPage"]
    subpage_types: list[str] = []
    template = "articles/article_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("dek"),
        FieldPanel("article_type"),
        MultiFieldPanel(
            [
                InlinePanel("article_authors", label="Author", heading="Authors"),
                FieldPanel("agency"),
                FieldPanel("dateline_place"),
            ],
            heading="Byline",
        ),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel(
                    "hero_alt",
                    heading="Alt text",
                    help_text="What the picture shows, for readers who cannot see it "
                    '(e.g. "Firefighters on a burning roof in Kochi"). Leave empty only '
                    "when the picture adds nothing to the story.",
                ),
                FieldPanel("hero_caption", help_text="Shown under the picture."),
                FieldPanel("hero_credit", help_text='Who took it, e.g. "Reuters" or a name.'),
            ],
            heading="Hero image",
        ),
        FieldPanel(
            "body",
            help_text="The story. Press + for a paragraph, heading, picture, quote, fact box, "
            "embed or related link; the first paragraph opens with the dateline.",
        ),
        FieldPanel("tags", help_text="Topics readers can follow; each links to a topic page."),
        MultiFieldPanel(
            [InlinePanel("corrections", label="Note"), FieldPanel("minor_edit")],
            heading="Corrections and updates",
            help_text="Add a note when republishing a corrected or updated story.",
        ),
    ]
    # One "Publication" panel for every time a story has, instead of Wagtail's schedule
    # dialog in the status panel plus separate embargo and "Times" fields.
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "go_live_at",
                    heading="Go live at",
                    help_text="Empty: the story goes live when published. A future time "
                    "schedules it: publishing then waits until this time.",
                ),
                FieldPanel(
                    "embargo_until",
                    heading="Embargo until",
                    help_text="The source's embargo: nothing can publish the story before it.",
                ),
                FieldPanel(
                    "expire_at",
                    heading="Take down at",
                    help_text="Optional: the story is unpublished at this time.",
                ),
                FieldPanel(
                    "published_at",
                    heading="Published time shown to readers",
                    help_text="Set on first publication; change it only to backdate.",
                ),
                FieldPanel("updated_at", heading="Updated time shown", read_only=True),
            ],
            heading="Publication",
        ),
        FieldPanel("no_ads"),
        *Page.settings_panels[1:],  # Wagtail's comments panel (its schedule dialog is above)
    ]
    search_fields = Page.search_fields + [
        index.SearchField("dek"),
        index.SearchField("body"),
        index.FilterField("article_type"),
        index.FilterField("published_at"),
        index.FilterField("embargo_until"),
        index.FilterField("section"),
        index.FilterField("top_section"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["top_section", "-published_at"], name="article_top_section_pub"),
            models.Index(fields=["section", "-published_at"], name="article_section_pub"),
            models.Index(fields=["-published_at"], name="article_pub"),
            models.Index(fields=["agency", "-published_at"], name="article_agency_pub"),
            # The next embargo to lift (`core.visibility.next_due`): the few embargoed rows.
            models.Index(
                fields=["embargo_until"],
                name="article_embargo",
                condition=models.Q(embargo_until__isnull=False),
            ),
        ]

    # Set by `services.file_articles`, which checks a whole batch's slugs in one query.
    _slug_checked = False

    def _check_slug_is_unique(self) -> None:
        if not self._slug_checked:
            super()._check_slug_is_unique()

    def save(self, *args, **kwargs) -> None:
        if self.path and self.path != self._sections_path:
            self._set_sections_from_tree()
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        super().save(*args, **kwargs)  # commits the tag links too (modelcluster)
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or self.TAG_DATE_FIELDS & set(update_fields)):
            sync_tag_dates([self.pk])

    # A save limited to other fields (a revision's bookkeeping) leaves the tag dates as they are.
    TAG_DATE_FIELDS = frozenset({"published_at", "tags", "tagged_items"})

    # The tree path `section` and `top_section` were last worked out for: a save at the same
    # path (a revision, a publication) does not look the sections up again.
    _sections_path: str | None = None

    def _set_sections_from_tree(self) -> None:
        self.section_id, self.top_section_id = self.sections_for_path(
            self.path, self.sections_above(self.path)
        )
        self._sections_path = self.path

    @classmethod
    def sections_above(cls, path: str) -> dict[str, int]:
        """Section ids by tree path, for the sections among the ancestors of `path`."""
        # The model `section` points at (`SectionPage`, whose module imports this one).
        sections = cls._meta.get_field("section").related_model
        return dict(
            sections.objects.filter(path__in=cls.ancestor_paths(path)).values_list("path", "pk")
        )

    # The section denormalisation, one rule for save() and for bulk loaders
    # (articles.bulk.loading), which pass every section's path at once.
    @classmethod
    def ancestor_paths(cls, path: str) -> list[str]:
        return [path[:end] for end in range(cls.steplen, len(path), cls.steplen)]

    @classmethod
    def sections_for_path(
        cls, path: str, section_ids_by_path: dict[str, int]
    ) -> tuple[int | None, int | None]:
        """(section, top section) ids of a story at `path`: its nearest and its highest
        section ancestors, given section ids by tree path."""
        found = [
            section_ids_by_path[p] for p in cls.ancestor_paths(path) if p in section_ids_by_path
        ]
        return (found[-1], found[0]) if found else (None, None)

    # --- publication rules (the desk's side: dateline.articles.services)
    def with_content_json(self, content):
        """Keep times the desk stamps on publication out of revisions' reach."""
        article = super().with_content_json(content)
        # updated_at and the notes' times are stamped when a revision goes live
        # (services.record_publication); an older revision must not roll them back.
        article.updated_at = self.updated_at
        # The sections follow the page's place in the tree now, not when the revision was
        # written (the story may have moved since): the stored ones are kept.
        article.section_id, article.top_section_id = self.section_id, self.top_section_id
        article._sections_path = self.path
        if self.pk:
            noted = dict(
                ArticleCorrection.objects.filter(page_id=self.pk).values_list("pk", "noted_at")
            )
            for note in article.corrections.all():
                if note.noted_at is None and noted.get(note.pk):
                    note.noted_at = noted[note.pk]
        return article

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing (button, workflow, scheduler) comes through here."""
        if not check_byline(revision):
            return None  # a scheduled release without a byline: its schedule is dropped
        check_embargo(revision)
        before = self.stored_listing_state()
        result = super().publish(revision, *args, **kwargs)
        go_live_at = revision_time(revision, "go_live_at")
        if go_live_at is None or go_live_at <= timezone.now():  # a schedule shows nothing yet
            after = self.stored_listing_state()
            refresh_article_months(state.published_at for state in (before, after) if state)
        return result

    @cached_property
    def tag_list(self) -> list:
        """The story's topics, read once per render (templates and JSON-LD both need them)."""
        return list(self.tags.all())

    def permissions_for_user(self, user):
        from ..permissions import ArticlePermissionTester

        return ArticlePermissionTester(user, self)

    @property
    def is_embargoed(self) -> bool:
        return is_under_embargo(self.embargo_until)

    @property
    def is_visible_now(self) -> bool:
        """The page-level twin of `ArticlePageQuerySet.published()` (live is Wagtail's check)."""
        return not self.is_embargoed and (
            self.published_at is None or self.published_at <= timezone.now()
        )

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_now:
            raise Http404("Not yet published")
        return super().serve(request, *args, **kwargs)

    @property
    def visible_corrections(self) -> list[ArticleCorrection]:
        """Notes that have gone live, oldest first, as the foot of the article lists them."""
        return [note for note in self.corrections.all() if note.noted_at is not None]

    # --- what templates and feeds read
    @cached_property
    def authors(self) -> list[Author]:
        return [item.author for item in self.article_authors.all()]

    @property
    def byline_names(self) -> list[str]:
        names = [a.name for a in self.authors]
        if self.agency_id:
            names.append(self.agency.name)
        return names

    @property
    def display_updated_at(self) -> dt.datetime | None:
        """The update time readers see: only when it is really later than publication."""
        if (
            self.updated_at
            and self.published_at
            and self.updated_at - self.published_at > dt.timedelta(minutes=1)
        ):
            return self.updated_at
        return None

    @property
    def description(self) -> str:
        return self.search_description or self.dek

    RELATED_CANDIDATES_PER_TAG = 40

    def related_story_ids(self, limit: int = 4) -> list[int]:
        """Published stories sharing the most tags, newest first; the section tops up.

        Candidates are each shared tag's newest stories, read from the date index one tag
        at a time: the cost stays flat however many stories a popular tag has (counting
        shared tags over every tagged story grew with the archive). Only their ids: the
        article page loads their cards with its rail's, in one query (`StoryCards`).
        """
        shared: Counter[int] = Counter()
        published_at: dict[int, dt.datetime] = {}
        candidates = ArticlePage.objects.published().exclude(pk=self.pk).order_by("-published_at")
        for tag in self.tag_list:
            rows = narrowed(
                candidates.filter(tagged_items__tag_id=tag.pk), listing_key("tag", tag.pk)
            ).values_list("pk", "published_at")
            for pk, when in rows[: self.RELATED_CANDIDATES_PER_TAG]:
                shared[pk] += 1
                published_at[pk] = when
        ranked = sorted(shared, key=lambda pk: (-shared[pk], -published_at[pk].timestamp(), -pk))
        chosen = ranked[:limit]
        if len(chosen) < limit and self.section_id:
            chosen += narrowed(
                ArticlePage.objects.published()
                .filter(section_id=self.section_id)
                .exclude(pk__in=[self.pk, *chosen])
                .order_by(*LISTING_ORDER)
                .values_list("pk", flat=True)[: limit - len(chosen)],
                listing_key("section", self.section_id),
            )
        return chosen

    def related_stories(self, limit: int = 4, *, prefetch: bool = True) -> list[ArticlePage]:
        """The cards of `related_story_ids()`, in their order. `prefetch=False`: the cards'
        pictures and bylines are left to the caller."""
        cards = StoryCards(lambda: self.related_story_ids(limit), ArticlePage.objects.all())
        return cards.loaded(prefetch=prefetch)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read lazily: a warm cached rail or related block never runs these queries. Their
        # cards, pictures and bylines come with the rail's (`right_rail`, which the
        # templates call before they show them), in one card query and one prefetch.
        context["related_stories"] = StoryCards(self.related_story_ids, ArticlePage.objects.all())
        context["breadcrumbs"] = self.breadcrumbs()
        return context

    def breadcrumbs(self) -> list[Page]:
        """Home › sections › this story; the year and month buckets are left out.

        Read from the story's own section columns (loaded with it when it is routed) for the
        usual one- or two-level sections; a deeper tree walks the ancestors."""
        top, section = self.top_section, self.section
        if top is None or section is None:
            return breadcrumb_trail(self)
        if section.pk == top.pk:
            trail = [top, self]
        elif section.depth == top.depth + 1:
            trail = [top, section, self]
        else:
            return breadcrumb_trail(self)
        record_objects(trail)
        return trail


def refresh_article_months(times: Iterable[dt.datetime | None]) -> None:
    """Recount the summary rows (`ArticleMonth`) of the UTC months holding `times`.

    A recount, not an increment: idempotent, right whatever changed, and it costs one
    grouped query over those months' `published_at` ranges (a month is a few thousand
    index entries however large the archive)."""
    starts = sorted({utc_month_start(when) for when in times if when is not None})
    if not starts:
        return
    ranges: list[list[dt.date]] = []  # adjacent months merged into one range
    for start in starts:
        if ranges and ranges[-1][1] == start:
            ranges[-1][1] = next_month(start)
        else:
            ranges.append([start, next_month(start)])
    in_months = Q()
    for first, end in ranges:
        in_months |= Q(
            published_at__gte=dt.datetime.combine(first, dt.time(), dt.UTC),
            published_at__lt=dt.datetime.combine(end, dt.time(), dt.UTC),
        )
    rows = (
        ArticlePage.objects.published()
        .filter(in_months)
        .annotate(
            month=TruncMonth("published_at", tzinfo=dt.UTC),
            root_path=Substr("path", 1, Page.steplen * SITE_ROOT_DEPTH),
        )
        .values("month", "root_path")
        .annotate(
            stories=models.Count("pk"),
            newest=models.Max("published_at"),
            republished=models.Max("last_published_at"),
            updated=models.Max("updated_at"),
        )
        .order_by()
    )
    summaries = [
        ArticleMonth(
            root_path=row["root_path"],
            month=utc_month_start(row["month"]),
            stories=row["stories"],
            lastmod=max(
                t for t in (row["newest"], row["republished"], row["updated"]) if t is not None
            ),
        )
        for row in rows
    ]
    kept = {(summary.root_path, summary.month) for summary in summaries}
    stale = [
        pk
        for pk, root_path, month in ArticleMonth.objects.filter(month__in=starts).values_list(
            "pk", "root_path", "month"
        )
        if (root_path, month) not in kept
    ]
    if stale:
        ArticleMonth.objects.filter(pk__in=stale).delete()
    # freshness: bookkeeping (month summaries, recounted)
    ArticleMonth.objects.bulk_create(
        summaries,
        update_conflicts=True,
        unique_fields=["root_path", "month"],
        update_fields=["stories", "lastmod"],
    )
