"""The admin's two-factor screens: the code asked after the password, enrolment, backup
codes, disabling one's own factor, and an administrator's reset of another user's."""

from __future__ import annotations

from axes.helpers import get_lockout_response
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.auth import permission_denied

from ..access import outranks
from . import policy


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="Six digits from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class ConfirmWithSecretForm(forms.Form):
    secret = forms.CharField(
        label="Your password or a current code",
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _locked_out(request: HttpRequest, user) -> HttpResponse:
    """Sign the half-authenticated session out and answer as django-axes does."""
    creds = policy.credentials(user)
    logout(request)
    return get_lockout_response(request, None, creds)


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, after Wagtail's login view took the password."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not policy.has_device(user):
        # The device was removed meanwhile (an administrator's reset): owe what the rule says.
        request.session[policy.SESSION_KEY] = policy.state_for(user)
        return redirect(next_url)
    if policy.is_locked(request, user):
        return _locked_out(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = policy.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()  # a new session id once fully signed in
            otp_login(request, device)
            policy.reset_failures(request, user)
            if isinstance(device, StaticDevice):
                left = policy.backup_codes_left(user)
                messages.warning(request, f"Backup code used: {left} left.")
            return redirect(next_url)
        if policy.record_failure(request, user):
            return _locked_out(request, user)
        form.add_error("code", "That code is not right (or it was already used).")
    return TemplateResponse(
        request, "accounts/twofactor/verify.html", {"form": form, "next": next_url}
    )


@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: scan (or type) the secret, confirm with its first code."""
    user = request.user
    device = policy.pending_totp_device(user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = "The six digits your app shows now."
    if request.method == "POST" and form.is_valid():
        code = policy.normalise(form.cleaned_data["code"])
        if policy.TOTP_CODE.fullmatch(code) and device.verify_token(code):
            request.session["dateline_2fa_new_codes"] = policy.confirm_enrolment(request, device)
            messages.success(request, "Two-factor authentication is on.")
            return redirect("dateline_2fa_backup_codes")
        form.add_error("code", "That code does not match. Check the time on your phone.")
    return TemplateResponse(
        request,
        "accounts/twofactor/setup.html",
        {
            "form": form,
            "qr_svg": policy.qr_svg(device),
            "secret": policy.secret_text(device),
            "replacing": policy.has_device(user),
            "required": policy.is_required(user),
        },
    )


@never_cache
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once: they are stored for checking, never shown again."""
    if request.method == "POST":
        if not policy.has_device(request.user):
            return redirect("dateline_2fa_status")
        request.session["dateline_2fa_new_codes"] = policy.new_backup_codes(request.user)
        return redirect("dateline_2fa_backup_codes")
    codes = request.session.pop("dateline_2fa_new_codes", None)
    if not codes:
        return redirect("dateline_2fa_status")
    return TemplateResponse(request, "accounts/twofactor/backup_codes.html", {"codes": codes})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    return _status_page(request, ConfirmWithSecretForm())


def _status_page(
    request: HttpRequest, form: ConfirmWithSecretForm, status: int = 200
) -> HttpResponse:
    """The account's two-factor page: on or off, required or not, backup codes left."""
    user = request.user
    return TemplateResponse(
        request,
        "accounts/twofactor/status.html",
        {
            "enabled": policy.has_device(user),
            "required": policy.is_required(user),
            "backup_codes_left": policy.backup_codes_left(user),
            "form": form,
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters("secret")
def disable(request: HttpRequest) -> HttpResponse:
    """Turn one's own second factor off, after re-entering the password or a code."""
    user = request.user
    if request.method != "POST":
        return redirect("dateline_2fa_status")
    form = ConfirmWithSecretForm(request.POST)
    if form.is_valid():
        secret = form.cleaned_data["secret"]
        if user.check_password(secret) or policy.verify_code(user, secret) is not None:
            policy.remove_devices(user)
            request.session[policy.SESSION_KEY] = policy.state_for(user)
            messages.success(request, "Two-factor authentication is off for your account.")
            return redirect("dateline_2fa_status")
        if policy.record_failure(request, user):
            return _locked_out(request, user)
        form.add_error("secret", "That is neither your password nor a current code.")
    return _status_page(request, form, status=400)


def can_reset(actor, target) -> bool:
    """An administrator may reset another user's factor: with the right to change users, and
    never for a user with more rights than their own (accounts.access)."""
    return actor.has_perm("auth.change_user") and not outranks(target, actor)


@never_cache
def reset_user(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(get_user_model(), pk=user_id)
    if target.pk == request.user.pk:
        return redirect("dateline_2fa_status")
    if not can_reset(request.user, target):
        return permission_denied(request)
    if request.method == "POST":
        policy.remove_devices(target)
        messages.success(
            request,
            f"Two-factor authentication reset for {target.get_username()}: they sign in with "
            "their password and enrol again where it is required.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/twofactor/reset_user.html",
        {"target": target, "enabled": policy.has_device(target)},
    )
