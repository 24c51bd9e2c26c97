"""Test factories for the shared kernel: images, sites, settings, menus."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from .models import Menu, StandardPage
from .services import add_standard_page


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


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Menu
        django_get_or_create = ("handle",)

    handle = "main"
    title = factory.LazyAttribute(lambda o: o.handle.replace("-", " ").title())
    items = factory.LazyFunction(list)


def make_standard_page(parent, title: str, **kwargs) -> StandardPage:
    return add_standard_page(parent, title, **kwargs)
