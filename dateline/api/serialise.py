"""What the API shows of each thing (plain dicts the schemas validate)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse

from dateline.articles.models import ArticlePage

from .schemas import (
    PICTURE_SIZES,
    POSTER_SIZES,
    SHORT_SIZES,
    SHOW_SIZES,
    VIDEO_SIZES,
    WEB_STORY_SIZES,
)


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def page_url(request: HttpRequest, page) -> str:
    return absolute(request, page.get_url(request) or "/")


def page_ref(request: HttpRequest, page) -> dict | None:
    if page is None:
        return None
    return {"id": page.pk, "title": page.title, "slug": page.slug, "url": page_url(request, page)}


def _named(request: HttpRequest, route: str, pk: int, name: str, slug: str, **fields) -> dict:
    """An author, agency or topic: its id, name, slug, its page on the site, and `fields`."""
    url = absolute(request, reverse(route, kwargs={"slug": slug}))
    return {"id": pk, "name": name, "slug": slug, "url": url, **fields}


def person(request: HttpRequest, author) -> dict:
    return _named(request, "author", author.pk, author.name, author.slug, role=author.role)


def agency(request: HttpRequest, agency) -> dict | None:
    if agency is None:
        return None
    fields = {"short_name": agency.short_name}
    return _named(request, "agency", agency.pk, agency.name, agency.slug, **fields)


def topic(request: HttpRequest, tag) -> dict:
    return _named(request, "topic", tag.pk, tag.name, tag.slug)


def trending_topic(request: HttpRequest, trend) -> dict:
    """A `trending.ranking.TopicTrend`: the topic and its recent views."""
    return _named(request, "topic", trend.tag_id, trend.name, trend.slug, recent_views=trend.recent)


def image(
    request: HttpRequest, picture, sizes: dict[str, str], alt: str = "", **fields: str
) -> dict | None:
    """A picture at named sizes (name: filter spec); its renditions come prefetched or are
    the ones the site's pages make."""
    if picture is None:
        return None
    made = picture.get_renditions(*sizes.values())
    return {
        "alt": alt or picture.title,
        "caption": "",
        "credit": "",
        **fields,
        "renditions": {
            name: {
                "url": absolute(request, made[spec].url),
                "width": made[spec].width,
                "height": made[spec].height,
            }
            for name, spec in sizes.items()
        },
    }


def picture(request: HttpRequest, story: ArticlePage) -> dict | None:
    # The task worker made these when the story was published (core.renditions).
    return image(
        request,
        story.hero_image,
        PICTURE_SIZES,
        story.hero_alt,
        caption=story.hero_caption,
        credit=story.hero_credit,
    )


def story_api_url(request: HttpRequest, story_id: int) -> str:
    return absolute(request, reverse("dateline_api:api_story", args=[story_id]))


def summary(request: HttpRequest, story: ArticlePage) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "dek": story.dek,
        "type": story.article_type,
        "url": page_url(request, story),
        "api_url": story_api_url(request, story.pk),
        "published_at": story.published_at,
        "updated_at": story.display_updated_at,
        "section": page_ref(request, story.section),
        "authors": [person(request, author) for author in story.authors],
        "agency": agency(request, story.agency),
        "topics": [topic(request, tag) for tag in story.tags.all()],
        "picture": picture(request, story),
    }


def summaries(request: HttpRequest, stories: Iterable[ArticlePage]) -> list[dict]:
    """Story summaries, with every story's topics read in one query (a list from
    `for_listing_in_order` or a curated list comes without them)."""
    stories = list(stories)
    prefetch_related_objects(stories, "tags")
    return [summary(request, story) for story in stories]


def blocks(stream) -> list[dict]:
    """A StreamField value as structured blocks."""
    return [
        {"type": block.block_type, "value": block.block.get_prep_value(block.value), "id": block.id}
        for block in stream
    ]


def detail(request: HttpRequest, story: ArticlePage) -> dict:
    return {
        **summary(request, story),
        "dateline": story.dateline_place,
        "body": blocks(story.body),
        "body_html": str(story.body.render_as_block(context={"request": request, "page": story})),
        "corrections": [
            {"kind": note.kind, "text": note.text, "noted_at": note.noted_at}
            for note in story.visible_corrections
        ],
    }


