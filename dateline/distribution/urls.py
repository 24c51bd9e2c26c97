"""Feeds, sitemaps and robots.txt, mounted at the site root before Wagtail's catch-all."""

from functools import partial

from django.urls import path

from . import feeds, views

FEEDS = [
    ("latest", "feeds/latest/", feeds.LatestFeed),
    ("section", "feeds/section/<path:section_path>/", feeds.SectionFeed),
    ("topic", "feeds/topic/<slug:slug>/", partial(feeds.ListingFeed, "topic")),
    ("author", "feeds/author/<slug:slug>/", partial(feeds.ListingFeed, "author")),
    ("agency", "feeds/agency/<slug:slug>/", partial(feeds.ListingFeed, "agency")),
]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name=views.SITEMAP_URL_NAME),
]
for kind, prefix, feed_class in FEEDS:
    urlpatterns += [
        path(f"{prefix}rss/", feed_class().as_view(), name=f"{kind}_rss_feed"),
        path(f"{prefix}atom/", feed_class(atom=True).as_view(), name=f"{kind}_atom_feed"),
    ]
