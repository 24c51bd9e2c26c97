from django.apps import AppConfig, apps


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from . import jobs, suppression  # noqa: F401  (suppression: anymail's signal receiver)

        page_published.connect(
            jobs.on_story_published,
            sender=apps.get_model("articles", "ArticlePage"),
            dispatch_uid="newsletters-on-publish",
        )
