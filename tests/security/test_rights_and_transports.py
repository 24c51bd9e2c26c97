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


def test_the_administrator_role_cannot_make_a_superuser(client, desk_roles):
    """Finding 1: `/admin/users/add/` with `is_superuser=on`, and a Reporter edited to it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    user_model = get_user_model()
    administrator = user_model.objects.create_user("ada", "ada@example.com", "pw")
    administrator.groups.add(Group.objects.get(name="Administrator"))
    reporter = user_model.objects.create_user("rita", "rita@example.com", "pw")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(administrator)
    password = "copper-kettle-harbour-91"
    client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "mallory",
            "email": "mallory@example.com",
            "first_name": "M",
            "last_name": "Allory",
            "password1": password,
            "password2": password,
            "is_superuser": "on",
        },
    )
    client.post(
        reverse("wagtailusers_users:edit", args=(reporter.pk,)),
        {
            "username": "rita",
            "email": "rita@example.com",
            "first_name": "Rita",
            "last_name": "R",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="Reporter").pk],
        },
    )
    assert not user_model.objects.filter(is_superuser=True).exists()
