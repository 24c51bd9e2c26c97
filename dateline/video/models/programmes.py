"""Shows (programmes) and their episodes: Home › Shows (/shows/) › Show › Episode, and
episodes that belong to no show under the video hub."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from dateline.caching import dependencies
from dateline.core.pages import NarrowRoutingMixin, breadcrumb_trail
from dateline.core.pagination import paginate
from dateline.core.permissions import DeskPermissionsMixin
from dateline.core.visibility import PublicPageQuerySet

from ..sources import (
    HLS_TYPE,
    VideoSource,
    clock_duration,
    iso_duration,
    mime_type_for,
    parse_youtube_id,
    validate_media_url,
)

SHOWS_LISTING = "shows"
VIDEOS_LISTING = "videos"
SHOW_LISTING = "show"


def _images_with_renditions():
    return get_image_model().objects.prefetch_renditions()


# --- shows --------------------------------------------------------------------


class ShowIndexPage(NarrowRoutingMixin, DeskPermissionsMixin, Page):
    """/shows/: every programme, in the order the desk arranges them in the tree."""

    intro = models.TextField(max_length=500, blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["video.ShowPage"]
    max_count = 1
    template = "video/show_index_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        with dependencies.narrow(dependencies.listing_key(SHOWS_LISTING)):
            shows = list(ShowPage.objects.child_of(self).live().public().for_listing())
        context.update(shows=shows, breadcrumbs=breadcrumb_trail(self))
        return context


class ShowQuerySet(PublicPageQuerySet):  # published(): the public rule
    def for_listing(self) -> ShowQuerySet:
        """Show cards (title, artwork, schedule) in a fixed number of queries, narrowed to
        the shows listing wherever they are read."""
        return dependencies.narrowed(
            self.prefetch_related(Prefetch("artwork", queryset=_images_with_renditions())).order_by(
                "path"
            ),
            dependencies.listing_key(SHOWS_LISTING),
        )


ShowManager = PageManager.from_queryset(ShowQuerySet)


class ShowPage(NarrowRoutingMixin, DeskPermissionsMixin, Page):
    """A programme: hosts, artwork, when it airs, and its episodes newest first."""

    public_listing_key = dependencies.listing_key(
        SHOWS_LISTING
    )  # caching.autodeps.public_listing_keys

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    description = models.TextField(max_length=1000, blank=True)
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Landscape key art (16:9); also the fallback thumbnail of its episodes.",
    )
    schedule = models.CharField(
        max_length=160, blank=True, help_text='When it airs, e.g. "Weeknights at 9 pm".'
    )

    objects = ShowManager()

    parent_page_types = ["video.ShowIndexPage"]
    subpage_types = ["video.EpisodePage"]
    template = "video/show_page.html"
    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("artwork"),
        FieldPanel("schedule"),
        InlinePanel("hosts", label="Host", heading="Hosts"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]

    @property
    def host_names(self) -> list[str]:
        return [host.display_name for host in self.hosts.all()]

    def episodes(self) -> EpisodeQuerySet:
        return dependencies.narrowed(
            EpisodePage.objects.published().filter(show=self).for_listing(),
            dependencies.listing_key(SHOW_LISTING, self.pk),
        )

    # --- what a change of this show purges (dateline.caching.signal_handlers)
    def freshness_listings(self) -> set[str]:
        return {dependencies.listing_key(SHOWS_LISTING)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        episodes = paginate(request, self.episodes(), settings.DATELINE_PAGE_SIZE)
        hosts = list(self.hosts.select_related("author").order_by("sort_order"))
        context.update(episodes=episodes, hosts=hosts, breadcrumbs=breadcrumb_trail(self))
        return context


class ShowHost(Orderable):
    """A presenter: one of the newsroom's authors, or a guest named in plain text."""

    page = ParentalKey(ShowPage, on_delete=models.CASCADE, related_name="hosts")
    author = models.ForeignKey(
        "articles.Author", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(
        max_length=120, blank=True, help_text="For a host who is not one of our authors."
    )

    panels = [FieldPanel("author"), FieldPanel("name")]

    def clean(self) -> None:
        if not self.author_id and not self.name.strip():
            raise ValidationError("Choose an author or type the host's name.")

    @property
    def display_name(self) -> str:
        return self.author.name if self.author_id else self.name

    def __str__(self) -> str:
        return self.display_name


# --- episodes -----------------------------------------------------------------


class EpisodePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "video.EpisodePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EpisodeQuerySet(PublicPageQuerySet):  # published(): the public rule
    # An episode uploaded ahead appears by itself at its time (`core.visibility.next_due`).
    due_fields = ("uploaded_at",)

    def due(self) -> EpisodeQuerySet:
        """Episodes whose upload time has come (an editor may set it ahead)."""
        return self.filter(uploaded_at__isnull=False, uploaded_at__lte=timezone.now())

    def for_listing(self) -> EpisodeQuerySet:
        """Episode cards (thumbnail, show, duration) in a fixed number of queries."""
        return (
            self.select_related("show")
            .prefetch_related(
                Prefetch("thumbnail", queryset=_images_with_renditions()),
                Prefetch("show__artwork", queryset=_images_with_renditions()),
            )
            .order_by("-uploaded_at", "-pk")
        )

    def for_listing_in_order(self, pks: list[int]) -> list[EpisodePage]:
        by_pk = {episode.pk: episode for episode in self.filter(pk__in=pks).for_listing()}
        return [by_pk[pk] for pk in pks if pk in by_pk]


EpisodeManager = PageManager.from_queryset(EpisodeQuerySet)


class EpisodePage(NarrowRoutingMixin, DeskPermissionsMixin, Page):
    """An episode of a show, or a video story of its own under /video/."""

    public_listing_key = dependencies.listing_key(
        VIDEOS_LISTING
    )  # caching.autodeps.public_listing_keys

    description = models.TextField(max_length=2000, blank=True)
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="16:9 still shown before playing; the show's artwork when empty.",
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="uploaded video",
        help_text="An MP4 (H.264) file uploaded to the documents library.",
    )
    video_url = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_media_url],
        verbose_name="video or stream URL",
        help_text="A linked MP4 file or HLS stream (.m3u8): an https URL or a path on this site.",
    )
    youtube_id = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="YouTube video",
        help_text="A YouTube URL or id; readers load YouTube only when they press play.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Captions for the native player: a WebVTT (.vtt) file from the documents.",
    )
    duration = models.DurationField(
        null=True, blank=True, help_text="Running time as h:mm:ss or mm:ss, e.g. 12:30."
    )
    uploaded_at = models.DateTimeField(
        null=True, blank=True, help_text="Shown as the upload time; set on first publication."
    )
    transcript = models.TextField(
        blank=True, help_text="Optional; paragraphs separated by a blank line."
    )
    is_short = models.BooleanField(
        default=False,
        verbose_name="video short",
        help_text="A vertical clip of a minute or less, shown in the Video shorts strip.",
    )
    tags = ClusterTaggableManager(through=EpisodePageTag, blank=True)
    # Denormalised from the tree on save: the show's episode list is one indexed scan.
    show = models.ForeignKey(
        ShowPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EpisodeManager()

    parent_page_types = ["video.ShowPage", "video.VideoIndexPage"]
    subpage_types: list[str] = []
    template = "video/episode_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("video_url"),
                FieldPanel("youtube_id"),
            ],
            heading="Video (one source)",
        ),
        FieldPanel("captions"),
        FieldPanel("thumbnail"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("is_short")]),
        FieldPanel("tags"),
        FieldPanel("transcript"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("uploaded_at")]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("transcript"),
        index.FilterField("uploaded_at"),
        index.FilterField("show"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["show", "-uploaded_at"], name="episode_show_uploaded"),
            models.Index(fields=["-uploaded_at"], name="episode_uploaded"),
        ]

    def clean(self) -> None:
        super().clean()
        if self.youtube_id:
            try:
                self.youtube_id = parse_youtube_id(self.youtube_id)
            except ValidationError as error:
                raise ValidationError({"youtube_id": error.messages}) from error
        chosen = [bool(self.video_file_id), bool(self.video_url), bool(self.youtube_id)]
        if sum(chosen) != 1:
            message = "Give exactly one source: an uploaded video, a URL or a YouTube video."
            raise ValidationError({"video_url": message})

    def save(self, *args, **kwargs) -> None:
        if self.path:
            parent = self.get_parent() if self.depth else None
            self.show_id = parent.pk if parent and parent.specific_class is ShowPage else None
        if self.live and self.uploaded_at is None:
            self.uploaded_at = self.first_published_at or timezone.now()
        super().save(*args, **kwargs)

    # --- what templates, feeds and structured data read
    @cached_property
    def source(self) -> VideoSource | None:
        if self.youtube_id:
            return VideoSource("youtube", "", youtube_id=self.youtube_id)
        if self.video_file_id and self.video_file:
            return VideoSource("file", self.video_file.url, mime_type_for(self.video_file.filename))
        if self.video_url:
            mime = mime_type_for(self.video_url)
            return VideoSource("hls" if mime == HLS_TYPE else "file", self.video_url, mime)
        return None

    @cached_property
    def tag_list(self) -> list:
        """The tags, read once for the page, its head tags and its related videos."""
        return list(self.tags.all())

    @property
    def card_image(self):
        """The thumbnail, else the show's artwork (None when neither is set)."""
        if self.thumbnail_id:
            return self.thumbnail
        if self.show_id and self.show.artwork_id:
            return self.show.artwork
        return None

    @property
    def duration_clock(self) -> str:
        return clock_duration(self.duration)

    @property
    def duration_iso(self) -> str:
        return iso_duration(self.duration)

    @property
    def transcript_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.transcript.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def summary(self) -> str:
        return self.search_description or self.description

    RELATED_LIMIT = 4

    def related_videos(self, limit: int = RELATED_LIMIT) -> list[EpisodePage]:
        """Published videos sharing the most tags, newest first; the same show tops up."""
        published = EpisodePage.objects.published().exclude(pk=self.pk)
        tag_ids = [tag.pk for tag in self.tag_list]
        ranked: list[int] = []
        if tag_ids:
            rows = (
                published.filter(tagged_items__tag_id__in=tag_ids)
                .values("pk")
                .annotate(shared=models.Count("pk"))
                .order_by("-shared", "-uploaded_at", "-pk")[:limit]
            )
            ranked = [row["pk"] for row in rows]
        related = EpisodePage.objects.for_listing_in_order(ranked)
        if len(related) < limit and self.show_id:
            seen = [self.pk, *[episode.pk for episode in related]]
            related += list(
                published.filter(show_id=self.show_id)
                .exclude(pk__in=seen)
                .for_listing()[: limit - len(related)]
            )
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related_videos()
        if self.show_id:
            dependencies.record(dependencies.key_for(ShowPage, self.show_id))
        context.update(related_videos=related, breadcrumbs=breadcrumb_trail(self))
        return context

    # --- what a change of this episode purges (dateline.caching.signal_handlers)
    def freshness_listings(self) -> set[str]:
        keys = {dependencies.listing_key(VIDEOS_LISTING)}
        if self.show_id:
            keys.add(dependencies.listing_key(SHOW_LISTING, self.show_id))
        return keys

    def freshness_position(self) -> object:
        """Lists are newest first, and split into videos and video shorts."""
        return (self.is_short, self.first_published_at)

    def freshness_touches(self) -> set[str]:
        """Its show's page lists it."""
        return {dependencies.key_for(ShowPage, self.show_id)} if self.show_id else set()
