"""Stories for the distribution tests, built with the article factories."""

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def make_story(world):
    """`make_story(hours_ago=1, **factory_kwargs)`: a published story in World by default."""

    def make(hours_ago: float = 1, **kwargs):
        kwargs.setdefault("section", world)
        kwargs.setdefault("published_at", timezone.now() - dt.timedelta(hours=hours_ago))
        return ArticlePageFactory(**kwargs)

    return make


@pytest.fixture
def author(db):
    return AuthorFactory(name="Asha Rao", slug="asha-rao")


@pytest.fixture
def agency(db):
    return AgencyFactory()