# --- the other reader surfaces -------------------------------------------------------------


def story_link(request: HttpRequest, story) -> dict | None:
    if story is None:
        return None
    return {
        "id": story.pk,
        "title": story.title,
        "url": page_url(request, story),
        "api_url": story_api_url(request, story.pk),
    }


def short(request: HttpRequest, item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "body": item.body,
        "url": page_url(request, item),
        "published_at": item.first_published_at,
        "topics": [topic(request, tag) for tag in item.tags.all()],
        "picture": image(request, item.image, SHORT_SIZES, item.image_alt),
        # The one rule for the link (`ShortPage.full_story`): a story readers may not see
        # takes it away.
        "full_story": story_link(request, item.full_story),
    }


def web_story(request: HttpRequest, item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "description": item.description,
        "url": page_url(request, item),
        "published_at": item.first_published_at,
        "poster": image(request, item.poster_image, WEB_STORY_SIZES, item.poster_alt),
    }


def show_ref(request: HttpRequest, show) -> dict | None:
    if show is None:
        return None
    return {"id": show.pk, "title": show.title, "url": page_url(request, show)}


def show(request: HttpRequest, item) -> dict:
    videos = absolute(request, reverse("dateline_api:api_videos")) + f"?show={item.pk}"
    return {
        **show_ref(request, item),
        "description": item.description,
        "schedule": item.schedule,
        "hosts": item.host_names,
        "artwork": image(request, item.artwork, SHOW_SIZES),
        "videos_url": videos,
    }


def video(request: HttpRequest, episode) -> dict:
    duration = episode.duration
    return {
        "id": episode.pk,
        "title": episode.title,
        "summary": episode.summary,
        "url": page_url(request, episode),
        "api_url": absolute(request, reverse("dateline_api:api_video", args=[episode.pk])),
        "uploaded_at": episode.uploaded_at,
        "duration_seconds": int(duration.total_seconds()) if duration is not None else None,
        "is_short": episode.is_short,
        "show": show_ref(request, episode.show),
        "thumbnail": image(request, episode.card_image, VIDEO_SIZES),
    }


def stream(request: HttpRequest, source) -> dict | None:
    """A `video.sources.VideoSource`: what a player needs."""
    if source is None:
        return None
    if source.kind == "youtube":
        url = f"https://www.youtube.com/watch?v={source.youtube_id}"
    else:
        url = absolute(request, source.url)
    return {"kind": source.kind, "url": url, "mime_type": source.mime_type}


def video_detail(request: HttpRequest, episode) -> dict:
    captions = episode.captions
    return {
        **video(request, episode),
        "description": episode.description,
        "source": stream(request, episode.source),
        "captions_url": absolute(request, captions.url) if captions else None,
        "transcript": episode.transcript_paragraphs,
        "topics": [topic(request, tag) for tag in episode.tags.all()],
    }


def programme(request: HttpRequest, slot) -> dict | None:
    if slot is None:
        return None
    return {
        "title": slot.title,
        "description": slot.description,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "show": show_ref(request, slot.show),
    }


def live_tv(request: HttpRequest, page, on_air: dict) -> dict:
    """The Live TV page and what `LiveTvPage.on_air` found."""
    channel = on_air["live_settings"]
    return {
        "channel": channel.channel_name,
        "url": page_url(request, page),
        "stream": stream(request, on_air["stream"]),
        "poster": image(request, channel.poster, POSTER_SIZES),
        "on_now": programme(request, on_air["on_now"]),
        "next": programme(request, on_air["next_up"]),
        "later": [programme(request, slot) for slot in on_air["later"]],
        "changes_at": on_air["schedule_changes_at"],
    }


def live_entry(request: HttpRequest, blog, entry) -> dict:
    html = entry.body.render_as_block(context={"request": request, "page": blog})
    return {
        "id": entry.pk,
        "posted_at": entry.posted_at,
        "updated_at": entry.updated_at,
        "headline": entry.headline,
        "body": blocks(entry.body),
        "body_html": str(html),
        "authors": [person(request, author) for author in entry.authors.all()],
        "key_event": entry.is_key_event,
        "pinned": entry.is_pinned,
    }
