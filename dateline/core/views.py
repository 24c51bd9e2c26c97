"""Small site-wide views: newsletter sign-up, embedded media serving and the error pages."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.static import serve

from .forms import NewsletterForm
from .health import health_report


@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    """Sign a reader up; a bad address re-renders the form with the reason."""
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup = form.save(commit=False)
        signup.source_path = (request.POST.get("next") or "")[:300]
        signup.save()
        messages.success(request, "Thank you: the newsletter is on its way to your inbox.")
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = "/"
        return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/newsletter.html", {"form": form}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)


# Shown in the browser; anything else is downloaded, never rendered as a page of this site.
INLINE_MEDIA_TYPES = ("image/", "video/", "audio/")


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded media in the embedded set-up (DATELINE_SERVE_MEDIA).

    Documents are never served from here: Wagtail's document view checks the collection's
    privacy, and a file under /media/documents/ would bypass it.
    """
    if path.lstrip("/").startswith("documents/"):
        raise Http404("Documents are served at /documents/.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name too long for the file system is no file of ours
        raise Http404("No such file.") from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if not content_type.startswith(INLINE_MEDIA_TYPES):
        response["Content-Disposition"] = "attachment"
    # A stricter policy than the pages': an uploaded file may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the site and its background services are healthy, else 503,
    with the details as JSON. Never cached, by anyone."""
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)
