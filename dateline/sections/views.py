"""Listings outside the page tree: topic, author and agency pages."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from taggit.models import Tag

from dateline.articles.models import Agency, ArticlePage, Author
from dateline.core.pagination import paginate


def _crumb(title: str, url: str) -> dict:
    return {"title": title, "url": url}


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
    return render(
        request,
        "sections/topic_page.html",
        {
            "topic": tag,
            "stories": paginate(request, stories, settings.DATELINE_PAGE_SIZE),
            "breadcrumbs": [
                _crumb("Topics", reverse("topic_index")),
                _crumb(tag.name, reverse("topic", args=[tag.slug])),
            ],
        },
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.published().filter(article_authors__author=author).for_listing()
    return render(
        request,
        "sections/author_page.html",
        {
            "author": author,
            "stories": paginate(request, stories, settings.DATELINE_PAGE_SIZE),
            "breadcrumbs": [_crumb(author.name, author.get_absolute_url())],
        },
    )


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    stories = ArticlePage.objects.published().filter(agency=agency).for_listing()
    return render(
        request,
        "sections/agency_page.html",
        {
            "agency": agency,
            "stories": paginate(request, stories, settings.DATELINE_PAGE_SIZE),
            "breadcrumbs": [_crumb(agency.name, agency.get_absolute_url())],
        },
    )
