"""Wire sources, the stories they fed, what each ingest did, and the quarantine."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from . import backends
from .storage import wire_upload_storage
from .transports import confine
from .transports.base import WireTransportError


class Transport(models.TextChoices):
    HTTP = "http", "HTTP(S) URL"
    FOLDER = "folder", "Drop folder"
    UPLOAD = "upload", "Uploaded file"


class WireFormat(models.TextChoices):
    AUTO = "auto", "Detect from the file"
    NINJS = "ninjs", "ninjs (1.x, 2.x, 3.x)"
    NEWSML_G2 = "newsml-g2", "NewsML-G2"
    RSS = "rss", "RSS"
    ATOM = "atom", "Atom"


class PublishMode(models.TextChoices):
    PUBLISH = "publish", "Publish at once"
    REVIEW = "review", "Draft for the desk to review"


class DuplicatePolicy(models.TextChoices):
    FLAG = "flag", "Publish and flag to editors"
    HOLD = "hold", "Keep as a draft and flag to editors"


class WireSourceQuerySet(models.QuerySet):
    def due(self, now: dt.datetime) -> WireSourceQuerySet:
        """Enabled polled sources whose next poll time has come (or was never set)."""
        return self.filter(enabled=True, transport__in=[Transport.HTTP, Transport.FOLDER]).filter(
            models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now)
        )


class WireSource(ClusterableModel):
    """An agency feed: where it comes from (transport), how it is written (format), where its
    stories go (section, rules) and whether they publish at once."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    agency = models.ForeignKey(
        "articles.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The byline. Empty: the agency named in each item.",
    )
    transport = models.CharField(max_length=20, choices=Transport.choices, default=Transport.HTTP)
    url = models.URLField(max_length=500, blank=True, verbose_name="URL")
    folder = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "Drop folder on the server, under DATELINE_WIRE_DROP_ROOT (a relative path is "
            "taken under it); ingested files move to its 'done' sub-folder."
        ),
    )
    upload = models.FileField(
        upload_to="wire-uploads/", blank=True, storage=wire_upload_storage
    )  # private: see storage.py
    api_key_header = models.CharField(
        max_length=80, blank=True, verbose_name="API key header", help_text="e.g. x-api-key"
    )
    api_key = models.CharField(max_length=500, blank=True, verbose_name="API key")
    username = models.CharField(max_length=120, blank=True, help_text="HTTP basic auth")
    password = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=20, choices=WireFormat.choices, default=WireFormat.AUTO)
    poll_interval = models.PositiveIntegerField(
        default=300, help_text="Seconds between polls (drop folders and URLs)."
    )
    default_section = models.ForeignKey(
        "articles.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where stories go when no rule matches.",
    )
    publish_mode = models.CharField(
        max_length=20, choices=PublishMode.choices, default=PublishMode.PUBLISH
    )
    duplicate_policy = models.CharField(
        max_length=20,
        choices=DuplicatePolicy.choices,
        default=DuplicatePolicy.FLAG,
        help_text="What to do with a story another agency already filed.",
    )
    enabled = models.BooleanField(default=True)

    # Health, written by the poller.
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WireSourceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("agency"),
        MultiFieldPanel(
            [
                FieldPanel("transport"),
                FieldPanel("url"),
                FieldRowPanel([FieldPanel("api_key_header"), FieldPanel("api_key")]),
                FieldRowPanel([FieldPanel("username"), FieldPanel("password")]),
                FieldPanel("folder"),
                FieldPanel("upload"),
                FieldPanel("format"),
                FieldPanel("poll_interval"),
                FieldPanel("enabled"),
            ],
            heading="Where the copy comes from",
        ),
        MultiFieldPanel(
            [
                FieldPanel("default_section"),
                FieldPanel("publish_mode"),
                FieldPanel("duplicate_policy"),
                InlinePanel("rules", label="Rule"),
            ],
            heading="Where the stories go",
        ),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        needed = {Transport.HTTP: "url", Transport.FOLDER: "folder", Transport.UPLOAD: "upload"}
        field = needed.get(self.transport)
        if field and not getattr(self, field):
            raise ValidationError({field: f"A {self.get_transport_display()} source needs this."})
        if self.transport not in backends.transport_settings():
            raise ValidationError({"transport": "This transport is not configured here."})
        # Where the server may reach (transports.confine), also checked at every poll.
        try:
            if self.transport == Transport.HTTP:
                confine.check_url(self.url)
            elif self.transport == Transport.FOLDER:
                confine.confined_folder(self.folder)
        except WireTransportError as exc:
            raise ValidationError({field: str(exc)}) from None

    @property
    def publishes(self) -> bool:
        return self.publish_mode == PublishMode.PUBLISH

    @property
    def healthy(self) -> bool:
        """Read successfully the last time it was read (a source never read is not "OK")."""
        return self.consecutive_failures == 0 and self.last_success_at is not None

    @property
    def never_read(self) -> bool:
        return self.last_polled_at is None and self.consecutive_failures == 0

    def get_desk_url(self) -> str:
        return reverse("wires_desk") + f"?source={self.pk}"


