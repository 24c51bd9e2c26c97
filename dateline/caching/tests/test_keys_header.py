"""One keys header, under its budget, and purges that still reach every page (issue 18,
finding 13: `/` sent 8.5 KB of headers, three copies of the same list)."""

from __future__ import annotations

import pytest

from dateline.caching import keysheader
from dateline.caching.invalidators import purge_xkeys

MANY = (
    {f"page:{n}" for n in range(600)}
    | {f"list:section:{n}" for n in range(40)}
    | {
        "list:articles",
        "site.sitesettings",
        "wagtailimages.image:7",
    }
)


def reached(header: str, changed: str) -> bool:
    """Whether a front cache purging by `purge_keys({changed})` drops a page that sent
    `header` (xkey, Surrogate-Key and Cache-Tag all purge objects sharing any key)."""
    sent = set(header.replace(",", " ").split())
    return bool(sent & keysheader.purge_keys({changed}))


@pytest.mark.parametrize("budget", [4096, 2048, 600, 60, 3])
def test_the_header_fits_its_budget_and_every_fine_key_still_purges_the_page(settings, budget):
    settings.DATELINE_KEYS_HEADER_BUDGET = budget
    value = keysheader.header_value(MANY)
    assert len(value.encode()) <= max(budget, len(keysheader.EVERYTHING))
    assert all(reached(value, key) for key in MANY)
    # A key the page did not show purges it only through a coarse key it shares.
    if value == " ".join(sorted(MANY)):
        assert not reached(value, "page:99999")


def test_a_small_page_keeps_its_fine_keys(settings):
    keys = {"page:1", "page:2", "list:articles"}
    assert keysheader.header_value(keys) == "list:articles page:1 page:2"
    assert not reached(keysheader.header_value(keys), "page:3")


@pytest.mark.django_db
def test_one_keys_header_named_by_the_setting(client, tree, settings):
    response = client.get("/")
    assert "xkey" in response and "Surrogate-Key" not in response and "Cache-Tag" not in response
    assert f"page:{tree.home.pk}" in response["xkey"].split()
    settings.DATELINE_KEYS_HEADER = "Cache-Tag"
    response = client.get(tree.world.url)
    assert "xkey" not in response and "Surrogate-Key" not in response
    assert f"page:{tree.world.pk}" in response["Cache-Tag"].split(",")


@pytest.mark.django_db
def test_a_page_over_budget_is_still_purged_by_a_fine_key(client, tree, settings):
    settings.DATELINE_KEYS_HEADER_BUDGET = 40
    value = client.get("/")["xkey"]
    assert len(value) <= 40 and f"page:{tree.a.pk}" not in value.split()
    assert reached(value, f"page:{tree.a.pk}")


def test_the_varnish_purge_names_every_level(monkeypatch):
    sent: list[str] = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b""

    def urlopen(request, timeout):
        sent.append(request.get_header("Xkey-purge"))
        return Answer()

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    purge_xkeys("http://127.0.0.1:6081/", {"page:12"})
    names = set(" ".join(sent).split())
    assert names == keysheader.purge_keys({"page:12"})
    assert {"page:12", "page", keysheader.EVERYTHING} <= names
