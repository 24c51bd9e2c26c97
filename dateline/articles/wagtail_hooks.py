"""Admin hooks for stories."""

from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.signals import init_new_page

from . import services
from .models import ArticlePage, ArticlePageAuthor, Author


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


def credit_the_reporter(sender, page, parent, **kwargs) -> None:
    """A new story starts with the byline of whoever creates it (their Author's login)."""
    if not isinstance(page, ArticlePage) or page.owner_id is None:
        return
    author = Author.objects.filter(user_id=page.owner_id).first()
    if author is not None and not page.article_authors.all():
        page.article_authors = [ArticlePageAuthor(author=author)]


init_new_page.connect(credit_the_reporter, dispatch_uid="dateline-credit-the-reporter")


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
    section_model = apps.get_model("articles", "SectionPage")
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
    if page.specific_class is None or page.specific_class._meta.label != "articles.SectionPage":
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


COPY_REFUSED = (
    "Stories cannot be copied or aliased: a copy would go live without the publication "
    "rules (the embargo check, filing in its month, the listings and pages it must purge). "
    "Create a new story in the section instead."
)


@hooks.register("before_copy_page")
def refuse_to_copy_stories(request, page):
    """Copy and alias (Wagtail's copy view does both) are refused for a story, and for a
    page copied with its subpages when stories are among them, with a clear message: the
    publish button's rules live in `ArticlePage.publish`, which a copy never calls."""
    with_subpages = request.method == "POST" and request.POST.get("copy_subpages")
    is_story = issubclass(page.specific_class or Page, ArticlePage)
    if is_story or (
        with_subpages and ArticlePage.objects.filter(path__startswith=page.path).exists()
    ):
        messages.error(request, COPY_REFUSED)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
