"""Reader search: ranked results, topic and people matches, and the header box's suggestions.

One request costs a fixed number of queries whatever the page size: the backend returns the
candidates' ids, titles and dates with their scores (at most two queries per ranked source,
and a count when they were cut off; see `sources.PageSource.candidates`), `ranking.rank`
orders them in Python, and only the page being shown is loaded as cards
(`for_listing_in_order`). Both the ranking and the page of cards are recorded fragments
(`_ranked_matches`, `_results_block`): a warm search runs neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from taggit.models import Tag
from wagtail.models import Page

from dateline.articles.models import ArticlePage
from dateline.caching.cachestore import cached
from dateline.caching.dependencies import key_for, listing_key, record
from dateline.caching.queryparams import reads_query_params
from dateline.caching.release import release
from dateline.core.counters import rate_limited

from .forms import SearchFilterForm
from .query import MAX_QUERY_LENGTH, CleanQuery, clean_query
from .ranking import rank
from .snippets import highlight, snippet
from .sources import COUNT_LIMIT, ranked_sources, strip_sources
from .suggest import did_you_mean
from .tasks import count_search

# Best matches by relevance, plus a quarter as many newest (SQLite scores every match).
CANDIDATES_PER_SOURCE = 200
STRIP_LIMIT = 6
SUGGEST_THRESHOLD = 5  # fewer results than this: offer "did you mean"
AUTOCOMPLETE_MIN_CHARS = 2


def _latest_stories(limit: int = 5) -> list[ArticlePage]:
    return list(ArticlePage.objects.published().for_listing()[:limit])


def search_terms(raw: str) -> CleanQuery:
    """The words of a reader's query (see `query.clean_query`): nothing else reaches a backend."""
    return clean_query(raw)


@reads_query_params("q", "page", "section", "type", "kind", "author", "date_from", "date_to")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q") or ""
    query = search_terms(raw)
    form = SearchFilterForm(request.GET)
    record(listing_key("articles"))  # new, changed or withdrawn stories change the results
    context = {
        "query": query,
        "query_text": query.text or raw[:MAX_QUERY_LENGTH].strip(),
        "shortened": len(raw) > MAX_QUERY_LENGTH,
        "form": form,
        "results": None,
        "breadcrumbs": [{"title": "Search", "url": reverse("search")}],
        "max_length": MAX_QUERY_LENGTH,
    }
    if not query:
        # Empty, or nothing but punctuation and operators: a friendly page, not an error.
        context["unsearchable"] = bool(raw.strip())
        return render(request, "search/search.html", context)

    limit, window = settings.DATELINE_SEARCH_RATE_LIMIT
    if rate_limited(request, "search", limit, window):
        context["rate_limited"] = True
        response = render(request, "search/search.html", context, status=429)
        response["Retry-After"] = str(window)
        return response

    filters = form.filters()
    chosen = form.chosen_type
    ranked, total, recent_weeks = ranked_matches(query, chosen, filters)
    try:
        page = Paginator(ranked, settings.DATELINE_PAGE_SIZE).page(request.GET.get("page", "1"))
    except (InvalidPage, ValueError) as exc:
        raise Http404("No such page of results.") from exc
    older_url = ""
    if recent_weeks:  # a frequent word, ranked in recent weeks: the archive is a filter away
        params = request.GET.copy()
        params.pop("page", None)
        params["date_to"] = (timezone.localdate() - dt.timedelta(weeks=recent_weeks)).isoformat()
        older_url = "?" + params.urlencode()
    results_html = _results_block(
        request,
        page,
        query,
        {
            "total": total,
            "more_than": total > COUNT_LIMIT,
            "count_limit": f"{COUNT_LIMIT:,}",
            "capped": len(ranked) < total,
            "recent_weeks": recent_weeks,
            "older_url": older_url,
            "query_text": context["query_text"],
        },
    )

    strips = []
    if page.number == 1:
        for source in strip_sources(chosen):
            matches = source.match(query, STRIP_LIMIT)
            if matches:
                strips.append({"key": source.key, "label": source.label, "items": matches})
    record(*(_strip_key(strip["key"], item["pk"]) for strip in strips for item in strip["items"]))

    context.update(
        {
            "results": page,
            "results_html": results_html,
            "total": total,
            "capped": len(ranked) < total,
            "recent_weeks": recent_weeks,
            "strips": strips,
            "filters_active": any(
                form.data.get(name)
                for name in ("section", "type", "kind", "author", "date_from", "date_to")
            ),
            "author": filters.author,
        }
    )
    if total < SUGGEST_THRESHOLD:
        context["suggestion"] = did_you_mean(query)
    if total == 0 and not strips:
        context["latest_stories"] = _latest_stories()
    elif page.number == 1:
        count_search(query.normalised)  # only searches that found something feed "most searched"
    return render(request, "search/search.html", context)


