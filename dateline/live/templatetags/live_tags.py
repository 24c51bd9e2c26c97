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
    if not _is_live_blog(story):
        return ""
    status = story.__dict__.get(PREPARED_STATUS, _UNREAD)
    if status is _UNREAD:
        status = (
            LiveBlogPage.objects.filter(pk=story.pk)
            .values_list("coverage_status", flat=True)
            .first()
        )
    if status != CoverageStatus.LIVE:
        return ""
    return format_html('<span class="live-label">{}</span> ', "Live")


# Where `prepare_live_labels` leaves a card's coverage status for `live_label`.
PREPARED_STATUS = "_card_coverage_status"
_UNREAD = object()


def _is_live_blog(story) -> bool:
    type_id = getattr(story, "__dict__", {}).get("content_type_id")
    return (
        type_id is not None
        and ContentType.objects.get_for_id(type_id).model_class() is LiveBlogPage
    )


def prepare_live_labels(stories: list) -> None:
    """The coverage status of every live blog among the cards of several listings, in one
    query (`articles.cards.prepare_cards`) instead of one a card. The query is anchored to
    those pages (`caching.autodeps`): it records their keys, as each card's query did."""
    blogs = [story for story in stories if _is_live_blog(story)]
    if not blogs:
        return
    statuses = dict(
        LiveBlogPage.objects.filter(pk__in=[story.pk for story in blogs]).values_list(
            "pk", "coverage_status"
        )
    )
    for story in blogs:
        story.__dict__[PREPARED_STATUS] = statuses.get(story.pk)
