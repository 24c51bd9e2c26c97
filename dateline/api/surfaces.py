"""The API's other reader surfaces: Shorts, video (shows and episodes), Live TV, Web Stories,
trending and most read, search, and live-blog entries.

The same conventions as the stories: every query starts from its type's `published()` (the
one public rule), lists page with opaque cursors (at most `MAX_LIMIT` a page, stated in the
schema), pictures come at the named sizes their own pages show, and each read goes through
the same code the site's page does, so it records what the page records and is purged by
the same writes (freshness by construction, no hand-written invalidation).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError
from pydantic import Field

from dateline.articles.models import ArticlePage, SectionPage
from dateline.caching.dependencies import (
    listing_key,
    narrowed,
    record,
    record_objects,
    record_until,
)
from dateline.core.counters import rate_limited
from dateline.core.visibility import PublicPageQuerySet
from dateline.live.models import CoverageStatus, LiveBlogPage
from dateline.search.forms import SearchFilterForm
from dateline.search.query import MAX_QUERY_LENGTH, clean_query
from dateline.search.views import ranked_matches
from dateline.shorts.models import ShortPage
from dateline.stories.models import WebStoryPage
from dateline.trending.ranking import most_read, trending_topics
from dateline.video.models import VIDEOS_LISTING, EpisodePage, LiveTvPage, ShowPage

from . import cursors, schemas, serialise
from .gate import error_response

MAX_LIMIT = schemas.MAX_LIMIT
ERRORS = schemas.ERRORS
Paging = schemas.Paging
TRENDING_MAX = 20
MOST_READ_MAX = 10

shorts = Router(tags=["shorts"])
video = Router(tags=["video"])
live_tv = Router(tags=["live tv"])
web_stories = Router(tags=["web stories"])
trending = Router(tags=["trending"])
search = Router(tags=["search"])
live_blogs = Router(tags=["live blogs"])


def _public(model) -> PublicPageQuerySet:
    return PublicPageQuerySet(model).published()


def _keyset(request: HttpRequest, queryset, field: str, paging: Paging, render) -> dict:
    """A page of `queryset` (ordered newest first by `field`, then id) from the cursor on."""
    if paging.cursor:
        queryset = cursors.older_than(queryset, field, paging.cursor)
    rows = list(queryset[: paging.limit + 1])
    page, next_cursor, next_url = cursors.keyset_page(
        request, rows, paging.limit, lambda row: (getattr(row, field), row.pk)
    )
    return {
        "items": [render(request, row) for row in page],
        "next_cursor": next_cursor,
        "next": next_url,
    }


# --- Shorts and Web Stories -------------------------------------------------------------------


@shorts.get("/shorts/", response={200: schemas.ShortList, **ERRORS}, url_name="api_shorts")
def list_shorts(request: HttpRequest, paging: Query[Paging]):
    """Shorts newest first, as the /shorts/ feed shows them."""
    queryset = ShortPage.objects.published().for_cards().prefetch_related("tags")
    return _keyset(request, queryset, "first_published_at", paging, serialise.short)


@web_stories.get(
    "/web-stories/", response={200: schemas.WebStoryList, **ERRORS}, url_name="api_web_stories"
)
def list_web_stories(request: HttpRequest, paging: Query[Paging]):
    """Web Stories newest first, as /web-stories/ lists them; `url` is the AMP story."""
    queryset = WebStoryPage.objects.published().for_cards()
    return _keyset(request, queryset, "first_published_at", paging, serialise.web_story)


@shorts.get("/shorts/{short_id}/", response={200: schemas.Short, **ERRORS}, url_name="api_short")
def short_detail(request: HttpRequest, short_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One Short (the change feed's address for it)."""
    shorts_public = ShortPage.objects.published().for_cards().prefetch_related("tags")
    return serialise.short(request, get_object_or_404(shorts_public, pk=short_id))


