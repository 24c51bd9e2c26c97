"""A deploy never serves the previous code's pages: rendered entries are named by release."""

from __future__ import annotations

import pytest

from dateline.articles import services
from dateline.caching import release as release_module
from dateline.caching.release import fingerprint


@pytest.fixture
def set_release(monkeypatch):
    """Run as the release given (what DATELINE_RELEASE or a new code digest makes it)."""

    def use(name: str) -> None:
        monkeypatch.setenv("DATELINE_RELEASE", name)
        release_module.release.cache_clear()

    yield use
    release_module.release.cache_clear()  # the next test reads the environment's own again


def _tree(root, template: str = "<p>{{ page.title }}</p>") -> None:
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "page.html").write_text(template)
    (root / "views.py").write_text("VALUE = 1\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_views.py").write_text("def test(): pass\n")


def test_the_fingerprint_follows_the_code_and_nothing_else(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    _tree(first)
    _tree(second)
    assert fingerprint(first) == fingerprint(second)  # the same code: a restart stays warm

    (second / "tests" / "test_views.py").write_text("def test(): assert True\n")
    (second / "__pycache__").mkdir()
    (second / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(first) == fingerprint(second)  # tests and bytecode are not the release

    (second / "templates" / "page.html").write_text("<p>{{ page.title|upper }}</p>")
    assert fingerprint(first) != fingerprint(second)  # a template changed
    assert fingerprint(first) != fingerprint(first, libraries=["django", "no-such-library"])


def test_pages_cached_by_one_release_are_not_served_by_the_next(client, tree, set_release):
    set_release("r1")
    assert client.get(tree.b.url)["X-Cache"] == "MISS"
    assert client.get(tree.b.url)["X-Cache"] == "HIT"

    set_release("r2")  # the deploy: the same database, new code
    after = client.get(tree.b.url)
    assert after["X-Cache"] == "MISS"  # drawn by the new code, not the old page
    assert client.get(tree.b.url)["X-Cache"] == "HIT"


def test_a_purge_by_either_release_drops_both_releases_pages(client, tree, set_release):
    """During a rolling deploy both releases serve and purge: the reverse index names entries
    in full, so a change made by a process of one release drops the other's pages too."""
    set_release("r1")
    client.get(tree.b.url)
    set_release("r2")
    client.get(tree.b.url)

    services.revise_article(tree.b, title="Tariffs eased further")  # by a process of r2

    for name in ("r1", "r2"):
        set_release(name)
        response = client.get(tree.b.url)
        assert response["X-Cache"] == "MISS", name
        assert b"Tariffs eased further" in response.content
