"""The video sitemap: episodes with Google's `<video:video>` entries."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from dateline.video.models import EpisodePage
from dateline.video.sources import YOUTUBE_EMBED_ORIGIN

from ..links import current_site, publisher_logo_url
from .common import URLS_PER_FILE, SiteRowsMixin, count_of, first_of, latest

VIDEO_TITLE_MAX = 100  # Google video sitemap limits
VIDEO_DESCRIPTION_MAX = 2048
VIDEO_DURATION_MAX = 28_800


class VideoSitemap(SiteRowsMixin, Sitemap):
    """Episodes and video stories with Google's `<video:video>` entries, newest first."""

    limit = URLS_PER_FILE
    fields = (
        "pk",
        "url_path",
        "title",
        "description",
        "search_description",
        "uploaded_at",
        "last_published_at",
        "duration",
        "video_url",
        "youtube_id",
        "video_file_id",
        "video_file__file",
        "thumbnail__file",
        "show__artwork__file",
    )

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def items(self):
        return self.published().values(*self.fields).order_by("-uploaded_at", "-pk")

    def published(self) -> QuerySet:
        root = current_site(self.request).root_page
        return EpisodePage.objects.published().descendant_of(root)

    def summary(self) -> dict:
        newest = self.published().order_by("-uploaded_at", "-pk")
        return {
            "count": count_of(self.published()),
            "uploaded_at": first_of(newest, "uploaded_at"),
            "last_published_at": first_of(newest, "last_published_at"),
        }

    def index_entry(self, values: dict) -> tuple[dt.datetime | None, int] | None:
        newest = self.lastmod(values)  # the newest video's, as `get_latest_lastmod`
        # Listed only with a video: an empty <urlset> breaks the sitemaps.org schema.
        return None if newest is None else (newest, values["count"])

    def lastmod(self, row: dict) -> dt.datetime | None:
        return latest(row["uploaded_at"], row["last_published_at"])

    def get_latest_lastmod(self) -> dt.datetime | None:
        """The newest video's time, None without videos (read once: the index asks twice)."""
        if not hasattr(self, "_latest"):
            row = self.items()[:1]
            self._latest = self.lastmod(row[0]) if row else None
        return self._latest

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        image_storage = get_image_model()._meta.get_field("file").storage
        document_model = get_document_model()

        def absolute(url: str) -> str:
            return f"{protocol}://{domain}{url}" if url.startswith("/") else url

        for url in urls:
            row = url["item"]
            picture = row["thumbnail__file"] or row["show__artwork__file"]
            video = {
                "thumbnail_loc": absolute(
                    image_storage.url(picture) if picture else publisher_logo_url(self.request)
                ),
                "title": row["title"][:VIDEO_TITLE_MAX],
                "description": (row["search_description"] or row["description"] or row["title"])[
                    :VIDEO_DESCRIPTION_MAX
                ],
                "publication_date": row["uploaded_at"],
            }
            if row["youtube_id"]:
                video["player_loc"] = f"{YOUTUBE_EMBED_ORIGIN}/embed/{row['youtube_id']}"
            elif row["video_file_id"]:
                document = document_model(id=row["video_file_id"], file=row["video_file__file"])
                video["content_loc"] = absolute(document.url)
            elif row["video_url"]:
                video["content_loc"] = absolute(row["video_url"])
            if row["duration"] is not None:
                seconds = int(row["duration"].total_seconds())
                video["duration"] = min(max(seconds, 1), VIDEO_DURATION_MAX)
            url["video"] = video
            url["images"] = []
        return urls
