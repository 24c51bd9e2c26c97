from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "dateline.distribution"
    label = "distribution"
