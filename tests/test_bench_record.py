"""benchmarks/record.py keeps docs/benchmarks.md at one table per benchmark (issue 21, point 8)."""

import sys

from benchmarks import record

PAGES_OUTPUT = """measuring 1,000 stories ...
  home: 4.0 ms, 3 queries
## 2026-12-06 18:00 UTC, SQLite 3.40, 1,000 → 5,000 stories

| reader page | 1,000 stories | 5,000 stories |
| --- | ---: | ---: |
| home | 4.0 ms | 4.1 ms |

- Scheduled publish works.
Whole run: 2.0 min.
"""

DOC = """# Benchmarks

## Current state

<!-- bench:pages -->
### Old

| old | table |
<!-- /bench:pages -->

## Notes

Kept.
"""


def test_tables_and_bullets_are_the_result():
    assert record.result_of(PAGES_OUTPUT, None) == [
        "| reader page | 1,000 stories | 5,000 stories |",
        "| --- | ---: | ---: |",
        "| home | 4.0 ms | 4.1 ms |",
        "",
        "- Scheduled publish works.",
    ]


def test_chosen_lines_become_a_table():
    output = "noise\ningest [sqlite]: 10000 stories in 80 s\n  12 results  'climate'\n"
    rows = record.result_of(output, r"^ingest \[|^ +\d+ results")
    assert rows == [
        "| what | figure |",
        "| --- | --- |",
        "| ingest [sqlite] | 10000 stories in 80 s |",
        "|  | 12 results  'climate' |",
    ]


def test_a_new_run_replaces_its_section_and_nothing_else(tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(DOC)
    monkeypatch.setattr(record, "DOC", doc)
    printer = tmp_path / "bench.py"
    printer.write_text(f"import sys; sys.stdout.write({PAGES_OUTPUT!r})")
    command = [sys.executable, str(printer)]
    assert record.main(["pages", "Page cost", "--", *command]) == 0
    assert (
        record.main(["outage", "Outage", "--", sys.executable, "-c", "print('| a |'); exit(3)"])
        == 3
    )
    text = doc.read_text()
    assert "| old | table |" not in text and text.count("<!-- bench:pages -->") == 1
    assert "| home | 4.0 ms | 4.1 ms |" in text and "Whole run" not in text
    assert text.index("<!-- bench:outage -->") < text.index("## Notes") < text.index("Kept.")
    assert "Exit status 3" in text and "load average (1/5/15 min)" in text
    # Run again: still one section each.
    assert record.main(["pages", "Page cost", "--", *command]) == 0
    assert doc.read_text().count("### Page cost") == 1
