"""Small site-wide views: the origin check of readers' forms, embedded media serving and the
error pages."""

import logging
import mimetypes
import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.static import serve

logger = logging.getLogger("dateline.core")


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
