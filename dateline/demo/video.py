"""The demo's video desk: three shows with episodes, video shorts, and a live channel.

The footage is two tiny local samples made with Debian's ffmpeg (see content/video/README.md):
an MP4 uploaded as a document and an HLS stream copied into media. Nothing is downloaded.
Every step looks for what a previous run made first, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from dateline.articles.models import Author
from dateline.site.models import Menu, MenuHandle, SiteSettings
from dateline.video.models import (
    EpisodePage,
    LiveTvPage,
    LiveTvSettings,
    LiveTvSlot,
    ShowHost,
    ShowIndexPage,
    ShowPage,
    VideoIndexPage,
)

from . import images

SAMPLES = Path(__file__).resolve().parent / "content" / "video"
SAMPLE_TITLE = "Demo video: test pattern (6 s)"
CAPTIONS_TITLE = "Demo captions: test pattern (6 s)"
HLS_DIR = "demo-video/hls"
MP4_SECONDS, HLS_SECONDS = 6, 8


@dataclass(frozen=True)
class EpisodeSpec:
    slug: str
    title: str
    description: str
    hours_ago: int
    source: str  # "mp4" (the uploaded document) or "hls" (the linked local stream)
    tags: tuple[str, ...] = ()
    transcript: str = ""


@dataclass(frozen=True)
class ShowSpec:
    slug: str
    title: str
    description: str
    schedule: str
    hosts: tuple[str, ...]  # author slugs, or plain names for guests
    colours: tuple[str, str, str]
    episodes: tuple[EpisodeSpec, ...]


SHOWS = (
    ShowSpec(
        "ground-report",
        "Ground Report",
        "Our correspondents on the story where it happens: one place, one question, "
        "answered by the people who live with it.",
        "Weeknights at 9 pm",
        ("ananya-rao", "daniel-okafor"),
        ("#1d3557", "#457b9d", "#e63946"),
        (
            EpisodeSpec(
                "river-towns-after-the-flood",
                "River towns after the flood",
                "Three weeks after the water went down, shopkeepers count what is left and "
                "ask who pays for the embankment that failed.",
                3,
                "mp4",
                ("Climate",),
                "The water came up at night.\n\nBy morning the market street was a river, "
                "and the shopkeepers were on the roofs.",
            ),
            EpisodeSpec(
                "a-border-market-reopens",
                "A border market reopens",
                "Traders on both sides of the crossing return to the weekly market that "
                "closed four years ago. What changed while it was shut?",
                27,
                "hls",
                ("Trade",),
            ),
            EpisodeSpec(
                "the-night-shift-at-the-port",
                "The night shift at the port",
                "Crane operators, pilots and customs officers keep the harbour moving while "
                "the city sleeps.",
                52,
                "mp4",
            ),
        ),
    ),
    ShowSpec(
        "money-matters",
        "Money Matters",
        "Prices, salaries, savings and the decisions behind them, explained without jargon.",
        "Saturdays at 11 am",
        ("farah-siddiqui", "Vikram Sethi"),
        ("#2a9d8f", "#264653", "#e9c46a"),
        (
            EpisodeSpec(
                "why-your-grocery-bill-went-up",
                "Why your grocery bill went up",
                "We follow a basket of vegetables from the farm gate to the shop shelf and "
                "find where the money goes.",
                6,
                "hls",
                ("Inflation",),
                "Tomatoes leave the farm at one price.\n\nBy the time they reach the shelf, "
                "four other people have been paid.",
            ),
            EpisodeSpec(
                "first-salary-first-budget",
                "First salary, first budget",
                "Young professionals share how they split their first pay cheque, and a "
                "planner says what she would change.",
                75,
                "mp4",
            ),
            EpisodeSpec(
                "small-shops-and-digital-payments",
                "Small shops and digital payments",
                "A year after switching to phone payments, corner shops tell us what they "
                "gained and what they miss about cash.",
                120,
                "mp4",
                ("Smartphones",),
            ),
        ),
    ),
    ShowSpec(
        "full-time",
        "Full Time",
        "The weekend's matches, the talking points and the numbers behind the results.",
        "Mondays at 8 pm",
        ("Kabir Malhotra",),
        ("#3a0ca3", "#7209b7", "#f72585"),
        (
            EpisodeSpec(
                "the-comeback-that-changed-the-table",
                "The comeback that changed the table",
                "Two goals down at half-time, the league leaders turned the match around. "
                "We break down the three substitutions that did it.",
                10,
                "mp4",
            ),
            EpisodeSpec(
                "a-season-in-numbers",
                "A season in numbers",
                "Possession, pressing and the set pieces that decided the title race.",
                98,
                "hls",
            ),
            EpisodeSpec(
                "the-academy-class-of-this-year",
                "The academy class of this year",
                "Five teenagers, one training ground and a very long wait for a first-team call.",
                150,
                "mp4",
            ),
        ),
    ),
)

SHORTS = (
    EpisodeSpec(
        "sixty-seconds-on-the-monsoon",
        "Sixty seconds on the monsoon",
        "Where the rain is heading this week, in one minute.",
        2,
        "mp4",
        ("Climate",),
    ),
    EpisodeSpec(
        "the-budget-in-one-minute",
        "The budget in one minute",
        "Three numbers from the budget that will change your month.",
        8,
        "mp4",
        ("Inflation",),
    ),
)

LIVE_PROGRAMMES = (
    ("News on the hour", ""),
    ("Ground Report", "ground-report"),
    ("Markets and money", "money-matters"),
    ("Full Time", "full-time"),
)


def ensure_video(home: Page, now: dt.datetime | None = None) -> dict[str, int]:
    """Create the video desk's pages, media and menu links that are missing."""
    now = now or timezone.now()
    sample_mp4 = ensure_sample_document()
    hls_url = ensure_hls_stream()
    video_hub = _ensure_child(
        home,
        VideoIndexPage,
        "video",
        title="Video",
        intro="Reports, explainers and shows from our newsroom, newest first.",
    )
    show_index = _ensure_child(
        home,
        ShowIndexPage,
        "shows",
        title="Shows",
        intro="Our programmes: where to watch them and every episode so far.",
    )
    shows = {}
    for spec in SHOWS:
        show = ensure_show(show_index, spec)
        shows[spec.slug] = show
        for episode in spec.episodes:
            ensure_episode(show, episode, sample_mp4, hls_url, now, images.palette(*spec.colours))
    shorts_palette = images.palette("#6a040f", "#d00000", "#ffba08")
    for short in SHORTS:
        ensure_episode(video_hub, short, sample_mp4, hls_url, now, shorts_palette, is_short=True)
    live_page = ensure_live_tv(home, shows, now)
    ensure_live_settings(hls_url)
    link_menus(video_hub, live_page, shows)
    return {
        "shows": ShowPage.objects.count(),
        "episodes": EpisodePage.objects.count(),
    }


