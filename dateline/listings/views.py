"""Listings outside the page tree: topic, author and agency pages."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from taggit.models import Tag

from dateline.caching.dependencies import listing_key, record
from dateline.caching.queryparams import reads_query_params
from dateline.core.pagination import paginate_lazily

from .subjects import get_listing


def _crumb(title: str, url: str) -> dict:
    return {"title": title, "url": url}


def topic_index(request: HttpRequest) -> HttpResponse:
    record(listing_key("tags"), listing_key("articles"))  # topics with their story counts
    topics = (
        Tag.objects.filter(articles_articlepagetag_items__isnull=False)
        .annotate(story_count=Count("articles_articlepagetag_items"))
        .order_by("name")
    )
    return render(
        request,
        "listings/topic_index.html",
        {
            "topics": topics,
            "breadcrumbs": [_crumb("Topics", reverse("topic_index"))],
        },
    )


@reads_query_params("page")
def listing_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A topic, author or agency page: the listing's header and its stories, paginated."""
    listing = get_listing(kind, slug)
    record(*listing.keys)
    # Read inside the page's listing fragment (each card records itself), so a warm
    # fragment reads no story.
    stories = paginate_lazily(
        request, listing.cards(), settings.DATELINE_PAGE_SIZE, keys=listing.keys
    )
    crumbs = [_crumb(listing.title, listing.url)]
    if kind == "topic":
        crumbs.insert(0, _crumb("Topics", reverse("topic_index")))
    return render(
        request,
        listing.template,
        {
            "listing": listing,
            kind: listing.subject,
            "stories": stories,
            "breadcrumbs": crumbs,
            "rss_url": reverse(f"{kind}_rss_feed", kwargs={"slug": slug}),
        },
    )
