from django.apps import AppConfig


class TrendingConfig(AppConfig):
    name = "dateline.trending"
    label = "trending"
    verbose_name = "Trending and most read"
