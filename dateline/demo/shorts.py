"""The demo's Shorts, Web Stories and photo galleries.

20 Shorts drafted by the summariser from the newest demo stories (the stories' own
sentences, so the text is the demo's own), 6 written by the desk of stories the front page
does not show (content/shorts.py: the home page's strip shows only those), 3 Web Stories and
2 photostories with galleries.
Every step looks its object up by slug first: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag
from wagtail.models import Page

from dateline.articles.models import (
    ArticlePage,
    ArticlePageAuthor,
    ArticleType,
    Author,
    SectionPage,
)
from dateline.articles.services import file_article
from dateline.live.models import LiveBlogPage
from dateline.shorts.models import ShortPage, ShortsIndexPage
from dateline.shorts.services import summarise_story
from dateline.stories.models import WebStoryIndexPage, WebStoryPage

from . import images
from .content.shorts import WRITTEN_SHORTS
from .stories import DESK_AUTHORS, story_slug

SHORTS_COUNT = 20
CREDIT = "Dateline Graphics"
SHORTS_INTRO = "The day's news in 60 words a story."
WEB_STORIES_INTRO = "Visual stories from our reporters, one tap at a time."
STORY_PALETTE = images.palette("#1b263b", "#415a77", "#f4a261")
GALLERY_PALETTE = images.palette("#232323", "#495057", "#ffba08")


@dataclass(frozen=True)
class StoryCard:
    heading: str
    text: str
    alt: str


@dataclass(frozen=True)
class WebStorySpec:
    title: str
    description: str
    linked_headline: str  # the demo article the last page links to
    cards: tuple[StoryCard, ...]


@dataclass(frozen=True)
class GalleryPhoto:
    alt: str
    caption: str


@dataclass(frozen=True)
class GallerySpec:
    headline: str
    dek: str
    place: str
    tags: tuple[str, ...]
    intro: str
    outro: str
    days_ago: int
    photos: tuple[GalleryPhoto, ...]


WEB_STORIES = (
    WebStorySpec(
        title="Night trains across the Alps, stop by stop",
        description="Sleeper services are back on three mountain routes. Here is what the "
        "journey looks like from boarding to breakfast.",
        linked_headline="Night trains return to three routes across the Alps",
        cards=(
            StoryCard(
                "The night trains are back",
                "Three sleeper routes across the Alps resume next month, after years of cuts.",
                "A train at dusk",
            ),
            StoryCard(
                "Boarding at nine",
                "Passengers will find couchettes of four or six berths, "
                "and new two-berth private cabins at a higher fare.",
                "A platform at night",
            ),
            StoryCard(
                "Through the tunnels",
                "Most of the climb happens while passengers "
                "sleep, through tunnels built more than a century ago.",
                "A tunnel mouth",
            ),
            StoryCard(
                "Why now",
                "Operators are betting on travellers avoiding short flights: weekend "
                "bookings are strong, midweek demand is less certain.",
                "A departure board",
            ),
            StoryCard(
                "Breakfast in the valley",
                "The first stop after dawn brings coffee, bread and a view of the lakes.",
                "A valley at sunrise",
            ),
            StoryCard(
                "What it costs",
                "A berth costs about the same as a budget flight plus one night in a hotel.",
                "Tickets on a table",
            ),
        ),
    ),
    WebStorySpec(
        title="The Monsoon Session in six moments",
        description="Three bills passed, two sent to committee, and sittings lost to protests: "
        "the session as it happened.",
        linked_headline="Monsoon Session wraps up with three bills passed and two sent to "
        "committee",
        cards=(
            StoryCard(
                "Parliament rises",
                "The Monsoon Session ended a day ahead of schedule, after repeated adjournments.",
                "The Parliament building",
            ),
            StoryCard(
                "Three bills passed",
                "Both Houses cleared the three bills the government had listed as priorities.",
                "Members in the chamber",
            ),
            StoryCard(
                "Two sent to committee",
                "Two bills, on data retention and cooperative banks, went to committees "
                "after objections from members across parties.",
                "A committee room",
            ),
            StoryCard(
                "The lost sittings",
                "Protests cost both Houses several sittings; the opposition says key debates "
                "were cut short.",
                "A clock in the corridor",
            ),
            StoryCard(
                "What the opposition wanted",
                "Members asked for more time on the data bill and a debate on prices.",
                "Papers on a desk",
            ),
            StoryCard(
                "What comes next",
                "The committees report back before the Winter Session begins in late November.",
                "The chamber, empty",
            ),
        ),
    ),
    WebStorySpec(
        title="After the cyclone: the Pacific islands rebuild",
        description="Island governments ask donors for cash rather than containers. What "
        "recovery looks like three weeks on.",
        linked_headline="Storm-hit Pacific islands ask donors for cash, not containers",
        cards=(
            StoryCard(
                "Three weeks after the storm",
                "Villages on the outer islands are clearing debris and repairing roofs.",
                "A village by the sea",
            ),
            StoryCard(
                "Full warehouses",
                "Containers of goods nobody ordered fill the port "
                "while boats wait for spare parts.",
                "Containers at a port",
            ),
            StoryCard(
                "Cash, not containers",
                "Four governments asked donors for direct "
                "transfers that families can spend at local shops.",
                "A market stall",
            ),
            StoryCard(
                "Boats first",
                "Fishing crews say a working engine matters more "
                "than anything else that could arrive.",
                "Boats on a beach",
            ),
            StoryCard(
                "A shared register",
                "Any goods still sent should be listed before they ship, the appeal says.",
                "A ledger",
            ),
        ),
    ),
)

GALLERIES = (
    GallerySpec(
        headline="Salt pans at first light: a day with the harvesters of the Rann",
        dek="Before the heat arrives, families rake the white crust into mounds that will "
        "leave by truck before noon.",
        place="Kutch",
        tags=("Heritage", "Climate"),
        intro="The work starts before sunrise, when the crust is firm enough to walk on and "
        "the air is still cool. By ten, most families have finished for the day.",
        outro="Harvesters say the season has grown shorter as rains arrive earlier, and "
        "several families now take second jobs in the towns between seasons.",
        days_ago=4,
        photos=(
            GalleryPhoto(
                "Salt pans stretching to the horizon",
                "The pans at dawn, before the first rakes go in.",
            ),
            GalleryPhoto(
                "A harvester pulling a wooden rake",
                "Raking the crust into rows takes about two hours per pan.",
            ),
            GalleryPhoto("Mounds of white salt", "Mounds dry in the sun before loading."),
            GalleryPhoto(
                "A family resting in the shade", "A break at eight, when the sun begins to bite."
            ),
            GalleryPhoto("A truck being loaded", "Trucks leave for the refinery before noon."),
            GalleryPhoto("Footprints in the salt crust", "By afternoon the pans are empty again."),
        ),
    ),
    GallerySpec(
        headline="Lanterns over the old harbour as the night market returns",
        dek="After two quiet seasons, stalls, music and paper lanterns are back on the "
        "waterfront every Saturday.",
        place="Kochi",
        tags=("Heritage", "Music"),
        intro="Stallholders began setting up at five, stringing lanterns between the old "
        "fishing nets while the tide went out.",
        outro="The market runs every Saturday until the end of the season, and organisers "
        "say forty more stalls have applied for next year.",
        days_ago=6,
        photos=(
            GalleryPhoto(
                "Lanterns strung over the waterfront",
                "Lanterns go up as the sun sets over the harbour.",
            ),
            GalleryPhoto(
                "A stall selling grilled fish", "Grilled fish is the first stall to sell out."
            ),
            GalleryPhoto("Musicians on a small stage", "A band plays by the old nets until late."),
            GalleryPhoto(
                "Children holding paper lanterns",
                "Children carry lanterns made at a workshop that afternoon.",
            ),
            GalleryPhoto("Crowds walking along the quay", "The quay at nine, at its busiest."),
            GalleryPhoto(
                "Lanterns reflected in the water", "The last lanterns come down after midnight."
            ),
        ),
    ),
)


def _block(block_type: str, value, key: str) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, key))}


def _picture(key: str, palette: images.Palette, collection):
    return images.hero_image(key, palette, collection)


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_shorts_feed(home: Page) -> ShortsIndexPage:
    existing = ShortsIndexPage.objects.child_of(home).first()
    return existing or _publish(
        home, ShortsIndexPage(title="Shorts", slug="shorts", intro=SHORTS_INTRO)
    )


def _publish_short(index: ShortsIndexPage, short: ShortPage, now: dt.datetime) -> ShortPage:
    """Publish `short` as if written 20 minutes after its story, its tags the story's."""
    story = short.story
    short.tags.set(list(story.tags.all()))
    _publish(index, short)
    when = min(story.published_at + dt.timedelta(minutes=20), now)
    # freshness: demo data, loaded before serving
    ShortPage.objects.filter(pk=short.pk).update(first_published_at=when, last_published_at=when)
    return short


