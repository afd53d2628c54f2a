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


def plain_document(path):
    """The document of the dataset at ``path``, or None when its text is not plain JSON
    (not UTF-8, not JSON, a key written twice, nested too deep for the decoder)."""

    def no_repeated_key(pairs):
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("a key written twice")
        return dict(pairs)

    try:
        return json.loads(path.read_bytes().decode(), object_pairs_hook=no_repeated_key)
    except (ValueError, RecursionError):
        return None


def _pretty_printed(path):
    """Lay the dataset at ``path`` out with two-space indentation, unless its text is not
    plain JSON."""
    document = plain_document(path)
    if document is None:
        return
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not text.isascii() and any("\ud800" <= c <= "\udfff" for c in text):
        text = json.dumps(document, indent=2)  # half a surrogate pair is written as its escape
    path.write_text(text + "\n", encoding="utf-8")


@pytest.mark.parametrize("case", INVALID + WARNING, ids=lambda p: p.name)
def test_the_fast_path_gives_the_exact_problems_of_each_case_or_none(case, data_copy):
    """A rule added to the exact checks must be known to the fast path too, which gives
    exactly the exact reader's problems (placed, in its order) or leaves the file to it
    (None). Each case, laid out as the fast path reads it, is read both ways without its
    texts (with them, the first quote of every source sends its event to the exact rules,
    and the fast path's own checks would go untried). Read as a file, with its texts, the
    case gives its problems."""
    path = data_copy / case.parent.name / case.name / "dataset.json"
    _pretty_printed(path)
    exact, dataset = check_document(path.read_bytes(), base_dir=None)
    fast = check_fast(path, base_dir=None, records=True)
    assert fast is None or (fast[0] == exact and (fast[1] is None) == (dataset is None))
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


def _at(document, pointer):
    """The value at ``pointer`` in ``document``."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def _read_again(document, case):
    problems, _ = check_document(json.dumps(document).encode(), base_dir=case)
    return {(p.code, p.pointer) for p in problems}


def test_a_problem_about_one_member_points_at_the_member():
    """A problem about one member's value is reported at that member, not at the record
    that holds it (a wrong subtype at ``/events/N/subtype``, so that an annotation marks its
    line). Found for every problem of every case that points at an object: each member of
    the object is removed in turn, and the case read again; the members whose removal alone
    takes the problem away, and adds none, are those at fault. A rule is about one member
    when, in every case where some members are at fault, they are that one member; a rule of
    several members together (``low`` above ``best``: removing either may help) stays at
    its record."""
    at_fault: dict[str, set[tuple[str, ...]]] = {}
    for case in INVALID + WARNING:
        try:
            document = json.loads((case / "dataset.json").read_bytes())
        except (ValueError, RecursionError):  # not UTF-8, not JSON, too deep: no member
            continue
        if not isinstance(document, dict):
            continue
        found = _read_again(document, case)
        for code, pointer in sorted(found):
            try:
                record = _at(document, pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                continue
            if not pointer or not isinstance(record, dict):
                continue
            members = []
            for key in record:
                copy = json.loads(json.dumps(document))
                del _at(copy, pointer)[key]
                without = _read_again(copy, case)
                if (code, pointer) not in without and without <= found:
                    members.append(key)
            at_fault.setdefault(code, set()).add(tuple(members))
    assert {"fatalities-order", "schema-dependent-required"} <= set(at_fault)  # it looked
    about_one = {
        code: kinds.pop()
        for code, kinds in ((code, found - {()}) for code, found in at_fault.items())
        if len(kinds) == 1 and len(next(iter(kinds))) == 1
    }
    assert about_one == {}


@pytest.mark.parametrize(
    ("case", "marker", "after"),
    [("subtype-mismatch", '"subtype": "ceasefire"', 0), ("fatalities-subset", '"subsets": [', 1)],
)
def test_an_annotation_of_a_members_fault_marks_its_line(run_cli, case, marker, after):
    """The member's line: a wrong subtype's own, a subset's where its object opens (the line
    after its list's)."""
    path = DATA / "invalid" / case / "dataset.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [n + after for n, text in enumerate(lines, 1) if marker in text]
    result = run_cli("validate", "--format", "github", str(path))
    (annotation,) = [a for a in result.stdout.decode().splitlines() if a.startswith("::error ")]
    assert f",line={line}," in annotation, annotation
