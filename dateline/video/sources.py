"""Where a video plays from, and the small formats players and search engines want.

A video is one of: an uploaded file (a Wagtail document), a linked MP4 or HLS stream
(an absolute URL or a path on this site), or a YouTube video shown through a
click-to-load facade on the privacy-enhanced domain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTUBE_EMBED_ORIGIN = "https://www.youtube-nocookie.com"

HLS_TYPE = "application/vnd.apple.mpegurl"
MP4_TYPE = "video/mp4"
MIME_BY_EXTENSION = {".m3u8": HLS_TYPE, ".mp4": MP4_TYPE, ".m4v": MP4_TYPE, ".webm": "video/webm"}


@dataclass(frozen=True)
class VideoSource:
    """What the player needs: `kind` is "file" (native <video>), "hls" or "youtube"."""

    kind: str
    url: str
    mime_type: str = ""
    youtube_id: str = ""

    @property
    def embed_url(self) -> str:
        """The player page of a YouTube video on the privacy-enhanced domain."""
        return f"{YOUTUBE_EMBED_ORIGIN}/embed/{self.youtube_id}" if self.youtube_id else ""


def parse_youtube_id(value: str) -> str:
    """The 11-character id from an id or any usual YouTube URL; ValidationError if none."""
    value = (value or "").strip()
    if YOUTUBE_ID.match(value):
        return value
    parts = urlsplit(value if "//" in value else f"https://{value}")
    host = (parts.hostname or "").lower()
    candidate = ""
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in YOUTUBE_HOSTS or host.endswith(".youtube.com"):
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        else:
            segments = [s for s in parts.path.split("/") if s]
            if len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
                candidate = segments[1]
    if YOUTUBE_ID.match(candidate):
        return candidate
    raise ValidationError("Enter a YouTube URL (youtube.com/watch?v=…) or its 11-character id.")


def validate_media_url(value: str) -> None:
    """A linked video is an http(s) URL or a path on this site ("/media/live/index.m3u8")."""
    if value.startswith("/") and not value.startswith("//"):
        return
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    raise ValidationError("Enter an http(s) URL or a path on this site starting with /.")


def mime_type_for(url: str) -> str:
    path = urlsplit(url).path.lower()
    for extension, mime in MIME_BY_EXTENSION.items():
        if path.endswith(extension):
            return mime
    return MP4_TYPE


def hours_minutes_seconds(value: dt.timedelta) -> tuple[int, int, int]:
    """A duration in whole hours, minutes and seconds (a negative one is zero)."""
    hours, rest = divmod(max(int(value.total_seconds()), 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return hours, minutes, seconds


def iso_duration(value: dt.timedelta | None) -> str:
    """ISO 8601 duration as schema.org wants it: `PT1H2M3S`, `PT45S`."""
    if value is None:
        return ""
    hours, minutes, seconds = hours_minutes_seconds(value)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or text == "PT":
        text += f"{seconds}S"
    return text


def clock_duration(value: dt.timedelta | None) -> str:
    """What a reader sees on a card: `4:05`, `1:02:03`."""
    if value is None:
        return ""
    hours, minutes, seconds = hours_minutes_seconds(value)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
