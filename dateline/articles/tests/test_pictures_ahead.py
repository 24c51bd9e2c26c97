"""Issue 21, point 2: a story's pictures are made by the task worker when it is published,
so its first reader's request makes none."""

from unittest import mock

import pytest
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import picture_sizes
from dateline.core.factories import ImageFactory
from dateline.core.renditions import STORY_PICTURE, specs

Rendition = get_image_model().get_rendition_model()


def body_with_pictures(picture, gallery):
    return [
        {"type": "paragraph", "value": "<p>The fields at dawn.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": "", "alt_text": "A field"}},
        {
            "type": "gallery",
            "value": {
                "title": "Harvest",
                "images": [
                    {
                        "type": "item",
                        "id": f"item-{n}",
                        "value": {"image": item.pk, "alt_text": "Rice", "caption": ""},
                    }
                    for n, item in enumerate(gallery)
                ],
            },
        },
    ]


@pytest.fixture
def pictures(db):
    # Made outside the captured commit: only the publication asks for their sizes.
    return ImageFactory(), ImageFactory(), [ImageFactory(), ImageFactory()]


def made(image) -> set[str]:
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def test_publishing_makes_every_size_the_story_shows(
    world, pictures, django_capture_on_commit_callbacks
):
    hero, picture, gallery = pictures
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticlePageFactory(
            section=world, hero_image=hero, body=body_with_pictures(picture, gallery)
        )
    assert made(hero) == set(specs(*STORY_PICTURE))
    assert made(picture) == {"width-480", "width-960", "width-1280"}
    for item in gallery:
        assert made(item) == {"width-480", "width-960", "width-1600"}
    assert picture_sizes(story) == {
        hero.pk: set(specs(*STORY_PICTURE)),
        picture.pk: {"width-480", "width-960", "width-1280"},
        **{item.pk: {"width-480", "width-960", "width-1600"} for item in gallery},
    }


def test_the_first_reader_request_of_a_new_story_makes_no_picture(
    client, world, pictures, django_capture_on_commit_callbacks
):
    hero, picture, gallery = pictures
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticlePageFactory(
            section=world, hero_image=hero, body=body_with_pictures(picture, gallery)
        )
    before = Rendition.objects.count()
    refuse = mock.patch.object(
        AbstractImage, "generate_rendition_file", side_effect=AssertionError("made in a request")
    )
    with refuse as generator:
        response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="gallery__item"') == 2 and "og:image" in html
    generator.assert_not_called()
    assert Rendition.objects.count() == before


def test_without_the_worker_the_request_would_have_made_them(client, world, pictures):
    # The control for the test above: no commit ran, so no task made the sizes, and the same
    # request makes them itself (what issue 21 measured as a story's largest first cost).
    hero, picture, gallery = pictures
    story = ArticlePageFactory(
        section=world, hero_image=hero, body=body_with_pictures(picture, gallery)
    )
    assert Rendition.objects.count() == 0
    assert client.get(story.url).status_code == 200
    assert made(hero) >= {"fill-1200x630", "fill-1280x720"}


def test_a_republication_asks_only_for_what_is_missing(
    world, pictures, django_capture_on_commit_callbacks
):
    hero, _picture, _gallery = pictures
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticlePageFactory(section=world, hero_image=hero)
    with (
        mock.patch.object(AbstractImage, "generate_rendition_file") as generator,
        django_capture_on_commit_callbacks(execute=True),
    ):
        story.save_revision().publish()
    generator.assert_not_called()
