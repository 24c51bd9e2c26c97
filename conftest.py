"""Fixtures shared by every test: a site with a home page and a small section tree."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from dateline.home.factories import make_home

    return make_home()


@pytest.fixture
def world(home):
    from dateline.sections.factories import make_section

    return make_section(home, "World", intro="News from around the globe.")


@pytest.fixture
def us_news(world):
    from dateline.sections.factories import make_section

    return make_section(world, "US News", slug="us-news")


@pytest.fixture
def image(db):
    from dateline.core.factories import ImageFactory

    return ImageFactory()
