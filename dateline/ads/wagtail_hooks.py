"""The consent ledger in the admin: read-only, filterable by date, exported as CSV or XLSX."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ConsentRecord


class ConsentLedgerView(ReportView):
    page_title = _("Consent ledger")
    header_icon = "info-circle"
    model = ConsentRecord
    index_url_name = "consent_ledger"
    index_results_url_name = "consent_ledger_results"
    permission_policy = ModelPermissionPolicy(ConsentRecord)
    any_permission_required = ["view"]
    columns = [
        DateColumn("recorded_at", label=_("Recorded")),
        Column("consent_id", label=_("Browser id")),
        Column("decision", label=_("Decision"), accessor="get_decision_display"),
        Column("purposes", label=_("Purposes")),
        Column("source", label=_("Asked by"), accessor="get_source_display"),
        Column("agreed_to", label=_("Notice version or TCF purposes")),
    ]
    # The TC string only in the export: it is long, and what it says is in the columns.
    list_export = [
        "recorded_at",
        "consent_id",
        "decision",
        "purposes",
        "notice_version",
        "source",
        "tcf_purposes",
        "tc_string",
    ]
    export_headings = {"tc_string": "TC string", "tcf_purposes": "TCF purposes"}
    # Wagtail joins a list as strings: the purposes' numbers are not.
    custom_field_preprocess = {
        "tcf_purposes": {
            fmt: lambda numbers: ", ".join(map(str, numbers)) for fmt in ("csv", "xlsx")
        }
    }
    export_filename = "consent-ledger"

    def get_queryset(self):
        return ConsentRecord.objects.order_by("-recorded_at", "-pk")


@hooks.register("register_admin_urls")
def consent_ledger_urls():
    return [
        path("reports/consent-ledger/", ConsentLedgerView.as_view(), name="consent_ledger"),
        path(
            "reports/consent-ledger/results/",
            ConsentLedgerView.as_view(results_only=True),
            name="consent_ledger_results",
        ),
    ]


class LedgerMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("ads.view_consentrecord")


@hooks.register("register_reports_menu_item")
def consent_ledger_menu_item():
    return LedgerMenuItem(_("Consent ledger"), reverse("consent_ledger"), icon_name="info-circle")
