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

import copy as copy_module
import itertools
import json
import shutil
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

import timeline
from tests.conftest import DATA
from timeline.reading import validation
from timeline.reading._record_schemas import record_schemas
from timeline.reading.document import check_document, check_file
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


#: A value written in the text in place of this one: ``"key": VALUE`` becomes
#: ``"key": ORIGINAL, "key": ORIGINAL`` (a key written twice, which no parsed document holds).
TWICE = "@@written twice@@"


def _nested(depth: int, value: Any) -> Any:
    for _ in range(depth):
        value = [value]
    return value


def _any_mutations(value: Any, in_object: bool) -> Iterator[tuple[str, Any]]:
    """What any value may be replaced by: its key written twice (in an object), nesting
    deeper than any record may go."""
    if in_object:
        yield "key written twice", TWICE
    yield "nested 40 deep", _nested(40, value)


def _string_mutations(value: str) -> Iterator[tuple[str, Any]]:
    yield "half a surrogate pair after", value + "\ud800"
    yield "half a surrogate pair alone", "\udc00"
    yield "line break after", value + "\n"
    yield "line break before", "\n" + value
    yield "CRLF after", value + "\r\n"
    yield "line break inside", value[:1] + "\n" + value[1:]
    yield "NUL inside", value[:1] + "\0" + value[1:]
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


