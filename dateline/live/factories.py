"""Test factories for live blogs and their entries."""

from __future__ import annotations

import factory

from dateline.articles.factories import ArticlePageFactory

from .models import CoverageStatus, LiveBlogPage, LiveEntry


class LiveBlogPageFactory(ArticlePageFactory):
    """A live blog filed and published under `section=` (live by default)."""

    class Meta:
        model = LiveBlogPage

    title = factory.Sequence(lambda n: f"Live: results night {n}")
    body = factory.LazyFunction(list)
    coverage_status = CoverageStatus.LIVE


class LiveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveEntry

    headline = factory.Sequence(lambda n: f"Update {n}")
    body = factory.LazyAttribute(lambda o: [("text", f"<p>{o.headline}: the count goes on.</p>")])
