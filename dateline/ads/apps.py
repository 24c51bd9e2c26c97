from django.apps import AppConfig


class AdsConfig(AppConfig):
    name = "dateline.ads"
    label = "ads"
    verbose_name = "Advertising and consent"
