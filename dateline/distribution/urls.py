"""Feeds, sitemaps and robots.txt (filled in by the distribution issue)."""

urlpatterns: list = []