class Case(NamedTuple):
    name: str
    raw: Any  # the mutated document, with TWICE where a key is written twice
    pointer: str  # of the mutated value
    formed: bool  # the field has a pattern, a format or a vocabulary
    original: Any  # the value before the mutation

    def text(self, raw: Any = None, **layout: Any) -> str:
        """The JSON text of the mutated document (or of ``raw``, holding the mutation)."""
        key = json.dumps(self.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~"))
        twice = f"{json.dumps(self.original)}, {key}: {json.dumps(self.original)}"
        written = json.dumps(self.raw if raw is None else raw, **layout)
        return written.replace(json.dumps(TWICE), twice)

    @property
    def document(self) -> Any:
        """The mutated document as a JSON parser gives it (a key written twice, once)."""
        return json.loads(self.text()) if self.twice else self.raw

    @property
    def twice(self) -> bool:
        return TWICE in json.dumps(self.raw)


def _case(name: str, document: Any, pointer: str, formed: bool, original: Any) -> Case:
    return Case(name, document, pointer, formed, original)


def mutations() -> list[Case]:
    """Every field of the schema in the complete dataset, mutated every way."""
    document = json.loads(COMPLETE.read_text(encoding="utf-8"))
    cases: list[Case] = []
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
            made = itertools.chain(made, _any_mutations(value, isinstance(place[-1], str)))
            for name, mutated in made:
                pointer = _pointer(place)
                mutated_document = _set(document, place, mutated)
                cases.append(_case(f"{pointer} {name}", mutated_document, pointer, formed, value))
    return cases


def _value_at(document: Any, place: tuple[str | int, ...]) -> Any:
    for token in place:
        document = document[token]
    return document


CASES = mutations()


def _key(problems: Any) -> list[tuple[str, str, str, str]]:
    return sorted((p.code, p.pointer, p.severity.value, p.message) for p in problems)


def _unworded(problems: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    return [problem[:3] for problem in problems]


def _counts(document: Any) -> dict[str, int]:
    return {key: len(document[key]) for key in COLLECTIONS}


def _built(dataset: timeline.Dataset) -> dict[str, int]:
    return {key: len(getattr(dataset, key)) for key in COLLECTIONS}


def _entry_points(
    case: Case, folder: Path
) -> dict[str, tuple[list[tuple[str, str, str, str]], timeline.Dataset | None]]:
    """Each way in, with the problems it reports and the records it returns."""
    pretty = folder / "pretty.json"
    minified = folder / "minified.json"
    pretty.write_text(case.text(indent=2), encoding="utf-8")
    minified.write_text(case.text(separators=(",", ":")), encoding="utf-8")
    text = pretty.read_bytes()
    document = case.document
    results: dict[str, tuple[list[tuple[str, str, str, str]], timeline.Dataset | None]] = {}
    for name, check in _checks(document, text, folder, pretty, minified).items():
        if case.twice and name in PARSED:  # a parsed document cannot hold a key twice
            continue
        problems, dataset = check()
        results[name] = (_key(problems), dataset)
    return results


#: The entry points that read another text than the pretty-printed one, or none.
OTHER_TEXT = frozenset({"parsed document", "exact reader on a minified file"})
#: The entry points given a parsed document.
PARSED = frozenset({"parsed document"})
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
    unchanged = Case("unchanged", document, "", formed=False, original=None)
    for name, (problems, dataset) in _entry_points(unchanged, folder).items():
        # its citations of a source without a text are warnings (those the loaders keep)
        assert {p[0] for p in problems} <= {"evidence-unverifiable"}, name
        assert dataset is not None, name
        assert _built(dataset) == _counts(document), name


def test_every_field_of_the_schema_is_mutated():
    mutated = {case.pointer for case in CASES}
    assert len(mutated) >= len(schema_leaves())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_entry_point_gives_one_verdict(case, folder):
    results = _entry_points(case, folder)
    document, pointer = case.document, case.pointer
    first = results["exact reader on text"][0]
    errors = [p for p in first if p[2] == "error"]
    for name, (problems, _) in results.items():
        # load and loads raise with every problem, or return the records (and no warnings)
        expected = errors if name in RAISING and not errors else first
        if name in OTHER_TEXT:  # a message may name the line of another place of the text
            problems, expected = _unworded(problems), _unworded(expected)
        assert problems == expected, (name, problems, first)
    for name, (_, dataset) in results.items():
        if errors:
            assert dataset is None, name
        else:  # never a record dropped: every one is reported or built
            assert dataset is not None, name
            assert _built(dataset) == _counts(document), name
    if case.twice:
        assert ("json-duplicate-key", pointer) in {p[:2] for p in errors}, first
    if "nested" in case.name:
        assert any(p[0] == "json-too-deep" and p[1].startswith(pointer) for p in errors), first
    if case.formed or case.twice:
        # A value of a strict form (pattern, format, vocabulary) with a line break, other
        # digits, nothing or another type in it is wrong, and said to be wrong where it
        # stands (a source's path may hold any character but a backslash: a changed path
        # names a text that is not there, which is a warning at the path).
        assert any(p[1] == pointer or p[1].startswith(f"{pointer}/") for p in first), first


def test_the_command_gives_the_same_verdicts(tmp_path, run_cli):
    """``timeline validate`` on a folder of every mutated file reports, file by file, what
    the library reports."""
    shutil.copy(TEXT, tmp_path / TEXT.name)
    expected: dict[str, list[tuple[str, str, str, str]]] = {}
    for number, case in enumerate(CASES):
        path = tmp_path / f"case-{number:04}.json"
        path.write_text(case.text(indent=2), encoding="utf-8")
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


def _complete_text() -> bytes:
    return COMPLETE.read_bytes()


def test_a_record_the_fast_check_rejects_and_the_exact_one_accepts_is_reported(monkeypatch):
    """Should the compiled validator ever reject a record the exact one accepts (the
    trailing-line-break fault did), the record is reported, not dropped."""
    schemas = record_schemas()
    real = schemas.is_valid
    monkeypatch.setattr(
        schemas, "is_valid", lambda key, value: key != "actors" and real(key, value)
    )
    monkeypatch.setattr(schemas, "all_valid", lambda key, values: False)
    problems, dataset = check_document(_complete_text(), base_dir=DATA / "valid")
    assert dataset is None
    assert {(p.code, p.pointer) for p in problems if p.is_error} == {
        ("check-disagreement", "/actors/0"),
        ("check-disagreement", "/actors/1"),
        ("check-disagreement", "/actors/2"),
    }
    assert all(p.line is not None for p in problems)  # placed like any other problem


def test_a_record_that_cannot_be_built_is_reported(monkeypatch):
    """A record that passes every check and that neither builder can make is a problem."""

    def unbuildable(*args, **kwargs):
        raise ValueError("cannot")

    monkeypatch.setattr(validation, "structure_or_problems", lambda *a, **k: [])
    checker_init = validation._Checker.__init__

    def init(self, *args, **kwargs):
        checker_init(self, *args, **kwargs)
        self.trusted.build["events"] = unbuildable

    monkeypatch.setattr(validation._Checker, "__init__", init)
    problems, dataset = check_document(_complete_text(), base_dir=DATA / "valid")
    assert dataset is None
    assert {(p.code, p.pointer) for p in problems if p.is_error} == {
        ("check-disagreement", "/events/0"),
        ("check-disagreement", "/events/1"),
    }


def test_load_never_returns_fewer_records_than_it_read(monkeypatch):
    """The last net: records read are counted against records built before any is
    returned, whatever path lost one."""
    real = validation._Checker._build

    def losing(self, key, index, value, problems):
        if key != "events" or index != 1:
            real(self, key, index, value, problems)

    monkeypatch.setattr(validation._Checker, "_build", losing)
    with pytest.raises(timeline.InvalidDatasetError) as raised:
        timeline.loads(_complete_text(), base_dir=DATA / "valid")
    [problem] = [p for p in raised.value.problems if p.is_error]
    assert (problem.code, problem.pointer) == ("check-disagreement", "/events")
    assert "2 records were read but 1 built" in problem.message


# -- two processes ------------------------------------------------------------------------------

FILLERS = 60  # events put before the mutated ones, so that the second process checks those


def _with_fillers(document: Any) -> Any:
    copy = copy_module.deepcopy(document)
    claim = json.loads(COMPLETE.read_text(encoding="utf-8"))["events"][1]
    fillers = [{**claim, "id": f"filler-{k}"} for k in range(FILLERS)]
    copy["events"] = fillers + copy["events"]
    return copy


def _event_cases() -> list[Case]:
    """Each field of an event with its first mutation, and each mutation on the first field
    it is made on."""
    chosen: dict[str, Case] = {}
    for case in CASES:
        if case.pointer.startswith("/events/"):
            chosen.setdefault(case.pointer, case)
            chosen.setdefault(case.name.split(" ", 1)[1], case)
    return list({case.name: case for case in chosen.values()}.values())


EVENT_CASES = _event_cases()


@pytest.fixture
def two_processes(monkeypatch):
    """Share even a small file between two processes (a cut after every record), and count
    the times the other process's work is taken in."""
    from timeline.reading import _batch_reader as batches
    from timeline.reading import _fast_check as fast

    monkeypatch.setattr(batches, "BATCH", 256)
    monkeypatch.setattr(fast, "SHARE_FROM", 0)
    merged: list[int] = []
    merge = fast._Helper._merge

    def counting(self, **total):
        merged.append(1)
        return merge(self, **total)

    monkeypatch.setattr(fast._Helper, "_merge", counting)
    return merged


@pytest.mark.parametrize("case", EVENT_CASES, ids=[case.name for case in EVENT_CASES])
def test_two_processes_give_the_one_verdict(case, folder, two_processes):
    document = _with_fillers(case.document)
    path = folder / "shared.json"
    path.write_text(case.text(_with_fillers(case.raw), indent=2), encoding="utf-8")
    exact = check_document(path.read_bytes(), base_dir=folder)
    for records in (False, True):
        problems, dataset = check_file(path, records=records)
        assert _key(problems) == _key(exact[0]), records
        if records and not any(p.is_error for p in problems):
            assert dataset is not None
            assert _built(dataset) == _counts(document)
    assert two_processes  # the other process did check a part of the events


# -- documents built in Python ------------------------------------------------------------------

#: What a document built in Python may hold and no JSON text can: each is json-syntax at its
#: place from the entry points that take a parsed document, never an exception.
NOT_JSON = {
    "NaN": float("nan"),
    "infinity": float("-inf"),
    "an integer of 5,000 digits": 10**4999,
}


def _python_cases() -> list[tuple[str, Any, str]]:
    document = json.loads(COMPLETE.read_text(encoding="utf-8"))
    cases: list[tuple[str, Any, str]] = []
    for path, _ in schema_leaves():
        for place in _concrete(document, path):
            pointer = _pointer(place)
            for name, value in NOT_JSON.items():
                cases.append((f"{pointer} {name}", _set(document, place, value), pointer))
            if isinstance(place[-1], str):  # a key that is not a string beside the field
                parent = {**_value_at(document, place[:-1]), 7: "seven"}
                mutated = _set(document, place[:-1], parent) if place[:-1] else parent
                cases.append((f"{pointer} beside a key 7", mutated, _pointer((*place[:-1], 7))))
    return cases


PYTHON_CASES = _python_cases()


@pytest.mark.parametrize(
    ("document", "pointer"), [c[1:] for c in PYTHON_CASES], ids=[c[0] for c in PYTHON_CASES]
)
def test_a_value_no_json_holds_is_reported_in_a_parsed_document(document, pointer, folder):
    problems = list(timeline.iter_problems(document, base_dir=folder))
    assert ("json-syntax", pointer) in {(p.code, p.pointer) for p in problems}, problems
    with pytest.raises(timeline.InvalidDatasetError) as raised:
        timeline.validate(document, base_dir=folder)
    assert _key(raised.value.problems) == _key(problems)
