from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self) -> None:
        # Story cards drawn in Python (`articles.cards`) put the LIVE label before their
        # headline, as the card template does with `{% live_label %}`; the cards of a page
        # read their blogs' status in one query.
        from dateline.articles.cards import register_label

        from .templatetags.live_tags import live_label, prepare_live_labels

        register_label(live_label, prepare_live_labels)
