"""Admin hooks for stories."""

from django.apps import apps
from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from . import services
from .models import ArticlePage


@hooks.register("after_create_page")
def file_new_article_in_its_month(request, page) -> None:
    """A story created directly under a section moves into its Year › Month bucket."""
    if isinstance(page, ArticlePage):
        asked_for = page.slug
        services.move_into_bucket(page)
        if page.slug != asked_for and request.accepts("text/html"):
            messages.info(
                request,
                f"Another story in {page.get_parent().title} already uses the address "
                f"'{asked_for}': this one is '{page.slug}'. Change it under Promote if needed.",
            )


@hooks.register("after_unpublish_page")
def explain_what_readers_see_now(request, page) -> None:
    """Tell the editor the old address answers 410 Gone, and how to send readers elsewhere."""
    if not isinstance(page.specific, ArticlePage):
        return
    path = page.get_url(request=request) or page.url_path
    if request.user.has_perm("wagtailredirects.add_redirect"):
        messages.info(
            request,
            format_html(
                "{} now answers 410 Gone. To send readers elsewhere instead, "
                '<a href="{}">add a redirect</a> from that address.',
                path,
                reverse("wagtailredirects:add"),
            ),
        )
    else:
        messages.info(request, f"{path} now answers 410 Gone.")


def new_story_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))


def _sections_for_new_stories(user) -> list:
    """Live sections the user may add a story to, in tree order."""
    section_model = apps.get_model("sections", "SectionPage")
    return [
        section
        for section in section_model.objects.live().order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


class NewStoryPanel(Component):
    """The dashboard's "New story": one click per section, straight to the story form."""

    name = "new_story"
    order = 10
    template_name = "articles/admin/new_story_panel.html"

    def __init__(self, sections: list) -> None:
        self.sections = sections

    def get_context_data(self, parent_context=None) -> dict:
        return {"sections": [(section, new_story_url(section)) for section in self.sections]}


@hooks.register("construct_homepage_panels")
def add_new_story_panel(request, panels: list) -> None:
    sections = _sections_for_new_stories(request.user)
    if sections:
        panels.append(NewStoryPanel(sections))


def _new_story_button(page, user):
    if page.specific_class is None or page.specific_class._meta.label != "sections.SectionPage":
        return
    if not page.permissions_for_user(user).can_add_subpage():
        return
    yield Button("New story", new_story_url(page), icon_name="doc-full-inverse", priority=5)


@hooks.register("register_page_header_buttons")
def new_story_header_button(page, user, view_name, next_url=None):
    yield from _new_story_button(page, user)


@hooks.register("register_page_listing_buttons")
def new_story_listing_button(page, user, next_url=None):
    yield from _new_story_button(page, user)
