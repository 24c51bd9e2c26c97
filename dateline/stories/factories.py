"""Test and demo helpers: a Web Stories listing and published Web Stories."""

from __future__ import annotations

import datetime as dt
import uuid

from wagtail.models import Page

from dateline.core.factories import add_page, single_index

from .models import WebStoryIndexPage, WebStoryPage


def make_web_story_index(
    home: Page, title: str = "Web Stories", slug: str = "web-stories"
) -> WebStoryIndexPage:
    return single_index(home, WebStoryIndexPage, title, slug)


def story_pages(image, count: int = 5, *, link_page=None, video=None) -> list[dict]:
    """`count` story pages in stored form, all on `image`; the first links to `link_page`."""
    return [
        {
            "type": "page",
            "id": str(uuid.uuid4()),
            "value": {
                "background_image": image.pk,
                "image_alt": f"Picture for page {n}",
                "background_video": video.pk if (video and n == 2) else None,
                "heading": f"Page {n} heading",
                "text": f"What happens on page {n}.",
                "link_page": link_page.pk if (link_page and n == 1) else None,
                "link_label": "Read the story" if (link_page and n == 1) else "",
            },
        }
        for n in range(1, count + 1)
    ]


def make_web_story(
    index: WebStoryIndexPage,
    title: str = "A day on the river",
    *,
    image,
    pages: list[dict] | None = None,
    publish: bool = True,
    published_at: dt.datetime | None = None,
    **kwargs,
) -> WebStoryPage:
    kwargs.setdefault("description", "Boats, nets and the early market, in pictures.")
    story = WebStoryPage(
        title=title, poster_image=image, pages=pages or story_pages(image), **kwargs
    )
    return add_page(index, story, publish=publish, published_at=published_at)
