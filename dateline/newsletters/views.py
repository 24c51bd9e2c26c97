"""Reader pages: the list of newsletters, each newsletter's page and archive, the web version
of an issue (all cacheable: they show no one's data), and the pages reached from an email
(confirm, preferences, unsubscribe: never cached, no login, the token in the link is the
key). Every form works without JavaScript."""

from __future__ import annotations

import logging

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_tasks import task

from dateline.core.counters import rate_limited
from dateline.core.views import _from_this_site

from . import emails, subscriptions
from .emails import render_issue
from .forms import PreferencesForm, SignupForm
from .models import Issue, Newsletter, Subscriber, Subscription

logger = logging.getLogger("dateline.newsletters")

SIGNUPS_PER_CLIENT_PER_HOUR = 10


def _archive(newsletter: Newsletter):
    return newsletter.issues.filter(state__in=[Issue.State.SENT, Issue.State.SENDING])


# The page's place on the site, as on every other reader page (without it the title sat
# against the header).
BREADCRUMBS = [{"title": "Newsletters", "url": "/newsletters/"}]


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "newsletters/index.html", {"form": SignupForm(), "breadcrumbs": BREADCRUMBS}
    )


@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, slug=slug, is_active=True)
    context = {"newsletter": newsletter, "issues": _archive(newsletter)[:50]}
    return render(request, "newsletters/detail.html", context)


@require_http_methods(["GET", "HEAD"])
def issue_web(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """ "View in browser": the email's HTML as sent, with no one's links in it."""
    newsletter = get_object_or_404(Newsletter, slug=slug)
    issue = get_object_or_404(_archive(newsletter), pk=pk)
    return HttpResponse(render_issue(issue, for_web=True).html)


@task()
def send_confirmation_task(subscription_ids: list[int]) -> None:
    pending = list(
        Subscription.objects.filter(pk__in=subscription_ids, status="pending").select_related(
            "subscriber", "newsletter"
        )
    )
    if pending:
        token = subscriptions.confirmation_token(pending)
        email = pending[0].subscriber.email
        emails.confirmation_message(email, [s.newsletter for s in pending], token).send()


@csrf_exempt  # protected by _from_this_site: the forms sit on cached pages (core.views)
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Sign a reader up (double opt-in: the email holds the link that confirms). A bad
    address re-renders the form with the reason; a known address gets the same answer as a
    new one, so the form tells no one who subscribed."""
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or "/newsletters/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    context = {"form": form, "next_url": next_url, "breadcrumbs": BREADCRUMBS}
    if request.method == "GET":
        return render(request, "newsletters/index.html", context)
    if not _from_this_site(request):
        return render(request, "newsletters/index.html", {**context, "refused": True}, status=403)
    if request.POST.get("website"):  # the trap field: a bot
        logger.info("Newsletter sign-up refused: trap field filled")
        return render(request, "newsletters/thanks.html", context)
    if rate_limited(request, "newsletter", SIGNUPS_PER_CLIENT_PER_HOUR, 3600):
        return render(request, "newsletters/index.html", {**context, "limited": True}, status=429)
    if not form.is_valid():
        return render(request, "newsletters/index.html", context, status=400)
    chosen = form.chosen()
    if not chosen:
        return render(request, "newsletters/index.html", {**context, "none": True}, status=400)
    _, pending = subscriptions.sign_up(form.cleaned_data["email"], chosen, next_url)
    if pending:
        send_confirmation_task.enqueue([s.pk for s in pending])
    return render(request, "newsletters/thanks.html", context)


@csrf_exempt  # the signed token in the address is the key; nothing else to forge
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email opens this page; only its button (a POST) confirms, so a mail
    scanner that follows links confirms nothing."""
    try:
        pending = subscriptions.pending_for_token(token)
    except signing.SignatureExpired:
        return render(request, "newsletters/confirm.html", {"expired": True}, status=410)
    except signing.BadSignature as error:
        raise Http404("Unknown confirmation link") from error
    if not pending:
        raise Http404("Unknown confirmation link")
    subscriber = pending[0].subscriber
    if request.method == "POST":
        subscriptions.confirm(pending)
        return render(
            request,
            "newsletters/confirm.html",
            {"done": True, "pending": pending, "subscriber": subscriber},
        )
    return render(request, "newsletters/confirm.html", {"pending": pending, "token": token})


def _subscriber(token: str) -> Subscriber:
    return get_object_or_404(Subscriber, token=token)


@csrf_exempt  # the token in the address is the key
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Reached from every email, no login: choose newsletters, or leave them all."""
    subscriber = _subscriber(token)
    confirmed = Subscription.objects.filter(subscriber=subscriber, status="confirmed")
    initial = {"newsletters": [s.newsletter_id for s in confirmed]}
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST":
        if request.POST.get("leave"):
            subscriptions.unsubscribe(subscriber, Newsletter.objects.all())
            saved = True
        elif form.is_valid():
            wanted = set(form.cleaned_data["newsletters"])
            subscriptions.unsubscribe(
                subscriber, [n for n in form.fields["newsletters"].queryset if n not in wanted]
            )
            # The link proves the address: a newsletter added here needs no second email.
            _, pending = subscriptions.sign_up(
                subscriber.email, wanted, emails.preferences_path(subscriber)
            )
            subscriptions.confirm(pending)
            saved = True
        else:
            return render(
                request,
                "newsletters/preferences.html",
                {"form": form, "subscriber": subscriber},
                status=400,
            )
        confirmed = Subscription.objects.filter(subscriber=subscriber, status="confirmed")
        form = PreferencesForm(initial={"newsletters": [s.newsletter_id for s in confirmed]})
    context = {"form": form, "subscriber": subscriber, "saved": saved}
    return render(request, "newsletters/preferences.html", context)


@csrf_exempt  # RFC 8058: the mail client's one-click POST carries no cookie and no token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """One POST leaves the newsletter at once (List-Unsubscribe-Post: One-Click); a GET
    (the link clicked in the email) shows the button, so a scanner unsubscribes no one."""
    subscriber = _subscriber(token)
    newsletter = get_object_or_404(Newsletter, slug=slug)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber, [newsletter])
        return render(
            request,
            "newsletters/unsubscribed.html",
            {"newsletter": newsletter, "subscriber": subscriber},
        )
    return render(
        request,
        "newsletters/unsubscribe.html",
        {"newsletter": newsletter, "subscriber": subscriber},
    )
