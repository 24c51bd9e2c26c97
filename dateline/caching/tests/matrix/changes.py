"""The change kinds of the freshness matrix: each a small function run in the writer process
the way the admin, the scheduler or the wire desk makes that change (their own calls, their
own transactions, purges on their real commit). A new kind joins the matrix by adding one
`@change("name")` function here: every URL kind gets a cell for it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from dateline.articles.models import Agency, ArticlePage, Author
from dateline.articles.services import unpublish_article
from dateline.core.factories import png_file
from dateline.site.models import Menu, SiteSettings

from .tree import Tree

CHANGES: dict[str, Callable[[Tree], None]] = {}


def change(name: str):
    def register(function: Callable[[Tree], None]) -> Callable[[Tree], None]:
        CHANGES[name] = function
        return function

    return register


def _editor():
    user, _ = get_user_model().objects.get_or_create(
        username="matrix-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def _fresh(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).specific


def _publish_edit(page: Page, **fields) -> None:
    """The admin's edit view: a new revision with the form's values, published."""
    page = _fresh(page)
    for field, value in fields.items():
        setattr(page, field, value)
    page.save_revision(user=_editor(), log_action=True).publish(user=_editor())


@change("edit+publish")
def edit_and_publish(tree: Tree) -> None:
    """Every page type's page retitled in the admin and published."""
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        page = model.objects.live().order_by("pk").first()
        if page is not None and not page.is_root():
            _publish_edit(page, title=f"{page.title} (revised)")


@change("unpublish")
def unpublish(tree: Tree) -> None:
    """The admin's Unpublish on a story, a Short and a standard page."""
    for page in (tree.to_unpublish, tree.short, tree.about):
        _fresh(page).unpublish(user=_editor())


@change("withdraw")
def withdraw(tree: Tree) -> None:
    unpublish_article(_fresh(tree.to_withdraw), user=_editor())


@change("move")
def move(tree: Tree) -> None:
    """A sub-section moved to another section (its stories' addresses and sections follow)."""
    _fresh(tree.us_news).move(_fresh(tree.sport), pos="last-child", user=_editor())


@change("slug change")
def slug_change(tree: Tree) -> None:
    _publish_edit(tree.to_rename, slug="coach-signs-on-for-two-years")


@change("delete")
def delete(tree: Tree) -> None:
    _fresh(tree.to_delete).delete(user=_editor())


@change("view restriction added")
def view_restriction(tree: Tree) -> None:
    """A password on a story and a login on the video episode (the admin's privacy form)."""
    for page, kind in (
        (tree.to_restrict, PageViewRestriction.PASSWORD),
        (tree.episode, PageViewRestriction.LOGIN),
    ):
        restriction = PageViewRestriction(page=_fresh(page), restriction_type=kind)
        restriction.password = "s3cret-word" if kind == PageViewRestriction.PASSWORD else ""
        restriction.save(user=_editor())


@change("redirect added")
def redirect_added(tree: Tree) -> None:
    """A redirect from the withdrawn story's address to the lead story (the Redirects admin)."""
    site = Site.objects.get(is_default_site=True)
    path = Redirect.normalise_path(_fresh(tree.withdrawn).relative_url(site))
    Redirect.add_redirect(path, redirect_to=_fresh(tree.lead), is_permanent=True, site=site)


@change("settings change")
def settings_change(tree: Tree) -> None:
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Dateline Evening"
    for field in ("newsletter_text", "newsletter_title", "newsletter_heading"):
        if hasattr(settings, field):
            setattr(settings, field, "Our new evening briefing, every weekday.")
    settings.save()


@change("author edit")
def author_edit(tree: Tree) -> None:
    author = Author.objects.get(pk=tree.author.pk)
    author.name = "Priya Nair-Rao"
    author.save()


@change("agency edit")
def agency_edit(tree: Tree) -> None:
    agency = Agency.objects.get(pk=tree.agency.pk)
    agency.name = "Wire Service International"
    agency.short_name = "WSI"
    agency.save()


@change("menu edit")
def menu_edit(tree: Tree) -> None:
    menu = Menu.objects.get(handle="main")
    menu.items = [
        *[(block.block_type, block.value) for block in menu.items],
        ("link", {"page": _fresh(tree.video), "label": "Watch", "url": ""}),
    ]
    menu.save()


@change("image replaced")
def image_replaced(tree: Tree) -> None:
    """A new file uploaded over the picture (the image edit form: metadata, old file and
    renditions deleted)."""
    image = type(tree.image).objects.get(pk=tree.image.pk)
    old_name = image.file.name
    with transaction.atomic():
        image.file = png_file("harbour-new.png", size=(1200, 800), colour=(200, 40, 40))
        image._set_image_file_metadata()
        image.save()
        image.renditions.all().delete()
    image.file.storage.delete(old_name)


@change("tag change")
def tag_change(tree: Tree) -> None:
    """The lead story tagged Trade in the admin (it joins that topic)."""
    story = ArticlePage.objects.get(pk=tree.lead.pk)
    story.tags.add("Trade")
    story.save_revision(user=_editor(), log_action=True).publish(user=_editor())


@change("no ads")
def no_ads(tree: Tree) -> None:
    """The lead story marked "no ads" in the admin (sensitive coverage): no box beside it
    either, though its Related and rail are cached by where it stands (`placement:<id>`)."""
    _publish_edit(tree.lead, no_ads=True)


@change("tag renamed")
def tag_renamed(tree: Tree) -> None:
    tag = Tag.objects.get(name="Elections")
    tag.name = "General election"
    tag.save()


@change("banner on")
def banner_on(tree: Tree) -> None:
    # By name: newsroom sits above caching in the layers (pyproject's import contracts).
    banner_model = apps.get_model("home", "BreakingNewsBanner")
    banner = banner_model.for_site(Site.objects.get(is_default_site=True))
    banner.text = "Polls close in one hour"
    banner.link_page = _fresh(tree.lead)
    banner.save()


@change("scheduled go-live due")
def scheduled_due(tree: Tree) -> None:
    """The scheduled story's time comes (moved to the past: the clock, not an editor) and
    the scheduler's pass publishes it."""
    due = timezone.now() - dt.timedelta(seconds=5)
    story = ArticlePage.objects.get(pk=tree.scheduled.pk)
    revision = story.latest_revision
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    ArticlePage.objects.filter(pk=story.pk).update(go_live_at=due)
    call_command("publish_scheduled", stdout=io.StringIO())  # the scheduler's pass
