"""A small site for auditing feeds, sitemaps and structured data by hand or in CI.

Built with the product's services and the demo's pictures (never the full demo), so the
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
        from taggit.models import Tag
        from wagtail.models import Site

        from dateline.articles.models import (
            Agency,
            ArticlePage,
            ArticlePageAuthor,
            ArticleType,
            Author,
        )
        from dateline.articles.services import file_article
        from dateline.demo import images
        from dateline.home.services import install_home
        from dateline.listings.services import add_event, add_section
        from dateline.live.models import LiveBlogPage, LiveEntry
        from dateline.site.models import SiteSettings
        from dateline.site.services import add_standard_page

        if ArticlePage.objects.exists():
            raise CommandError("This database already has stories; seed an empty one.")
        with transaction.atomic():
            home = install_home("Dateline")
            # freshness: demo data, loaded before serving
            Site.objects.filter(root_page=home).update(hostname=hostname, port=port)
            settings = SiteSettings.for_site(Site.objects.get(root_page=home))
            settings.site_name = "Dateline"
            settings.tagline = "News as it happens"
            settings.preferred_source_url = "https://www.google.com/preferences/source"
            settings.save()
            world = add_section(home, "World", intro="News from around the globe.")
            us_news = add_section(world, "US News", slug="us-news")
            author = Author.objects.create(name="Asha Rao", slug="asha-rao", role="Correspondent")
            agency = Agency.objects.create(
                name="The Associated Press", short_name="AP", slug="associated-press"
            )
            colours = images.palette("#1d3557", "#457b9d", "#e63946")
            now = timezone.now()

            def story(section, title: str, kind: str, *, hours: float, wire: bool = False):
                article = ArticlePage(
                    title=title,
                    dek="A short summary of what happened and why it matters.",
                    article_type=kind,
                    hero_image=None if wire else images.hero_image(f"seed-{kind}", colours),
                    hero_alt="" if wire else f"Delegates at the summit ({kind})",
                    dateline_place="Geneva",
                    agency=agency if wire else None,
                    body=[
                        ("paragraph", "<p>The first paragraph of the story.</p>"),
                        ("paragraph", "<p>The second paragraph adds context.</p>"),
                    ],
                )
                if not wire:
                    article.article_authors = [ArticlePageAuthor(author=author)]
                article.tags.add("Climate summit")
                return file_article(section, article, published_at=now - dt.timedelta(hours=hours))

            articles = {
                kind: story(
                    us_news if kind == ArticleType.NEWS else world,
                    f"A {kind} story about the summit",
                    kind,
                    hours=hours,
                )
                for hours, kind in enumerate(ArticleType.values, start=1)
            }
            story(world, "Wire copy from the agency", ArticleType.NEWS, hours=40 * 24, wire=True)
            tag = Tag.objects.get(name="Climate summit")
            event = add_event(home, "Climate Summit 2026", intro="Live coverage.", tag=tag)
            add_standard_page(home, "About us", intro="Who we are.")
            live_blog = file_article(
                world,
                LiveBlogPage(
                    title="Climate summit live: the final session",
                    dek="Every statement from the closing day, as it happens.",
                    coverage_status="live",
                    article_authors=[ArticlePageAuthor(author=author)],
                ),
                published_at=now - dt.timedelta(hours=2),
            )
            for n in range(3):
                LiveEntry.objects.create(
                    blog=live_blog,
                    headline=f"Delegation {n + 1} speaks",
                    body=[("text", f"<p>Delegation {n + 1} backs the draft text.</p>")],
                    is_key_event=n == 0,
                )
        paths = {
            "home": "/",
            "section": world.url,
            "subsection": us_news.url,
            "articles": [a.url for a in articles.values()],
            "topic": f"/topic/{tag.slug}/",
            "author": author.get_absolute_url(),
            "agency": agency.get_absolute_url(),
            "event": event.url,
            "live": live_blog.url,
        }
        self.stdout.write(json.dumps(paths))
