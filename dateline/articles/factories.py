"""Factories for authors, agencies and articles (filed through the real service)."""

import datetime as dt

import factory
from django.utils import timezone

from .models import Agency, ArticlePage, ArticlePageAuthor, Author
from .services import file_article


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    role = "Correspondent"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = "The Associated Press"
    short_name = "AP"
    slug = "associated-press"


class ArticlePageFactory(factory.Factory):
    """Build an ArticlePage and file it under `section` (pass section=...).

    Extra arguments: `authors` (list; with none and no `agency` the story goes out under
    the "Dateline Desk" agency, as a story needs a byline), `tags` (list of names), `publish`
    (default True), `published_at` (default: now minus the sequence number in
    minutes, so later factories make newer stories).
    """

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Story number {n} makes the news")
    dek = "A short summary of what happened and why it matters."
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", "<p>The first paragraph of the story.</p>"),
            ("paragraph", "<p>The second paragraph adds context.</p>"),
        ]
    )

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        section,
        authors=(),
        tags=(),
        publish=True,
        published_at=None,
        **kwargs,
    ):
        if not authors and "agency" not in kwargs and "agency_id" not in kwargs:
            # No story goes out without a byline (articles.rules): the desk's own by default.
            kwargs["agency"] = AgencyFactory(name="Dateline Desk", short_name="", slug="desk")
        article = model_class(**kwargs)
        # Bylines and tags go on the unsaved page (modelcluster keeps them in memory), so the
        # story is saved and published once, as a desk would.
        article.article_authors = [ArticlePageAuthor(author=author) for author in authors]
        if tags:
            article.tags.add(*tags)
        if published_at is None:
            published_at = timezone.now() - dt.timedelta(minutes=10)
        return file_article(section, article, publish=publish, published_at=published_at)
