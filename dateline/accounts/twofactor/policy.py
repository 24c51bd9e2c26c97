"""Who must give a second factor, what a session still owes, and the device operations the
views share (verification, enrolment, backup codes, removal)."""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# What the session still owes, kept in the session at sign-in so the middleware decides
# without a query: a code (the user has a device) or an enrolment (a required group).
SESSION_KEY = "dateline_2fa"
VERIFY = "verify"
ENROL = "enrol"
CLEAR = "clear"

BACKUP_CODE_COUNT = 10
TOTP_CODE = re.compile(r"\d{6}")


def required_groups() -> list[str]:
    return list(getattr(settings, "DATELINE_2FA_REQUIRED_GROUPS", []))


def is_required(user: AbstractBaseUser) -> bool:
    """True when the user's groups oblige them to use two factors. A superuser has every
    group's rights, so is obliged whenever any group is."""
    groups = required_groups()
    if not groups or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=groups).exists()


def has_device(user: AbstractBaseUser) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def state_for(user: AbstractBaseUser) -> str:
    if has_device(user):
        return VERIFY
    return ENROL if is_required(user) else CLEAR


def mark_session(sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs) -> None:
    """At each sign-in (user_logged_in): note what the session owes. Failed-login counts are
    cleared only once every factor is given; a right password alone does not wipe the wrong
    codes before it (django-axes' own reset-on-success is off for that reason)."""
    if request is None or not hasattr(request, "session"):
        return
    state = state_for(user)
    request.session[SESSION_KEY] = state
    if state != VERIFY:
        reset_failures(request, user)


def connect_signals() -> None:
    user_logged_in.connect(mark_session, dispatch_uid="dateline-2fa-mark-session")


def credentials(user: AbstractBaseUser) -> dict[str, str]:
    return {"username": user.get_username()}


def record_failure(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """A wrong code (or password re-entry) is a failed login for django-axes; True when that
    failure locked the account out from this address."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def is_locked(request: HttpRequest, user: AbstractBaseUser) -> bool:
    return AxesProxyHandler.is_locked(request, credentials(user))


def reset_failures(request: HttpRequest, user: AbstractBaseUser) -> None:
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(
        username=user.get_username(), ip_address=request.axes_ip_address
    )


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def verify_code(user: AbstractBaseUser, code: str) -> Device | None:
    """The device that accepts `code`: six digits are tried on the authenticator, anything
    else as a backup code. Only one kind is tried, so a wrong code slows down (django-otp's
    throttling) the factor it was meant for, not the other."""
    code = normalise(code)
    if not code:
        return None
    model = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def pending_totp_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: kept across reloads of the enrolment
    page (one secret per attempt), never usable to sign in until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The enrolment QR code as inline SVG, drawn here (segno), nothing fetched."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", omitsize=False
    )
    return mark_safe(svg)  # segno's own markup; the URL is encoded as modules, not text


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice) -> list[str]:
    """The first right code: the new authenticator replaces any earlier one, a fresh set of
    backup codes replaces the old, and this session counts as verified."""
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFY
    return codes


@transaction.atomic
def new_backup_codes(user: AbstractBaseUser) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    # freshness: bookkeeping (sign-in codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_devices(user: AbstractBaseUser) -> int:
    """Every second factor of the user, gone (disable, reset by an administrator). Sessions
    verified with a removed device are no longer verified (django-otp checks the device
    on each request)."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + static
