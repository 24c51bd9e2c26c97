"""CSP stays strict: ad hosts only on pages that show a box, only for an ad server that needs
them; reader pages run no inline script."""

import re

import pytest
from django.urls import reverse

from dateline.articles.factories import ArticlePageFactory

from .conftest import paragraphs

pytestmark = pytest.mark.django_db

GPT = {"ENABLED": True, "BACKEND": "dateline.ads.backends.GooglePublisherTag", "OPTIONS": {}}
GPT_HOST = "https://securepubads.g.doubleclick.net"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def test_house_ads_change_nothing_in_the_policy(client, long_story, world):
    ad_page = directives(client.get(long_story.url))
    assert GPT_HOST not in ad_page["script-src"]
    assert ad_page["connect-src"] == ["'self'"]


def test_gpt_hosts_are_allowed_on_pages_with_boxes_only(client, settings, long_story, world):
    settings.DATELINE_ADS = GPT
    for _ in range(2):  # rendered, then served from the page cache with the same header
        response = client.get(long_story.url)
        policy = directives(response)
        assert GPT_HOST in policy["script-src"]
        assert "'self'" in policy["script-src"]
        assert not any(
            s.startswith("'nonce-") or s == "'unsafe-inline'" for s in policy["script-src"]
        )
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
    assert response["X-Cache"] == "HIT"
    quiet = ArticlePageFactory(section=world, body=paragraphs(4), no_ads=True)
    assert GPT_HOST not in directives(client.get(quiet.url))["script-src"]
    assert GPT_HOST not in directives(client.get(reverse("search")))["script-src"]


def test_gpt_hosts_never_reach_the_admin(client, settings, admin_user, long_story):
    settings.DATELINE_ADS = GPT
    client.force_login(admin_user)
    assert GPT_HOST not in client.get("/admin/")["Content-Security-Policy"]


def test_reader_pages_run_no_inline_script(client, long_story):
    for url in ("/", long_story.url, long_story.section.url):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert scripts, url
        inline = [a for a in scripts if "src=" not in a and "application/ld+json" not in a]
        assert inline == [], url
