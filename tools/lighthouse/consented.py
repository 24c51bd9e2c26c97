"""Lighthouse on pages with the ads running: a reader who has agreed (issue 26).

Lighthouse starts every run from empty storage, so it never sees an ad (they load only after
consent). This agrees once in a browser profile of its own, as a reader does (the notice's
"Accept" button), then runs Lighthouse 12 with that profile and its storage kept, and prints
each page's category scores, its layout shift and the ad requests it saw.

    .venv/bin/python tools/lighthouse/consented.py [BASE_URL] [PATH ...]

Lighthouse itself is the shared audit's copy (`../shared/audit/audit --lighthouse` installs it
into ~/.cache/newsaudit; set NEWSAUDIT_LH_MODULES to use another). Exits 1 when performance
or best practices scores under 0.9 on any page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"]
ARTICLE = (
    "/india/politics/2026/12/"
    "monsoon-session-wraps-up-with-three-bills-passed-and-two-sent-to-committee/"
)
MIN_SCORE = 0.9


def agree(profile: Path, base: str) -> None:
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True
        )
        page = context.new_page()
        page.goto(base + "/")
        page.locator('[data-consent="accept"]').click()
        page.wait_for_function("localStorage.getItem('dateline.consent') !== null")
        context.close()


def main(argv: list[str]) -> int:
    base = (argv[0] if argv else "http://127.0.0.1:8000").rstrip("/")
    paths = argv[1:] or ["/", ARTICLE]
    modules = os.environ.get(
        "NEWSAUDIT_LH_MODULES", str(Path.home() / ".cache/newsaudit/lighthouse/node_modules")
    )
    with tempfile.TemporaryDirectory(prefix="dateline-lighthouse-") as folder:
        profile = Path(folder) / "profile"
        agree(profile, base)
        config = {
            "modules": modules,
            "chrome": CHROMIUM,
            "flags": FLAGS,
            "profile": str(profile),
            "urls": [base + path for path in paths],
        }
        done = subprocess.run(
            ["node", str(HERE / "run.mjs"), json.dumps(config)],
            capture_output=True,
            text=True,
            check=True,
        )
    failed = False
    for line in done.stdout.splitlines():
        result = json.loads(line)
        print(
            f"{result['url']}: {json.dumps(result['scores'])}, layout shift "
            f"{result['cls']:.4f}, {len(result['ad_requests'])} ad requests"
        )
        failed |= any(
            result["scores"][name] < MIN_SCORE for name in ("performance", "best-practices")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
