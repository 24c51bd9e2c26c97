"""Listings outside the page tree (topic, author, agency), defined once for the page and
its feeds: what the listing is about, how it is titled and which stories it holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag

from dateline.articles.models import Agency, ArticlePage, ArticlePageQuerySet, Author
from dateline.caching.dependencies import key_for, listing_key, narrow, narrowed


@dataclass(frozen=True)
class Listing:
    kind: str  # "topic", "author", "agency": also the URL names of the page and its feeds
    subject: Model
    title: str
    description: str
    url: str
    stories: QuerySet  # published and unsliced
    keys: tuple[str, ...]  # what a page showing this listing depends on
    ordering: tuple[str, ...] = ("-published_at", "-pk")  # newest first, by an index

    def cards(self) -> QuerySet:
        """The stories as cards, newest first, in the order the listing's index serves."""
        return self.stories.for_listing().order_by(*self.ordering)

    @property
    def template(self) -> str:
        return f"listings/{self.kind}_page.html"


def topic_listing(slug: str) -> Listing:
    with narrow(listing_key("tags")):  # a topic appears or goes with `list:tags`
        tag = get_object_or_404(Tag, slug=slug)
    return Listing(
        kind="topic",
        subject=tag,
        title=tag.name,
        description=f"All our coverage of {tag.name}, newest first.",
        url=reverse("topic", args=[tag.slug]),
        stories=narrowed(ArticlePage.objects.published().tagged(tag), listing_key("tag", tag.pk)),
        keys=(key_for(tag), listing_key("tag", tag.pk)),
        ordering=ArticlePageQuerySet.TAG_INDEX_ORDER,
    )


def author_listing(slug: str) -> Listing:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    return Listing(
        kind="author",
        subject=author,
        title=author.name,
        description=f"Stories by {author.name}.",
        url=author.get_absolute_url(),
        stories=narrowed(
            ArticlePage.objects.published().filter(article_authors__author=author),
            listing_key("author", author.pk),
        ),
        keys=(key_for(author), listing_key("author", author.pk)),
    )


def agency_listing(slug: str) -> Listing:
    agency = get_object_or_404(Agency, slug=slug)
    return Listing(
        kind="agency",
        subject=agency,
        title=agency.name,
        description=agency.description or f"Stories from {agency.name}.",
        url=agency.get_absolute_url(),
        stories=narrowed(
            ArticlePage.objects.published().filter(agency=agency).order_by("-published_at", "-pk"),
            listing_key("agency", agency.pk),
        ),
        keys=(key_for(agency), listing_key("agency", agency.pk)),
    )


LISTINGS: dict[str, Callable[[str], Listing]] = {
    "topic": topic_listing,
    "author": author_listing,
    "agency": agency_listing,
}


def get_listing(kind: str, slug: str) -> Listing:
    """The listing of `kind` for `slug`; Http404 when there is no such topic, author or agency."""
    return LISTINGS[kind](slug)
