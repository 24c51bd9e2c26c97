"""Photo galleries in a story body: plain figures without scripts, the viewer's hooks, rules."""

import pytest
from wagtail.blocks import StructBlockValidationError

from dateline.articles.blocks import GalleryBlock
from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticleType
from dateline.core.factories import ImageFactory


def gallery_body(images, title="Harvest day"):
    """A body of one paragraph and one gallery, in Wagtail's stored form."""
    items = [
        {
            "type": "item",
            "id": f"item-{n}",
            "value": {
                "image": image.pk,
                "alt_text": f"Picture {n}",
                "caption": f"Caption {n}",
                "credit": "Staff photographer" if n == 1 else "",
            },
        }
        for n, image in enumerate(images, start=1)
    ]
    return [
        {"type": "paragraph", "value": "<p>The fields at dawn.</p>"},
        {"type": "gallery", "value": {"title": title, "images": items}},
    ]


@pytest.fixture
def photostory(world):
    images = [ImageFactory(title=f"Gallery {n}") for n in range(3)]
    return ArticlePageFactory(
        section=world,
        title="A day in the rice fields",
        article_type=ArticleType.PHOTOSTORY,
        body=gallery_body(images),
    )


def test_gallery_renders_as_figures_with_captions_credits_and_full_size_links(client, photostory):
    html = client.get(photostory.url).content.decode()
    assert '<section class="gallery" data-gallery aria-label="Harvest day">' in html
    assert html.count('<figure class="gallery__figure">') == 3
    assert html.count("data-gallery-item") == 3
    assert (
        '<span class="gallery__index">2/3</span> <span class="gallery__caption">Caption 2</span>'
        in html
    )
    assert '<span class="credit">Staff photographer</span>' in html
    assert 'alt="Picture 1"' in html
    assert 'href="/media/images/' in html  # without scripts the link opens the large picture
    assert "dateline/gallery.js" in html and "dateline/gallery.css" in html


def test_gallery_needs_two_pictures_each_described(db):
    block = GalleryBlock()
    image = ImageFactory()
    one = block.to_python({"title": "", "images": [{"image": image.pk, "alt_text": "A"}]})
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(one)
    assert list(exc.value.block_errors) == ["images"]
    undescribed = block.to_python(
        {"title": "", "images": [{"image": image.pk, "alt_text": ""}] * 2}
    )
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(undescribed)
    assert list(exc.value.block_errors) == ["images"]
