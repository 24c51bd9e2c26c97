"""RSS 2.0 and Atom feeds: latest news, each section, topic, author and agency.

Django's syndication `Feed` is the view. Each feed lists the 50 newest stories
from `ArticlePage.objects.published()` (so embargo and scheduling rules apply),
answers conditional GETs with 304 from one small indexed query, and carries the
hero image as `media:content` and, when the site setting asks, the full text.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import condition
from taggit.models import Tag

from dateline.articles.models import ArticlePage, ArticlePageTag, SectionPage
from dateline.caching.cachestore import cached_each
from dateline.caching.dependencies import key_for, listing_key, narrow, record
from dateline.caching.release import release
from dateline.core.pages import view_restrictions_exist
from dateline.listings.subjects import get_listing
from dateline.site.models import SiteSettings

from ..links import absolute, current_site, page_url, site_root_url
from ..structured_data import article_modified_at
from .entries import FEED_SIZE, FeedEntry, FeedSource, feed_image, feed_time, site_settings, tag_uri
from .writers import MediaAtomFeed, MediaRssFeed


class ArticleFeed(Feed):
    """Base feed: subclasses say which stories (`get_source`); this class writes them.

    Use `feed.as_view()` in URLconfs: it adds ETag / Last-Modified handling.
    """

    kind = ""  # URL name prefix: "latest", "section", ...

    def __init__(self, atom: bool = False):
        self.atom = atom
        self.feed_type = MediaAtomFeed if atom else MediaRssFeed

    def as_view(self):
        return condition(etag_func=self.etag, last_modified_func=self.last_modified)(self)

    # --- what subclasses provide
    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        raise NotImplementedError

    # --- conditional GET from one indexed query of (pk, times) of the 50 newest
    def _source(self, request: HttpRequest, kwargs: dict) -> FeedSource:
        cache_key = (self.kind, self.atom, tuple(sorted(kwargs.items())))
        cached = getattr(request, "_dateline_feed_source", None)
        if cached is None or cached[0] != cache_key:
            request._dateline_feed_source = (cache_key, self.get_source(request, **kwargs))
        return request._dateline_feed_source[1]

    # The fields an item's state is made of, newest first by the first: its date, the
    # visible update time and the last publication (the ETag and Last-Modified read them).
    state_fields = ("published_at", "updated_at", "last_published_at")

    def _state(self, request: HttpRequest, kwargs: dict) -> list[tuple]:
        source = self._source(request, kwargs)
        if source.state is None:
            source.state = list(
                source.stories.order_by(f"-{self.state_fields[0]}", "-pk").values_list(
                    "pk", *self.state_fields
                )[:FEED_SIZE]
            )
        return source.state

    def etag(self, request: HttpRequest, **kwargs) -> str:
        """Changes when a story enters or leaves the feed, is republished or updated,
        or the full-text setting flips."""
        source = self._source(request, kwargs)
        digest = hashlib.sha256(
            repr((self.atom, source.settings.feed_full_text, self._state(request, kwargs))).encode()
        )
        return f'"{digest.hexdigest()[:32]}"'

    def last_modified(self, request: HttpRequest, **kwargs) -> dt.datetime | None:
        """The newest visible change: the same value the feed writes as its own date."""
        times = [
            max(updated, published) if updated else published
            for _pk, published, updated, _last in self._state(request, kwargs)
        ]
        return max(times, default=None)

    # --- Django's Feed protocol
    def get_object(self, request: HttpRequest, **kwargs) -> FeedSource:
        return self._source(request, kwargs)

    def title(self, source: FeedSource) -> str:
        return source.title

    def link(self, source: FeedSource) -> str:
        return source.link

    def description(self, source: FeedSource) -> str:
        # RSS readers treat the channel description as HTML; Atom's <subtitle> is plain text.
        return source.description if self.atom else escape(source.description)

    def feed_url(self, source: FeedSource) -> str:
        return absolute(source.request, source.request.path)

    def feed_guid(self, source: FeedSource) -> str:
        return self.feed_url(source)

    def author_name(self, source: FeedSource) -> str:
        return source.settings.site_name

    def feed_copyright(self, source: FeedSource) -> str | None:
        holder = source.settings.copyright_holder or source.settings.site_name
        return f"© {timezone.localdate().year} {holder}"

    def get_feed(self, source: FeedSource, request: HttpRequest):
        feed = super().get_feed(source, request)
        feed.feed["language"] = source.settings.language  # the site's, not the UI's
        return feed

    def items(self, source: FeedSource) -> list[FeedEntry]:
        """The newest stories' entries: their ids from the listing's index, then each entry
        from its cached fragment (recorded: a story's change drops its entry), the missing
        ones built from one batch of story cards."""
        if source.state is not None and source.ordering == (f"-{self.state_fields[0]}", "-pk"):
            # The conditional GET's state already holds these ids, in this order.
            pks = [row[0] for row in source.state]
        else:
            pks = list(
                source.stories.order_by(*source.ordering).values_list("pk", flat=True)[:FEED_SIZE]
            )
        request = source.request
        variant = f"{request.get_host()}:{source.settings.feed_full_text}"
        zone = timezone.get_current_timezone_name()
        names = {pk: f"dateline:feed-entry:{release()}:{pk}:{variant}:{zone}" for pk in pks}

        def load(missing: list[int]) -> dict:
            stories = (
                source.stories.filter(pk__in=missing)
                .for_listing()
                .prefetch_related(
                    Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag"))
                )
            )

            def builder(article: ArticlePage):
                def build() -> FeedEntry:
                    record(*article.card_keys(), key_for(SiteSettings))
                    record(*(key_for(Tag, item.tag_id) for item in article.tagged_items.all()))
                    return self.entry(article, source)

                return build

            return {article.pk: builder(article) for article in stories}

        entries = cached_each(names, load)
        return [entries[pk] for pk in pks if pk in entries]

    def entry(self, article: ArticlePage, source: FeedSource) -> FeedEntry:
        request = source.request
        published = article.published_at or article.first_published_at
        first = article.first_published_at or published
        authors = [(a.name, absolute(request, a.get_absolute_url())) for a in article.authors]
        if article.agency_id:
            authors.append(
                (article.agency.name, absolute(request, article.agency.get_absolute_url()))
            )
        categories = [article.section.title] if article.section_id else []
        categories += sorted(item.tag.name for item in article.tagged_items.all())
        image = feed_image(request, article.hero_image, article.hero_alt)
        return FeedEntry(
            title=article.title,
            link=page_url(article, request),
            guid=tag_uri(request, first, "article", article.pk),
            description=article.description,
            published=feed_time(published),
            updated=feed_time(article_modified_at(article)),
            author_name=", ".join(name for name, _ in authors) or source.settings.site_name,
            author_link=authors[0][1] if authors else site_root_url(request) + "/",
            categories=categories,
            image=image,
            content_html=str(article.body) if source.settings.feed_full_text else None,
        )

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.guid

    item_guid_is_permalink = False

    def item_description(self, entry: FeedEntry) -> str:
        # RSS <description> and Atom <summary type="html"> are read as HTML by feed readers:
        # the dek is plain text, so it is HTML-escaped (then XML-escaped by the writer).
        return escape(entry.description)

    def item_pubdate(self, entry: FeedEntry) -> dt.datetime:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> dt.datetime:
        return entry.updated

    def item_author_name(self, entry: FeedEntry) -> str:
        return entry.author_name

    def item_author_link(self, entry: FeedEntry) -> str | None:
        return entry.author_link

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return entry.categories

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {"image": entry.image, "content_html": entry.content_html}


class LatestFeed(ArticleFeed):
    kind = "latest"

    def get_source(self, request: HttpRequest, **kwargs) -> FeedSource:
        settings = site_settings(request)
        record(listing_key("articles"))
        return FeedSource(
            title=f"{settings.site_name}: latest news",
            link=site_root_url(request) + "/",
            description=settings.tagline or f"The newest stories from {settings.site_name}.",
            stories=ArticlePage.objects.published(),
            settings=settings,
            request=request,
        )


class SectionFeed(ArticleFeed):
    """A section's stories, its sub-sections' included; addressed by the section's path."""

    kind = "section"

    def get_source(self, request: HttpRequest, section_path: str = "", **kwargs) -> FeedSource:
        root = current_site(request).root_page
        sections = SectionPage.objects.live()
        if view_restrictions_exist():  # else Wagtail's public() reads them all for nothing
            sections = sections.public()
        # Found by its address: depends on that section (recorded as it loads), or, when
        # there is none, on the list of pages (one may come).
        with narrow():
            section = sections.filter(url_path=f"{root.url_path}{section_path.strip('/')}/").first()
        if section is None:
            record(listing_key("pages"))
            raise Http404(f"No section at /{section_path}/")
        record(key_for(section), listing_key("section", section.pk))
        settings = site_settings(request)
        return FeedSource(
            title=f"{section.title} | {settings.site_name}",
            link=page_url(section, request),
            description=section.intro or f"The newest {section.title} stories.",
            stories=ArticlePage.objects.published().in_section(section),
            settings=settings,
            request=request,
        )


class ListingFeed(ArticleFeed):
    """The feed of a topic, author or agency page: the same listing definition as the page."""

    def __init__(self, kind: str, atom: bool = False):
        super().__init__(atom=atom)
        self.kind = kind

    def get_source(self, request: HttpRequest, slug: str = "", **kwargs) -> FeedSource:
        listing = get_listing(self.kind, slug)
        record(*listing.keys)
        settings = site_settings(request)
        return FeedSource(
            title=f"{listing.title} | {settings.site_name}",
            link=absolute(request, listing.url),
            description=listing.description,
            stories=listing.stories,
            ordering=listing.ordering,
            settings=settings,
            request=request,
        )
