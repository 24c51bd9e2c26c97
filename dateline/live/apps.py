from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self) -> None:
        # Story cards drawn in Python (`articles.cards`) put the LIVE label before their
        # headline, as the card template does with `{% live_label %}`.
        from dateline.articles.cards import register_label

        from .templatetags.live_tags import live_label

        register_label(live_label)