def ensure_written_shorts(index: ShortsIndexPage, now: dt.datetime) -> list[ShortPage]:
    """The desk's own Shorts (content/shorts.py), one per story, found again by their story."""
    existing = {s.story_id: s for s in ShortPage.objects.child_of(index)}
    shorts = []
    for spec in WRITTEN_SHORTS:
        story = ArticlePage.objects.published().filter(slug=story_slug(spec.story_headline))
        story = story.first()
        if story is None:  # the desk unpublished it: no Short of it
            continue
        short = existing.get(story.pk) or _new_short(index, story, spec.title, spec.body, now)
        shorts.append(short)
    return shorts


def _new_short(
    index: ShortsIndexPage, story: ArticlePage, title: str, body: str, now: dt.datetime
) -> ShortPage:
    """A Short of `story` (its picture, its address), published under `index`."""
    short = ShortPage(
        title=title,
        slug=story.slug[:80],
        body=body,
        image=story.hero_image,
        image_alt=story.hero_alt,
        story=story,
    )
    _publish_short(index, short, now)
    return short


def ensure_shorts(index: ShortsIndexPage, now: dt.datetime) -> list[ShortPage]:
    """A Short for each of the newest stories (opinion aside), drafted by the summariser."""
    stories = (
        ArticlePage.objects.published()
        .exclude(article_type=ArticleType.OPINION)
        # Live blogs have entries, not a body to summarise.
        .exclude(content_type=ContentType.objects.get_for_model(LiveBlogPage))
        .order_by("-published_at", "-pk")[:SHORTS_COUNT]
    )
    existing = {s.story_id: s for s in ShortPage.objects.child_of(index)}
    shorts = []
    for story in reversed(list(stories)):  # oldest first, so the feed reads newest first
        short = existing.get(story.pk)
        if short is None:
            short = _new_short(index, story, story.title, summarise_story(story).text, now)
        shorts.append(short)
    return shorts


