"""Test factories for the shared kernel: images, collections, pages."""

import datetime as dt
import io

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page


def png_file(
    name: str = "picture.png", size: tuple[int, int] = (1600, 900), colour=(30, 90, 160)
) -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def root_collection() -> Collection:
    """Wagtail's root collection, rebuilt if a transactional test flushed it."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.LazyFunction(png_file)
    collection = factory.LazyFunction(lambda: root_collection())


def add_page(parent: Page, page: Page, *, publish: bool = True, published_at=None) -> Page:
    """Put `page` under `parent` with a first revision and (by default) publish it, dated
    `published_at` (now when not given)."""
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        when: dt.datetime = published_at or timezone.now()
        # freshness: test data, set before anything is cached
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when
        )
        page.refresh_from_db()
    return page


def single_index(parent: Page, model: type[Page], title: str, slug: str) -> Page:
    """The one `model` page under `parent`, made and published if there is none yet."""
    index = model.objects.child_of(parent).first()
    if index is None:
        index = add_page(parent, model(title=title, slug=slug))
    return index
