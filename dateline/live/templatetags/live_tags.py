"""Live blogs in templates: a page of entries (inside its fragment) and the LIVE label."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dateline.caching.cachestore import cached, fragment_entry
from dateline.caching.dependencies import key_for, record

from ..models import CoverageStatus, LiveBlogPage

register = template.Library()


@register.simple_tag
def live_entries(page: LiveBlogPage, before: int | None) -> str:
    """A page of entries with its pagination, cached as a fragment of its own. Not a
    `{% fragment %}`: that one also depends on what the page read before it (the newest
    entries, for the status), and an older page of entries does not: its fragment keeps
    until one of its entries or the blog itself changes, whatever is posted."""
    entry = fragment_entry(page.pk, before or 0, kind="live-entries")

    def build() -> str:
        record(key_for(page))  # every entry's link carries the blog's address
        entries, older = page.entries_page(before)
        context = {"page": page, "entries": entries, "older": older, "before": before}
        return render_to_string("live/entries.html", context)

    return mark_safe(cached(entry, build))  # our own template's output


@register.simple_tag
def entry_url(page: LiveBlogPage, entry) -> str:
    return page.entry_url(entry.pk)


@register.simple_tag
def live_label(story) -> str:
    """ "LIVE" on a card that links to a live blog being covered now. Any other card asks
    nothing; a live blog's card reads its status by primary key (it records that page, so
    ending the coverage, a revision of it, purges the card)."""
    # The card's own type, from the column as loaded (a narrowed `.only()` load must not cost
    # a query per card) and Django's content-type cache, which creating or routing a story
    # of that type has filled: an ordinary story's card asks the database nothing.
    type_id = getattr(story, "__dict__", {}).get("content_type_id")
    if type_id is None or ContentType.objects.get_for_id(type_id).model_class() is not LiveBlogPage:
        return ""
    status = (
        LiveBlogPage.objects.filter(pk=story.pk).values_list("coverage_status", flat=True).first()
    )
    if status != CoverageStatus.LIVE:
        return ""
    return format_html('<span class="live-label">{}</span> ', "Live")