def ensure_web_stories(home: Page, collection) -> list[WebStoryPage]:
    index = WebStoryIndexPage.objects.child_of(home).first() or _publish(
        home, WebStoryIndexPage(title="Web Stories", slug="web-stories", intro=WEB_STORIES_INTRO)
    )
    made = []
    for spec in WEB_STORIES:
        slug = story_slug(spec.title)
        story = WebStoryPage.objects.child_of(index).filter(slug=slug).first()
        if story is None:
            linked = ArticlePage.objects.filter(slug=story_slug(spec.linked_headline)).first()
            pages = []
            for n, card in enumerate(spec.cards):
                last = n == len(spec.cards) - 1
                value = {
                    "background_image": _picture(f"{slug}-{n}", STORY_PALETTE, collection).pk,
                    "image_alt": card.alt,
                    "background_video": None,
                    "heading": card.heading,
                    "text": card.text,
                    "link_page": linked.pk if (last and linked) else None,
                    "link_label": "Read the full story" if (last and linked) else "",
                }
                pages.append(_block("page", value, f"dateline-demo/{slug}/{n}"))
            story = _publish(
                index,
                WebStoryPage(
                    title=spec.title,
                    slug=slug,
                    description=spec.description,
                    poster_image=_picture(f"{slug}-poster", STORY_PALETTE, collection),
                    poster_alt=spec.cards[0].alt,
                    pages=pages,
                ),
            )
        made.append(story)
    return made


