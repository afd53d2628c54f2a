"""One verdict: every entry point gives the same problems, and no record is ever dropped.

The cases are made from the schema: every string, integer and number field it defines (found
by walking it, so a new field is covered by itself) is filled in ``tests/data/valid/
complete.json``, and each of its values there is replaced by hard values: line breaks before,
inside and after it, digits of another script, a float written for an integer, values of
the wrong type. Each mutated dataset then goes through every way in — the exact reader on
text, the parsed document, the fast path on a pretty-printed file, the exact reader on a
minified file, ``load``, ``loads``, ``validate`` and the ``timeline validate`` command — and
all of them must report the same problems, and return every record when there is none.
"""

from __future__ import annotations

import importlib
import json
import shutil
from typing import TYPE_CHECKING, Any

import pytest

import timeline
from tests.conftest import DATA
from timeline.document import check_document, check_file
from timeline.schema import dataset_schema

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

COMPLETE = DATA / "valid" / "complete.json"
TEXT = DATA / "valid" / "minimal.txt"
COLLECTIONS = ("sources", "actors", "events")
Leaf = tuple[tuple[str, ...], dict[str, Any]]  # a path ("*" for any item) and its schema


def schema_leaves() -> list[Leaf]:
    """Every scalar field of the dataset schema: its path and its (resolved) schema."""
    schema = dataset_schema()
    defs = schema["$defs"]
    found: list[Leaf] = []

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **_siblings(node)}
        return node

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        node = resolve(node)
        if "properties" in node:
            for key, child in node["properties"].items():
                walk(child, (*path, key))
        elif isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"))
        elif node.get("type") != "object":
            found.append((path, node))
        elif path[-1:] != ("external_ids",):  # pragma: no cover - a new kind of object
            raise AssertionError(f"an object without properties at {path}")

    walk(schema, ())
    return found


def _siblings(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k != "$ref"}


def _concrete(document: Any, path: tuple[str, ...]) -> Iterator[tuple[str | int, ...]]:
    """The places in ``document`` that match ``path``."""
    if not path:
        yield ()
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(document, list):
            for index, item in enumerate(document):
                for tail in _concrete(item, rest):
                    yield (index, *tail)
    elif isinstance(document, dict) and head in document:
        for tail in _concrete(document[head], rest):
            yield (head, *tail)


def _pointer(place: tuple[str | int, ...]) -> str:
    return "".join(f"/{str(t).replace('~', '~0').replace('/', '~1')}" for t in place)


