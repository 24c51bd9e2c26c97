"""410 Gone for stories the desk took off the site.

Runs only when the response is already a 404 (and Wagtail's redirects middleware found no
redirect the editor chose), so a normal page costs no extra query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Site

from dateline.articles.models import ArticlePage


def find_withdrawn_story(request: HttpRequest) -> ArticlePage | None:
    """A once-published story at this address that is no longer live (unpublished or expired)."""
    path = request.path
    if not path.endswith("/"):
        path += "/"
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + path.lstrip("/")
    return (
        ArticlePage.objects.filter(url_path=url_path, live=False, first_published_at__isnull=False)
        .only("id", "title", "url_path", "section")
        .first()
    )


class GoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        story = find_withdrawn_story(request)
        if story is None:
            return response
        return render(request, "newsroom/410.html", {"story": story}, status=410)
