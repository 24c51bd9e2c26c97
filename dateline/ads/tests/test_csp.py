"""CSP stays strict (issue 26 point 5): pages that show a box send a hash-based policy with
'strict-dynamic' (the reader scripts' SRI hashes, no host list, no nonce), the same header
rendered, from the page cache and from the fast-hit path; every other page, the admin and
signed-in renders keep the site's policy; reader pages run no inline script."""

import io
import re
import sys

import pytest
from django.urls import reverse

from dateline.articles.factories import ArticlePageFactory
from dateline.core import fasthit
from dateline.core.scripts import READER_SCRIPTS, integrity

from .conftest import paragraphs

pytestmark = pytest.mark.django_db

GPT = {"ENABLED": True, "BACKEND": "dateline.ads.backends.GooglePublisherTag", "OPTIONS": {}}
GPT_HOST = "https://securepubads.g.doubleclick.net"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def site_policy(script_src: list[str]) -> bool:
    """The site's script-src: 'self', and a nonce when the render used one."""
    return script_src[0] == "'self'" and all(s.startswith("'nonce-") for s in script_src[1:])


def reader_hashes() -> list[str]:
    return [f"'{integrity(path)}'" for path in READER_SCRIPTS]


def fast_hit_header(path: str) -> tuple[str, str]:
    """(X-Cache, Content-Security-Policy) of `path` answered by the fast-hit path."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(headers)

    def django(environ, start_response):
        raise AssertionError("the fast-hit path did not answer")

    b"".join(fasthit.FastHitApp(django)(environ, start_response))
    return answer["X-Cache"], answer["Content-Security-Policy"]


def test_a_page_with_boxes_sends_the_hash_based_policy(client, long_story, world):
    rendered = client.get(long_story.url)
    assert 'class="ad-slot' in rendered.content.decode()
    script_src = directives(rendered)["script-src"]
    # The hashes of every reader script, 'strict-dynamic', and 'self' for CSP2 browsers only;
    # the house ads load from no other origin, so no https: fallback.
    assert script_src == [*reader_hashes(), "'strict-dynamic'", "'self'"]
    hit = client.get(long_story.url)
    assert hit["X-Cache"] == "HIT"
    assert hit["Content-Security-Policy"] == rendered["Content-Security-Policy"]
    assert fast_hit_header(long_story.url) == ("HIT", rendered["Content-Security-Policy"])
    policy = directives(hit)
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_gpt_needs_no_script_host_only_a_csp2_fallback(client, settings, long_story):
    settings.DATELINE_ADS = GPT
    policy = directives(client.get(long_story.url))
    assert policy["script-src"] == [*reader_hashes(), "'strict-dynamic'", "'self'", "https:"]
    assert GPT_HOST in policy["connect-src"]  # fetches are not scripts: still named
    assert not any(s.startswith("'nonce-") for s in policy["script-src"] + policy["style-src"])


def test_pages_without_boxes_keep_the_sites_policy(client, settings, world):
    settings.DATELINE_ADS = GPT
    quiet = ArticlePageFactory(section=world, body=paragraphs(4), no_ads=True)
    for response in (client.get(quiet.url), client.get(reverse("search"))):
        script_src = directives(response)["script-src"]
        assert site_policy(script_src), script_src
        assert GPT_HOST not in response["Content-Security-Policy"]


def test_ads_off_keeps_the_sites_policy_everywhere(client, settings, long_story):
    settings.DATELINE_ADS = {**GPT, "ENABLED": False}
    assert "'strict-dynamic'" not in directives(client.get(long_story.url))["script-src"]


def test_the_admin_and_signed_in_renders_keep_their_own_policy(
    client, settings, admin_user, long_story
):
    """Wagtail's userbar scripts carry no integrity: an editor's private render of a page
    with boxes keeps the nonce policy (no shared cache holds it)."""
    settings.DATELINE_ADS = GPT
    client.force_login(admin_user)
    assert "'strict-dynamic'" not in client.get("/admin/")["Content-Security-Policy"]
    response = client.get(long_story.url)
    assert 'class="ad-slot' in response.content.decode()
    assert "wagtailadmin/js/userbar.js" in response.content.decode()
    script_src = directives(response)["script-src"]
    assert site_policy(script_src), script_src
    assert GPT_HOST not in response["Content-Security-Policy"]


def test_the_consent_script_pins_the_ad_servers_script(client, settings, long_story):
    settings.DATELINE_ADS = GPT
    html = client.get(long_story.url).content.decode()
    tag = re.search(r'<script src="/static/ads/consent.js"[^>]*>', html).group(0)
    assert f'integrity="{integrity("ads/consent.js")}"' in tag
    assert f'data-adapter-integrity="{integrity("ads/gpt.js")}"' in tag


def test_reader_pages_run_no_inline_script(client, long_story):
    for url in ("/", long_story.url, long_story.section.url):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert scripts, url
        inline = [a for a in scripts if "src=" not in a and "application/ld+json" not in a]
        assert inline == [], url
