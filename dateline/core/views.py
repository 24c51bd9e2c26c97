"""Small site-wide views: newsletter sign-up and the error pages."""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import NewsletterForm

logger = logging.getLogger("dateline.core")

SIGNUPS_PER_CLIENT_PER_HOUR = 10


def _from_this_site(request: HttpRequest) -> bool:
    """The browser says the form was posted from one of our own pages.

    Browsers send Origin on every cross-site POST (and Sec-Fetch-Site where they support it),
    so a forged sign-up from another site is refused without a CSRF cookie: the pages that
    carry the form stay free of per-reader data and can be cached and shared."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin:
        return False
    return url_has_allowed_host_and_scheme(origin, {request.get_host()})


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


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)
