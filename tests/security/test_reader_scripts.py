"""Issue 26 point 5: the reader pages keep no inline script, and every script they name is a
first-party file carrying its Subresource Integrity, the sha384 of the file the site serves
(what the hash-based policy of pages with ads lists, dateline.ads.middleware).

Every page type Wagtail knows (from the registry: a new type joins by itself) and the
listing routes, each fetched twice (rendered, then from the page cache)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from dateline.core.scripts import READER_SCRIPTS
from dateline.stories.models import WebStoryPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')
# Data for scripts, never run: JSON-LD, json_script.
DATA_TYPES = {"application/ld+json", "application/json"}


def sha384_of_file(path: str) -> str:
    digest = hashlib.sha384(Path(finders.find(path)).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def reader_urls(kind) -> list[str]:
    pages = kind.page_of_each_type()
    urls = {page.url for model, page in pages.items() if model is not WebStoryPage}
    urls |= {kind.world.url, f"{kind.world.url}?page=2", "/topic/", f"/topic/{kind.tag.slug}/"}
    urls |= {f"/author/{kind.author.slug}/", f"/agency/{kind.agency.slug}/"}
    urls |= {"/search/?q=story", "/newsletters/", kind.issue.get_absolute_url()}
    return sorted(urls)


def test_every_reader_script_is_a_pinned_first_party_file(every_kind, settings):
    settings.DATELINE_PAGE_SIZE = 1  # the section has a page 2
    reader = Client()
    named = set()
    for url in reader_urls(every_kind):
        for attempt in ("rendered", "cached"):
            response = reader.get(url)
            assert response.status_code == 200, (url, attempt)
            for raw in SCRIPT.findall(response.content.decode()):
                attributes = dict(ATTRIBUTE.findall(raw))
                if attributes.get("type") in DATA_TYPES:
                    continue
                src = attributes.get("src", "")
                assert src.startswith(settings.STATIC_URL), f"inline or foreign script: {url}"
                path = src.removeprefix(settings.STATIC_URL)
                assert path in READER_SCRIPTS, (url, path)
                assert attributes.get("integrity") == sha384_of_file(path), (url, path)
                named.add(path)
    # The walk saw the scripts the site writes on every page and on its special pages.
    for path in ("dateline/site.js", "ads/consent.js", "live/live.js", "shorts/shorts.js"):
        assert path in named, path
