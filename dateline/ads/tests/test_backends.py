"""The ad server contract: every backend names a first-party script that exists, gives its
script JSON-safe options, and widens the policy only with sources of a known shape."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from dateline.ads.backends import AdServer, GooglePublisherTag, HouseAds, ad_server

BACKENDS = [GooglePublisherTag, HouseAds]
SOURCE = re.compile(r"^(https://[a-z0-9*.-]+|https:|'self')$")


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_keeps_the_contract(backend):
    server = backend()
    assert isinstance(server, AdServer)
    assert server.script.startswith("ads/") and finders.find(server.script)
    json.dumps(server.client_options())
    for directive, sources in server.csp_update().items():
        # Scripts need no source: the hashed consent script starts them (strict-dynamic).
        assert directive in {"connect-src", "img-src", "frame-src"}
        assert all(SOURCE.match(source) for source in sources), sources


def test_the_house_ads_are_local_files_and_need_no_other_host():
    server = HouseAds()
    assert server.csp_update() == {} and not server.loads_other_origins
    for ad in server.client_options()["ads"]:
        assert ad["image"].startswith("/static/ads/house/")
        assert finders.find(ad["image"].removeprefix("/static/"))
        assert ad["href"].startswith("/") and ad["alt"]


def test_gpt_options_come_from_settings():
    server = GooglePublisherTag(FETCH_MARGIN_PERCENT=300, SRC="https://example.test/gpt.js")
    options = server.client_options()
    assert options["fetchMarginPercent"] == 300
    assert options["src"] == "https://example.test/gpt.js"


def test_the_backend_is_chosen_in_settings(settings):
    assert isinstance(ad_server(), HouseAds)  # the test settings' dummy
    settings.DATELINE_ADS = {"BACKEND": "dateline.ads.backends.GooglePublisherTag"}
    assert isinstance(ad_server(), GooglePublisherTag)
