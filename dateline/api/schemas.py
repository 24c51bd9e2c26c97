"""The API's response and request shapes: the OpenAPI schema is generated from these."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field

from dateline.core.renditions import SIZES

# Items per page of every list, stated in the schema (a larger `limit` is refused, never cut).
MAX_LIMIT = 100

# Named picture sizes a client may ask for; each is one the task worker already makes for a
# story's picture (core.renditions: story.card, story.hero, social), so an API read never
# makes a picture.
PICTURE_SIZES: dict[str, str] = {
    "thumbnail": "fill-320x180",
    "small": "fill-480x270",
    "medium": "fill-960x540",
    "large": "fill-1280x720",
    "social": "fill-1200x630",
}
# The other surfaces' pictures, at the sizes their own pages show (named in core.renditions,
# so the API never asks for a crop the site does not make).
SHORT_SIZES = {"card": SIZES["short.card"][0], "portrait": SIZES["short.strip"][0]}
WEB_STORY_SIZES = {"card": SIZES["web_story.card"][0], "poster": SIZES["web_story.poster"][0]}
VIDEO_SIZES = {
    "poster": SIZES["video.poster"][0],
    "card": SIZES["video.card"][0],
    "portrait": SIZES["video.card"][1],
}
SHOW_SIZES = dict(zip(("large", "medium", "small"), SIZES["show.artwork"], strict=True))
POSTER_SIZES = {"poster": SIZES["video.poster"][0]}


def sizes_text(sizes: dict[str, str]) -> str:
    return "One entry per named size: " + ", ".join(sizes) + "."


# Ids are 32-bit in the database: a larger one is bad input (400), not a database error.
MAX_ID = 2**31 - 1


def utc_moment(value: dt.datetime) -> dt.datetime:
    """`value` in UTC; a time without an offset means the site's zone, as pages show it.

    ISO 8601 allows offsets up to ±23:59 but PostgreSQL refuses any past ±15:59, so every
    comparison is made in UTC. A time at either end of the calendar that falls outside it once
    in UTC (0001-01-01T00:00+00:07) is the calendar's first or last moment: nothing is earlier
    or later, so the answer is the same and the client's valid input is never refused."""
    if value.tzinfo is None:
        value = timezone.make_aware(value)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if value.year == dt.MINYEAR else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


# A moment a client sends, compared in UTC.
Moment = Annotated[dt.datetime, AfterValidator(utc_moment)]
SLUG = r"^[-\w]+$"

StoryType = Literal["news", "explainer", "opinion", "analysis", "photostory"]


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")


ERRORS = {400: Error, 404: Error}


class Paging(Schema):
    """The query parameters of every cursor-paged list."""

    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Items per page, {MAX_LIMIT} at most.")


class Rendition(Schema):
    url: str
    width: int
    height: int


class Picture(Schema):
    alt: str
    caption: str = ""
    credit: str = ""
    renditions: dict[str, Rendition] = Field(
        description="One entry per named size; each endpoint names its sizes."
    )


class SectionRef(Schema):
    id: int
    title: str
    slug: str
    url: str


class Section(SectionRef):
    parent_id: int | None = Field(None, description="The parent section; null at the top.")


class Person(Schema):
    id: int
    name: str
    slug: str
    role: str = ""
    url: str


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str = ""
    slug: str
    url: str


class Topic(Schema):
    id: int
    name: str
    slug: str
    url: str


class StorySummary(Schema):
    id: int
    title: str
    dek: str
    type: StoryType
    url: str = Field(description="The story's page on the site.")
    api_url: str
    published_at: dt.datetime
    updated_at: dt.datetime | None = Field(None, description="The last visible update, if any.")
    section: SectionRef | None
    authors: list[Person]
    agency: AgencyOut | None
    topics: list[Topic]
    picture: Picture | None


class Block(Schema):
    type: str
    value: Any
    id: str | None = None


class Correction(Schema):
    kind: str
    text: str
    noted_at: dt.datetime


class Story(StorySummary):
    dateline: str = Field(description='Where the story was filed, e.g. "Tokyo".')
    body: list[Block] = Field(description="The body as structured blocks (StreamField data).")
    body_html: str = Field(description="The body rendered as the site renders it.")
    corrections: list[Correction]


class StoryPage(Schema):
    items: list[StorySummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next (older) page; null on the last page."
    )
    next: str | None = Field(description="The next page's URL; null on the last page.")


class Change(Schema):
    kind: Literal["created", "updated", "withdrawn", "deleted"] = Field(
        description=(
            "created: new to the feed (fetch it); updated: published again (fetch it anew; "
            "one you do not have yet counts as created); withdrawn (unpublished, or put "
            "under a view restriction) or deleted: drop it."
        )
    )
    type: Literal["story", "live_blog", "short", "web_story", "video", "show"] = Field(
        description="What the item is; each type has its own address under the API."
    )
    id: int = Field(description="The item's id (ids are unique across types).")
    at: dt.datetime
    api_url: str | None = Field(description="The item's API address (created and updated entries).")


