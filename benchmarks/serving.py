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