class WireRule(Orderable):
    """Send stories whose subjects or keywords match to a section, with extra tags."""

    source = ParentalKey(WireSource, on_delete=models.CASCADE, related_name="rules")
    match = models.CharField(
        max_length=255,
        help_text="A subject code (medtop:04000000) or a word in the subjects or headline.",
    )
    section = models.ForeignKey(
        "articles.SectionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.CharField(max_length=255, blank=True, help_text="Comma-separated tags to add.")

    panels = [FieldPanel("match"), FieldPanel("section"), FieldPanel("tags")]

    def __str__(self) -> str:
        return self.match

    def matches(self, haystack: set[str], headline: str) -> bool:
        needle = self.match.strip().lower()
        return bool(needle) and (needle in haystack or needle in headline.lower())

    @property
    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.tags.split(",") if name.strip()]


class StoryState(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    WITHDRAWN = "withdrawn", "Withdrawn"
    QUARANTINED = "quarantined", "Quarantined"


class WireStory(models.Model):
    """The article an agency guid became, and the version it is at."""

    guid = models.CharField(max_length=255, unique=True)
    source = models.ForeignKey(
        WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    agency = models.ForeignKey(
        "articles.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=0)
    version_created = models.DateTimeField(null=True, blank=True)
    headline = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=StoryState.choices)
    signature = models.JSONField(default=list, blank=True, help_text="MinHash of the text.")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    similarity = models.FloatField(null=True, blank=True)
    images = models.JSONField(default=list, blank=True, help_text="Agency pictures (not fetched).")
    first_ingested_at = models.DateTimeField(default=timezone.now)
    last_ingested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "wire stories"
        indexes = [models.Index(fields=["-first_ingested_at"], name="wire_story_ingested")]

    def __str__(self) -> str:
        return self.headline


class ShingleBand(models.Model):
    """One locality-sensitive band of a story's MinHash: stories sharing a band are
    candidates for near-duplicates (an indexed lookup instead of comparing with all)."""

    story = models.ForeignKey(WireStory, on_delete=models.CASCADE, related_name="bands")
    band = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.story_id}:{self.band}"


class QuarantineStatus(models.TextChoices):
    HELD = "held", "Held"
    RETRIED = "retried", "Ingested on retry"
    DISMISSED = "dismissed", "Dismissed"


class QuarantinedFile(models.Model):
    """A file that could not be ingested, kept byte for byte with the reason (an answer from
    a URL the parsers cannot read: only its first bytes, see HTTPTransport)."""

    source = models.ForeignKey(
        WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="quarantine"
    )
    filename = models.CharField(max_length=500, blank=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=20, choices=WireFormat.choices, default=WireFormat.AUTO)
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=QuarantineStatus.choices, default=QuarantineStatus.HELD
    )
    received_at = models.DateTimeField(default=timezone.now)
    retried_at = models.DateTimeField(null=True, blank=True)
    retries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "quarantined wire file"

    def __str__(self) -> str:
        return self.filename or f"File {self.pk}"


class IngestRecord(models.Model):
    """What happened to one item (or one unreadable file): the desk's recent activity."""

    source = models.ForeignKey(
        WireSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    story = models.ForeignKey(
        WireStory, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    quarantined = models.ForeignKey(
        QuarantinedFile, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    guid = models.CharField(max_length=255, blank=True)
    headline = models.CharField(max_length=255, blank=True)
    version = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=StoryState.choices)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["source", "-at"], name="wire_record_source_at")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.headline or self.guid}"