def ensure_galleries(
    sections: dict[str, SectionPage], tags: dict[str, Tag], now: dt.datetime, collection
) -> list[ArticlePage]:
    """Two photostories whose bodies hold a photo gallery."""
    made = []
    # The photo desk's writers take turns (a story goes out under a byline).
    writers = list(Author.objects.filter(slug__in=DESK_AUTHORS["photostories"]).order_by("slug"))
    for number, spec in enumerate(GALLERIES):
        slug = story_slug(spec.headline)
        article = ArticlePage.objects.filter(slug=slug).first()
        if article is None:
            photos = [
                {
                    "type": "item",
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"dateline-demo/{slug}/photo/{n}")),
                    "value": {
                        "image": _picture(f"{slug}-photo-{n}", GALLERY_PALETTE, collection).pk,
                        "alt_text": f"{photo.alt}, {spec.place}",
                        "caption": photo.caption,
                        "credit": CREDIT,
                    },
                }
                for n, photo in enumerate(spec.photos)
            ]
            article = ArticlePage(
                title=spec.headline,
                slug=slug,
                dek=spec.dek,
                article_type=ArticleType.PHOTOSTORY,
                hero_image=_picture(slug, GALLERY_PALETTE, collection),
                hero_alt=f"{spec.photos[0].alt}, {spec.place}",
                hero_caption=spec.photos[0].caption,
                hero_credit=CREDIT,
                dateline_place=spec.place,
                body=[
                    _block("paragraph", f"<p>{spec.intro}</p>", f"dateline-demo/{slug}/intro"),
                    _block(
                        "gallery",
                        {"title": "In pictures", "images": photos},
                        f"dateline-demo/{slug}/gallery",
                    ),
                    _block("paragraph", f"<p>{spec.outro}</p>", f"dateline-demo/{slug}/outro"),
                ],
            )
            article.tags.set([tags[name] for name in spec.tags if name in tags])
            if writers:
                article.article_authors = [ArticlePageAuthor(author=writers[number % len(writers)])]
            article = file_article(
                sections["photostories"],
                article,
                publish=True,
                published_at=now - dt.timedelta(days=spec.days_ago),
            )
        made.append(article)
    return made


def ensure_shorts_stories_and_galleries(
    home: Page, sections: dict[str, SectionPage], tags: dict[str, Tag], now: dt.datetime
) -> dict[str, int]:
    """The demo's Shorts, Web Stories and galleries; what exists is left as it is."""
    collection = images.demo_collection()
    galleries = ensure_galleries(sections, tags, now, collection)
    feed = ensure_shorts_feed(home)
    # The desk's first: a story that has one gets no drafted Short beside it.
    shorts = ensure_written_shorts(feed, now) + ensure_shorts(feed, now)
    web_stories = ensure_web_stories(home, collection)
    return {
        "shorts": len({s.pk for s in shorts}),
        "web stories": len(web_stories),
        "galleries": len(galleries),
    }


def point_bottom_bar_at_shorts(index: ShortsIndexPage) -> None:
    """The mobile bottom bar's "Shorts" leads to the Shorts feed (it began on a placeholder);
    an entry the desk pointed elsewhere stays as it is."""
    from dateline.site.models import Menu, MenuHandle

    bar = Menu.objects.filter(handle=MenuHandle.BOTTOM_BAR).first()
    if bar is None:
        return
    items = list(bar.items.raw_data)
    changed = False
    for item in items:
        value = item["value"]
        if value.get("label") == "Shorts" and value.get("page") != index.pk:
            placeholder = Page.objects.filter(pk=value.get("page")).first()
            if placeholder is None or placeholder.specific_class is not ShortsIndexPage:
                value["page"], value["url"] = index.pk, ""
                changed = True
    if changed:
        bar.items = items
        bar.save()
