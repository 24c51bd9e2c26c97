"""A small site for auditing feeds, sitemaps and structured data by hand or in CI.

Built with the test factories (install the `test` extra), never the demo, so the
audit always has one page of every kind. Prints the audited paths as JSON.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Create a small site with one page of every kind and print their paths as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="The Wagtail Site hostname.")
        parser.add_argument("--port", type=int, default=8021, help="The Wagtail Site port.")

    def handle(self, *args, hostname: str, port: int, **options):
        try:
            from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
            from dateline.core.factories import ImageFactory, make_standard_page, png_file
            from dateline.home.factories import make_home
            from dateline.sections.factories import make_event, make_section
        except ImportError as error:
            raise CommandError(f"Install the test extra (factory-boy): {error}") from error
        from taggit.models import Tag
        from wagtail.models import Site

        from dateline.articles.models import ArticlePage, ArticleType
        from dateline.core.models import SiteSettings

        if ArticlePage.objects.exists():
            raise CommandError("This database already has stories; seed an empty one.")
        with transaction.atomic():
            home = make_home("Dateline")
            Site.objects.filter(root_page=home).update(hostname=hostname, port=port)
            settings = SiteSettings.for_site(Site.objects.get(root_page=home))
            settings.site_name = "Dateline"
            settings.tagline = "News as it happens"
            settings.preferred_source_url = "https://www.google.com/preferences/source"
            settings.save()
            world = make_section(home, "World", intro="News from around the globe.")
            us_news = make_section(world, "US News", slug="us-news")
            author = AuthorFactory(name="Asha Rao", slug="asha-rao")
            agency = AgencyFactory()
            now = timezone.now()
            articles = {}
            for hours, kind in enumerate(ArticleType.values, start=1):
                image = ImageFactory(file=png_file(f"{kind}.png", size=(2400, 1600)))
                articles[kind] = ArticlePageFactory(
                    section=us_news if kind == ArticleType.NEWS else world,
                    title=f"A {kind} story about the summit",
                    article_type=kind,
                    hero_image=image,
                    hero_alt=f"Delegates at the summit ({kind})",
                    dateline_place="Geneva",
                    authors=[author],
                    tags=["Climate summit"],
                    published_at=now - dt.timedelta(hours=hours),
                )
            wire = ArticlePageFactory(
                section=world,
                title="Wire copy from the agency",
                authors=[],
                tags=["Climate summit"],
                published_at=now - dt.timedelta(days=40),
            )
            ArticlePage.objects.filter(pk=wire.pk).update(agency=agency)
            tag = Tag.objects.get(name="Climate summit")
            event = make_event(home, "Climate Summit 2026", intro="Live coverage.", tag=tag)
            make_standard_page(home, "About us", intro="Who we are.")
        paths = {
            "home": "/",
            "section": world.url,
            "subsection": us_news.url,
            "articles": [a.url for a in articles.values()],
            "topic": f"/topic/{tag.slug}/",
            "author": author.get_absolute_url(),
            "agency": agency.get_absolute_url(),
            "event": event.url,
        }
        self.stdout.write(json.dumps(paths))
