"""Newsletters, their issues, subscribers and what was sent to whom.

Newsletter and Issue are content (readers see the list, each newsletter's page and the web
version of sent issues): `core.autodeps` records and invalidates them by construction.
Subscribers, subscriptions, deliveries and suppressions are bookkeeping (written by readers'
requests and by the sender, never shown on a cached page).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# Paths under /newsletters/ that are not a newsletter's page.
RESERVED_SLUGS = {"signup", "confirm", "preferences", "unsubscribe", "anymail"}


class Newsletter(ClusterableModel):
    class Cadence(models.TextChoices):
        ON_PUBLISH = "publish", "On publish of chosen sections or tags"
        DAILY = "daily", "Daily at a time"
        WEEKLY = "weekly", "Weekly on a day at a time"
        MANUAL = "manual", "Manual"

    class Rule(models.TextChoices):
        TOP = "top", "Top stories of the home page"
        SECTION = "section", "A section's latest"
        MOST_READ = "most_read", "Most read over the last 24 hours"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    sender_name = models.CharField(max_length=120, blank=True)
    sender_email = models.EmailField(blank=True, help_text="Empty: the site's DEFAULT_FROM_EMAIL.")
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.MANUAL)
    send_time = models.TimeField(
        null=True, blank=True, help_text="Daily and weekly: the time in the site's time zone."
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True, help_text="Weekly: the day."
    )
    trigger_sections = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        help_text="On publish: a story published in one of these sections sends an issue.",
    )
    trigger_tags = models.CharField(
        max_length=300, blank=True, help_text="On publish: comma-separated topic names."
    )
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.TOP)
    rule_section = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For the section rule: the section.",
    )
    story_count = models.PositiveSmallIntegerField(default=8)
    min_stories = models.PositiveSmallIntegerField(
        default=3, help_text="Fewer stories than this: nothing is sent."
    )
    consent_text = models.TextField(
        default="Send me this newsletter. I can leave at any time from a link in every email."
    )
    consent_version = models.CharField(max_length=20, default="1")
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Listed for sign-up and sent.")
    signup_default = models.BooleanField(
        default=False, help_text="Ticked on the sign-up forms of story pages and the footer."
    )
    last_scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")], "Newsletter"
        ),
        FieldRowPanel([FieldPanel("sender_name"), FieldPanel("sender_email")], "Sender"),
        MultiFieldPanel(
            [
                FieldPanel("cadence"),
                FieldRowPanel([FieldPanel("send_time"), FieldPanel("weekday")]),
                FieldPanel("trigger_sections"),
                FieldPanel("trigger_tags"),
            ],
            "When it is sent",
        ),
        MultiFieldPanel(
            [
                FieldPanel("rule"),
                FieldPanel("rule_section"),
                FieldRowPanel([FieldPanel("story_count"), FieldPanel("min_stories")]),
            ],
            "What fills an issue",
        ),
        MultiFieldPanel([FieldPanel("consent_text"), FieldPanel("consent_version")], "Consent"),
        FieldRowPanel(
            [FieldPanel("is_active"), FieldPanel("signup_default"), FieldPanel("sort_order")]
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("newsletters:detail", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is used by the newsletter pages."})

    @property
    def from_email(self) -> str:
        address = self.sender_email or settings.DEFAULT_FROM_EMAIL
        return f'"{self.sender_name}" <{address}>' if self.sender_name else address


class Issue(ClusterableModel):
    """One edition. Its stories are the newsletter's rule plus the editor's overrides."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent: too few stories"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="issues")
    subject = models.CharField(max_length=200, blank=True, help_text="Empty: name and date.")
    intro = models.TextField(blank=True)
    use_rule = models.BooleanField(
        default=True, help_text="Fill with the newsletter's rule after the stories chosen here."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    # Fixed when the send is prepared: the stories shown, in order, and the recipient count.
    story_ids = models.JSONField(default=list, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(default=0, editable=False)
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        FieldPanel("use_rule"),
        InlinePanel("picks", label="Stories added (in order)"),
        InlinePanel("removals", label="Stories left out"),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.subject:
            return self.subject
        day = timezone.localtime(self.prepared_at or self.created_at)
        return f"{self.newsletter.name}, {day:%B} {day.day}, {day.year}"

    def get_absolute_url(self) -> str:
        return reverse("newsletters:issue", args=[self.newsletter.slug, self.pk])


class IssuePick(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="picks")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("story")]


class IssueRemoval(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="removals")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("story")]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A person, by address. `token` opens the preferences page from any email (no login)."""

    email = models.EmailField(unique=True)
    token = models.CharField(max_length=40, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def newsletters(self) -> str:
        """The newsletters confirmed (the admin's list and export)."""
        # `.all()`: the admin's list and export prefetch every row's subscriptions with their
        # newsletters (`SubscriberViewSet.get_queryset`), one query each for the whole page.
        return ", ".join(
            s.newsletter.name
            for s in self.subscriptions.all()
            if s.status == Subscription.Status.CONFIRMED
        )


class Subscription(models.Model):
    """One person and one newsletter, with the consent given: its text, version, time, page."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField(null=True, blank=True)
    source_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="one_subscription")
        ]
        indexes = [models.Index(fields=["newsletter", "status"], name="subscription_status")]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.newsletter}"

    @classmethod
    def recipients(cls, newsletter: Newsletter) -> models.QuerySet[Subscription]:
        """Who an issue goes to: confirmed subscriptions of addresses not suppressed (the
        send prepares exactly these; the admin's "Send to N" counts them)."""
        return cls.objects.filter(newsletter=newsletter, status=cls.Status.CONFIRMED).exclude(
            subscriber__email__in=Suppression.objects.values("email")
        )


class Delivery(models.Model):
    """One issue to one subscriber: the unit of idempotency. Rows are written when the send
    is prepared (the recipient list is fixed then); a batch sends its pending rows."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Handed to the mail server"
        SENT = "sent", "Sent"
        SUPPRESSED = "suppressed", "Suppressed at send time"
        FAILED = "failed", "Refused by the mail server"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    batch = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claim = models.CharField(max_length=16, blank=True, help_text="The run that sends it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery")]
        indexes = [
            models.Index(fields=["issue", "batch", "state"], name="delivery_batch"),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}: {self.state}"


class Suppression(models.Model):
    """An address never sent to: a hard bounce, a complaint, or an operator's entry. A
    confirmed re-subscription lifts it (the person asked again, from that address)."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", "Bounced"
        COMPLAINT = "complaint", "Complaint"
        MANUAL = "manual", "Added by staff"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("reason"), FieldPanel("detail")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
