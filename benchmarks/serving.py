"""The app under granian as the benchmarks serve it (production's server, one command)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def start_granian(
    target: str,
    port: int,
    workers: int,
    env: dict[str, str],
    output: IO | int = subprocess.DEVNULL,
) -> subprocess.Popen:
    """Serve the WSGI `target` on 127.0.0.1:`port` with `workers` processes; granian's own
    output (warnings only) goes to `output`."""
    command = [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(
        [*command, target], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT
    )


def load_demo(env: dict[str, str]) -> None:
    """A served site's set-up as `make run` does it: migrate, collect static files, load the
    demo newsroom (its loader runs under the development settings, as `make run`'s does)."""
    dateline = [str(BIN / "dateline")]
    subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*dateline, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*dateline, "demo"],
        env={**env, "DJANGO_SETTINGS_MODULE": "dateline.settings.dev"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
