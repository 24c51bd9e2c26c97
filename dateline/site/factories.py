"""Test factories for the site room: menus and standard pages."""

import factory

from .models import Menu, StandardPage
from .services import add_standard_page


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Menu
        django_get_or_create = ("handle",)

    handle = "main"
    title = factory.LazyAttribute(lambda o: o.handle.replace("-", " ").title())
    items = factory.LazyFunction(list)


def make_standard_page(parent, title: str, **kwargs) -> StandardPage:
    return add_standard_page(parent, title, **kwargs)
