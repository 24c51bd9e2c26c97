"""The live desk in the admin: one screen per live blog, where posting, correcting, pinning
and deleting an entry is one form or one button (no page editor, no revision)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import services
from .models import BUCKET_SECONDS, CoverageStatus, LiveBlogPage, LiveEntry

DESK_ENTRIES = 50


class EntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["headline", "body", "authors", "is_key_event", "is_pinned"]
        widgets = {"authors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, moderator: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not moderator:  # reporters post; flags are an editor's call
            del self.fields["is_key_event"]
            del self.fields["is_pinned"]


def _blog(page_id: int) -> LiveBlogPage:
    return get_object_or_404(LiveBlogPage, pk=page_id)


def _require_desk(request: HttpRequest) -> None:
    if not services.can_post(request.user):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    blogs = LiveBlogPage.objects.order_by("-latest_revision_created_at")[:50]
    order = {CoverageStatus.LIVE: 0, CoverageStatus.UPCOMING: 1, CoverageStatus.ENDED: 2}
    blogs = sorted(blogs, key=lambda blog: order.get(blog.coverage_status, 3))
    return TemplateResponse(request, "live/admin/index.html", {"blogs": blogs})


def desk(request: HttpRequest, page_id: int) -> HttpResponse:
    _require_desk(request)
    blog = _blog(page_id)
    moderator = services.can_moderate(request.user)
    form = EntryForm(request.POST or None, moderator=moderator)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.post_entry(
                blog,
                user=request.user,
                body=data["body"],
                headline=data["headline"],
                authors=data["authors"],
                is_key_event=data.get("is_key_event", False),
                is_pinned=data.get("is_pinned", False),
            )
            messages.success(request, "Entry posted.")
            return redirect("live_desk", page_id=blog.pk)
        messages.error(request, "The entry was not posted: see the errors below.")
    entries = (
        LiveEntry.objects.filter(blog=blog, deleted_at__isnull=True)
        .select_related("created_by")
        .prefetch_related("authors")
        .order_by("-pk")[:DESK_ENTRIES]
    )
    return TemplateResponse(
        request,
        "live/admin/desk.html",
        {
            "blog": blog,
            "form": form,
            "entries": [(e, services.can_change(request.user, e)) for e in entries],
            "moderator": moderator,
            "statuses": CoverageStatus.choices,
            "status_now": blog.status_now(blog.last_entry_at()),
            "min_poll_seconds": BUCKET_SECONDS,
        },
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LiveEntry.objects.select_related("blog"), pk=pk, deleted_at=None)
    if not services.can_change(request.user, entry):
        raise PermissionDenied
    moderator = services.can_moderate(request.user)
    form = EntryForm(request.POST or None, instance=entry, moderator=moderator)
    if request.method == "POST":
        if form.is_valid():
            # The form filled the instance; the service saves and logs it.
            changes = {f: form.cleaned_data[f] for f in form.fields if f != "authors"}
            services.edit_entry(
                LiveEntry.objects.get(pk=pk),
                user=request.user,
                authors=form.cleaned_data["authors"],
                **changes,
            )
            messages.success(request, "Entry corrected.")
            return redirect("live_desk", page_id=entry.blog_id)
        messages.error(request, "The entry was not saved: see the errors below.")
    return TemplateResponse(
        request, "live/admin/edit.html", {"blog": entry.blog, "entry": entry, "form": form}
    )


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LiveEntry, pk=pk, deleted_at=None)
    services.delete_entry(entry, user=request.user)
    messages.success(request, "Entry deleted.")
    return redirect("live_desk", page_id=entry.blog_id)


@require_POST
def flag(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Pin or unpin; mark or unmark as a key event."""
    entry = get_object_or_404(LiveEntry, pk=pk, deleted_at=None)
    on = request.POST.get("on") == "1"
    if name == "pin":
        services.set_pinned(entry, on, user=request.user)
    else:
        services.edit_entry(entry, user=request.user, is_key_event=on)
    return redirect("live_desk", page_id=entry.blog_id)


@require_POST
def status(request: HttpRequest, page_id: int) -> HttpResponse:
    blog = _blog(page_id)
    value = request.POST.get("status", "")
    if value not in CoverageStatus.values:
        messages.error(request, "Choose upcoming, live or ended.")
        return redirect("live_desk", page_id=blog.pk)
    services.set_status(blog, value, user=request.user)
    messages.success(request, f"The live blog is now {CoverageStatus(value).label.lower()}.")
    return redirect("live_desk", page_id=blog.pk)


@require_POST
def pace(request: HttpRequest, page_id: int) -> HttpResponse:
    blog = _blog(page_id)
    raw = request.POST.get("poll_seconds", "")
    if not raw.isdigit() or int(raw) < BUCKET_SECONDS:
        messages.error(request, f"Give a number of seconds, {BUCKET_SECONDS} or more.")
        return redirect("live_desk", page_id=blog.pk)
    services.set_poll_seconds(blog, int(raw), user=request.user)
    messages.success(request, f"Readers now check every {int(raw)} seconds.")
    return redirect("live_desk", page_id=blog.pk)
