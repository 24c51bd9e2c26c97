"""Where an item goes and what it is called: its agency, section, topics, slug and dek."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from dateline.articles.sanitize import plain_text

from ..items import WireItem

if TYPE_CHECKING:
    from dateline.articles.models import Agency
from .records import MAX_TAGS, IngestError, _agency_model, _Context


def _agency(item: WireItem, context: _Context) -> Agency | None:
    if context.source and context.source.agency_id:
        return context.source.agency
    name = item.provider.strip()
    if not name:
        return None
    if name not in context.agencies:
        agency = (
            _agency_model()
            .objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
            .first()
        )
        if agency is None:
            slug = slugify(name)[:120] or hashlib.sha1(name.encode()).hexdigest()[:12]
            agency, _ = _agency_model().objects.get_or_create(
                slug=slug, defaults={"name": name[:120]}
            )
        context.agencies[name] = agency
    return context.agencies[name]


def _route(item: WireItem, context: _Context):
    """The section (first matching rule, else the source's, else the site's first) and tags."""
    haystack = {s.name.lower() for s in item.subjects} | {
        s.code.lower() for s in item.subjects if s.code
    }
    section = None
    tags: list[str] = []
    if context.source is not None:
        if context.rules is None:
            context.rules = list(context.source.rules.select_related("section"))
        for rule in context.rules:
            if rule.matches(haystack, item.headline):
                section = section or rule.section
                tags += rule.tag_names
        section = section or context.source.default_section
    section = section or _fallback_section(context)
    if section is None:
        raise IngestError(
            "There is no section to file the story in: give the source a default section."
        )
    seen = set()
    names = []
    for name in tags + [s.name for s in item.subjects]:
        name = name.strip()[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return section, names[:MAX_TAGS]


def _topics(names: list[str], context: _Context) -> list:
    """Topic rows for `names`, found (case-insensitively, as taggit does) or made once a
    batch rather than once a story."""
    tag_model = apps.get_model("taggit", "Tag")
    topics = []
    for name in names:
        key = name.lower()
        if key not in context.tags:
            context.tags[key] = (
                tag_model.objects.filter(name__iexact=name).order_by("pk").first()
                or tag_model.objects.get_or_create(name__iexact=name, defaults={"name": name})[0]
            )
        topics.append(context.tags[key])
    return topics


def _fallback_section(context: _Context):
    if context.fallback_section is None:
        section_model = apps.get_model("articles", "SectionPage")
        slug = getattr(settings, "DATELINE_WIRES_DEFAULT_SECTION", "")
        sections = section_model.objects.order_by("depth", "path")
        context.fallback_section = (
            sections.filter(slug=slug).first() if slug else None
        ) or sections.first()
    return context.fallback_section


def _slug(item: WireItem) -> str:
    """The headline's words; filing adds "-2", "-3"… only when the month already has it."""
    return slugify(item.headline, allow_unicode=False)[:70].strip("-") or "wire-story"


def _dek_from(body_html: str) -> str:
    """The first paragraph, cut at a word near 300 characters (agency copy has no summary)."""
    first = body_html.split("</p>", 1)[0]
    text = plain_text(first)
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"
