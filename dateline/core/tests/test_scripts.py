"""The reader scripts' tags (dateline.core.scripts): the integrity is the sha384 of the bytes
the static storage serves, computed once per process; a script not listed is refused."""

import base64
import hashlib
import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.template import Context, Template

from dateline.core import scripts


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


@pytest.fixture
def fresh_hashes():
    scripts.integrity.cache_clear()
    yield
    scripts.integrity.cache_clear()


def test_the_tag_carries_the_hash_of_the_file(fresh_hashes):
    expected = sri(Path(finders.find("dateline/site.js")).read_bytes())
    html = Template('{% load dateline_tags %}{% static_script "dateline/site.js" defer=True %}')
    assert html.render(Context()) == (
        f'<script src="/static/dateline/site.js" integrity="{expected}" defer></script>'
    )


def test_attributes_are_escaped_and_named_with_hyphens(fresh_hashes):
    tag = scripts.script_tag("dateline/beacon.js", data_beacon='/b?p=1&q="x"', hidden=False)
    assert 'data-beacon="/b?p=1&amp;q=&quot;x&quot;"' in tag
    assert "hidden" not in tag


def test_a_script_the_policy_does_not_list_is_refused():
    with pytest.raises(ValueError, match="READER_SCRIPTS"):
        scripts.script_tag("ads/house.js")


def test_static_files_on_another_origin_are_fetched_with_cors(settings, fresh_hashes):
    settings.STATIC_URL = "https://static.example/"
    assert 'crossorigin="anonymous"' in scripts.script_tag("dateline/site.js")


def test_a_manifest_storage_is_hashed_from_its_served_copy(tmp_path, monkeypatch, fresh_hashes):
    """Production serves the manifest's hashed copy: those bytes are the ones pinned."""
    served = tmp_path / "dateline" / "site.0123abcd.js"
    served.parent.mkdir()
    served.write_bytes(b"// the collected copy\n")
    manifest = {"paths": {"dateline/site.js": "dateline/site.0123abcd.js"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    monkeypatch.setattr(scripts, "staticfiles_storage", storage)
    assert scripts.integrity("dateline/site.js") == sri(b"// the collected copy\n")


def test_each_file_is_hashed_once_per_process(monkeypatch, fresh_hashes):
    reads = []
    real = scripts._served_bytes
    monkeypatch.setattr(scripts, "_served_bytes", lambda path: reads.append(path) or real(path))
    for _ in range(3):
        scripts.reader_script_hashes()
    assert sorted(reads) == sorted(scripts.READER_SCRIPTS)
