"""Reader search over published stories, through the configured Wagtail search backend."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from dateline.articles.models import ArticlePage
from dateline.core.pagination import paginate

MAX_QUERY_LENGTH = 200
# Readers type words, not query syntax: everything else (quotes, `;`, `*`, `(`, `-`, `^`, NUL)
# is dropped before the backend sees it, so SQLite FTS5 or PostgreSQL's tsquery parser can
# never be handed a syntax error.
WORD = re.compile(r"\w+")


def search_terms(query: str) -> str:
    """The words of a reader's query, space-separated; "" when nothing searchable is left."""
    return " ".join(WORD.findall(query))


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    terms = search_terms(query)
    if terms:
        found = ArticlePage.objects.published().search(terms, order_by_relevance=True)
        results = paginate(request, found, settings.DATELINE_PAGE_SIZE)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "breadcrumbs": [{"title": "Search", "url": reverse("search")}],
        },
    )
