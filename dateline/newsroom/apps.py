from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Roles, the approval workflow, the scheduler, the breaking banner and 410 Gone."""

    name = "dateline.newsroom"
    label = "newsroom"
