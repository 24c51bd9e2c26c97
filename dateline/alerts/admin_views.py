"""The newsroom's screens: "Send alert" from a story (a form with the notification's
preview, the day's count against the cap) and the list of alerts sent, with what came of
each (sent, pruned, failed, waiting)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from . import composing, sending, vapid
from .models import Alert


class AlertForm(forms.Form):
    title = forms.CharField(max_length=composing.TITLE_MAX)
    body = forms.CharField(max_length=composing.BODY_MAX, required=False, widget=forms.Textarea)
    audience = forms.ChoiceField(
        choices=Alert.Audience.choices, widget=forms.RadioSelect, initial=Alert.Audience.BREAKING
    )

    def __init__(self, *args, topics: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.topics = topics

    def clean_audience(self) -> str:
        audience = self.cleaned_data["audience"]
        if audience == Alert.Audience.TOPICS and not self.topics:
            raise forms.ValidationError(
                "The story has no topic readers follow: send it as breaking news, or tag it."
            )
        return audience


def _story(request: HttpRequest, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if page._meta.label != "articles.ArticlePage":
        raise PermissionDenied
    if not composing.may_send(request.user, page):
        raise PermissionDenied
    return page


@require_http_methods(["GET", "POST"])
def send_from_story(request: HttpRequest, page_id: int) -> HttpResponse:
    story = _story(request, page_id)
    draft = composing.draft_for(story)
    initial = {"title": draft.title, "body": draft.body, "audience": draft.audience}
    form = AlertForm(request.POST or None, initial=initial, topics=draft.topics)
    used, cap = composing.sent_today(), composing.daily_cap()
    if request.method == "POST" and form.is_valid():
        draft.title = form.cleaned_data["title"]
        draft.body = form.cleaned_data["body"]
        draft.audience = form.cleaned_data["audience"]
        if request.POST.get("action") == "send" and not vapid.configured():
            messages.error(request, "Not sent: alerts have no VAPID key (docs/alerts.md).")
        elif request.POST.get("action") == "send":
            try:
                alert = composing.send_alert(story, request.user, draft)
            except composing.CapReached as error:
                messages.error(request, f"Not sent: {error}")
            else:
                messages.success(
                    request,
                    f"Alert “{alert.title}” is being sent to {alert.recipient_count} "
                    "subscriptions.",
                )
                return redirect(reverse("alerts_index"))
    context = {
        "story": story,
        "form": form,
        "draft": draft,
        "used": used,
        "cap": cap,
        "configured": vapid.configured(),
    }
    return TemplateResponse(request, "alerts/admin/send.html", context)


def index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    alerts = list(Alert.objects.select_related("sent_by")[:50])
    rows = [(alert, sending.counts(alert)) for alert in alerts]
    context = {
        "rows": rows,
        "used": composing.sent_today(),
        "cap": composing.daily_cap(),
    }
    return TemplateResponse(request, "alerts/admin/index.html", context)
