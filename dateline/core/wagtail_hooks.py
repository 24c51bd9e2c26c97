"""Admin screens for core models that are not pages: newsletter sign-ups."""

from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsletterSignup


class NewsletterSignupViewSet(SnippetViewSet):
    """Sign-ups for the desk: newest first, searchable, exported with Wagtail's CSV/XLSX export."""

    model = NewsletterSignup
    icon = "mail"
    menu_label = "Newsletter sign-ups"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["email", "source_path", DateColumn("created_at", label="Signed up")]
    list_export = ["email", "source_path", "created_at"]
    export_headings = {"source_path": "Signed up on page", "created_at": "Signed up at"}
    export_filename = "newsletter-signups"
    search_fields = ["email", "source_path"]
    search_backend_name = None  # plain database lookups: no search index for addresses
    ordering = ["-created_at"]
    list_per_page = 50


register_snippet(NewsletterSignupViewSet)