# --- media ---------------------------------------------------------------------


def _sample_document(title: str, sample: str, stored_name: str):
    """A file from the demo's samples as a Wagtail document, made once (found by title)."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    with (SAMPLES / sample).open("rb") as handle:
        document = document_model(
            title=title,
            file=File(handle, name=stored_name),
            collection=images.demo_collection(),
        )
        document.save()
    return document


def ensure_sample_document():
    """The sample MP4 as a Wagtail document: the episodes' uploaded video."""
    return _sample_document(SAMPLE_TITLE, "sample.mp4", "dateline-sample.mp4")


def ensure_sample_captions():
    """WebVTT captions for the sample MP4, as a document."""
    return _sample_document(CAPTIONS_TITLE, "sample.vtt", "dateline-sample.vtt")


def ensure_hls_stream() -> str:
    """Copy the sample HLS playlist and segments into media; return the playlist's URL."""
    for source in sorted((SAMPLES / "hls").iterdir()):
        target = f"{HLS_DIR}/{source.name}"
        if not default_storage.exists(target):
            with source.open("rb") as handle:
                default_storage.save(target, File(handle))
    return default_storage.url(f"{HLS_DIR}/index.m3u8")


# --- pages ---------------------------------------------------------------------


def _ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_show(index: ShowIndexPage, spec: ShowSpec) -> ShowPage:
    existing = ShowPage.objects.child_of(index).filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    authors = {a.slug: a for a in Author.objects.filter(slug__in=spec.hosts)}
    show = ShowPage(
        title=spec.title,
        slug=spec.slug,
        description=spec.description,
        schedule=spec.schedule,
        artwork=images.hero_image(f"show-{spec.slug}", images.palette(*spec.colours)),
    )
    show.hosts = [
        ShowHost(author=authors[host]) if host in authors else ShowHost(name=host)
        for host in spec.hosts
    ]
    index.add_child(instance=show)
    show.save_revision().publish()
    return show


def ensure_episode(
    parent: Page,
    spec: EpisodeSpec,
    sample_mp4,
    hls_url: str,
    now: dt.datetime,
    colours: images.Palette,
    is_short: bool = False,
) -> EpisodePage:
    existing = EpisodePage.objects.child_of(parent).filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    if is_short:
        picture = images.register_image(
            f"Demo short: {spec.slug}",
            f"short-{spec.slug}.jpg",
            images.draw_hero(f"short-{spec.slug}", colours, size=(675, 1200)),
        )
    else:
        picture = images.hero_image(f"video-{spec.slug}", colours)
    uploaded = now - dt.timedelta(hours=spec.hours_ago)
    episode = EpisodePage(
        title=spec.title,
        slug=spec.slug,
        description=spec.description,
        thumbnail=picture,
        transcript=spec.transcript,
        is_short=is_short,
        uploaded_at=uploaded,
        **(
            {
                "video_file": sample_mp4,
                "captions": ensure_sample_captions(),
                "duration": dt.timedelta(seconds=MP4_SECONDS),
            }
            if spec.source == "mp4"
            else {"video_url": hls_url, "duration": dt.timedelta(seconds=HLS_SECONDS)}
        ),
    )
    if spec.tags:
        episode.tags.add(*spec.tags)
    parent.add_child(instance=episode)
    revision = episode.save_revision()
    revision.publish()
    # Publication stamps first_published_at with the load time; the demo's timeline wants
    # the upload times above (as if the desk had published them then).
    # freshness: demo data, loaded before serving
    EpisodePage.objects.filter(pk=episode.pk).update(
        first_published_at=uploaded, last_published_at=uploaded
    )
    return episode


