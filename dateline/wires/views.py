"""The ingest desk in the admin: sources and their health, recent items, the quarantine."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .models import IngestRecord, QuarantinedFile, QuarantineStatus, WireSource
from .services.polling import poll_source
from .services.quarantine import retry_quarantined

RECENT = 50


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def desk(request: HttpRequest) -> HttpResponse:
    _require(request, "wires.view_ingestrecord")
    sources = list(WireSource.objects.select_related("agency", "default_section"))
    records = IngestRecord.objects.select_related("source", "story__article")
    chosen = None
    source_id = request.GET.get("source", "")
    if source_id.isdigit():
        chosen = next((s for s in sources if s.pk == int(source_id)), None)
        records = records.filter(source=chosen)
    held = QuarantinedFile.objects.filter(status=QuarantineStatus.HELD).select_related("source")
    return TemplateResponse(
        request,
        "wires/desk.html",
        {
            "sources": sources,
            "chosen": chosen,
            "records": records[:RECENT],
            "held": held.defer("data")[:RECENT],
            "held_count": held.count(),
        },
    )


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "wires.change_quarantinedfile")
    held = get_object_or_404(QuarantinedFile, pk=pk)
    report = retry_quarantined(held, user=request.user)
    if report.counts["quarantined"]:
        messages.error(request, f"{held} is still held: {held.reason}")
    else:
        messages.success(request, f"{held} ingested: {report.summary()}.")
    return redirect("wires_desk")


@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "wires.change_quarantinedfile")
    held = get_object_or_404(QuarantinedFile, pk=pk)
    held.status = QuarantineStatus.DISMISSED
    held.save(update_fields=["status"])
    messages.success(request, f"{held} dismissed (its bytes are kept).")
    return redirect("wires_desk")


@require_POST
def poll(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "wires.change_wiresource")
    source = get_object_or_404(WireSource, pk=pk)
    report = poll_source(source)
    if source.consecutive_failures:
        messages.error(request, f"{source} could not be read: {source.last_error}")
    else:
        messages.success(request, f"{source}: {report.summary()}.")
    return redirect(source.get_desk_url())


def upload(request: HttpRequest, name: str) -> FileResponse:
    """An uploaded agency file, for staff with rights on wire sources only (the files are
    in a private storage: see storage.py). Always a download, never rendered."""
    if not (
        request.user.has_perm("wires.view_wiresource")
        or request.user.has_perm("wires.change_wiresource")
    ):
        raise PermissionDenied
    source = WireSource.objects.filter(upload=name).first()
    if source is None:
        raise Http404("No wire source has this file.")
    try:
        handle = source.upload.open("rb")
    except OSError:
        raise Http404("The uploaded file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
