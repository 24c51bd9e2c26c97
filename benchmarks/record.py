"""Run one benchmark and put its result in docs/benchmarks.md, in place of the previous one.

    python -m benchmarks.record NAME "Title" [--lines REGEX] -- COMMAND [ARGS...]

The command's output goes to the console as it comes. Its result is the Markdown tables and
bullet points it printed (or, with --lines, the lines matching REGEX, made into a table of
"what: figure" rows). That result, with the command, the date, how long it took, the machine
and its load average before and after, replaces the section between `<!-- bench:NAME -->`
and `<!-- /bench:NAME -->` in docs/benchmarks.md (appended before the notes when new).
Earlier results are in git history, not in the file. Exits with the command's status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
NOTES_HEADING = "## Notes"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs{f' ({model})' if model else ''}, {platform.system()}"


def load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def result_of(output: str, lines: str | None) -> list[str]:
    """The part of the output worth keeping: tables and bullets, or the --lines rows."""
    if lines:
        pattern = re.compile(lines)
        rows = ["| what | figure |", "| --- | --- |"]
        for line in output.splitlines():
            if pattern.search(line):
                what, _, figure = line.strip().partition(": ")
                if not figure:
                    what, figure = "", what
                rows.append(f"| {what} | {figure.replace('|', '/')} |")
        return rows if len(rows) > 2 else []
    kept: list[str] = []
    for line in output.splitlines():
        if line.startswith("|") or kept and line.startswith("- "):
            kept.append(line)
        elif kept and kept[-1] != "" and not line.strip():
            kept.append("")
    return kept


def section(name: str, title: str, command: list[str], body: list[str], meta: dict) -> str:
    status = meta["status"]
    lines = [
        f"<!-- bench:{name} -->",
        f"### {title}",
        "",
        f"`{shlex.join(command)}`: {meta['date']:%Y-%m-%d %H:%M} UTC, {meta['minutes']:.1f} min, "
        f"{meta['machine']}; load average (1/5/15 min) {meta['load_before']} before, "
        f"{meta['load_after']} after.",
    ]
    if status:
        lines.append(
            f"Exit status {status}: a target was missed or the run failed (see its output)."
        )
    lines.append("")
    lines += body or ["No result was printed: the run failed before its table."]
    while lines and lines[-1] == "":
        lines.pop()
    lines.append(f"<!-- /bench:{name} -->")
    return "\n".join(lines) + "\n"


def replace_section(text: str, name: str, new: str) -> str:
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n?", re.S
    )
    if pattern.search(text):
        return pattern.sub(lambda _match: new, text, count=1)
    at = text.find(NOTES_HEADING)
    if at < 0:
        return text.rstrip("\n") + "\n\n" + new
    return text[:at] + new + "\n" + text[at:]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        raise SystemExit(__doc__)
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("title")
    parser.add_argument("--lines", help="regex of the output lines that are the result")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    meta = {"date": dt.datetime.now(dt.UTC), "load_before": load(), "machine": machine()}
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    output = []
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        output.append(line)
    meta["status"] = process.wait()
    meta["minutes"] = (time.monotonic() - started) / 60
    meta["load_after"] = load()
    body = result_of("".join(output), args.lines)
    root = f"{ROOT}/"
    shown = [part.removeprefix(root) for part in command]  # .venv/bin/python, not /work/...
    new = section(args.name, args.title, shown, body, meta)
    DOC.write_text(replace_section(DOC.read_text(), args.name, new))
    return meta["status"]


if __name__ == "__main__":
    sys.exit(main())
