"""Pictures for the demo, drawn locally with Pillow: nothing is downloaded.

Every picture is seeded by a key (usually a slug), so the same key always
draws the same picture and a second demo run can find it again by title.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Collection

# Big enough for every structured-data crop at 1200 px wide: 16:9, 4:3 and 1:1 (1200 tall).
HERO_SIZE = (2134, 1200)
# Shapes are laid out on this canvas and scaled to the picture's size.
LAYOUT_SIZE = (1600, 900)
PORTRAIT_SIZE = (600, 600)
DEMO_COLLECTION_NAME = "Demo pictures"

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """A section's colours: two for the background gradient, one accent for the shapes."""

    start: RGB
    end: RGB
    accent: RGB


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def palette(start: str, end: str, accent: str) -> Palette:
    return Palette(_hex(start), _hex(end), _hex(accent))


NEUTRAL = palette("#23395b", "#5b7db1", "#f2b134")


def _rng(key: str) -> random.Random:
    # A stable seed: Python's hash() of a str changes from process to process.
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(size: tuple[int, int], start: RGB, end: RGB, angle: int) -> PILImage.Image:
    """A linear gradient from `start` to `end`, turned by `angle` degrees.

    Drawn at a tenth of the size and scaled up: a smooth ramp loses nothing, and
    rotating and blending at full size would cost more than the rest of the picture.
    """
    small = (max(size[0] // 10, 2), max(size[1] // 10, 2))
    side = int((small[0] ** 2 + small[1] ** 2) ** 0.5) + 2
    mask = PILImage.linear_gradient("L").resize((side, side)).rotate(angle)
    left, top = (side - small[0]) // 2, (side - small[1]) // 2
    mask = mask.crop((left, top, left + small[0], top + small[1]))
    ramp = PILImage.composite(
        PILImage.new("RGB", small, end), PILImage.new("RGB", small, start), mask
    )
    return ramp.resize(size, PILImage.Resampling.BILINEAR)


def draw_hero(key: str, colours: Palette = NEUTRAL, size: tuple[int, int] | None = None) -> bytes:
    """A JPEG (HERO_SIZE unless `size` says otherwise): a gradient with overlapping circles,
    bands and a horizon line. Shapes are laid out on a 1600-wide canvas and scaled."""
    rng = _rng(key)
    size = size or HERO_SIZE
    width, height = size
    scale = width / LAYOUT_SIZE[0]

    def px(value: float) -> int:
        return round(value * scale)

    picture = _gradient(size, colours.start, colours.end, rng.choice([0, 30, 60, 120, 150]))
    layer = PILImage.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)

    for _ in range(rng.randint(2, 4)):  # soft diagonal bands
        x = px(rng.randint(-800, 1600))
        band = px(rng.randint(80, 260))
        slant = px(500)
        tone = _mix(colours.end, (255, 255, 255), rng.uniform(0.1, 0.5))
        draw.polygon(
            [(x, 0), (x + band, 0), (x + band - slant, height), (x - slant, height)],
            fill=(*tone, rng.randint(30, 70)),
        )
    for _ in range(rng.randint(3, 6)):  # circles of the accent colour and its tints
        radius = px(rng.randint(60, 320))
        cx, cy = px(rng.randint(0, 1600)), px(rng.randint(0, 900))
        tone = _mix(colours.accent, colours.start, rng.uniform(0, 0.6))
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(*tone, rng.randint(90, 200)),
        )
    for _ in range(rng.randint(1, 3)):  # blocks like buildings on a horizon
        block_w = rng.randint(120, 380)
        block_h = px(rng.randint(120, 420))
        x = px(rng.randint(0, 1600 - block_w))
        tone = _mix(colours.start, (0, 0, 0), rng.uniform(0.2, 0.5))
        draw.rectangle((x, height - block_h, x + px(block_w), height), fill=(*tone, 170))
    horizon = px(rng.randint(450, 780))
    draw.line(
        (0, horizon, width, horizon - px(rng.randint(-60, 60))),
        fill=(255, 255, 255, 90),
        width=max(px(4), 1),
    )

    picture = PILImage.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def draw_portrait(
    key: str, colours: Palette = NEUTRAL, size: tuple[int, int] | None = None
) -> bytes:
    """A square JPEG (600×600 unless `size` says otherwise): a head-and-shoulders
    silhouette on a tinted background."""
    rng = _rng(key)
    size = size or PORTRAIT_SIZE
    scale = size[0] / PORTRAIT_SIZE[0]

    def box(*coords: int) -> tuple[int, ...]:
        return tuple(round(c * scale) for c in coords)

    background = _mix(colours.start, (255, 255, 255), rng.uniform(0.55, 0.75))
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    skin = rng.choice(
        [(141, 85, 36), (198, 134, 66), (224, 172, 105), (120, 72, 40), (172, 112, 61)]
    )
    clothes = _mix(colours.start, colours.accent, rng.uniform(0, 0.5))
    hair = rng.choice([(30, 24, 20), (60, 40, 25), (90, 90, 90), (20, 20, 30)])
    draw.ellipse(box(90, 400, 510, 820), fill=clothes)  # shoulders
    draw.rectangle(box(255, 330, 345, 430), fill=skin)  # neck
    draw.ellipse(box(185, 130, 415, 380), fill=skin)  # face
    if rng.random() < 0.5:
        draw.chord(box(175, 110, 425, 330), 180, 360, fill=hair)  # short hair
    else:
        draw.pieslice(box(160, 100, 440, 470), 180, 360, fill=hair)  # longer hair
        draw.ellipse(box(195, 150, 405, 390), fill=skin)
    picture = picture.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_collection() -> Collection:
    """The collection that holds every demo picture, so the desk can tell them apart."""
    # A database restored or flushed without the root collection gets it back.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=DEMO_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=DEMO_COLLECTION_NAME)
    return collection


def register_image(title: str, filename: str, data: bytes, collection: Collection | None = None):
    """Store JPEG bytes under MEDIA_ROOT as a Wagtail image (not saved again if `title` exists)."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = image_model(
        title=title,
        file=ImageFile(io.BytesIO(data), name=filename),
        collection=collection or demo_collection(),
    )
    image._set_image_file_metadata()  # size and hash, as Wagtail's upload form does
    image.save()
    return image


def hero_image(key: str, colours: Palette, collection: Collection | None = None):
    """The hero picture for `key` (a story slug), drawn only the first time."""
    title = f"Demo picture: {key}"
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return register_image(title, f"demo-{key[:60]}.jpg", draw_hero(key, colours), collection)


def portrait_image(key: str, colours: Palette = NEUTRAL, collection: Collection | None = None):
    """An author's portrait for `key` (the author's slug), drawn only the first time."""
    title = f"Demo portrait: {key}"
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return register_image(
        title, f"portrait-{key[:60]}.jpg", draw_portrait(key, colours), collection
    )
