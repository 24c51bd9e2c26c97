"""Small site-wide views: newsletter sign-up, embedded media serving and the error pages."""

import hashlib
import logging
import mimetypes
import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.static import serve

from .forms import NewsletterForm
from .health import health_report

logger = logging.getLogger("dateline.core")

SIGNUPS_PER_CLIENT_PER_HOUR = 10


def _from_this_site(request: HttpRequest) -> bool:
    """The browser says the form was posted from one of our own pages.

    Browsers send Origin on every POST (and Sec-Fetch-Site where they support it), so a
    forged sign-up from another site is refused without a CSRF cookie: the pages that carry
    the form stay free of per-reader data and can be cached and shared. As Django's CSRF
    check does, an Origin must name this site exactly: `Origin: null` (a sandboxed frame, a
    data: or file: page, a cross-site redirect) says nothing about where the post came from.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return _is_this_site(request, origin)
    if fetch_site is not None:
        return True
    referer = request.META.get("HTTP_REFERER")
    return referer is not None and _is_this_site(request, referer, whole_url=True)


def _is_this_site(request: HttpRequest, url: str, *, whole_url: bool = False) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if not whole_url and (parts.path or parts.query or parts.fragment):
        return False  # an Origin is a scheme and a host, nothing more
    try:
        this_site = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    return f"{parts.scheme}://{parts.netloc}" in (this_site, *settings.CSRF_TRUSTED_ORIGINS)


def _over_rate_limit(request: HttpRequest) -> bool:
    """At most N sign-ups an hour from one client; the address is hashed with a daily salt."""
    day = timezone.now().strftime("%Y-%m-%d")
    client = request.META.get("REMOTE_ADDR", "") + day
    key = "dateline:newsletter:" + hashlib.sha256(client.encode()).hexdigest()[:32]
    try:
        count = cache.get_or_set(key, 0, 3600)
        cache.incr(key)
    except Exception:  # no cache: no limit rather than no sign-ups
        return False
    return count >= SIGNUPS_PER_CLIENT_PER_HOUR


@csrf_exempt  # protected by _from_this_site instead of a per-reader token (see above)
@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    """Sign a reader up; a bad address re-renders the form with the reason."""
    form = NewsletterForm(request.POST or None)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        if not _from_this_site(request):
            return render(
                request, "core/newsletter.html", {"form": form, "refused": True}, status=403
            )
        if request.POST.get("website"):  # the trap field: a bot
            logger.info("Newsletter sign-up refused: trap field filled")
            return render(request, "core/newsletter_thanks.html", {"next_url": next_url})
        if _over_rate_limit(request):
            return render(
                request, "core/newsletter.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            signup = form.save(commit=False)
            signup.source_path = next_url[:300]
            signup.save()
            return render(request, "core/newsletter_thanks.html", {"next_url": next_url})
        if form.has_error("email", "unique"):
            # The same answer as a new sign-up: the form must not tell anyone who subscribed.
            return render(request, "core/newsletter_thanks.html", {"next_url": next_url})
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
# Folders of MEDIA_ROOT that are never served as media, however the path is spelt.
PRIVATE_MEDIA_FOLDERS = ("documents", "wire-uploads")


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded media in the embedded set-up (DATELINE_SERVE_MEDIA).

    Documents are never served from here: Wagtail's document view checks the collection's
    privacy, and a file under /media/documents/ would bypass it. Nor are agency uploads
    (`wire-uploads/`, kept outside MEDIA_ROOT since, see dateline.wires.storage). The path is
    normalised first, as `serve` will: `./documents/x`, `images/../documents/x` and
    `%2e/documents/x` (decoded to `./documents/x` by then) name the same file.
    """
    normalised = posixpath.normpath("/" + path).lstrip("/")
    top = normalised.split("/", 1)[0].casefold()
    if top in PRIVATE_MEDIA_FOLDERS:
        raise Http404("Documents are served at /documents/.")
    try:
        response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
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
