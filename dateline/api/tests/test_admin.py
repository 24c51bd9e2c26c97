"""API keys are made in the admin, and the key is shown once."""

import re

import pytest
from django.urls import reverse

from dateline.api.models import ApiKey

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_key_and_sees_it_once(admin_client, home):
    response = admin_client.post(
        reverse("api_keys:add"),
        {
            "name": "TV app",
            "can_read": "on",
            "can_submit": "on",
            "rate_limit": "1200",
            "active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="TV app")
    assert key.can_submit and key.rate_limit == 1200
    message = str(list(response.context["messages"])[0])
    plain = re.search(r"dl_[\w-]+", message).group()
    assert plain.startswith("dl_") and plain[3:11] == key.prefix
    listing = admin_client.get(reverse("api_keys:index"))
    assert b"TV app" in listing.content
    assert plain.encode() not in listing.content
