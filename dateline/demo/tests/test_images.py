"""Demo pictures: drawn locally, the right size, the same for the same key, distinct otherwise."""

import io

from PIL import Image, ImageStat

from dateline.demo.images import HERO_SIZE, PORTRAIT_SIZE, draw_hero, draw_portrait, palette

WORLD = palette("#12355b", "#3d7cc9", "#f4c95d")


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_hero_is_large_enough_for_1200_px_square_crops():
    picture = _open(draw_hero("a-story", WORLD))
    assert picture.format == "JPEG"
    assert picture.size == HERO_SIZE == (2134, 1200)


def test_hero_is_deterministic_per_key_and_differs_between_keys():
    assert draw_hero("a-story", WORLD) == draw_hero("a-story", WORLD)
    assert draw_hero("a-story", WORLD) != draw_hero("another-story", WORLD)


def test_hero_can_be_drawn_small_with_the_same_layout():
    small = _open(draw_hero("a-story", WORLD, size=(160, 90)))
    full = _open(draw_hero("a-story", WORLD)).resize((160, 90))
    assert small.size == (160, 90)
    # Same composition: the average colour stays close to the full-size picture's.
    small_mean, full_mean = ImageStat.Stat(small).mean, ImageStat.Stat(full).mean
    assert all(abs(a - b) < 12 for a, b in zip(small_mean, full_mean, strict=True))


def test_portrait_is_a_square_jpeg_per_author():
    picture = _open(draw_portrait("ananya-rao"))
    assert picture.format == "JPEG"
    assert picture.size == PORTRAIT_SIZE == (600, 600)
    assert draw_portrait("ananya-rao") != draw_portrait("rohit-mehra")
