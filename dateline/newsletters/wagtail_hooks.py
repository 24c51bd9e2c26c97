"""The newsroom's side: newsletters and issues (preview, test send, send), subscribers
(search, CSV export and import, erasure on request), suppressions, and the dashboard's
counts and growth, in one "Newsletters" menu."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Issue, Newsletter, Subscriber, Subscription, Suppression


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    list_display = ["name", "slug", "cadence", "rule", "is_active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "doc-full"
    list_display = ["title", "newsletter", "state", "recipient_count", DateColumn("created_at")]
    list_filter = ["newsletter", "state"]
    ordering = ["-created_at"]


class SubscriberViewSet(SnippetViewSet):
    """Search by address; export with each subscription and its consent record."""

    model = Subscriber
    icon = "user"
    list_display = ["email", Column("newsletters", label="Confirmed"), DateColumn("created_at")]
    list_export = ["email", "newsletters", "created_at"]
    export_filename = "newsletter-subscribers"
    search_fields = ["email"]
    search_backend_name = None  # plain database lookups: no search index for addresses
    ordering = ["-created_at"]
    list_per_page = 50

    def get_queryset(self, request):
        # The "Confirmed" column (and the export's) reads every row's subscriptions and
        # their newsletters: two queries for the page, not one per subscriber.
        return Subscriber.objects.prefetch_related(
            Prefetch("subscriptions", queryset=Subscription.objects.select_related("newsletter"))
        )


class SuppressionViewSet(SnippetViewSet):
    model = Suppression
    icon = "warning"
    list_display = ["email", "reason", "detail", DateColumn("created_at")]
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["-created_at"]


class NewsletterGroup(SnippetViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 890
    items = (NewsletterViewSet, IssueViewSet, SubscriberViewSet, SuppressionViewSet)


register_snippet(NewsletterGroup)


@hooks.register("register_admin_urls")
def newsletter_admin_urls() -> list:
    return [
        path(
            "newsletters/issue/<int:pk>/preview/",
            admin_views.preview,
            name="newsletters_preview",
        ),
        path(
            "newsletters/issue/<int:pk>/test-send/",
            admin_views.test_send,
            name="newsletters_test_send",
        ),
        path("newsletters/issue/<int:pk>/send/", admin_views.send, name="newsletters_send"),
        path("newsletters/subscribers/import/", admin_views.import_csv, name="newsletters_import"),
        path("newsletters/subscribers/erase/", admin_views.erase, name="newsletters_erase"),
        path("newsletters/subscribers/export/", admin_views.export_csv, name="newsletters_export"),
    ]


@hooks.register("register_snippet_listing_buttons")
def issue_buttons(snippet, user, next_url=None) -> list:
    if not isinstance(snippet, Issue) or not user.has_perm("newsletters.change_issue"):
        return []
    buttons = [
        Button("Preview", reverse("newsletters_preview", args=[snippet.pk]), priority=10),
        Button(
            "Send a test to me", reverse("newsletters_test_send", args=[snippet.pk]), priority=11
        ),
    ]
    if snippet.state == Issue.State.DRAFT:
        buttons.append(Button("Send", reverse("newsletters_send", args=[snippet.pk]), priority=12))
    return buttons


@hooks.register("construct_homepage_panels")
def add_newsletter_panel(request, panels: list) -> None:
    if request.user.has_perm("newsletters.view_subscriber"):
        panels.append(admin_views.SubscriberCountsPanel())
