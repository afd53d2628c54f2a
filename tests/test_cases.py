"""Every file under tests/data: valid ones pass, each invalid one gives exactly its problems.

An invalid case is a folder with ``dataset.json`` and ``expected.json``, which lists every
problem the dataset must produce: its code, pointer, severity and a part of its message.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA
from timeline.reading.document import check_document

VALID = sorted((DATA / "valid").glob("*.json"))
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())
WARNING = sorted(p for p in (DATA / "warning").iterdir() if p.is_dir())


def _expected(case):
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))["problems"]


def _check(path):
    return check_document(path.read_bytes(), base_dir=path.parent)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file_has_no_problem(path):
    problems, dataset = _check(path)
    assert problems == []
    assert dataset is not None


def _assert_problems(case):
    expected = _expected(case)
    problems, dataset = _check(case / "dataset.json")
    got = sorted((p.code, p.pointer, p.severity.value) for p in problems)
    assert got == sorted((e["code"], e["pointer"], e["severity"]) for e in expected)
    for e in expected:
        messages = [p.message for p in problems if (p.code, p.pointer) == (e["code"], e["pointer"])]
        assert any(e["message"] in m for m in messages), (e, messages)
    return problems, dataset


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_gives_its_problems(case):
    problems, dataset = _assert_problems(case)
    assert dataset is None
    assert any(p.is_error for p in problems)


@pytest.mark.parametrize("case", WARNING, ids=lambda p: p.name)
def test_warning_case_is_valid_with_its_warnings(case):
    problems, dataset = _assert_problems(case)
    assert dataset is not None
    assert not any(p.is_error for p in problems)


def test_problems_in_text_are_placed_by_line_and_column():
    problems, _ = _check(DATA / "invalid" / "unknown-keys" / "dataset.json")
    by_pointer = {p.pointer: p for p in problems}
    text = (DATA / "invalid" / "unknown-keys" / "dataset.json").read_text(encoding="utf-8")
    problem = by_pointer["/events/0/colour"]
    assert problem.line is not None
    assert problem.column is not None
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith('"red"')
