"""The recipes of docs/exports.md, docs/views.md and docs/validation.md work as written, and
what they and the messages tell a user to install is what works in a fresh environment.

This library is not on PyPI, where a project named ``timeline`` is another one: no message
or page says ``pip install 'timeline[pandas]'`` but to warn against it. The recipes are read
from the pages and run as they are written, on the exports the ``timeline`` command writes.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from tests.conftest import DATA
from timeline.publishing.extras import EXTRAS, REQUIREMENTS

ROOT = DATA.parent.parent


# -- what to install -------------------------------------------------------------------------


def test_the_requirements_named_are_the_extras_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert set(EXTRAS.values()) == set(REQUIREMENTS)
    for extra, requirement in REQUIREMENTS.items():
        assert extras[extra] == [requirement]


def _tracked_texts() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.md", "*.py", "*.toml", "*.txt", "*.yml", "*.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The changelog records what earlier versions said; it is history, not advice.
    return [ROOT / name for name in listed if name != "CHANGELOG.md"]


def test_no_page_or_message_installs_the_pypi_project_named_timeline():
    """`timeline[extra]` is named only beside a warning that it is another project (or as a
    direct reference, `timeline[pandas] @ git+https://...`, which names this one)."""
    found = []
    for path in _tracked_texts():
        if path == Path(__file__):
            continue
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        for match in re.finditer(r"timeline\[[a-z,<>-]+\]", text):
            around = text[match.start() - 120 : match.end() + 120]
            if text[match.end() :].lstrip().startswith("@"):
                continue
            if "another project" in around or "unrelated project" in around:
                continue
            found.append(f"{path.relative_to(ROOT)}: {around}")
    assert found == []
    assert len(_tracked_texts()) > 50
