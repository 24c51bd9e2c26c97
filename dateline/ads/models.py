"""Ad slots and where they go, the consent notice, ads.txt, and the consent ledger.

Slots, placements and the two settings are content: the pages that show them record them as
they render (core.autodeps) and a save purges those pages. The ledger is bookkeeping: it is
written by readers' beacons and never shown on a page.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.snippets.models import register_snippet

SIZE_RE = re.compile(r"^\s*(\d{1,4})\s*[x×]\s*(\d{1,4})\s*$")


def parse_sizes(raw: str) -> list[tuple[int, int]]:
    """ "300x250, 336x280" as [(300, 250), (336, 280)]; a ValidationError names a bad entry."""
    sizes = []
    for part in filter(None, (p.strip() for p in raw.split(","))):
        match = SIZE_RE.match(part)
        if not match:
            raise ValidationError(
                _("“%(part)s” is not a size like 300x250."), params={"part": part}
            )
        sizes.append((int(match[1]), int(match[2])))
    return sizes


class Position(models.TextChoices):
    """Where a template can show a slot. The names are the `data-ad-slot` of the box."""

    HOME_TOP = "home-top", _("Home: under the header")
    HOME_RAIL = "home-rail", _("Home: under Latest News")
    HOME_BETWEEN = "home-between", _("Home: between section blocks (after block N)")
    ARTICLE_TOP = "article-top", _("Article: above the story")
    ARTICLE_INLINE = "article-inline", _("Article: in the body, after paragraph N")
    ARTICLE_SIDEBAR = "article-sidebar", _("Article: top of the right rail")
    ARTICLE_SIDEBAR_STICKY = "article-sidebar-sticky", _("Article: sticky in the right rail")
    SECTION_TOP = "section-top", _("Section: above the listing")
    SECTION_SIDEBAR = "section-sidebar", _("Section: top of the right rail")
    SECTION_SIDEBAR_STICKY = "section-sidebar-sticky", _("Section: sticky in the right rail")
    LISTING_INLINE = "listing-inline", _("Section, topic, author, agency listings: every N cards")
    LISTING_SIDEBAR = "listing-sidebar", _("Topic, author, agency: top of the right rail")
    LISTING_SIDEBAR_STICKY = "listing-sidebar-sticky", _("Topic, author, agency: sticky rail")
    EVENT_SIDEBAR = "event-sidebar", _("Event hub: right rail")


# Positions whose rule needs N (after paragraph N, after block N, every N cards).
COUNTED_POSITIONS = {Position.HOME_BETWEEN, Position.ARTICLE_INLINE, Position.LISTING_INLINE}


@register_snippet
class AdSlot(models.Model):
    """An ad unit as the ad server knows it, with the space the page keeps for it."""

    name = models.CharField(max_length=80, unique=True)
    ad_unit_path = models.CharField(
        max_length=200,
        help_text=_("The ad server's unit, e.g. /1234567/dateline/article_rail."),
    )
    sizes_small = models.CharField(
        max_length=200,
        verbose_name=_("sizes on phones"),
        help_text=_("Creative sizes under 768 px wide, comma-separated: 300x250, 320x100."),
    )
    sizes_large = models.CharField(
        max_length=200,
        verbose_name=_("sizes on wider screens"),
        help_text=_("Creative sizes from 768 px wide: 728x90, 970x90."),
    )
    height_small = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(20), MaxValueValidator(1200)],
        verbose_name=_("reserved height on phones (px)"),
        help_text=_("The box is this tall whether an ad comes or not: content never moves."),
    )
    height_large = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(20), MaxValueValidator(1200)],
        verbose_name=_("reserved height on wider screens (px)"),
    )
    lazy_margin = models.PositiveSmallIntegerField(
        default=200,
        validators=[MaxValueValidator(2000)],
        verbose_name=_("lazy-load margin (px)"),
        help_text=_("The ad is asked for when the box comes this close to the screen."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("ad_unit_path"),
        MultiFieldPanel(
            [FieldPanel("sizes_small"), FieldPanel("height_small")], heading=_("Phones")
        ),
        MultiFieldPanel(
            [FieldPanel("sizes_large"), FieldPanel("height_large")], heading=_("Wider screens")
        ),
        FieldPanel("lazy_margin"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("ad slot")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for size_field, height_field in (
            ("sizes_small", "height_small"),
            ("sizes_large", "height_large"),
        ):
            try:
                sizes = parse_sizes(getattr(self, size_field))
            except ValidationError as error:
                errors[size_field] = error
                continue
            if not sizes:
                errors[size_field] = _("Give at least one size.")
                continue
            height = getattr(self, height_field)
            if height is not None and max(h for _w, h in sizes) > height:
                errors[height_field] = _(
                    "Lower than the tallest size (%(tallest)s px): that ad would be cut."
                ) % {"tallest": max(h for _w, h in sizes)}
        if errors:
            raise ValidationError(errors)


@register_snippet
class AdPlacement(models.Model):
    """A rule: this position of the reader pages shows this slot (or nothing)."""

    position = models.CharField(max_length=40, choices=Position.choices, unique=True)
    slot = models.ForeignKey(AdSlot, on_delete=models.PROTECT, related_name="placements")
    n = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        verbose_name="N",
        help_text=_(
            "After paragraph N (article body), after section block N (home), every N cards "
            "(section listings). Unused elsewhere."
        ),
    )
    enabled = models.BooleanField(
        default=True, help_text=_("Off: the position shows no box at all.")
    )

    panels = [FieldPanel("position"), FieldPanel("slot"), FieldPanel("n"), FieldPanel("enabled")]

    class Meta:
        ordering = ["position"]
        verbose_name = _("ad placement")

    def __str__(self) -> str:
        return f"{self.get_position_display()} → {self.slot}"

    def clean(self) -> None:
        if self.position in COUNTED_POSITIONS and not self.n:
            raise ValidationError({"n": _("This position needs N.")})


class PurposeBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[a-z][a-z0-9_-]{0,39}$",
        help_text=_("A stable name scripts check, e.g. advertising, measurement."),
        error_messages={"invalid": _("Lower-case letters, digits, - and _ only.")},
    )
    label = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock(max_length=400)


# The purpose the ad server's script waits for (ads/consent.js); a CMP's TCF purpose 1 is it.
ADVERTISING = "advertising"


def default_purposes() -> list[dict[str, Any]]:
    return [
        {
            "type": "purpose",
            "value": {
                "key": ADVERTISING,
                "label": "Advertising",
                "description": "Show ads from our ad server, which may store and read an "
                "identifier on this device to choose and count them.",
            },
        }
    ]


class PurposeTranslationBlock(blocks.StructBlock):
    key = blocks.CharBlock(max_length=40, help_text=_("The purpose's name, as in Purposes."))
    label = blocks.CharBlock(max_length=80)
    description = blocks.TextBlock(max_length=400)


class NoticeTranslationBlock(blocks.StructBlock):
    """The notice in another language: pages in that language (`<html lang>`) show it; any
    part left empty is the main text's."""

    language = blocks.RegexBlock(
        regex=r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$",
        help_text=_("The page language it is for (ISO 639), e.g. hi, ta, en-gb."),
        error_messages={"invalid": _("A language code such as hi or pt-br.")},
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.TextBlock(max_length=1200, required=False)
    purposes = blocks.ListBlock(PurposeTranslationBlock(), required=False)
    accept_label = blocks.CharBlock(max_length=40, required=False)
    reject_label = blocks.CharBlock(max_length=40, required=False)


def language_match(wanted: str, available: list[str]) -> str | None:
    """The available language for a page in `wanted`: the same code, else its primary
    language (hi for hi-in), else None (the main text)."""
    wanted = wanted.strip().lower()
    if wanted in available:
        return wanted
    primary = wanted.split("-", 1)[0]
    return primary if primary in available else None


@register_setting(icon="info-circle")
class ConsentNotice(BaseSiteSetting):
    """The first-party consent notice. Readers' choices stay in their browser; the page is
    the same for everyone, so changing this purges pages only through the notice's own URL."""

    heading = models.CharField(max_length=120, default="Your privacy choices")
    text = models.TextField(
        max_length=1200,
        default="We and our ad partner would like your permission for the purposes below. "
        "You can change your mind at any time under “Privacy choices” at the foot of every page.",
    )
    purposes = StreamField(
        [("purpose", PurposeBlock())], use_json_field=True, default=default_purposes
    )
    accept_label = models.CharField(max_length=40, default="Accept")
    reject_label = models.CharField(max_length=40, default="Reject")
    translations = StreamField(
        [("translation", NoticeTranslationBlock())],
        use_json_field=True,
        blank=True,
        default=list,
        help_text=_("The notice in the languages of the site's pages; one version for all."),
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Raised when the text or purposes change: readers are asked again."),
    )

    panels = [
        FieldPanel("heading"),
        FieldPanel("text"),
        FieldPanel("purposes"),
        FieldPanel("accept_label"),
        FieldPanel("reject_label"),
        FieldPanel("translations"),
    ]

    class Meta:
        verbose_name = _("consent notice")

    def purpose_list(self) -> list[dict[str, str]]:
        return [dict(block.value) for block in self.purposes]

    def _translations(self) -> dict[str, dict[str, Any]]:
        return {
            block.value["language"].lower(): block.value
            for block in self.translations
            if block.block_type == "translation"
        }

    def in_language(self, language: str | None) -> dict[str, Any]:
        """What the consent script shows a page in `language`: that translation where one
        is written (each empty part, and each purpose it does not name, from the main
        text), else the main text. The version is the notice's: the same in every language."""
        translations = self._translations()
        chosen = language_match(language or "", list(translations))
        own = translations.get(chosen, {}) if chosen else {}
        names = {p["key"]: p for p in own.get("purposes") or []}
        purposes = []
        for purpose in self.purpose_list():
            translated = names.get(purpose["key"]) or {}
            purposes.append(
                {
                    **purpose,
                    **{k: translated[k] for k in ("label", "description") if translated.get(k)},
                }
            )
        return {
            "version": self.version,
            "language": chosen or "",
            "heading": own.get("heading") or self.heading,
            "text": own.get("text") or self.text,
            "purposes": purposes,
            "accept": own.get("accept_label") or self.accept_label,
            "reject": own.get("reject_label") or self.reject_label,
        }

    def fingerprint(self) -> tuple[Any, ...]:
        """What a reader agrees to, in every language the notice is written in."""
        texts = []
        for language in sorted(self._translations()):
            shown = self.in_language(language)
            texts.append((language, shown["heading"], shown["text"], repr(shown["purposes"])))
        return (
            self.heading,
            self.text,
            tuple(tuple(p.items()) for p in self.purpose_list()),
            tuple(texts),
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # What a reader agreed to is what the version names: any change asks them again.
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored.fingerprint() != self.fingerprint():
                self.version = stored.version + 1
        super().save(*args, **kwargs)


@register_setting(icon="doc-full")
class AdsTxt(BaseSiteSetting):
    """The IAB files naming who may sell this site's inventory, served at the site root."""

    ads_txt = models.TextField(blank=True, max_length=50_000, verbose_name="ads.txt")
    app_ads_txt = models.TextField(blank=True, max_length=50_000, verbose_name="app-ads.txt")

    panels = [FieldPanel("ads_txt"), FieldPanel("app_ads_txt")]

    class Meta:
        verbose_name = "ads.txt"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The consent ledger is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The consent ledger is append-only.")


# A TC string: base64url segments joined by dots (IAB TCF v2.2). Bounded: a core segment with
# a thousand-odd vendors' bits, their legitimate interests and the disclosed vendors is about
# a kilobyte; publisher restrictions may add some.
TC_STRING_RE = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
MAX_TC_STRING = 6000
# TCF v2.2 names purposes 1-11; the string has room for 24.
TCF_PURPOSES = range(1, 25)


class ConsentRecord(models.Model):
    """One decision of one browser: no address, no agent, only the browser's random id.

    A decision made in our own notice names the notice's version; one made in a certified
    CMP (IAB TCF v2.2) keeps the CMP's TC string instead, which itself names the CMP, its
    version, the consent screen and the policy version the reader answered."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accepted")
        REJECT = "reject", _("Rejected")

    class Source(models.TextChoices):
        NOTICE = "notice", _("Our notice")
        TCF = "tcf", _("TCF CMP")

    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    consent_id = models.UUIDField(db_index=True, help_text=_("Random, made by the browser."))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.NOTICE)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    purposes = models.JSONField(default=list, help_text=_("The purposes agreed to."))
    notice_version = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Our notice's version (none for a CMP's decision).")
    )
    tc_string = models.TextField(
        blank=True, max_length=MAX_TC_STRING, verbose_name=_("TC string"),
        help_text=_("The CMP's TC string: the whole decision as the CMP encoded it."),
    )  # fmt: skip
    tcf_purposes = models.JSONField(
        default=list,
        verbose_name=_("TCF purposes"),
        help_text=_("The TCF purposes (1-11) the reader consented to in the CMP."),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent record")
        constraints = [
            # Each row proves what was agreed to: our notice's version, or the CMP's string.
            models.CheckConstraint(
                condition=(
                    models.Q(source="notice", notice_version__isnull=False, tc_string="")
                    | (
                        models.Q(source="tcf", notice_version__isnull=True)
                        & ~models.Q(tc_string="")
                    )
                ),
                name="consent_record_names_what_was_agreed",
            )
        ]

    def __str__(self) -> str:
        if self.source == self.Source.TCF:
            return f"{self.consent_id} {self.decision} (TCF)"
        return f"{self.consent_id} {self.decision} v{self.notice_version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The consent ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The consent ledger is append-only.")

    def agreed_to(self) -> str:
        """What the reader answered: our notice's version, or the CMP's purposes."""
        if self.source == self.Source.TCF:
            return "TCF " + (", ".join(map(str, self.tcf_purposes)) or "none")
        return f"v{self.notice_version}"
