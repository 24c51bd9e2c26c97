"""Hold the admin until a session has given its second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from . import policy


class AdminTwoFactorMiddleware:
    """After django_otp's OTPMiddleware (which gives `request.user.is_verified()`).

    A signed-in user whose session owes a code is sent to the code page from every admin
    URL, and is anonymous everywhere else (private pages and documents included), so a
    password alone opens nothing. One who must enrol is sent to enrolment. Sessions that owe
    nothing cost no query here: the state was written into the session at sign-in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            redirect = self.hold(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def hold(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        state = request.session.get(policy.SESSION_KEY)
        if state is None:  # a session from before two-factor existed: decide once
            state = request.session[policy.SESSION_KEY] = policy.state_for(user)
        if state == policy.CLEAR or user.is_verified():
            return None
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))
        if not in_admin:
            request.user = AnonymousUser()
            return None
        target = "dateline_2fa_verify" if state == policy.VERIFY else "dateline_2fa_setup"
        if request.path_info in {reverse(name) for name in (target, *ALWAYS_OPEN)}:
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")


# Reachable while a factor is owed: signing out, and what every admin page loads (the
# translations script; the icon sprite, which icons.js would otherwise fill with the HTML of
# the code page, doubling the page on screen).
ALWAYS_OPEN = ("wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite")
