"""`dateline ingest`: files, folders; the exact last line; usage errors only are fatal."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from dateline.articles.models import ArticlePage

GOOD = b'{"uri": "urn:cli:1", "type": "text", "headlines": [{"value": "From the command line"}], "bodies": [{"value": "Words."}]}'  # noqa: E501


def test_ingest_a_folder_prints_the_counts_last(world, wire_source, tmp_path):
    (tmp_path / "good.json").write_bytes(GOOD)
    (tmp_path / "bad.json").write_bytes(b'{"uri": ')
    out = io.StringIO()
    call_command("ingest", str(tmp_path), "--source", "ap", "--publish", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "1 created, 0 updated, 0 unchanged, 0 withdrawn, 1 quarantined"
    assert ArticlePage.objects.get().live is True
    assert (tmp_path / "good.json").exists()  # files named on the command line are not moved


def test_ingest_twice_counts_unchanged(world, tmp_path):
    path = tmp_path / "good.json"
    path.write_bytes(GOOD)
    call_command("ingest", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("ingest", str(path), stdout=out)
    assert (
        out.getvalue().splitlines()[-1]
        == "0 created, 0 updated, 1 unchanged, 0 withdrawn, 0 quarantined"
    )
    assert ArticlePage.objects.get().live is False  # no source, no --publish: a draft


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-file.json"], "missing-file.json is neither a file nor a folder."),
        (["x.json", "--source", "nope"], "No wire source 'nope' (known: none)."),
    ],
)
def test_usage_errors_are_fatal(db, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("ingest", *args, stdout=io.StringIO())
