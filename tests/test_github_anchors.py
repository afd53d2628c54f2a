"""``timeline validate --format github`` anchors every problem to a line of the file: the
line of the value its pointer names, or, where that value is missing, of the nearest value
that holds where it would stand (a missing top-level member: the document's ``{``).

The cases are generated: for every kind of pointer of the seed dataset (its indices taken as
one), a copy of the seed with that value of the wrong type and a copy without it, all checked
by one run of the real command. The files are written by a printer that notes the line of
every value, so the expected lines are known without asking the library.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest

import timeline

if TYPE_CHECKING:
    from pathlib import Path


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _print(value: Any) -> tuple[str, dict[str, int]]:
    """``value`` as pretty-printed JSON (two spaces), and the line each pointer's value
    starts on (a member's value starts on its key's line)."""
    lines: list[str] = []
    places: dict[str, int] = {}

    def write(item: Any, pointer: str, depth: int, prefix: str) -> None:
        places[pointer] = len(lines) + 1
        pad = "  " * depth
        if isinstance(item, dict) and item:
            lines.append(prefix + "{")
            for n, (key, inner) in enumerate(item.items()):
                label = f"{pad}  {json.dumps(key, ensure_ascii=False)}: "
                write(inner, f"{pointer}/{_escape(key)}", depth + 1, label)
                lines[-1] += "," if n < len(item) - 1 else ""
            lines.append(pad + "}")
        elif isinstance(item, list) and item:
            lines.append(prefix + "[")
            for n, inner in enumerate(item):
                write(inner, f"{pointer}/{n}", depth + 1, pad + "  ")
                lines[-1] += "," if n < len(item) - 1 else ""
            lines.append(pad + "]")
        else:
            lines.append(prefix + json.dumps(item, ensure_ascii=False))

    write(value, "", 0, "")
    return "\n".join(lines) + "\n", places


def _kinds(value: Any, pointer: str = "", kind: str = "") -> dict[str, str]:
    """One pointer for each kind of pointer in ``value`` (its first instance), by kind: the
    pointer with each index as ``*``."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        children = [(_escape(k), _escape(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        children = [(str(n), "*", v) for n, v in enumerate(value)]
    else:
        return found
    for token, kind_token, inner in children:
        inner_kind = f"{kind}/{kind_token}"
        found.setdefault(inner_kind, f"{pointer}/{token}")
        for deeper, at in _kinds(inner, f"{pointer}/{token}", inner_kind).items():
            found.setdefault(deeper, at)
    return found


def _parent_and_key(document: Any, pointer: str) -> tuple[Any, str | int]:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    parent = document
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    return parent, int(last) if isinstance(parent, list) else last


def _wrong(value: Any) -> Any:
    """A value of another JSON type."""
    return "text" if not isinstance(value, str) else 12345


def _mutants(document: Any) -> dict[str, Any]:
    """For each kind of pointer, the document with that value of the wrong type, and (for a
    member of an object) without it."""
    mutants: dict[str, Any] = {}
    for n, pointer in enumerate(sorted(_kinds(document).values())):
        wrong = json.loads(json.dumps(document))
        parent, key = _parent_and_key(wrong, pointer)
        parent[key] = _wrong(parent[key])
        mutants[f"{n:03d}-wrong"] = wrong
        if isinstance(key, str):
            missing = json.loads(json.dumps(document))
            parent, key = _parent_and_key(missing, pointer)
            del parent[key]
            mutants[f"{n:03d}-missing"] = missing
    return mutants


_ANNOTATION = re.compile(r"^::(?:error|warning) (?P<where>[^:]*)::(?P<message>.*)$")


def _expected_line(pointer: str, places: dict[str, int]) -> int:
    """The line of the value at ``pointer`` or of the nearest value holding it."""
    while pointer not in places:
        pointer = pointer[: pointer.rindex("/")]
    return places[pointer]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("mutants")
    document = json.loads(timeline.dumps(timeline.load_default()))
    places = {}
    for name, mutant in _mutants(document).items():
        text, places[name] = _print(mutant)
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    return folder, places


def test_every_problem_of_every_kind_of_pointer_is_anchored_to_its_line(run_cli, annotated):
    folder, places = annotated
    result = run_cli("validate", "--format", "github", str(folder))
    lines = result.stdout.decode().splitlines()
    assert lines, result.stderr
    annotations = [_ANNOTATION.match(line) for line in lines[:-1]]
    checked: dict[str, int] = dict.fromkeys(places, 0)
    wrong: list[str] = []
    for found, line in zip(annotations, lines, strict=False):
        assert found is not None, line
        where = dict(part.split("=", 1) for part in found["where"].split(","))
        name = where["file"].rsplit("/", 1)[-1].removesuffix(".json")
        message = found["message"]
        pointer = message.split(": ", 1)[0] if message.startswith("/") else ""
        pointer = pointer.replace("%3A", ":").replace("%25", "%")
        expected = _expected_line(pointer, places[name])
        if where.get("line") != str(expected):
            wrong.append(f"{name}: line {where.get('line')}, expected {expected}: {message}")
        checked[name] += 1
    assert not wrong, "\n".join(wrong)
    assert all(checked.values()), [name for name, n in checked.items() if not n]
    kinds = len({name[:3] for name in places})
    assert kinds > 50  # every kind of pointer of the seed: its records' members, nested


def test_every_problem_of_every_invalid_case_has_a_line(run_cli):
    """Every annotation of every invalid case (the rules of time, which look at all the
    events at the end, an empty file and a document that is no object included) names a line,
    so that GitHub shows it in the diff."""
    from tests.conftest import DATA

    cases = sorted((DATA / "invalid").glob("*/dataset.json"))
    result = run_cli("validate", "--format", "github", *map(str, cases))
    annotations = [line for line in result.stdout.decode().splitlines() if line.startswith("::")]
    assert len(annotations) >= len(cases)
    unplaced = [line for line in annotations if ",line=" not in line.split("::")[1]]
    assert unplaced == []
    # the codes of the rules of time are among them, each at its event
    codes = {re.search(r"title=([a-z-]+)", line)[1] for line in annotations}  # type: ignore[index]
    assert {"relation-cycle", "relation-date-conflict", "relation-types", "json-empty"} <= codes
