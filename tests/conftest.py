"""Shared fixtures: the test data folders and a runner for the real ``timeline`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def timeline_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m timeline``."""
    script = Path(sys.executable).parent / "timeline"
    if script.exists():
        return [str(script)]
    found = shutil.which("timeline")
    return [found] if found else [sys.executable, "-m", "timeline"]


@pytest.fixture
def run_cli():
    """Run the real ``timeline`` entry point in a subprocess."""

    def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
        env = {**os.environ, "PYTHONWARNINGS": "error", "COLUMNS": "100"}
        return subprocess.run(
            [*timeline_command(), *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            env=env,
            check=False,
            timeout=300,
        )

    return run
