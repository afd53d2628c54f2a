"""Every command the documentation shows is run, so the docs cannot drift from the tool.

``console`` blocks (``$ command`` followed by its output) are run and their output compared
exactly; in ``sh`` blocks every ``timeline`` command is run and must succeed. Commands run in
a scratch copy of the repository's data, with ``my-dataset.json`` standing for "your own
dataset file" (a copy of tests/data/valid/minimal.json).
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from tests.conftest import DATA

ROOT = DATA.parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^( *)```(sh|console)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def _blocks(kind):
    for page in PAGES:
        for match in _FENCE.finditer(page.read_text(encoding="utf-8")):
            if match.group(2) == kind:
                indent = len(match.group(1))
                lines = [line[indent:] for line in match.group(3).splitlines()]
                yield page.relative_to(ROOT), lines


def _sh_commands():
    for page, lines in _blocks("sh"):
        for line in lines:
            command = line.split("  #", 1)[0].split(" | ", 1)[0].strip()
            if command.startswith("timeline "):
                yield pytest.param(command, id=f"{page}: {command}")


def _console_sessions():
    for page, lines in _blocks("console"):
        sessions = []
        for line in lines:
            if line.startswith("$ "):
                sessions.append((line[2:], []))
            elif sessions:
                sessions[-1][1].append(line)
        for command, output in sessions:
            yield pytest.param(command, output, id=f"{page}: {command}")


@pytest.fixture
def scratch(tmp_path):
    for folder in ("data", "seeds", "docs/examples", "tests/data/valid"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(DATA / "valid" / "minimal.json", tmp_path / "my-dataset.json")
    shutil.copy(DATA / "valid" / "minimal.txt", tmp_path / "minimal.txt")
    return tmp_path


@pytest.mark.parametrize("command", list(_sh_commands()))
def test_every_documented_command_runs(command, run_cli, scratch):
    result = run_cli(*shlex.split(command)[1:], cwd=scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(("command", "output"), list(_console_sessions()))
def test_every_documented_session_prints_what_it_shows(command, output, run_cli, scratch):
    result = run_cli(*shlex.split(command)[1:], cwd=scratch)
    assert result.stdout.decode().splitlines() == output


def _data_blocks(kind):
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(rf"^( *)```{kind}\n(.*?)^\1```", text, re.MULTILINE | re.DOTALL):
            indent = len(match.group(1))
            body = "\n".join(line[indent:] for line in match.group(2).splitlines())
            yield pytest.param(
                body, id=f"{page.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
            )


@pytest.mark.parametrize("body", list(_data_blocks("toml")))
def test_every_toml_example_parses(body):
    import tomllib

    assert tomllib.loads(body)


@pytest.mark.parametrize("body", list(_data_blocks("json")))
def test_every_json_example_parses(body):
    import json

    assert json.loads(body)