def ensure_live_tv(home: Page, shows: dict[str, ShowPage], now: dt.datetime) -> LiveTvPage:
    """The live page with two days of hourly programmes from the start of today (site time).

    A later run adds a fresh two days once fewer than twelve hours of schedule are left."""
    page = _ensure_child(
        home,
        LiveTvPage,
        "live-tv",
        title="Live TV",
        intro="Our channel, live around the clock: news on the hour and our shows in between.",
    )
    if page.slots.filter(ends_at__gt=now + dt.timedelta(hours=12)).exists():
        return page
    tz = SiteSettings.for_site(page.get_site()).tzinfo
    start = timezone.localtime(now, tz).replace(hour=0, minute=0, second=0, microsecond=0)
    # Through a revision, so the schedule the desk sees in the editor is this one.
    page.slots = [
        LiveTvSlot(
            sort_order=hour,
            title=LIVE_PROGRAMMES[hour % len(LIVE_PROGRAMMES)][0],
            show=shows.get(LIVE_PROGRAMMES[hour % len(LIVE_PROGRAMMES)][1]),
            starts_at=start + dt.timedelta(hours=hour),
            ends_at=start + dt.timedelta(hours=hour + 1),
            description=""
            if LIVE_PROGRAMMES[hour % len(LIVE_PROGRAMMES)][1]
            else "Headlines from home and abroad.",
        )
        for hour in range(48)
    ]
    page.save_revision().publish()
    return page


def ensure_live_settings(hls_url: str) -> None:
    site = Page.objects.type(LiveTvPage).first().get_site()
    live = LiveTvSettings.for_site(site)
    if not live.stream_url:
        live.stream_url = hls_url
        live.channel_name = "Dateline 24"
        channel_colours = images.palette("#111111", "#b3121a", "#ffffff")
        live.poster = images.hero_image("live-channel", channel_colours)
        live.save()


# --- menus ---------------------------------------------------------------------


def link_menus(video_hub: Page, live_page: Page, shows: dict[str, ShowPage]) -> None:
    """Point the bottom bar's Video and Live TV, and the Shows menu, at the real pages.

    Only links still on their placeholders change: an entry the desk re-pointed stays.
    """
    bar = Menu.objects.filter(handle=MenuHandle.BOTTOM_BAR).first()
    if bar is not None:
        targets = {"Video": video_hub.pk, "Live TV": live_page.pk}
        items = list(bar.items.raw_data)
        changed = False
        for item in items:
            value = item["value"]
            target = targets.get(value.get("label"))
            if target and value.get("page") != target:
                placeholder = Page.objects.filter(pk=value.get("page")).first()
                if placeholder is None or placeholder.specific_class not in (
                    VideoIndexPage,
                    LiveTvPage,
                ):
                    value["page"], value["url"] = target, ""
                    changed = True
        if changed:
            bar.items = items
            bar.save()
    shows_menu = Menu.objects.filter(handle=MenuHandle.SHOWS).first()
    if shows_menu is not None:
        pages = [item["value"].get("page") for item in shows_menu.items.raw_data]
        linked = ShowPage.objects.filter(pk__in=[page for page in pages if page])
        show_ids = set(linked.values_list("pk", flat=True))
        if not pages or any(page not in show_ids for page in pages):
            shows_menu.items = [
                {"type": "link", "value": {"label": "", "page": show.pk, "url": ""}}
                for show in shows.values()
            ]
            shows_menu.save()


WATCH_HEADING = "Video"


def lead_main_menu_with_watch(home: Page) -> None:
    """The main navigation leads with Video (its sub-menu: Live TV, Shows, Web Stories,
    Shorts), so a desktop reader reaches them as a phone reader does from the bottom bar.
    Added once: a menu the desk has already given a "Video" entry stays as it is."""
    from dateline.shorts.models import ShortsIndexPage
    from dateline.stories.models import WebStoryIndexPage

    menu = Menu.objects.filter(handle=MenuHandle.MAIN).first()
    hub = VideoIndexPage.objects.descendant_of(home).first()
    if menu is None or hub is None:
        return
    items = list(menu.items.raw_data)
    if any(item["value"].get("heading") == WATCH_HEADING for item in items):
        return
    pages = [
        model.objects.descendant_of(home).first()
        for model in (LiveTvPage, ShowIndexPage, WebStoryIndexPage, ShortsIndexPage)
    ]
    children = [
        {
            "type": "item",
            "value": {"label": "", "page": page.pk, "url": ""},
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"dateline-demo/menu-watch/{page.pk}")),
        }
        for page in pages
        if page is not None
    ]
    link = {"label": "", "page": hub.pk, "url": ""}
    group = {"heading": WATCH_HEADING, "link": link, "children": children}
    menu.items = [{"type": "group", "value": group}, *items]
    menu.save()
