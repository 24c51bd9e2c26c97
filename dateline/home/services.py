"""State changes of the home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from .models import HomePage


def install_home(title: str = "Dateline") -> HomePage:
    """The HomePage at the site root, replacing Wagtail's welcome page (idempotent)."""
    root = Page.get_first_root_node()
    if root is None:
        # The tables migrations filled were emptied (a transactional test's flush, a
        # restore into a bare database): rebuild the tree's root first.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        ContentType.objects.clear_cache()  # a flush renumbers content types
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=title, slug="home-page")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=title
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home
