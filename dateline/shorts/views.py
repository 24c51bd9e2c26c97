"""Admin view: draft a Short from a story (preview on GET, create on POST)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dateline.articles.models import ArticlePage

from . import services


def _article(article_id: int):
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        raise Http404("No story with that id.")
    return article


@require_http_methods(["GET", "POST"])
def draft_from_article(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(article_id)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    try:
        index = services.shorts_index_for(article)
    except services.CannotDraftShort as exc:
        messages.error(request, str(exc))
        return redirect("wagtailadmin_pages:edit", article.pk)
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if request.method == "POST":
        try:
            short = services.draft_short_from_article(article, user=request.user)
        except services.CannotDraftShort as exc:
            messages.error(request, str(exc))
            return redirect("wagtailadmin_pages:edit", article.pk)
        messages.success(
            request,
            f"Drafted a Short from “{article.title}” ({short.word_count} words). "
            "Read it, trim it, then publish.",
        )
        return redirect("wagtailadmin_pages:edit", short.pk)
    summary = services.summarise_story(article)
    return TemplateResponse(
        request,
        "shorts/admin/draft_from_article.html",
        {
            "article": article,
            "summary": summary,
            "index": index,
            "action_url": reverse("shorts_draft_from_article", args=[article.pk]),
        },
    )
