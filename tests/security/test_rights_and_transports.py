"""Probes of issue 18's rights, transports, media and origin findings, as an attacker would
try them: each request is the one that worked before the fix.

Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import pytest

from dateline.core.models import NewsletterSignup

pytestmark = pytest.mark.django_db


def test_a_sign_up_posted_with_origin_null_is_refused(client, home):
    """Finding 12: a sandboxed frame on any site posts with `Origin: null`."""
    response = client.post("/newsletter/", {"email": "victim@example.com"}, HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert "did not come from our site" in response.content.decode()
    assert not NewsletterSignup.objects.exists()
