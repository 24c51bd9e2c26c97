from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site room: site settings, menus, standard pages and the site's time zone."""

    name = "dateline.site"
    # Not "sites": that is django.contrib.sites' label.
    label = "site"
    verbose_name = "Site"
