"""Reader search over published stories, through the configured Wagtail search backend."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from dateline.articles.models import ArticlePage
from dateline.core.pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # Newest first, as a newsroom reads: ranking every match of a common word grows
        # with the archive; by date, the story date index stops after one page.
        found = (
            ArticlePage.objects.published()
            .order_by("-published_at")
            .search(query, order_by_relevance=False)
        )
        results = paginate(request, found, settings.DATELINE_PAGE_SIZE)
        # The backend ranks; the cards' images, bylines and sections come in fixed queries.
        results.object_list = ArticlePage.objects.for_listing_in_order([r.pk for r in results])
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "breadcrumbs": [{"title": "Search", "url": reverse("search")}],
        },
    )
