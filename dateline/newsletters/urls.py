import functools

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404
from django.urls import URLPattern, include, path, re_path

from . import views

app_name = "newsletters"


def _only_with_a_secret(view):
    """Anymail accepts unauthenticated webhooks (with a warning) when no WEBHOOK_SECRET is
    set; here they are the 404 page until one is, so no one can suppress addresses."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            raise Http404("Provider webhooks are off: set ANYMAIL_WEBHOOK_SECRET")
        return view(request, *args, **kwargs)

    return guarded


webhooks = [
    re_path(p.pattern.regex.pattern, _only_with_a_secret(p.callback), name=p.name)
    for p in anymail_urls.urlpatterns
    if isinstance(p, URLPattern)
]

urlpatterns = [
    path("", views.index, name="index"),
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/<slug:slug>/", views.unsubscribe, name="unsubscribe"),
    # Provider webhooks (bounces, complaints): /newsletters/anymail/<esp>/tracking/, the
    # signature or basic auth checked by django-anymail.
    path("anymail/", include((webhooks, "anymail"))),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/<int:pk>/", views.issue_web, name="issue"),
]
