"""The registry of picture sizes (dateline.core.renditions) and the worker's task."""

import itertools
import re
from pathlib import Path

import pytest
from wagtail.images import get_image_model

import dateline
from dateline.core import renditions
from dateline.core.factories import ImageFactory

ROOT = Path(dateline.__file__).resolve().parent
IMAGE_TAG = re.compile(r"""{%\s*(?:image|srcset_image|card_image)\s+\S+\s+["']?([\w{},-]+)""")
SPEC_LITERAL = re.compile(
    r"""["'](fill-\d[\w-]*|width-\d+|height-\d+|max-\d[\w-]*|min-\d[\w-]*)["']"""
)


def expand(spec: str) -> list[str]:
    """Wagtail's srcset shorthand, `fill-{480x270,960x540}`, as the specs it stands for."""
    match = re.fullmatch(r"([\w-]*?)\{([^}]*)\}(.*)", spec)
    if not match:
        return [spec]
    head, options, tail = match.groups()
    return [f"{head}{option}{tail}" for option in options.split(",")]


def used_specs() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in itertools.chain(ROOT.rglob("*.html"), ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        pattern = IMAGE_TAG if path.suffix == ".html" else SPEC_LITERAL
        for spec in pattern.findall(text):
            for each in expand(spec):
                used.setdefault(each, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_size_a_template_or_the_code_asks_for_is_named():
    used = used_specs()
    assert {"fill-960x540", "width-1600", "fill-1200x630"} <= set(used)  # the scan sees them
    unnamed = {
        spec: sorted(paths) for spec, paths in used.items() if spec not in renditions.ALL_SPECS
    }
    assert unnamed == {}


def test_specs_are_listed_once_in_order_and_unknown_names_fail():
    assert renditions.specs("story.hero", "story.card")[:4] == (
        "fill-480x270",
        "fill-960x540",
        "fill-1280x720",
        "fill-320x180",
    )
    with pytest.raises(KeyError):
        renditions.specs("no-such-size")


def test_an_unnamed_size_is_refused_before_anything_is_queued(db):
    with pytest.raises(ValueError, match="fill-10x10"):
        renditions.make_after_commit({1: ["fill-10x10"]})


def test_an_upload_gets_the_sizes_of_a_story_picture(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(renditions.specs(*renditions.STORY_PICTURE))


def test_a_picture_that_cannot_be_read_is_skipped_and_the_others_made(db, caplog):
    broken, good = ImageFactory(), ImageFactory()
    broken.file.storage.delete(broken.file.name)
    result = renditions.make_renditions.call([[broken.pk, ["width-480"]], [good.pk, ["width-480"]]])
    assert result == 1
    assert list(good.renditions.values_list("filter_spec", flat=True)) == ["width-480"]
    assert not get_image_model().get_rendition_model().objects.filter(image=broken).exists()
    assert f"Could not make the renditions of image {broken.pk}" in caplog.text
