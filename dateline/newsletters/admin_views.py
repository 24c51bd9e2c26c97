"""Admin screens beyond Wagtail's snippet views: an issue's preview, test send and send; the
subscribers' CSV import and export; erasure on request; the dashboard panel."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.components import Component

from . import sending, subscriptions
from .emails import render_issue
from .models import Issue, Newsletter, Subscriber, Subscription

IMPORT_COLUMNS = [
    "email",
    "newsletter",
    "consent_text",
    "consent_version",
    "consented_at",
    "source",
]


def _issues_url() -> str:
    from django.urls import reverse

    return reverse("wagtailsnippets_newsletters_issue:list")


@permission_required("newsletters.change_issue")
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The email as a subscriber would see it, stories chosen now (not yet fixed)."""
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    return HttpResponse(render_issue(issue).html)


@permission_required("newsletters.change_issue")
@require_http_methods(["GET", "POST"])
def test_send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST":
        if not request.user.email:
            messages.error(request, "Your account has no email address: add one first.")
        else:
            sending.send_test(issue, request.user.email)
            messages.success(request, f"Test of “{issue.title}” sent to {request.user.email}.")
        return redirect(_issues_url())
    return render(
        request,
        "newsletters/admin/confirm_action.html",
        {"issue": issue, "action": f"Send a test of “{issue.title}” to {request.user.email}?"},
    )


@permission_required("newsletters.change_issue")
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST":
        if sending.prepare(issue):
            issue.refresh_from_db()
            messages.success(
                request, f"“{issue.title}” is being sent to {issue.recipient_count} subscribers."
            )
        else:
            issue.refresh_from_db()
            messages.warning(request, f"“{issue.title}” was not sent: {issue.get_state_display()}.")
        return redirect(_issues_url())
    count = Subscription.recipients(issue.newsletter).count()  # suppressed addresses left out
    return render(
        request,
        "newsletters/admin/confirm_action.html",
        {"issue": issue, "action": f"Send “{issue.title}” to {count} confirmed subscribers now?"},
    )


class ImportError_(ValueError):
    pass


def _import_rows(text: str) -> int:
    """Confirmed subscriptions with their consent record, all or nothing: a bad row stops
    the import with its line number and nothing is saved."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_(f"Missing columns: {', '.join(missing)}.")
    newsletters = {n.slug: n for n in Newsletter.objects.all()}
    count = 0
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            newsletter = newsletters.get((row["newsletter"] or "").strip())
            consented_at = parse_datetime((row["consented_at"] or "").strip())
            address = subscriptions.normalise(row["email"] or "")
            if newsletter is None:
                raise ImportError_(f"Line {line}: no newsletter “{row['newsletter']}”.")
            if "@" not in address or not (row["consent_text"] or "").strip():
                raise ImportError_(f"Line {line}: an address and its consent text are needed.")
            if consented_at is None:
                raise ImportError_(f"Line {line}: consented_at is not a date and time.")
            if timezone.is_naive(consented_at):
                consented_at = timezone.make_aware(consented_at, dt.UTC)
            subscriber, _ = Subscriber.objects.get_or_create(email=address)
            Subscription.objects.update_or_create(
                subscriber=subscriber,
                newsletter=newsletter,
                defaults={
                    "status": Subscription.Status.CONFIRMED,
                    "consent_text": row["consent_text"].strip(),
                    "consent_version": (row["consent_version"] or "").strip()[:20],
                    "consented_at": consented_at,
                    "confirmed_at": consented_at,
                    "source_path": (row["source"] or "import").strip()[:300],
                },
            )
            count += 1
    return count


@permission_required("newsletters.add_subscriber")
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ImportError_("Choose a CSV file.")
            text = upload.read().decode("utf-8-sig")
            count = _import_rows(text)
        except UnicodeDecodeError:
            error = "The file is not UTF-8 text."
        except ImportError_ as problem:
            error = str(problem)
        else:
            messages.success(request, f"{count} confirmed subscriptions imported.")
            return redirect("wagtailsnippets_newsletters_subscriber:list")
    return render(
        request,
        "newsletters/admin/import.html",
        {"error": error, "columns": IMPORT_COLUMNS},
        status=400 if error else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@permission_required("newsletters.view_subscriber")
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every subscription with its consent record, in the import's columns plus status."""
    writer = csv.writer(_Echo())
    rows = (
        Subscription.objects.select_related("subscriber", "newsletter")
        .order_by("newsletter__slug", "subscriber__email")
        .iterator(chunk_size=2000)
    )

    def lines():
        yield writer.writerow([*IMPORT_COLUMNS, "status"])
        for s in rows:
            yield writer.writerow(
                [
                    s.subscriber.email,
                    s.newsletter.slug,
                    s.consent_text,
                    s.consent_version,
                    s.consented_at.isoformat() if s.consented_at else "",
                    s.source_path,
                    s.status,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-subscriptions.csv"'
    return response


@permission_required("newsletters.delete_subscriber")
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """A data-protection request: one address, removed everywhere, in one action."""
    if request.method == "POST":
        address = request.POST.get("email", "")
        if subscriptions.erase(address):
            messages.success(request, f"Everything about {address} was deleted.")
        else:
            messages.warning(request, f"No subscriber {address}; any suppression was removed.")
        return redirect("wagtailsnippets_newsletters_subscriber:list")
    return render(request, "newsletters/admin/erase.html")


class SubscriberCountsPanel(Component):
    """Per newsletter: confirmed subscribers, and the change over the last 7 and 30 days."""

    name = "newsletter_counts"
    order = 120
    template_name = "newsletters/admin/counts_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        now = timezone.now()
        week, month = now - dt.timedelta(days=7), now - dt.timedelta(days=30)
        confirmed = Q(subscriptions__status="confirmed")
        left = Q(subscriptions__status="unsubscribed")
        rows = Newsletter.objects.annotate(
            confirmed=Count("subscriptions", filter=confirmed),
            joined_week=Count(
                "subscriptions", filter=confirmed & Q(subscriptions__confirmed_at__gte=week)
            ),
            left_week=Count(
                "subscriptions", filter=left & Q(subscriptions__unsubscribed_at__gte=week)
            ),
            joined_month=Count(
                "subscriptions", filter=confirmed & Q(subscriptions__confirmed_at__gte=month)
            ),
            left_month=Count(
                "subscriptions", filter=left & Q(subscriptions__unsubscribed_at__gte=month)
            ),
        )
        return {"rows": rows}
