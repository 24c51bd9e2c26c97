"""State changes of shorts: drafting one from a story."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import ShortPage, ShortsIndexPage
from .summarisers import BaseSummariser, Summary, SummaryRequest, get_summariser
from .text import SHORT_WORD_LIMIT, html_to_text


class CannotDraftShort(Exception):
    """The story cannot become a Short (no text, or nowhere to put it); the message says why."""


def story_text(article: Page) -> str:
    """The story's paragraphs as plain text, one a line (headings and lists included)."""
    lines = []
    for block in getattr(article, "body", None) or []:
        if block.block_type == "paragraph":
            lines.append(html_to_text(str(block.value.source)))
    return "\n".join(line for line in lines if line)


def summarise_story(article: Page, summariser: BaseSummariser | None = None) -> Summary:
    """The summariser's Short text for a story (default backend unless one is given)."""
    summariser = summariser or get_summariser()
    return summariser.summarise(
        SummaryRequest(title=article.title, text=story_text(article), max_words=SHORT_WORD_LIMIT)
    )


def shorts_index_for(article: Page) -> ShortsIndexPage:
    index = ShortsIndexPage.objects.descendant_of(article.get_site().root_page).first()
    if index is None:
        raise CannotDraftShort(
            "There is no Shorts feed page to put the Short in: add a 'Shorts feed' page "
            "under the home page first."
        )
    return index


@transaction.atomic
def draft_short_from_article(
    article: Page, *, user=None, summariser: BaseSummariser | None = None
) -> ShortPage:
    """A new draft Short for `article`: the summariser's text, the story's picture and tags.

    Nothing is published: an editor reads it, trims it and publishes it like any page.
    """
    summary = summarise_story(article, summariser)
    if not summary.text:
        raise CannotDraftShort(
            f"“{article.title}” has no paragraphs to summarise; write the Short by hand."
        )
    index = shorts_index_for(article)
    short = ShortPage(
        title=article.title,
        body=summary.text,
        image_id=getattr(article, "hero_image_id", None),
        image_alt=getattr(article, "hero_alt", ""),
        story_id=article.pk,
        live=False,
        owner=user,
    )
    tags = getattr(article, "tags", None)
    if tags is not None:
        short.tags.set(list(tags.all()))
    index.add_child(instance=short)
    short.save_revision(user=user, log_action=True)
    return short
