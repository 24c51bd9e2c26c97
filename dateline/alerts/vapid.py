"""The site's VAPID key (RFC 8292): push services accept only messages signed with the key a
browser subscribed with, so the same key pair serves every subscription for their life.

Configured as DATELINE_ALERTS["VAPID_PRIVATE_KEY"] (base64url of the 32-byte private value,
the usual format) or DATELINE_ALERTS["VAPID_KEY_FILE"] (a PEM file); `dateline vapid-keys`
makes either. The public key is derived from the private one."""

from __future__ import annotations

import base64
import binascii
import functools
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Strict: a character outside the URL-safe alphabet is a binascii.Error."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def new_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def raw_private(key: ec.EllipticCurvePrivateKey) -> str:
    """The private value as base64url (what DATELINE_VAPID_PRIVATE_KEY holds)."""
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def raw_public(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    """The public key as the browser's applicationServerKey wants it (uncompressed point)."""
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    point = serialization.PublicFormat.UncompressedPoint
    return b64url(public.public_bytes(serialization.Encoding.X962, point))


def pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def configured() -> bool:
    config = settings.DATELINE_ALERTS
    return bool(config.get("VAPID_PRIVATE_KEY") or config.get("VAPID_KEY_FILE"))


@functools.cache
def _private_key(raw: str, path: str) -> ec.EllipticCurvePrivateKey:
    if raw:
        try:
            value = b64url_decode(raw.strip())
            if len(value) != 32:
                raise ValueError("not 32 bytes")
            return ec.derive_private_key(int.from_bytes(value, "big"), ec.SECP256R1())
        except (ValueError, binascii.Error) as error:
            raise ImproperlyConfigured(
                "DATELINE_VAPID_PRIVATE_KEY is not a base64url P-256 private key."
            ) from error
    if path:
        try:
            key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        except (OSError, ValueError) as error:
            raise ImproperlyConfigured(f"DATELINE_VAPID_KEY_FILE {path!r}: {error}") from error
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ImproperlyConfigured(f"DATELINE_VAPID_KEY_FILE {path!r} is not a P-256 key.")
        return key
    raise ImproperlyConfigured(
        "No VAPID key: set DATELINE_VAPID_PRIVATE_KEY or DATELINE_VAPID_KEY_FILE "
        "(`dateline vapid-keys` makes a pair)."
    )


def private_key() -> ec.EllipticCurvePrivateKey:
    config = settings.DATELINE_ALERTS
    return _private_key(config.get("VAPID_PRIVATE_KEY") or "", config.get("VAPID_KEY_FILE") or "")


def public_key() -> str:
    """The applicationServerKey the bell subscribes with; empty when no key is configured."""
    return raw_public(private_key()) if configured() else ""


def subject() -> str:
    return settings.DATELINE_ALERTS.get("VAPID_SUBJECT") or "mailto:newsroom@localhost"


def signer():
    """A py-vapid signer (RFC 8292's "vapid t=…, k=…" header) with the site's key."""
    from py_vapid import Vapid02

    return Vapid02.from_raw(raw_private(private_key()).encode())
