"""Every file under tests/data: valid ones pass, each invalid one gives exactly its problems.

An invalid case is a folder with ``dataset.json`` and ``expected.json``, which lists every
problem the dataset must produce: its code, pointer, severity and a part of its message.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import DATA
from timeline.reading._fast_check import check_fast
from timeline.reading.document import check_document, check_file

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
    # a citation of a source without a text is a warning, and nothing else is said
    assert {p.code for p in problems} <= {"evidence-unverifiable"}
    assert dataset is not None


def _assert_problems(case):
    expected = _expected(case)
    problems, dataset = _check(case / "dataset.json")
    got = sorted((p.code, p.pointer, p.severity.value) for p in problems)
    assert got == sorted((e["code"], e["pointer"], e["severity"]) for e in expected)
    assert len(set(problems)) == len(problems), "a problem is reported twice"
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


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    """tests/data copied whole (cases cite texts outside their own folder)."""
    copy = tmp_path_factory.mktemp("cases") / "data"
    shutil.copytree(DATA, copy)
    return copy


def _pretty_printed(path):
    """Lay the dataset at ``path`` out as the fast path reads it (two-space indentation),
    unless its text is not plain JSON (not UTF-8, a key written twice, a syntax error)."""

    def no_repeated_key(pairs):
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("a key written twice")
        return dict(pairs)

    try:
        document = json.loads(path.read_bytes().decode(), object_pairs_hook=no_repeated_key)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a key twice, too deep
        return
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not text.isascii() and any("\ud800" <= c <= "\udfff" for c in text):
        text = json.dumps(document, indent=2)  # half a surrogate pair is written as its escape
    path.write_text(text + "\n", encoding="utf-8")


@pytest.mark.parametrize("case", INVALID + WARNING, ids=lambda p: p.name)
def test_the_fast_path_never_passes_a_case_the_exact_rules_fault(case, data_copy):
    """A rule added to the exact checks must be known to the fast path too, which answers
    only "no problem" and leaves any other file to the exact reader. Each case, laid out as
    the fast path reads it, is read both ways without its texts (with them, the first quote
    of every source sends its event to the exact rules, and the fast path's own checks would
    go untried): whenever the exact checks find a problem, the fast path does not pass the
    file. Read as a file, with its texts, the case gives its problems."""
    path = data_copy / case.parent.name / case.name / "dataset.json"
    _pretty_printed(path)
    exact, _ = check_document(path.read_bytes(), base_dir=None)
    fast = check_fast(path, base_dir=None, records=True)
    assert fast is None or (not exact and fast[0] == [])
    problems, _ = check_file(path, texts_root=data_copy)
    got = sorted((p.code, p.pointer, p.severity.value) for p in problems)
    assert got == sorted((e["code"], e["pointer"], e["severity"]) for e in _expected(case))


def test_problems_in_text_are_placed_by_line_and_column():
    problems, _ = _check(DATA / "invalid" / "unknown-keys" / "dataset.json")
    by_pointer = {p.pointer: p for p in problems}
    text = (DATA / "invalid" / "unknown-keys" / "dataset.json").read_text(encoding="utf-8")
    problem = by_pointer["/events/0/colour"]
    assert problem.line is not None
    assert problem.column is not None
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith('"red"')
