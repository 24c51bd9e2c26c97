"""The RSS 2.0 and Atom writers, with Media RSS pictures and videos and the full text."""

from __future__ import annotations

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date

from .entries import FeedImage, FeedVideo

MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with `media:content` for the hero image, `content:encoded` for the full
    text and `atom:updated` for the update time RSS itself has no element for."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_RSS_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        _add_media(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class MediaAtomFeed(Atom1Feed):
    """Atom (RFC 4287) with `media:content` and the full text as `<content>`."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_media(handler, item.get("image"))
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def _add_media(handler, image: FeedImage | None) -> None:
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "medium": "image",
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    if image.description:
        handler.addQuickElement("media:description", image.description)
    handler.endElement("media:content")


def _add_video(handler, video: FeedVideo | None) -> None:
    if video is None:
        return
    if video.is_player:
        handler.addQuickElement("media:player", "", {"url": video.url})
        return
    attrs = {"url": video.url, "type": video.mime_type, "medium": "video"}
    if video.duration is not None:
        attrs["duration"] = str(video.duration)
    handler.addQuickElement("media:content", "", attrs)


class VideoRssFeed(MediaRssFeed):
    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_video(handler, item.get("video"))


class VideoAtomFeed(MediaAtomFeed):
    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        _add_video(handler, item.get("video"))