def ranked_matches(query: CleanQuery, chosen: str, filters) -> tuple[list, int, int]:
    """Every page of a search's ranked hits, its total and its recent weeks (see
    `_ranked_matches`), as the one cached fragment the search page and the API share."""
    return cached(
        "dateline:search:v2:" + _search_key(query, chosen, filters),
        lambda: _ranked_matches(query, chosen, filters),
    )


def _ranked_matches(query: CleanQuery, chosen: str, filters) -> tuple[list, int, int]:
    """The ranked candidates (cheap columns only), the total, and for a frequent word the
    weeks they were limited to (else 0), for every page of a search.

    Ranking is the costly part, so the result is a cached fragment: it recorded
    `list:articles` (in `search`), so any publication, edit or withdrawal drops it."""
    record(listing_key("articles"))
    hits, total, recent_weeks = [], 0, 0
    for source in ranked_sources(chosen):
        found, complete, since = source.candidates(query, filters, CANDIDATES_PER_SOURCE)
        hits += found
        # An exact total costs a count only when the candidates were cut off.
        total += len(found) if complete else source.count(query, filters, since)
        if since is not None:
            recent_weeks = max(recent_weeks, (timezone.now() - since).days // 7)
    return rank(hits, query), total, recent_weeks


def _search_key(query: CleanQuery, chosen: str, filters) -> str:
    """What the ranked results depend on: the words, the type and every filter."""
    parts = [
        query.normalised,
        query.searchable,
        chosen,
        getattr(filters.section, "pk", ""),
        filters.kind,
        getattr(filters.author, "pk", ""),
        filters.date_from,
        filters.date_to,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def _results_block(request: HttpRequest, page, query: CleanQuery, extra: dict) -> SafeString:
    """The count, the page's result cards and the pagination, as HTML ("" when none of the
    page's hits can be shown).

    Loading the cards and rendering them with their highlighted headlines and snippets was
    most of a warm search's time, so the block is a cached fragment. It depends on the list
    of stories (a story published or withdrawn changes the ranking) and on what each card
    shows (an edited headline, a new picture or byline purges it). Its entry is the whole
    query string, which decides the words, the filters, the page and the pagination's
    links, the site time zone the cards' times are shown in, and the release that drew them."""
    parts = [release(), request.GET.urlencode(), timezone.get_current_timezone_name()]
    entry = "dateline:search-results:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]

    def build() -> str:
        record(listing_key("articles"))
        _attach_cards(page.object_list, query)
        page.object_list = [hit for hit in page.object_list if hit.obj is not None]
        for hit in page.object_list:
            card_keys = getattr(hit.obj, "card_keys", None)
            record(*(card_keys() if card_keys else [key_for(hit.obj)]))
        if not page.object_list:
            return ""
        return render_to_string("search/results.html", {"results": page, **extra}, request)

    return mark_safe(cached(entry, build))  # noqa: S308 - rendered by the template engine


def _strip_key(kind: str, pk: int) -> str:
    if kind == "topics":
        return key_for(Tag, pk)
    from dateline.articles.models import Author

    return key_for(Author, pk)


def _attach_cards(hits, query) -> None:
    """Load the shown hits' cards, one batch per source, and their highlighted snippets."""
    by_source: dict[str, list] = {}
    for hit in hits:
        by_source.setdefault(hit.source, []).append(hit)
    sources = {source.key: source for source in ranked_sources()}
    for key, source_hits in by_source.items():
        source = sources[key]
        objects = {obj.pk: obj for obj in source.hydrate([hit.pk for hit in source_hits])}
        for hit in source_hits:
            hit.obj = objects.get(hit.pk)
            if hit.obj is not None:
                hit.extras = {
                    "template": source.card_template,
                    "title": highlight(hit.obj.title, query),
                    "snippet": snippet(hit.obj, query),
                }


@reads_query_params("q")
@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Suggestions for the header box: {"topics": [...], "people": [...], "headlines": [...]}.

    Without JavaScript the box is a plain form that submits to /search/.
    """
    query = clean_query(request.GET.get("q"))
    empty = {"query": query.text, "topics": [], "people": [], "headlines": []}
    record(listing_key("articles"))
    if len(query.searchable) < AUTOCOMPLETE_MIN_CHARS:
        return JsonResponse(empty)
    limit, window = settings.DATELINE_SEARCH_RATE_LIMIT
    if rate_limited(request, "autocomplete", limit * 4, window):
        response = JsonResponse({**empty, "error": "Too many requests; try again shortly."})
        response.status_code = 429
        response["Retry-After"] = str(window)
        return response
    result = dict(empty)
    for source in strip_sources():
        result[source.key] = source.match(query, 4)
        record(*(_strip_key(source.key, item["pk"]) for item in result[source.key]))
    headlines = []
    for source in ranked_sources():
        headlines += source.headlines(query, 5)
    result["headlines"] = headlines[:5]
    record(*(key_for(Page, item["pk"]) for item in result["headlines"]))
    return JsonResponse(result)
