"""Live blogs: a story whose body grows as entries, each its own row.

A `LiveBlogPage` is a kind of story (multi-table child of `ArticlePage`), so it is filed,
published, listed, searched, fed and put in sitemaps by the story machinery with no code of
its own; what it adds is a status and a stream of `LiveEntry` rows written from the desk
screen (`dateline.live.desk`), never through page revisions. See docs/live.md for why a page
type rather than a switch on stories.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField

from dateline.articles.blocks import ExternalEmbedBlock, ImageWithCaptionBlock, QuoteBlock
from dateline.articles.models import ArticlePage
from dateline.caching.dependencies import listing_key, narrowed, record_until

# Readers' update addresses change every this many seconds (dateline.live.views).
BUCKET_SECONDS = 10
# Entries per reader page (the first page and every `?before=` page).
ENTRIES_PER_PAGE = 20


class CoverageStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"


class LiveBlogPage(ArticlePage):
    """A story covered live: headline, summary and hero as any story, then entries."""

    coverage_status = models.CharField(
        max_length=10, choices=CoverageStatus.choices, default=CoverageStatus.UPCOMING
    )
    coverage_ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    end_after_silence = models.PositiveIntegerField(
        default=180,
        verbose_name="end after minutes of silence",
        help_text="A live blog ends by itself this many minutes after its last entry "
        "(0: only by hand).",
    )
    poll_seconds = models.PositiveIntegerField(
        default=BUCKET_SECONDS,
        validators=[MinValueValidator(BUCKET_SECONDS)],
        verbose_name="readers check every (seconds)",
        help_text="Raise it to slow every open page down under heavy load.",
    )

    reader_query_params = ("before",)
    template = "live/live_blog_page.html"

    content_panels = ArticlePage.content_panels[:2] + [
        MultiFieldPanel(
            [FieldPanel("coverage_status"), FieldPanel("end_after_silence")],
            heading="Live coverage",
            help_text="Entries are posted from the live desk (Live desk in the menu).",
        ),
        *ArticlePage.content_panels[2:],
    ]
    settings_panels = ArticlePage.settings_panels + [FieldPanel("poll_seconds")]

    class Meta:
        verbose_name = "live blog"

    # --- entries (each query narrowed to the listing `LiveEntry.freshness_listings` purges)

    def _entries(self, listing: str, *, visible: bool = True, **filters) -> models.QuerySet:
        """This blog's entries (the ones readers see, unless `visible=False`) narrowed to its
        listing `listing`: the one place the entries query and its narrowing are written."""
        entries = LiveEntry.objects.filter(blog=self, **filters)
        if visible:
            entries = entries.filter(deleted_at__isnull=True)
        return narrowed(entries, listing_key(listing, self.pk))

    def visible_entries(self) -> models.QuerySet[LiveEntry]:
        return self._entries("liveblog")

    def entries_page(
        self, before: int | None, per_page: int = ENTRIES_PER_PAGE
    ) -> tuple[list[LiveEntry], int | None]:
        """`per_page` entries newest first (below entry id `before`, when given) and
        the `before` of the next older page (None on the last). An older page never gains an
        entry, so it is narrowed to a listing no post purges: its entries' own keys cover
        their edits and deletions."""
        if before is None:
            entries = self._entries("liveblog")
        else:
            entries = self._entries("liveblog-old", pk__lt=before)
        rows = list(entries.for_reader().order_by("-pk")[: per_page + 1])
        older = rows[per_page - 1].pk if len(rows) > per_page else None
        return rows[:per_page], older

    def pinned_entry(self) -> LiveEntry | None:
        entries = self._entries("liveblog-pinned", is_pinned=True)
        return entries.for_reader().order_by("-pk").first()

    def key_events(self) -> list[LiveEntry]:
        entries = self._entries("liveblog-keys", is_key_event=True)
        return list(entries.only("pk", "blog_id", "headline", "posted_at").order_by("-pk")[:20])

    def removed_entry_ids(self, limit: int) -> list[int]:
        """The latest deleted entries (open pages remove them); a deletion purges the
        blog's listing, so this is narrowed to it."""
        entries = self._entries("liveblog", visible=False, deleted_at__isnull=False)
        return list(entries.order_by("-deleted_at").values_list("pk", flat=True)[:limit])

    def last_entry_at(self) -> dt.datetime | None:
        return self.visible_entries().order_by("-pk").values_list("posted_at", flat=True).first()

    # --- status (a silent blog ends by itself: `dateline.live.jobs.end_silent_blogs`)

    def ends_at(self, last_entry_at: dt.datetime | None) -> dt.datetime | None:
        """When a live blog ends for silence (None: it does not)."""
        if self.coverage_status != CoverageStatus.LIVE or not self.end_after_silence:
            return None
        since = last_entry_at or self.published_at or self.last_published_at
        if since is None:
            return None
        return since + dt.timedelta(minutes=self.end_after_silence)

    def status_now(self, last_entry_at: dt.datetime | None) -> str:
        """The status readers see: a live blog silent past its limit reads as ended even
        before the scheduler's pass records it."""
        ends = self.ends_at(last_entry_at)
        if ends is not None and ends <= timezone.now():
            return CoverageStatus.ENDED
        return self.coverage_status

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        before = self.requested_before(request.GET.get("before"))
        last = self.last_entry_at()
        status = self.status_now(last)
        if status != CoverageStatus.ENDED:
            record_until(self.ends_at(last))  # the page turns to "ended" by itself
        context.update(
            before=before,
            coverage_status_now=status,
            pinned=self.pinned_entry() if before is None else None,
            key_events=self.key_events(),
            bucket_seconds=BUCKET_SECONDS,
        )
        return context

    def requested_before(self, raw: str | None) -> int | None:
        """`?before=` as an entry id, or a 404: not a number, or beyond the blog's newest
        entry (such a page could gain entries, and older pages are cached as never doing)."""
        if raw is None:
            return None
        if not raw.isdigit() or len(raw) > 18:
            raise Http404("No such page of entries")
        before = int(raw)
        # Narrowed as older pages are: a `before` that is valid stays valid (ids only grow),
        # and a refused one is a 404, which is not cached.
        newest = (
            self._entries("liveblog-old", visible=False)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if newest is None or before > newest + 1 or before < 1:
            raise Http404("No such page of entries")
        return before

    def extend_structured_data(self, data: dict, request) -> dict:
        """The story's article markup made a `LiveBlogPosting` (schema.org, as Google
        documents it): coverage from the first publication to the end, the latest entries
        as `liveBlogUpdate`, each with its own address."""
        base = request.build_absolute_uri("/").rstrip("/") if request else ""
        entries, _older = self.entries_page(None)
        start = self.published_at or self.first_published_at
        end = self.coverage_ended_at or self.ends_at(entries[0].posted_at if entries else None)
        data = {**data, "@type": "LiveBlogPosting"}
        if start:
            data["coverageStartTime"] = start.isoformat(timespec="seconds")
        if end:
            data["coverageEndTime"] = end.isoformat(timespec="seconds")
        data["liveBlogUpdate"] = [
            self._update_data(entry, entry.text(), base, data) for entry in entries
        ]
        return data

    def _update_data(self, entry, text: str, base: str, blog: dict) -> dict:
        """One entry as a `liveBlogUpdate` (its body rendered once: `text`)."""
        return {
            "@type": "BlogPosting",
            "headline": entry.headline or Truncator(text).words(12, truncate="…"),
            "datePublished": entry.posted_at.isoformat(timespec="seconds"),
            "dateModified": entry.updated_at.isoformat(timespec="seconds"),
            "url": base + self.entry_url(entry.pk),
            "articleBody": text,
            # Each update is an article of its own to validators: the blog's byline
            # (or the entry's), publisher and pictures.
            "author": [{"@type": "Person", "name": n} for n in entry.author_names()]
            or blog.get("author"),
            "publisher": blog.get("publisher"),
            "image": blog.get("image"),
        }

    def entry_url(self, entry_id: int) -> str:
        """An entry's own address: the page of entries that starts with it, at its anchor."""
        return f"{self.url}?before={entry_id + 1}#entry-{entry_id}"


class EntryLinkBlock(blocks.StructBlock):
    """A link to one of our stories or videos."""

    page = blocks.PageChooserBlock(page_type=["articles.ArticlePage", "video.EpisodePage"])
    label = blocks.CharBlock(required=False, max_length=200, help_text="Defaults to its title.")

    class Meta:
        icon = "link"
        template = "live/blocks/link.html"


class EntryBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ul"], template="components/blocks/paragraph.html"
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    embed = ExternalEmbedBlock()
    link = EntryLinkBlock()


def posted_now() -> dt.datetime:
    # Looked up at each call (not `default=timezone.now`, bound once): tests move the clock.
    return timezone.now()


class LiveEntryQuerySet(models.QuerySet):
    def for_reader(self) -> LiveEntryQuerySet:
        return self.prefetch_related("authors")


class LiveEntry(models.Model):
    """One update of a live blog. Deleting keeps the row (`deleted_at`) so readers' open
    pages learn of it from the update endpoint and remove it in place."""

    blog = models.ForeignKey(LiveBlogPage, on_delete=models.CASCADE, related_name="entries")
    posted_at = models.DateTimeField(default=posted_now)
    headline = models.CharField(
        max_length=140, blank=True, help_text="Short; key events are listed by it."
    )
    body = StreamField(EntryBodyBlock(), use_json_field=True)
    authors = models.ManyToManyField("articles.Author", blank=True, related_name="+")
    is_key_event = models.BooleanField(default=False, verbose_name="key event")
    is_pinned = models.BooleanField(default=False, verbose_name="pinned")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        indexes = [models.Index(fields=["blog", "-id"], name="live_entry_blog_id")]
        permissions = [
            (
                "moderate_liveentry",
                "Pin entries, mark key events, correct or delete anyone's entries, "
                "start and end coverage",
            )
        ]

    def __str__(self) -> str:
        return self.headline or f"Entry {self.pk}"

    # --- freshness (dateline.caching.signal_handlers): the lists this entry is in
    def freshness_listings(self) -> set[str]:
        if self.deleted_at is not None:
            return set()
        keys = {listing_key("liveblog", self.blog_id)}
        if self.is_pinned:
            keys.add(listing_key("liveblog-pinned", self.blog_id))
        if self.is_key_event:
            keys.add(listing_key("liveblog-keys", self.blog_id))
        return keys

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    def text(self) -> str:
        """The entry as plain text (structured data, feeds)."""
        return " ".join(strip_tags(str(self.body.render_as_block())).split())

    def author_names(self) -> list[str]:
        return [author.name for author in self.authors.all()]
