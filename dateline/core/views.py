"""Small site-wide views: newsletter sign-up and the error pages."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from .forms import NewsletterForm
from .models import NewsletterSignup


@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    """Sign a reader up; a bad address re-renders the form with the reason."""
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # New or already subscribed, the reader sees the same thing: the page must not tell
        # a stranger whether an address is on the list.
        NewsletterSignup.objects.get_or_create(
            email=form.cleaned_data["email"],
            defaults={"source_path": (request.POST.get("next") or "")[:300]},
        )
        messages.success(request, "Thank you: the newsletter is on its way to your inbox.")
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = "/"
        return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/newsletter.html", {"form": form}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be the problem.
    return render(request, "500.html", status=500)
