"""Test factories for shows, episodes, the video hub and the live page."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from wagtail.models import Page

from .models import (
    EpisodePage,
    LiveTvPage,
    LiveTvSlot,
    ShowHost,
    ShowIndexPage,
    ShowPage,
    VideoIndexPage,
)

_numbers = itertools.count(1)


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_video_index(home: Page, title: str = "Video", **kwargs) -> VideoIndexPage:
    return _publish(home, VideoIndexPage(title=title, slug=kwargs.pop("slug", "video"), **kwargs))


def make_show_index(home: Page, title: str = "Shows", **kwargs) -> ShowIndexPage:
    return _publish(home, ShowIndexPage(title=title, slug=kwargs.pop("slug", "shows"), **kwargs))


def make_show(index: ShowIndexPage, title: str = "", hosts=(), **kwargs) -> ShowPage:
    """A published show; `hosts` are Authors or plain names."""
    show = ShowPage(title=title or f"Show number {next(_numbers)}", **kwargs)
    show.hosts = [
        ShowHost(name=host) if isinstance(host, str) else ShowHost(author=host) for host in hosts
    ]
    return _publish(index, show)


def make_episode(
    parent: Page,
    title: str = "",
    tags=(),
    publish: bool = True,
    uploaded_at: dt.datetime | None = None,
    **kwargs,
) -> EpisodePage:
    """An episode under a show (or a video story under the hub), an MP4 link by default."""
    if not any(kwargs.get(k) for k in ("video_file", "video_url", "youtube_id")):
        kwargs["video_url"] = "/media/video/sample.mp4"
    episode = EpisodePage(
        title=title or f"Episode number {next(_numbers)}",
        description=kwargs.pop("description", "What this episode is about."),
        uploaded_at=uploaded_at or timezone.now() - dt.timedelta(minutes=10),
        **kwargs,
    )
    if tags:
        episode.tags.add(*tags)
    episode.live = publish
    parent.add_child(instance=episode)
    if publish:
        episode.save_revision().publish()
        episode.refresh_from_db()
    return episode


def make_live_tv(home: Page, slots=(), title: str = "Live TV", **kwargs) -> LiveTvPage:
    """The live page; `slots` are (title, starts_at, ends_at) or (title, starts, ends, show)."""
    page = LiveTvPage(title=title, slug=kwargs.pop("slug", "live-tv"), **kwargs)
    page.slots = [
        LiveTvSlot(title=s[0], starts_at=s[1], ends_at=s[2], show=s[3] if len(s) > 3 else None)
        for s in slots
    ]
    return _publish(home, page)
