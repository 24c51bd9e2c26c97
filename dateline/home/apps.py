from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "dateline.home"
    label = "home"
