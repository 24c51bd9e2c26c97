from django.apps import AppConfig


class SectionsConfig(AppConfig):
    name = "dateline.sections"
    label = "sections"
