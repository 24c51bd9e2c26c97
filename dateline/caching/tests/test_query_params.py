"""Query strings cannot bust the page cache: each page keeps only the parameters it reads
(issue 18 finding 10, issue 21 point 1), in the app and in the shipped Varnish configuration."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from dateline.caching.cachestore import index
from dateline.caching.queryparams import all_declared, normalised_query, vcl_query_filter

pytestmark = pytest.mark.django_db

VCL = Path(__file__).resolve().parents[3] / "deploy" / "varnish" / "default.vcl"
TRACKING = [
    "utm_source=newsletter&utm_medium=email&utm_campaign=monday",
    "fbclid=IwAR1abc",
    "fbclid=IwAR2xyz",
    "gclid=Cj0KCQ",
    "mc_cid=abc&mc_eid=def",
    "igshid=xyz",
    "x=random-1",
    "page",  # a name the story does not read, without a value
]


def test_tracking_and_unknown_parameters_share_the_clean_entry(client, tree):
    """Every click from social media was a miss and a new set of dependency index members."""
    assert client.get(tree.a.url)["X-Cache"] == "MISS"
    rows = index().count()
    for n, query in enumerate(TRACKING * 3):
        response = client.get(f"{tree.a.url}?{query}&n={n}")
        # Parameters no page reads are gone before the look-up. The first request with one
        # some page reads (`page`) teaches the path that its story reads none: one render.
        first_known = n == TRACKING.index("page")
        assert response["X-Cache"] == ("MISS" if first_known else "HIT"), query
    assert index().count() == rows


def test_unread_parameters_never_reach_the_render(client, tree):
    html = client.get(f"{tree.world.url}?utm_source=evil-{'x' * 8}&page=1").content.decode()
    assert "evil-" not in html  # canonical URL, pagination links, share links
    search = client.get("/search/?q=polls&utm_source=evil-yyy&fbclid=evil-zzz").content.decode()
    assert "evil-" not in search


def test_a_listing_keeps_its_page_number(client, tree, settings):
    settings.DATELINE_PAGE_SIZE = 1
    first = client.get(tree.world.url)
    second = client.get(f"{tree.world.url}?page=2")
    assert second.status_code == 200 and second.content != first.content
    assert client.get(f"{tree.world.url}?utm_source=x&page=2&fbclid=y")["X-Cache"] == "HIT"
    assert client.get(f"{tree.world.url}?fbclid=z")["X-Cache"] == "HIT"  # page 1


def test_a_page_that_reads_no_parameter_has_one_entry_whatever_the_page_number(client, tree):
    client.get(tree.a.url)
    client.get(f"{tree.a.url}?page=2")  # the path learns the story reads nothing
    rows = index().count()
    for number in range(3, 40):
        assert client.get(f"{tree.a.url}?page={number}")["X-Cache"] == "HIT"
    assert index().count() == rows


def test_a_view_keeps_only_what_it_declares(client, tree):
    first = client.get("/search/?q=polls&page=1&section=&fbclid=1")
    again = client.get("/search/?fbclid=2&section=&page=1&q=polls")  # another order
    assert first.status_code == again.status_code == 200
    assert again["X-Cache"] == "HIT"
    other = client.get("/search/?q=tariffs")
    assert other["X-Cache"] == "MISS" and other.content != first.content


def _vcl_filter() -> str:
    match = re.search(r'regsuball\(req\.http\.X-Dateline-Query, "([^"]+)", ""\)', VCL.read_text())
    assert match, "deploy/varnish/default.vcl no longer filters the query string"
    return match.group(1)


def _varnish_url(url: str) -> str:
    """What the VCL's dateline_query_params makes of `url` (its regsub/regsuball steps, in
    Python's re, which reads these patterns as PCRE does; querysort sorts the pairs)."""
    if "?" not in url:
        return url
    path, query = url.split("?", 1)
    kept = re.sub(_vcl_filter(), "", "&" + query)
    pairs = sorted(pair for pair in kept.split("&") if pair)
    return path + ("?" + "&".join(pairs) if pairs else "")


def test_the_varnish_configuration_keeps_the_parameters_the_pages_declare():
    """The VCL's list is the Python declaration: a page declaring a new parameter fails this
    test until deploy/varnish/default.vcl carries it (paste vcl_query_filter's output)."""
    assert _vcl_filter() == vcl_query_filter(all_declared())
    assert {"page", "q"} <= all_declared()
    assert not {"utm_source", "fbclid", "gclid"} & all_declared()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=2",
        "utm_source=x&page=2&fbclid=abc",
        "fbclid=abc",
        "q=climate%20change&type=articles&utm_campaign=x&date_from=2026-01-01",
        "pagex=1&page_size=9&p=3&pp=4",
        "page&q=&&x",
        "q=a%26b&page=2&page=3",
        "z=1&" + quote("page") + "=2",
    ],
)
def test_the_app_and_varnish_normalise_a_url_alike(query):
    url = "/world/a&b/" + (f"?{query}" if query else "")
    app = normalised_query(query, all_declared())
    assert _varnish_url(url) == "/world/a&b/" + (f"?{app}" if app else "")
