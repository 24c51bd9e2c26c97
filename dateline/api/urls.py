"""/api/ (a small index) and /api/v1/ (the API and its schema)."""

from __future__ import annotations

import re

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path, reverse

from dateline.caching.queryparams import reads_query_params

from .endpoints import api


def _query_params_by_route() -> dict[str, tuple[str, ...]]:
    """The query parameters each path reads, from the schema (one source of truth)."""
    found: dict[str, tuple[str, ...]] = {}
    for route, operations in api.get_openapi_schema(path_prefix="")["paths"].items():
        names = {
            param["name"]
            for operation in operations.values()
            for param in operation.get("parameters", ())
            if param.get("in") == "query"
        }
        found[route] = tuple(sorted(names))
    return found


def _declare_query_params(patterns: list) -> list:
    """The page cache keeps only the parameters a view declares: declare the schema's."""
    by_route = _query_params_by_route()
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            route = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
            reads_query_params(*by_route.get(route, ()))(pattern.callback)
    return patterns


def index(request: HttpRequest) -> JsonResponse:
    """What a client needs to start: where the schema and the docs are."""

    def url(name: str, **kwargs) -> str:
        return request.build_absolute_uri(reverse(f"dateline_api:{name}", kwargs=kwargs))

    return JsonResponse(
        {
            "name": api.title,
            "version": "v1",
            "schema_url": url("openapi-json"),
            "docs_url": url("openapi-view"),
            "endpoints": {
                "stories": url("api_stories"),
                "top_stories": url("api_top_stories"),
                "changes": url("api_changes"),
                "sections": url("api_sections"),
                "topics": url("api_topics"),
                "authors": url("api_authors"),
                "agencies": url("api_agencies"),
                "submissions": url("api_submissions"),
                "shorts": url("api_shorts"),
                "web_stories": url("api_web_stories"),
                "shows": url("api_shows"),
                "videos": url("api_videos"),
                "live_tv": url("api_live_tv"),
                "trending_topics": url("api_trending"),
                "most_read": url("api_most_read"),
                "search": url("api_search"),
            },
        }
    )


_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    if _pattern.name == "api-root":  # ninja's is a 404 naming the docs: the index instead
        _pattern.callback = index
urlpatterns = [
    path("api/", index, name="api_index"),
    path("api/v1/", (_declare_query_params(_patterns), _app_name, _namespace)),
]
