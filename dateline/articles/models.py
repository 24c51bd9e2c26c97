"""Articles, their authors and agencies, and the date buckets that hold them.

Tree layout: Home › Section (› Sub-section) › Year › Month › Article. A month
bucket holds a few thousand stories at most, so no parent ever has a million
children, and URLs read as /world/2025/11/the-headline-slug/.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from dateline.caching.dependencies import key_for, listing_key, narrowed, record, record_objects
from dateline.core.models import NamedSlugMixin
from dateline.core.pages import SITE_ROOT_DEPTH, ReaderPageMixin, breadcrumb_trail
from dateline.core.pagination import paginate_lazily
from dateline.core.permissions import DeskPermissionsMixin
from dateline.core.visibility import PublicPageQuerySet

from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm
from .rules import check_byline, check_embargo, is_under_embargo, revision_time


class ArticleType(models.TextChoices):
    NEWS = "news", "News"
    EXPLAINER = "explainer", "Explainer"
    OPINION = "opinion", "Opinion"
    ANALYSIS = "analysis", "Analysis"
    PHOTOSTORY = "photostory", "Photostory"


@register_snippet
class Author(NamedSlugMixin, index.Indexed, models.Model):
    """A journalist with a byline and a page of their own."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Senior Correspondent")
    bio = RichTextField(blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    x_handle = models.CharField(max_length=40, blank=True, verbose_name="X handle")
    email = models.EmailField(blank=True)
    # The newsroom login that writes under this byline: a story they create starts with it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="newsroom login",
        help_text="The login of this journalist: stories they create are credited to them.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("x_handle"),
        FieldPanel("email"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    url_name = "author"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class Agency(NamedSlugMixin, index.Indexed, models.Model):
    """A news agency whose copy we carry: "The Associated Press", "Reuters", "PTI"."""

    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. AP")
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    url_name = "agency"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The story's publication time, copied here so a topic page reads one tag's stories
    # newest first from the (tag, -published_at) index instead of sorting all of them.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["tag", "-published_at"], name="article_tag_pub")]


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


class StoryListings(NamedTuple):
    published_at: dt.datetime | None
    keys: frozenset[str]


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

    def for_listing(self) -> ArticlePageQuerySet:
        """Everything a story card shows, in a fixed number of queries."""
        return (
            self.select_related("agency", "section")
            .prefetch_related(
                Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions()),
                Prefetch(
                    "article_authors",
                    queryset=ArticlePageAuthor.objects.select_related("author").order_by(
                        "sort_order"
                    ),
                ),
            )
            .order_by("-published_at", "-pk")
        )

    def for_listing_in_order(self, pks: list[int]) -> list[ArticlePage]:
        """Story cards for `pks`, in that order (curated lists, ranked related stories);
        pks this queryset excludes (drafts, embargoed) drop out."""
        by_pk = {story.pk: story for story in self.filter(pk__in=pks).for_listing()}
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


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArchiveYearPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A year bucket under a section; also serves that year's archive."""

    parent_page_types = ["articles.SectionPage"]
    subpage_types = ["articles.ArchiveMonthPage"]
    is_creatable = False  # made by articles.services.month_bucket, never by hand
    hide_in_breadcrumbs = True
    template = "articles/archive_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("children", self.pk))
        context["months"] = self.get_children().live().order_by("-slug")
        context["breadcrumbs"] = breadcrumb_trail(self)
        return context


class ArchiveMonthPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A month bucket under a year; also serves that month's archive listing."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    parent_page_types = ["articles.ArchiveYearPage"]
    subpage_types = ["articles.ArticlePage", "live.LiveBlogPage"]
    is_creatable = False  # made by articles.services.month_bucket, never by hand
    hide_in_breadcrumbs = True
    template = "articles/archive_page.html"

    def get_context(self, request, *args, **kwargs):
        from dateline.core.pagination import paginate_lazily

        context = super().get_context(request, *args, **kwargs)
        record(listing_key("bucket", self.pk))
        stories = ArticlePage.objects.published().child_of(self).for_listing()
        # A month holds a bounded number of stories: its cap is the deeper archive one
        # (max_pages=None); read inside the template's fragment.
        context["stories"] = paginate_lazily(
            request,
            stories,
            settings.DATELINE_PAGE_SIZE,
            max_pages=None,
            keys=[listing_key("bucket", self.pk)],
        )
        context["breadcrumbs"] = breadcrumb_trail(self)
        return context


class ArticlePage(ReaderPageMixin, Page):
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
        return dict(
            SectionPage.objects.filter(path__in=cls.ancestor_paths(path)).values_list("path", "pk")
        )

    # The section denormalisation, one rule for save() and for bulk loaders
    # (dateline.demo.bulk), which pass every section's path at once.
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
        return set(
            self.listings(
                self.published_at,
                bucket_ids=bucket_ids,
                section_ids=[self.section_id, self.top_section_id],
                agency_id=self.agency_id,
                tag_ids=[item.tag_id for item in self.tagged_items.all()],
                author_ids=[link.author_id for link in self.article_authors.all()],
            ).keys
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
            ArticlePage.objects.filter(pk=self.pk, **({"live": True} if live_only else {}))
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

    @cached_property
    def tag_list(self) -> list:
        """The story's topics, read once per render (templates and JSON-LD both need them)."""
        return list(self.tags.all())

    def permissions_for_user(self, user):
        from .permissions import ArticlePermissionTester

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

    def related_stories(self, limit: int = 4) -> list[ArticlePage]:
        """Published stories sharing the most tags, newest first; the section tops up.

        Candidates are each shared tag's newest stories, read from the date index one tag
        at a time: the cost stays flat however many stories a popular tag has (counting
        shared tags over every tagged story grew with the archive).
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
        related = ArticlePage.objects.for_listing_in_order(chosen)
        if len(related) < limit and self.section_id:
            seen = [self.pk, *[p.pk for p in related]]
            related += list(
                narrowed(
                    ArticlePage.objects.published()
                    .filter(section_id=self.section_id)
                    .exclude(pk__in=seen)
                    .for_listing()[: limit - len(related)],
                    listing_key("section", self.section_id),
                )
            )
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Rendered lazily: a warm cached rail or related block never runs these queries.
        context["related_stories"] = SimpleLazyObject(self.related_stories)
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


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"


class ArticleCorrection(Orderable):
    """A correction, clarification or update note shown at the foot of the story."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(max_length=1000)
    noted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when the note goes live."
    )

    panels = [FieldPanel("kind"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update note"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ArticlePageAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]


def utc_month_start(when: dt.datetime) -> dt.date:
    """The first day of `when`'s calendar month in UTC (sitemaps split the archive by it)."""
    when = when.astimezone(dt.UTC)
    return dt.date(when.year, when.month, 1)


def _next_month(start: dt.date) -> dt.date:
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


class ArticleMonth(models.Model):
    """How many stories a site shows for one UTC month, and the newest change among them.

    The sitemap index lists every month of the archive with its count and lastmod; summing
    them from the stories on each request (or on a cold cache) read every story. These rows
    are kept true by `refresh_article_months`, which every path that changes what a month
    shows calls: `ArticlePage.publish`, the filing service, `recount_story_months` (unpublish,
    expiry, moves, deletion, a lifted embargo) and the bulk generator."""

    # The site's home page (every home page sits at SITE_ROOT_DEPTH, under Wagtail's root).
    root_path = models.CharField(max_length=255)
    month = models.DateField(help_text="First day of the month, UTC.")
    stories = models.PositiveIntegerField(default=0)
    lastmod = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["root_path", "month"], name="article_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.root_path} {self.month:%Y-%m}: {self.stories}"


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
            ranges[-1][1] = _next_month(start)
        else:
            ranges.append([start, _next_month(start)])
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


# A section lives beside the story: each refers to the other (a story is filed under a
# section and carries its ids; a section lists its stories).
class SectionPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A section (World, Sports) or sub-section (World › US News) with its listing."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    TOP_LEVEL_DEPTH = SITE_ROOT_DEPTH + 1  # a section directly under the home page

    intro = models.TextField(max_length=500, blank=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="Label in tight places.")

    parent_page_types = ["home.HomePage", "articles.SectionPage"]
    subpage_types = [
        "articles.SectionPage",
        "articles.ArchiveYearPage",
        "articles.ArticlePage",
        "live.LiveBlogPage",
    ]
    template = "articles/section_page.html"

    class Meta:
        # The table keeps the name it had when the model lived in the sections app.
        db_table = "sections_sectionpage"

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("short_name")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    @property
    def label(self) -> str:
        return self.short_name or self.title

    def stories(self):
        return ArticlePage.objects.published().in_section(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("section", self.pk), listing_key("children", self.pk))
        # Read when the template first shows it: a warm listing fragment reads nothing.
        stories = paginate_lazily(
            request,
            self.stories(),
            settings.DATELINE_PAGE_SIZE,
            keys=[listing_key("section", self.pk)],
        )
        context["stories"] = stories

        def older_by_month() -> str:
            # The month bucket of the oldest story shown: the archive goes on from there.
            if stories.continues_in_archive():
                return stories[-1].url.rsplit("/", 2)[0] + "/"
            return ""

        context["older_by_month"] = SimpleLazyObject(older_by_month)
        context["subsections"] = list(
            narrowed(
                SectionPage.objects.child_of(self).live().order_by("path"),
                listing_key("children", self.pk),
            )
        )
        context["breadcrumbs"] = breadcrumb_trail(self)
        context["rss_url"] = reverse("section_rss_feed", kwargs={"section_path": self.feed_path()})
        return context

    def feed_path(self) -> str:
        """The section's path below its site's home page, as its feed URLs spell it
        (world/us-news). Every home page sits directly under Wagtail's root (SITE_ROOT_DEPTH),
        so that is the url_path without its first segment: no query for the site."""
        return "/".join(self.url_path.strip("/").split("/")[1:])