class ChangePage(Schema):
    items: list[Change]
    next_cursor: str = Field(
        description="Pass as `since` next time; it stays valid when there is nothing new."
    )
    has_more: bool


class SubmissionIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    dek: str = Field("", max_length=400)
    body_html: str = Field(
        min_length=1, max_length=100_000, description="Paragraphs of HTML; sanitised."
    )
    section_id: int = Field(
        ge=1, le=MAX_ID, description="The section (see /sections/) it is filed under."
    )
    type: StoryType = "news"
    dateline: str = Field("", max_length=80)


class SubmissionOut(Schema):
    id: int
    status: Literal["in_review", "draft"] = Field(
        description="in_review: waiting in the newsroom's review queue."
    )


class Index(Schema):
    name: str
    version: str
    schema_url: str
    docs_url: str
    endpoints: dict[str, str]


# --- the other reader surfaces (api/surfaces.py) -----------------------------------------


class StoryLink(Schema):
    id: int
    title: str
    url: str
    api_url: str


class Short(Schema):
    id: int
    title: str
    body: str = Field(description="At most 60 words, plain text.")
    url: str
    published_at: dt.datetime
    topics: list[Topic]
    picture: Picture | None = Field(description=sizes_text(SHORT_SIZES))
    full_story: StoryLink | None = Field(
        description="The story it sums up, while readers may see it; null otherwise."
    )


class ShortList(Schema):
    items: list[Short]
    next_cursor: str | None
    next: str | None


class WebStory(Schema):
    id: int
    title: str
    description: str
    url: str = Field(description="The AMP story itself.")
    published_at: dt.datetime
    poster: Picture | None = Field(description=sizes_text(WEB_STORY_SIZES))


class WebStoryList(Schema):
    items: list[WebStory]
    next_cursor: str | None
    next: str | None


class ShowRef(Schema):
    id: int
    title: str
    url: str


class Show(ShowRef):
    description: str
    schedule: str = Field(description='When it airs, e.g. "Weeknights at 9 pm".')
    hosts: list[str]
    artwork: Picture | None = Field(description=sizes_text(SHOW_SIZES))
    videos_url: str = Field(description="Its episodes, newest first (`/videos/?show=`).")


class Stream(Schema):
    kind: Literal["file", "hls", "youtube"]
    url: str = Field(description="The file or playlist; the watch page for YouTube.")
    mime_type: str = ""


class Video(Schema):
    id: int
    title: str
    summary: str
    url: str
    api_url: str
    uploaded_at: dt.datetime
    duration_seconds: int | None
    is_short: bool = Field(description="A vertical clip of a minute or less.")
    show: ShowRef | None
    thumbnail: Picture | None = Field(description=sizes_text(VIDEO_SIZES))


class VideoDetail(Video):
    description: str
    source: Stream | None
    captions_url: str | None = Field(description="WebVTT captions, when there are any.")
    transcript: list[str] = Field(description="Paragraphs.")
    topics: list[Topic]


class VideoList(Schema):
    items: list[Video]
    next_cursor: str | None
    next: str | None


class Programme(Schema):
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    show: ShowRef | None


class LiveTv(Schema):
    channel: str
    url: str = Field(description="The Live TV page.")
    stream: Stream | None = Field(description="null: off air.")
    poster: Picture | None = Field(description=sizes_text(POSTER_SIZES))
    on_now: Programme | None
    next: Programme | None
    later: list[Programme] = Field(max_length=8)
    changes_at: dt.datetime | None = Field(
        description="When `on_now`/`next` change next; ask again then."
    )


class TrendingTopic(Topic):
    recent_views: int = Field(description="Views of its stories in the last hours.")


class SearchPage(Schema):
    query: str = Field(description="The words searched for, as cleaned.")
    total: int = Field(description="Matches in all (or in `recent_weeks` for a common word).")
    recent_weeks: int = Field(
        description="0, or the weeks a common word's matches were limited to."
    )
    items: list[StorySummary]
    next_cursor: str | None
    next: str | None


class Entry(Schema):
    id: int
    posted_at: dt.datetime
    updated_at: dt.datetime
    headline: str
    body: list[Block]
    body_html: str
    authors: list[Person]
    key_event: bool
    pinned: bool


class EntryList(Schema):
    blog_id: int
    status: Literal["upcoming", "live", "ended"]
    next_poll_seconds: int = Field(
        description="Ask for the first page again after this many seconds; 0: coverage ended."
    )
    pinned: Entry | None
    items: list[Entry] = Field(description="Newest first.")
    next_cursor: str | None = Field(description="Older entries: pass as `cursor`.")
    next: str | None
