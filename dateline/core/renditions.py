"""Named picture sizes, and making them before a reader asks (issue 21, point 2).

Every filter spec a template or the code asks Wagtail for is named here, grouped by where
it is shown; `core/tests/test_renditions.py` reads the templates and fails on a spec that is
not. Making a rendition means decoding the original and encoding a crop (tens of ms per
size, a story's hero image alone has eleven): done in a reader's request it was the largest
cost of a story's first view. So the task worker makes them instead, when a picture is
uploaded (`on_image_created`, the sizes a story's picture needs) and when a story is
published (`articles.services.record_publication` names the sizes of its pictures).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model

logger = logging.getLogger("dateline.renditions")

SIZES: dict[str, tuple[str, ...]] = {
    # The article page's hero (srcset in articles/article_page.html).
    "story.hero": ("fill-480x270", "fill-960x540", "fill-1280x720"),
    # Story cards: lead, standard, row and thumb (components/story_card.html); search
    # results and event cards use the row and standard crops.
    "story.card": ("fill-960x540", "fill-480x270", "fill-320x180", "fill-240x135"),
    # OpenGraph and Twitter cards, feed enclosures (distribution).
    "social": ("fill-1200x630",),
    # NewsArticle JSON-LD: the three shapes Google shows large (distribution).
    "structured": ("fill-1200x675", "fill-1200x900", "fill-1200x1200"),
    # A picture in a story's body (components/blocks/image.html).
    "body.image": ("width-480", "width-960", "width-1280"),
    # A photo gallery in a story's body: the srcset, and the full-screen view (also its
    # ImageGallery JSON-LD).
    "body.gallery": ("width-480", "width-960"),
    "body.gallery.full": ("width-1600",),
    # A picture on a standard page (site/standard_page.html).
    "page.image": ("width-960",),
    "author.photo": ("fill-160x160",),
    "site.logo": ("height-40",),
    "short.card": ("fill-720x480",),
    "short.strip": ("fill-300x400",),
    "web_story.card": ("fill-360x480",),
    "web_story.poster": ("fill-640x853",),
    "web_story.page": ("fill-720x1280",),
    "web_story.logo": ("fill-192x192",),
    # Video: the player's poster and VideoObject thumbnail, episode cards (landscape and
    # the shorts' portrait), show artwork (hero, card, the "top shows" strip).
    "video.poster": ("fill-1280x720",),
    "video.card": ("fill-480x270", "fill-270x480"),
    "show.artwork": ("fill-960x540", "fill-480x270", "fill-160x90"),
}

# Where a story's hero picture is shown: its own page, its cards everywhere, its social card
# and its structured data. An uploaded picture gets these (most uploads are story pictures).
STORY_PICTURE = ("story.hero", "story.card", "social", "structured")


def specs(*names: str) -> tuple[str, ...]:
    """The filter specs of these named sizes, each once, in order."""
    seen: dict[str, None] = {}
    for name in names:
        for spec in SIZES[name]:
            seen.setdefault(spec, None)
    return tuple(seen)


ALL_SPECS = frozenset(specs(*SIZES))


@task()
def make_renditions(plan: list[list]) -> int:
    """Make the renditions `plan` names ([[image id, [spec, ...]], ...]) that do not exist
    yet; returns how many pictures were done. A picture that cannot be read (its file gone,
    a corrupt upload) is logged and skipped: the others are still made, and a reader's
    request would meet the same error Wagtail shows today."""
    wanted = {int(image_id): list(filter_specs) for image_id, filter_specs in plan}
    done = 0
    for image in get_image_model().objects.filter(pk__in=wanted).prefetch_renditions():
        try:
            image.get_renditions(*wanted[image.pk])
        except Exception:
            logger.warning("Could not make the renditions of image %s", image.pk, exc_info=True)
            continue
        done += 1
    return done


def make_after_commit(plan: Mapping[int, Iterable[str]]) -> None:
    """Ask the task worker for these renditions once the transaction commits (the picture or
    the story it is for is then visible to the worker). An unknown spec is a bug here, not a
    failed task later."""
    rows = []
    for image_id, filter_specs in plan.items():
        filter_specs = sorted(set(filter_specs))
        unknown = set(filter_specs) - ALL_SPECS
        if unknown:
            raise ValueError(f"Unnamed picture sizes {sorted(unknown)}: add them to SIZES")
        if image_id and filter_specs:
            rows.append([int(image_id), filter_specs])
    if not rows:
        return
    rows.sort()
    # robust: a queue that cannot take the task must not fail the publication that committed;
    # the renditions are then made by the first request, as Wagtail always did.
    transaction.on_commit(lambda: make_renditions.enqueue(rows), robust=True)


def on_image_created(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """post_save of the image model: a new upload gets the sizes of a story's picture."""
    if created and not raw:
        make_after_commit({instance.pk: specs(*STORY_PICTURE)})