def _set(document: Any, place: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for token in place[:-1]:
        target = target[token]
    target[place[-1]] = value
    return copy


_OTHER_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _string_mutations(value: str) -> Iterator[tuple[str, Any]]:
    yield "line break after", value + "\n"
    yield "line break before", "\n" + value
    yield "CRLF after", value + "\r\n"
    yield "line break inside", value[:1] + "\n" + value[1:]
    yield "line separator after", value + "\u2028"
    yield "space after", value + " "
    yield "empty", ""
    if value.translate(_OTHER_DIGITS) != value:
        yield "digits of another script", value.translate(_OTHER_DIGITS)
    yield "a number", 7


def _number_mutations(value: float, integer: bool) -> Iterator[tuple[str, Any]]:
    if integer:
        yield "written as a float", float(value)
        yield "a fraction", value + 0.5
    else:
        yield "written as an integer", round(value)
    yield "negative", -abs(value) - 1
    yield "huge", 10**30
    yield "a string", str(value)
    yield "true", True
    yield "null", None


def mutations() -> list[tuple[str, Any, str, bool]]:
    """(case id, mutated document, pointer of the mutated value, strictly formed field)."""
    document = json.loads(COMPLETE.read_text(encoding="utf-8"))
    cases: list[tuple[str, Any, str, bool]] = []
    for path, node in schema_leaves():
        places = list(_concrete(document, path))
        assert places, f"tests/data/valid/complete.json has no value at {'/'.join(path)}"
        formed = any(k in node for k in ("pattern", "format", "enum", "const"))
        for place in places:
            value = _value_at(document, place)
            if isinstance(value, str):
                made = _string_mutations(value)
            elif isinstance(value, bool):  # pragma: no cover - the schema has no boolean
                continue
            else:
                made = _number_mutations(value, node.get("type") == "integer")
            for name, mutated in made:
                pointer = _pointer(place)
                cases.append((f"{pointer} {name}", _set(document, place, mutated), pointer, formed))
    return cases


def _value_at(document: Any, place: tuple[str | int, ...]) -> Any:
    for token in place:
        document = document[token]
    return document


CASES = mutations()


def _key(problems: Any) -> list[tuple[str, str, str, str]]:
    return sorted((p.code, p.pointer, p.severity.value, p.message) for p in problems)


def _counts(document: Any) -> dict[str, int]:
    return {key: len(document[key]) for key in COLLECTIONS}


def _built(dataset: timeline.Dataset) -> dict[str, int]:
    return {key: len(getattr(dataset, key)) for key in COLLECTIONS}


def _entry_points(
    document: Any, folder: Path
) -> dict[str, tuple[list[tuple[str, str, str, str]], timeline.Dataset | None]]:
    """Each way in, with the problems it reports and the records it returns."""
    pretty = folder / "pretty.json"
    minified = folder / "minified.json"
    pretty.write_text(json.dumps(document, indent=2), encoding="utf-8")
    minified.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    text = pretty.read_bytes()
    results: dict[str, tuple[list[tuple[str, str, str, str]], timeline.Dataset | None]] = {}
    for name, check in _checks(document, text, folder, pretty, minified).items():
        problems, dataset = check()
        results[name] = (_key(problems), dataset)
    return results


#: The entry points that raise on errors and say nothing of warnings.
RAISING = frozenset({"load", "loads"})


def _raising(call: Callable[[], timeline.Dataset]) -> tuple[list[Any], timeline.Dataset | None]:
    try:
        return [], call()
    except timeline.InvalidDatasetError as error:
        return list(error.problems), None


def _checks(
    document: Any, text: bytes, folder: Path, pretty: Path, minified: Path
) -> dict[str, Callable[[], tuple[list[Any], timeline.Dataset | None]]]:
    return {
        "exact reader on text": lambda: check_document(text, base_dir=folder),
        "parsed document": lambda: (
            list(timeline.iter_problems(document, base_dir=folder)),
            _raising(lambda: timeline.validate(document, base_dir=folder))[1],
        ),
        "fast path on a pretty file": lambda: check_file(pretty),
        "exact reader on a minified file": lambda: check_file(minified),
        "load": lambda: _raising(lambda: timeline.load(pretty)),
        "loads": lambda: _raising(lambda: timeline.loads(text, base_dir=folder)),
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    made = tmp_path_factory.mktemp("one-verdict")
    shutil.copy(TEXT, made / TEXT.name)
    return made


def test_the_complete_dataset_is_valid_everywhere(folder):
    document = json.loads(COMPLETE.read_text(encoding="utf-8"))
    for name, (problems, dataset) in _entry_points(document, folder).items():
        assert problems == [], name
        assert dataset is not None, name
        assert _built(dataset) == _counts(document), name


def test_every_field_of_the_schema_is_mutated():
    mutated = {pointer for _, _, pointer, _ in CASES}
    assert len(mutated) >= len(schema_leaves())


@pytest.mark.parametrize(
    ("document", "pointer", "formed"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_entry_point_gives_one_verdict(document, pointer, formed, folder):
    results = _entry_points(document, folder)
    first = results["exact reader on text"][0]
    errors = [p for p in first if p[2] == "error"]
    for name, (problems, _) in results.items():
        # load and loads raise with every problem, or return the records (and no warnings)
        expected = errors if name in RAISING and not errors else first
        assert problems == expected, (name, problems, first)
    for name, (_, dataset) in results.items():
        if errors:
            assert dataset is None, name
        else:  # never a record dropped: every one is reported or built
            assert dataset is not None, name
            assert _built(dataset) == _counts(document), name
    if formed:
        # A value of a strict form (pattern, format, vocabulary) with a line break, other
        # digits, nothing or another type in it is wrong, and said to be wrong where it
        # stands (a source's path may hold any character but a backslash: a changed path
        # names a text that is not there, which is a warning at the path).
        assert any(p[1] == pointer for p in first), first


def test_the_command_gives_the_same_verdicts(tmp_path, run_cli):
    """``timeline validate`` on a folder of every mutated file reports, file by file, what
    the library reports."""
    shutil.copy(TEXT, tmp_path / TEXT.name)
    expected: dict[str, list[tuple[str, str, str, str]]] = {}
    for number, (_, document, _, _) in enumerate(CASES):
        path = tmp_path / f"case-{number:04}.json"
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
        expected[str(path)] = _key(check_file(path)[0])
    result = run_cli("validate", "--format", "json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    got = {
        entry["path"]: sorted(
            (p["code"], p["pointer"], p["severity"], p["message"]) for p in entry["problems"]
        )
        for entry in report["files"]
    }
    assert got == expected


# -- the safety nets: a fault of the library is reported, never a record passed or dropped ------


#: The module of the checks (``timeline.validate`` the attribute is the function).
validate_module = importlib.import_module("timeline.validate")


def _complete_text() -> bytes:
    return COMPLETE.read_bytes()


def test_a_record_the_fast_check_rejects_and_the_exact_one_accepts_is_reported(monkeypatch):
    """Should the compiled validator ever reject a record the exact one accepts (the
    trailing-line-break fault did), the record is reported, not dropped."""
    schemas = validate_module._record_schemas()
    real = schemas.is_valid
    monkeypatch.setattr(
        schemas, "is_valid", lambda key, value: key != "actors" and real(key, value)
    )
    monkeypatch.setattr(schemas, "all_valid", lambda key, values: False)
    problems, dataset = check_document(_complete_text(), base_dir=DATA / "valid")
    assert dataset is None
    assert {(p.code, p.pointer) for p in problems} == {
        ("check-disagreement", "/actors/0"),
        ("check-disagreement", "/actors/1"),
        ("check-disagreement", "/actors/2"),
    }
    assert all(p.line is not None for p in problems)  # placed like any other problem


def test_a_record_that_cannot_be_built_is_reported(monkeypatch):
    """A record that passes every check and that neither builder can make is a problem."""

    def unbuildable(*args, **kwargs):
        raise ValueError("cannot")

    monkeypatch.setattr(validate_module, "structure_or_problems", lambda *a, **k: [])
    checker_init = validate_module._Checker.__init__

    def init(self, *args, **kwargs):
        checker_init(self, *args, **kwargs)
        self.trusted.build["events"] = unbuildable

    monkeypatch.setattr(validate_module._Checker, "__init__", init)
    problems, dataset = check_document(_complete_text(), base_dir=DATA / "valid")
    assert dataset is None
    assert {(p.code, p.pointer) for p in problems} == {
        ("check-disagreement", "/events/0"),
        ("check-disagreement", "/events/1"),
    }


def test_load_never_returns_fewer_records_than_it_read(monkeypatch):
    """The last net: records read are counted against records built before any is
    returned, whatever path lost one."""
    real = validate_module._Checker._build

    def losing(self, key, index, value, problems):
        if key != "events" or index != 1:
            real(self, key, index, value, problems)

    monkeypatch.setattr(validate_module._Checker, "_build", losing)
    with pytest.raises(timeline.InvalidDatasetError) as raised:
        timeline.loads(_complete_text(), base_dir=DATA / "valid")
    [problem] = raised.value.problems
    assert (problem.code, problem.pointer) == ("check-disagreement", "/events")
    assert "2 records were read but 1 built" in problem.message


# -- two processes ------------------------------------------------------------------------------

FILLERS = 60  # events put before the mutated ones, so that the second process checks those


def _with_fillers(document: Any) -> Any:
    copy = json.loads(json.dumps(document))
    claim = json.loads(COMPLETE.read_text(encoding="utf-8"))["events"][1]
    fillers = [{**claim, "id": f"filler-{k}"} for k in range(FILLERS)]
    copy["events"] = fillers + copy["events"]
    return copy


#: One case of each field of an event: the first mutation drawn for it (a line break after a
#: string, a float for an integer, an integer for a number).
EVENT_CASES = list(
    {
        pointer: case for case in reversed(CASES) if (pointer := case[2]).startswith("/events/")
    }.values()
)


@pytest.fixture
def two_processes(monkeypatch):
    """Share even a small file between two processes (a cut after every record), and count
    the times the other process's work is taken in."""
    batches = importlib.import_module("timeline._batches")
    fast = importlib.import_module("timeline._fast")
    monkeypatch.setattr(batches, "BATCH", 256)
    monkeypatch.setattr(fast, "SHARE_FROM", 0)
    merged: list[int] = []
    merge = fast._Helper._merge

    def counting(self, **total):
        merged.append(1)
        return merge(self, **total)

    monkeypatch.setattr(fast._Helper, "_merge", counting)
    return merged


@pytest.mark.parametrize(
    ("document", "pointer"), [case[1:3] for case in EVENT_CASES], ids=[c[0] for c in EVENT_CASES]
)
def test_two_processes_give_the_one_verdict(document, pointer, folder, two_processes):
    document = _with_fillers(document)
    path = folder / "shared.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    exact = check_document(path.read_bytes(), base_dir=folder)
    for records in (False, True):
        problems, dataset = check_file(path, records=records)
        assert _key(problems) == _key(exact[0]), records
        if records and not any(p.is_error for p in problems):
            assert dataset is not None
            assert _built(dataset) == _counts(document)
    assert two_processes  # the other process did check a part of the events
