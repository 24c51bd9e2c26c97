"""The read API (v1) and partners' submissions, on django-ninja (what Wagtail 8's v3 API is
built on), with our own public rule: every story query starts from `published()`.

Responses are ordinary Django responses served through the page cache middleware: an
anonymous (or keyed) GET renders inside its dependency recording and is stored with what it
loaded, so publishing, editing or withdrawing a story purges it like any page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import APIKeyHeader
from pydantic import Field
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Site

from dateline.articles import services as articles
from dateline.articles.models import Agency, ArticlePage, Author, SectionPage
from dateline.articles.sanitize import sanitize_html
from dateline.caching.dependencies import record_until
from dateline.core.visibility import PublicPageQuerySet
from dateline.home.models import HomePage

from . import changes as changes_feed
from . import cursors, schemas, serialise, surfaces
from .gate import options
from .models import ApiChange, ChangeKind

MAX_LIMIT = schemas.MAX_LIMIT


class SubmitKey(APIKeyHeader):
    """The key the gate found (`gate.ApiGateMiddleware`), with the submit scope."""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        api_key = getattr(request, "dateline_api_key", None)
        if api_key is None:
            return None
        if not api_key.can_submit:
            raise HttpError(403, "This key has no submit scope.")
        return api_key


api = NinjaAPI(
    title="Dateline content API",
    version="1.0.0",
    description=(
        "Stories and what they are filed under, as the site shows them: nothing embargoed, "
        "scheduled, withdrawn or private. Lists page with opaque cursors, at most "
        f"{MAX_LIMIT} items a page (a larger `limit` is refused, never cut). Send a partner "
        "key in `X-Api-Key` for a higher rate limit; without one the public limit applies."
    ),
    urls_namespace="dateline_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)


@api.exception_handler(ValidationError)
def bad_input(request: HttpRequest, error: ValidationError):
    problems = "; ".join(
        f"{'.'.join(str(part) for part in item.get('loc', ())[1:]) or 'input'}: {item['msg']}"
        for item in error.errors
    )
    return api.create_response(request, {"detail": problems}, status=400)


@api.exception_handler(cursors.BadCursor)
def bad_cursor(request: HttpRequest, error: cursors.BadCursor):
    return api.create_response(request, {"detail": str(error)}, status=400)


ERRORS = schemas.ERRORS

stories = Router(tags=["stories"])
listings = Router(tags=["listings"])
changes = Router(tags=["changes"])
submissions = Router(tags=["submissions"])


class StoryFilters(schemas.Paging):
    section: int | None = Field(
        None, ge=1, le=schemas.MAX_ID, description="A section's id; its sub-sections included."
    )
    topic: str | None = Field(None, pattern=schemas.SLUG, description="A topic's slug.")
    author: str | None = Field(None, pattern=schemas.SLUG, description="An author's slug.")
    agency: str | None = Field(None, pattern=schemas.SLUG, description="An agency's slug.")
    type: schemas.StoryType | None = None
    updated_since: schemas.Moment | None = Field(
        None, description="Only stories published or republished at or after this time."
    )


def _public_stories():
    return ArticlePage.objects.published().for_listing().prefetch_related("tags")


@stories.get("/", response={200: schemas.StoryPage, **ERRORS}, url_name="api_stories")
def list_stories(request: HttpRequest, filters: Query[StoryFilters]):
    """Stories newest first: (publication time, id) order, so no page skips or repeats one."""
    queryset = _public_stories()
    if filters.section is not None:
        section = get_object_or_404(_public(SectionPage), pk=filters.section)
        queryset = queryset.in_section(section)
    if filters.topic:
        queryset = queryset.tagged(get_object_or_404(Tag, slug=filters.topic))
    if filters.author:
        author = get_object_or_404(Author, slug=filters.author)
        queryset = queryset.filter(article_authors__author=author)
    if filters.agency:
        queryset = queryset.filter(agency=get_object_or_404(Agency, slug=filters.agency))
    if filters.type:
        queryset = queryset.filter(article_type=filters.type)
    if filters.updated_since:
        queryset = queryset.filter(last_published_at__gte=filters.updated_since)
    if filters.cursor:
        queryset = cursors.older_than(queryset, "published_at", filters.cursor)
    rows = list(queryset.order_by("-published_at", "-pk")[: filters.limit + 1])
    page, next_cursor, next_url = cursors.keyset_page(
        request, rows, filters.limit, lambda story: (story.published_at, story.pk)
    )
    return {
        "items": [serialise.summary(request, story) for story in page],
        "next_cursor": next_cursor,
        "next": next_url,
    }


@stories.get("/top/", response=list[schemas.StorySummary], url_name="api_top_stories")
def top_stories(request: HttpRequest):
    """The home page's top stories: the desk's unexpired picks in its order, topped up with
    the latest, as the front page shows them."""
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        return []
    # Every size: a summary names the social and hero pictures too, not only a card's.
    return serialise.summaries(request, home.top_stories_list(every_size=True))


# After /top/: a path parameter would take "top" for an id.
@stories.get("/{story_id}/", response={200: schemas.Story, **ERRORS}, url_name="api_story")
def story_detail(request: HttpRequest, story_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    """One story: its body as blocks and as HTML, its picture at named sizes, corrections."""
    story = get_object_or_404(_public_stories().prefetch_related("corrections"), pk=story_id)
    return serialise.detail(request, story)


def _public(model) -> PublicPageQuerySet:
    """The public rule for a page type whose manager does not carry it."""
    return PublicPageQuerySet(model).published()


@listings.get("/sections/", response=list[schemas.Section], url_name="api_sections")
def list_sections(request: HttpRequest):
    """Every section readers can open, top-level ones first."""
    sections = _public(SectionPage).order_by("depth", "path")
    by_path = {section.path: section.pk for section in sections}
    return [
        {
            **serialise.page_ref(request, section),
            "parent_id": by_path.get(section.path[: -SectionPage.steplen]),
        }
        for section in sections
    ]


@listings.get("/topics/", response=list[schemas.Topic], url_name="api_topics")
def list_topics(request: HttpRequest):
    """Topics of stories readers can see, by name."""
    public = ArticlePage.objects.published()
    # As a subquery the rule's own recording (restrictions, the next due story) would not
    # run: one cheap read of the same queryset runs it.
    public.exists()
    tags = Tag.objects.filter(Exists(public.filter(tagged_items__tag=OuterRef("pk"))))
    tags = tags.order_by("name")
    return [serialise.topic(request, tag) for tag in tags]


@listings.get("/authors/", response=list[schemas.Person], url_name="api_authors")
def list_authors(request: HttpRequest):
    return [serialise.person(request, author) for author in Author.objects.order_by("name")]


@listings.get("/agencies/", response=list[schemas.AgencyOut], url_name="api_agencies")
def list_agencies(request: HttpRequest):
    return [serialise.agency(request, agency) for agency in Agency.objects.order_by("name")]


@changes.get("/", response={200: schemas.ChangePage, 400: schemas.Error}, url_name="api_changes")
def list_changes(
    request: HttpRequest,
    since: str | None = Query(None, description="`next_cursor` of your last read."),
    limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"{MAX_LIMIT} at most."),
):
    """Every item the API serves at its own address (stories, live blogs, Shorts, Web
    Stories, videos, shows) created, updated, withdrawn (unpublished, or put under a view
    restriction) and deleted, oldest first.

    Keep `next_cursor` and ask again with `since`: every change is listed once, after the
    ones before it. An entry appears a few seconds after the change (transactions that
    commit late must not be passed over)."""
    settle = dt.timedelta(seconds=options()["CHANGES_SETTLE_SECONDS"])
    cutoff = timezone.now() - settle
    entries = ApiChange.objects.filter(at__lte=cutoff)
    if since:
        entries = cursors.newer_than(entries, "at", since)
    rows = list(entries.order_by("at", "pk")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    if not more:
        # The clock: the feed changes by itself when the next entry settles.
        upcoming = ApiChange.objects.filter(at__gt=cutoff).order_by("at").first()
        if upcoming is not None:
            record_until(upcoming.at + settle)
    if page:
        next_cursor = cursors.encode(page[-1].at, page[-1].pk)
    else:
        next_cursor = since or cursors.encode(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), 0)
    # One rule for what readers see: a publication of an item that is not public now (put
    # under a view restriction since, say) is told as a withdrawal, never as an item.
    public = changes_feed.public_ids([e for e in page if e.kind in changes_feed.PUBLIC_KINDS])

    def item(entry: ApiChange) -> dict:
        shown = (entry.item_type, entry.page_id) in public
        listed = entry.kind not in changes_feed.PUBLIC_KINDS or shown
        return {
            "kind": entry.kind if listed else ChangeKind.WITHDRAWN,
            "type": entry.item_type,
            "id": entry.page_id,
            "at": entry.at,
            "api_url": (
                changes_feed.api_url(request, entry.item_type, entry.page_id) if shown else None
            ),
        }

    return {
        "items": [item(entry) for entry in page],
        "next_cursor": next_cursor,
        "has_more": more,
    }


@submissions.post(
    "/",
    auth=SubmitKey(),
    response={
        201: schemas.SubmissionOut,
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
        404: schemas.Error,
    },
    url_name="api_submissions",
)
def submit_story(request: HttpRequest, submission: schemas.SubmissionIn):
    """A partner's story, filed as a draft into the newsroom's review queue (never live)."""
    section = get_object_or_404(SectionPage, pk=submission.section_id)
    body = sanitize_html(submission.body_html)  # the wire desk's allow-list: one sanitiser
    if not body:
        raise HttpError(400, "body_html has no text left after cleaning.")
    story = ArticlePage(
        title=submission.title,
        dek=submission.dek,
        article_type=submission.type,
        dateline_place=submission.dateline,
        body=[("paragraph", body)],
    )
    in_review = articles.submit_article(section, story)
    key = request.auth
    log(
        instance=story,
        action="dateline.api_submission",
        data={"key_id": key.pk, "key_name": key.name},
    )
    return Status(201, {"id": story.pk, "status": "in_review" if in_review else "draft"})


api.add_router("/stories/", stories)
api.add_router("/", listings)
api.add_router("/changes/", changes)
api.add_router("/submissions/", submissions)
for _router in surfaces.ROUTERS:
    api.add_router("/", _router)