@web_stories.get(
    "/web-stories/{web_story_id}/",
    response={200: schemas.WebStory, **ERRORS},
    url_name="api_web_story",
)
def web_story_detail(request: HttpRequest, web_story_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One Web Story (the change feed's address for it); `url` is the AMP story."""
    stories = WebStoryPage.objects.published().for_cards()
    return serialise.web_story(request, get_object_or_404(stories, pk=web_story_id))


# --- video ----------------------------------------------------------------------------------


@video.get("/shows/", response=list[schemas.Show], url_name="api_shows")
def list_shows(request: HttpRequest):
    """Every show, in the desk's order (as /shows/ lists them)."""
    shows = ShowPage.objects.published().for_listing().prefetch_related("hosts__author")
    return [serialise.show(request, show) for show in shows]


@video.get("/shows/{show_id}/", response={200: schemas.Show, **ERRORS}, url_name="api_show")
def show_detail(request: HttpRequest, show_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One show (the change feed's address for it); its videos are at `videos_url`."""
    shows = ShowPage.objects.published().for_listing().prefetch_related("hosts__author")
    return serialise.show(request, get_object_or_404(shows, pk=show_id))


class VideoFilters(Paging):
    show: int | None = Field(None, ge=1, le=schemas.MAX_ID, description="A show's id.")
    short: bool | None = Field(None, description="Only video shorts (true) or only the others.")


@video.get("/videos/", response={200: schemas.VideoList, **ERRORS}, url_name="api_videos")
def list_videos(request: HttpRequest, filters: Query[VideoFilters]):
    """Videos (episodes of shows and video stories) newest first by upload time."""
    if filters.show is not None:
        show = get_object_or_404(ShowPage.objects.published(), pk=filters.show)
        queryset = show.episodes()  # narrowed to the show's listing, as its page is
    else:
        key = listing_key(VIDEOS_LISTING)
        queryset = narrowed(EpisodePage.objects.published().for_listing(), key)
    if filters.short is not None:
        queryset = queryset.filter(is_short=filters.short)
    return _keyset(request, queryset, "uploaded_at", filters, serialise.video)


@video.get(
    "/videos/{video_id}/", response={200: schemas.VideoDetail, **ERRORS}, url_name="api_video"
)
def video_detail(request: HttpRequest, video_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One video: where to play it (file, HLS or YouTube), captions, transcript, topics."""
    episodes = (
        EpisodePage.objects.published()
        .for_listing()
        .select_related("video_file", "captions")
        .prefetch_related("tags")
    )
    return serialise.video_detail(request, get_object_or_404(episodes, pk=video_id))


@live_tv.get(
    "/live-tv/", response={200: schemas.LiveTv, 404: schemas.Error}, url_name="api_live_tv"
)
def live_tv_now(request: HttpRequest):
    """The live channel: its stream (null when off air), what is on now and next, and the
    rest of the schedule; `changes_at` is when to ask again."""
    page = get_object_or_404(_public(LiveTvPage).order_by("path")[:1])
    return serialise.live_tv(request, page, page.on_air(request))


# --- trending, most read, search ------------------------------------------------------------


@trending.get("/trending/topics/", response=list[schemas.TrendingTopic], url_name="api_trending")
def list_trending_topics(
    request: HttpRequest,
    limit: int = Query(10, ge=1, le=TRENDING_MAX, description=f"{TRENDING_MAX} at most."),
):
    """The fastest-rising topics of the last hours (hidden ones left out), as the site's
    trending strip ranks them."""
    record(listing_key("trending"))
    return [serialise.trending_topic(request, trend) for trend in trending_topics(limit)]


@trending.get(
    "/trending/most-read/",
    response={200: list[schemas.StorySummary], **ERRORS},
    url_name="api_most_read",
)
def list_most_read(
    request: HttpRequest,
    section: int | None = Query(
        None, ge=1, le=schemas.MAX_ID, description="A top-level section's id; the site's when none."
    ),
    limit: int = Query(5, ge=1, le=MOST_READ_MAX, description=f"{MOST_READ_MAX} at most."),
):
    """The most read stories of the last 24 hours, site-wide or in a top-level section."""
    top = None
    if section is not None:
        top = get_object_or_404(
            _public(SectionPage).filter(depth=SectionPage.TOP_LEVEL_DEPTH), pk=section
        )
    record(listing_key("most-read"))
    stories = most_read(top, limit)
    record_objects(stories)
    return serialise.summaries(request, stories)


class SearchQuery(Paging):
    # No NUL: the site answers 400 to any address holding one (core.middleware), so the
    # schema says so instead of promising an answer it cannot give.
    q: str = Field(
        min_length=1, max_length=MAX_QUERY_LENGTH, pattern=r"^[^\x00]*$", description="The words."
    )
    section: str | None = Field(
        None, pattern=schemas.SLUG, description="A top-level section's slug."
    )
    type: schemas.StoryType | None = None
    author: str | None = Field(None, pattern=schemas.SLUG, description="An author's slug.")
    date_from: dt.date | None = Field(
        None, description="Published on or after (site time); a year from 1900 to 2200."
    )
    date_to: dt.date | None = Field(
        None, description="Published on or before (site time), not before `date_from`."
    )


@search.get(
    "/search/",
    response={200: schemas.SearchPage, **ERRORS, 429: schemas.Error},
    url_name="api_search",
)
def search_stories(request: HttpRequest, params: Query[SearchQuery]):
    """Stories matching the words, best first: the site's search (same backend, ranking,
    filters and public rule), at the same rate limit per client as /search/."""
    query = clean_query(params.q)
    if not query:  # only punctuation or operators: nothing found, as the site says
        empty = {"total": 0, "recent_weeks": 0, "items": [], "next_cursor": None, "next": None}
        return {"query": query.text, **empty}
    data = {"kind": params.type or "", "type": "articles"}  # the site's form, its rules
    for name in ("section", "author", "date_from", "date_to"):
        if (value := getattr(params, name)) is not None:
            data[name] = str(value)
    form = SearchFilterForm(data)
    if not form.is_valid():
        # An author or section that is not there is a 404, as on /stories/; dates are 400s.
        unknown = {"author", "section"} & set(form.errors)
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        raise HttpError(404 if unknown else 400, problems)
    offset = cursors.decode_offset(params.cursor) if params.cursor else 0
    limit, window = settings.DATELINE_SEARCH_RATE_LIMIT
    if rate_limited(request, "search", limit, window):
        return error_response(
            429, "Too many searches; try again shortly.", **{"Retry-After": str(window)}
        )
    record(listing_key("articles"))  # new, changed or withdrawn stories change the results
    ranked, total, recent_weeks = ranked_matches(query, form.chosen_type, form.filters())
    hits = ranked[offset : offset + params.limit]
    stories = ArticlePage.objects.published().for_listing_in_order([hit.pk for hit in hits])
    record_objects(stories)
    more = offset + params.limit < len(ranked)
    next_cursor = cursors.encode_offset(offset + params.limit) if more else None
    return {
        "query": query.text,
        "total": total,
        "recent_weeks": recent_weeks,
        "items": serialise.summaries(request, stories),
        "next_cursor": next_cursor,
        "next": cursors.next_url(request, next_cursor) if next_cursor else None,
    }


# --- live blogs -----------------------------------------------------------------------------


@live_blogs.get(
    "/live-blogs/{blog_id}/entries/",
    response={200: schemas.EntryList, **ERRORS},
    url_name="api_live_entries",
)
def live_entries(
    request: HttpRequest, paging: Query[Paging], blog_id: int = Path(..., ge=1, le=schemas.MAX_ID)
):
    """A live blog's entries newest first, with its status and when to ask again. Poll the
    first page (no cursor) every `next_poll_seconds`; page back with `next_cursor`."""
    blog = get_object_or_404(LiveBlogPage.objects.published(), pk=blog_id)
    before = cursors.decode(paging.cursor)[1] if paging.cursor else None
    entries, older = blog.entries_page(before, paging.limit)
    last = entries[0].posted_at if before is None and entries else blog.last_entry_at()
    status = blog.status_now(last)
    if status != CoverageStatus.ENDED:
        record_until(blog.ends_at(last))  # it reads "ended" by itself after its silence
    pinned = blog.pinned_entry()
    next_cursor = cursors.encode(entries[-1].posted_at, older) if older else None
    return {
        "blog_id": blog.pk,
        "status": status,
        "next_poll_seconds": 0 if status == CoverageStatus.ENDED else blog.poll_seconds,
        "pinned": serialise.live_entry(request, blog, pinned) if pinned else None,
        "items": [serialise.live_entry(request, blog, entry) for entry in entries],
        "next_cursor": next_cursor,
        "next": cursors.next_url(request, next_cursor) if next_cursor else None,
    }


ROUTERS = (shorts, web_stories, video, live_tv, trending, search, live_blogs)
