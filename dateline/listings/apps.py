from django.apps import AppConfig


class ListingsConfig(AppConfig):
    """Reader pages that list stories outside a story's own section: topic, author and agency
    pages, the event hubs and the HTML sitemap."""

    name = "dateline.listings"
    # The label it had as `dateline.sections`: its migrations, tables (sections_*), content
    # types and permissions keep it, and other apps' migrations depend on ("sections", ...).
    # Changing it would need an app of that label kept for the history anyway (issue 20).
    label = "sections"
    verbose_name = "Listings"
