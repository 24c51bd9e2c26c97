"""The demo's partner API key: published like the demo's passwords, so `make run` can print it
(a real key is shown once, in the admin, and only its hash is kept)."""

from __future__ import annotations

from dateline.api.models import ApiKey, hash_key

PARTNER_NAME = "Demo partner app"
PARTNER_KEY = "dl_demo-partner-key-not-secret"


def ensure_partner_key() -> ApiKey:
    key = ApiKey.objects.filter(key_hash=hash_key(PARTNER_KEY)).first()
    if key is None:
        key = ApiKey(name=PARTNER_NAME, can_read=True, can_submit=True, rate_limit=600)
        key.prefix, key.key_hash = PARTNER_KEY[3:11], hash_key(PARTNER_KEY)
        key.save()
    return key


def partner_key_lines(base_url: str) -> list[str]:
    """For --print-logins: the key, when the demo has it, and a first request."""
    if not ApiKey.objects.filter(key_hash=hash_key(PARTNER_KEY), active=True).exists():
        return []
    return [
        f"API: {base_url}/api/ (schema and docs)",
        f"  partner key (read, submit): {PARTNER_KEY}",
        f"  curl -H 'X-Api-Key: {PARTNER_KEY}' '{base_url}/api/v1/stories/?limit=2'",
    ]
