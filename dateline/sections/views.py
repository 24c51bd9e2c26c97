"""Listings outside the page tree: topic, author and agency pages."""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Site

from dateline.articles.models import Agency, ArticlePage, Author, rail_stories
from dateline.core.dependencies import key_for, listing_key, record, record_objects
from dateline.core.pagination import paginate


def _crumb(title: str, url: str) -> dict:
    return {"title": title, "url": url}


def _listing_context(request: HttpRequest, stories: PaginatorPage, listing: str) -> dict:
    """The paginated stories plus a right column that repeats none of them."""
    listed = list(stories.object_list)  # evaluated once; the template reads the cache
    record(listing)
    record_objects(listed)
    top, latest = rail_stories(
        Site.find_for_request(request), exclude={story.pk for story in listed}
    )
    return {"stories": stories, "top_stories": top, "latest_stories": latest}


def topic_index(request: HttpRequest) -> HttpResponse:
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


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    stories = ArticlePage.objects.published().for_listing().tagged_newest_first(tag)
    record(key_for(tag))
    return render(
        request,
        "sections/topic_page.html",
        {
            "topic": tag,
            **_listing_context(
                request,
                paginate(request, stories, settings.DATELINE_PAGE_SIZE),
                listing_key("tag", tag.pk),
            ),
            "rss_url": reverse("topic_rss_feed", kwargs={"slug": tag.slug}),
            "breadcrumbs": [
                _crumb("Topics", reverse("topic_index")),
                _crumb(tag.name, reverse("topic", args=[tag.slug])),
            ],
        },
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.published().filter(article_authors__author=author).for_listing()
    record(key_for(author))
    return render(
        request,
        "sections/author_page.html",
        {
            "author": author,
            **_listing_context(
                request,
                paginate(request, stories, settings.DATELINE_PAGE_SIZE),
                listing_key("author", author.pk),
            ),
            "rss_url": reverse("author_rss_feed", kwargs={"slug": author.slug}),
            "breadcrumbs": [_crumb(author.name, author.get_absolute_url())],
        },
    )


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    stories = ArticlePage.objects.published().filter(agency=agency).for_listing()
    record(key_for(agency))
    return render(
        request,
        "sections/agency_page.html",
        {
            "agency": agency,
            **_listing_context(
                request,
                paginate(request, stories, settings.DATELINE_PAGE_SIZE),
                listing_key("agency", agency.pk),
            ),
            "rss_url": reverse("agency_rss_feed", kwargs={"slug": agency.slug}),
            "breadcrumbs": [_crumb(agency.name, agency.get_absolute_url())],
        },
    )
