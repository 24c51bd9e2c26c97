"""Video's models, one module per concern; every name is importable from here.

Tree layout: Home › Shows (/shows/) › Show › Episode, and Home › Video (/video/) › video
stories that belong to no show. Home › Live TV (/live-tv/) plays the stream set in the
site's Live TV settings and shows the schedule the desk keeps on that page.

- `programmes`: shows, their hosts and their episodes
- `hub`: the video hub
- `live_tv`: the live channel's settings, page and schedule
"""

from .hub import VideoIndexPage
from .live_tv import LiveTvPage, LiveTvSettings, LiveTvSlot
from .programmes import (
    SHOW_LISTING,
    SHOWS_LISTING,
    VIDEOS_LISTING,
    EpisodeManager,
    EpisodePage,
    EpisodePageTag,
    EpisodeQuerySet,
    ShowHost,
    ShowIndexPage,
    ShowManager,
    ShowPage,
    ShowQuerySet,
)

__all__ = [
    "SHOWS_LISTING",
    "SHOW_LISTING",
    "VIDEOS_LISTING",
    "EpisodeManager",
    "EpisodePage",
    "EpisodePageTag",
    "EpisodeQuerySet",
    "LiveTvPage",
    "LiveTvSettings",
    "LiveTvSlot",
    "ShowHost",
    "ShowIndexPage",
    "ShowManager",
    "ShowPage",
    "ShowQuerySet",
    "VideoIndexPage",
]
