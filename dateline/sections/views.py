"""Listings outside the page tree: topic, author and agency pages."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from taggit.models import Tag

from dateline.core.dependencies import listing_key, record, record_objects
from dateline.core.pagination import paginate

from .listings import get_listing


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
        "sections/topic_index.html",
        {
            "topics": topics,
            "breadcrumbs": [_crumb("Topics", reverse("topic_index"))],
        },
    )


def listing_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A topic, author or agency page: the listing's header and its stories, paginated."""
    listing = get_listing(kind, slug)
    record(*listing.keys)
    stories = paginate(request, listing.cards(), settings.DATELINE_PAGE_SIZE)
    record_objects(stories.object_list)
    crumbs = [_crumb(listing.title, listing.url)]
    if kind == "topic":
        crumbs.insert(0, _crumb("Topics", reverse("topic_index")))
    return render(
        request,
        listing.template,
        {"listing": listing, kind: listing.subject, "stories": stories, "breadcrumbs": crumbs},
    )
