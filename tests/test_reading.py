"""Faults of the JSON text that a decoder does not report, placed in every object of a
valid dataset, are reported by every entry point with their code and pointer.

The places are derived from the documents themselves: every object of the valid datasets
(each record, each of its nested objects, the top level) receives in turn a key written
twice, a key holding half a UTF-16 surrogate pair, and a value nested far deeper than any
record. Each variant is written pretty-printed (so that ``timeline validate`` takes its fast
path) and compact (so that it takes the exact reader), and checked by the command, by
``timeline.load``, ``timeline.loads`` and, where a parsed document can hold the fault,
``timeline.iter_problems``.
"""

from __future__ import annotations

import copy as copy_module
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from typing import TYPE_CHECKING, Any

import pytest

import timeline
from benchmarks.generate import generate
from tests.conftest import DATA, timeline_command
from timeline.problems import format_pointer
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._text_positions import MAX_DEPTH
from timeline.reading.result import ExitCode

if TYPE_CHECKING:
    from pathlib import Path

ROOT = DATA.parent.parent
SOURCES = [DATA / "valid" / "minimal.json", ROOT / "data" / "afghanistan-2021-seed.json"]
DEEP = 100  # deeper than any reader allows, shallower than Python's own decoder refuses
COLLECTIONS = ("sources", "actors", "events")


class Pairs(list[tuple[str, Any]]):
    """An object as its members in order, so that a key may stand twice."""


def _pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return Pairs((key, _pairs(child)) for key, child in value.items())
    if isinstance(value, list):
        return [_pairs(child) for child in value]
    return value


def _write(value: Any, indent: int | None, level: int = 0) -> str:
    """JSON text as ``json.dumps`` writes it (``ensure_ascii``: a lone surrogate becomes its
    escape), of a value whose objects may be :class:`Pairs`."""
    if isinstance(value, Pairs | list):
        items = (
            [f"{json.dumps(k)}: {_write(v, indent, level + 1)}" for k, v in value]
            if isinstance(value, Pairs)
            else [_write(v, indent, level + 1) for v in value]
        )
        left, right = ("{", "}") if isinstance(value, Pairs) else ("[", "]")
        if not items:
            return left + right
        if indent is None:
            return left + ", ".join(items) + right
        inner = "\n" + " " * (indent * (level + 1))
        return left + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + right
    return json.dumps(value)


def _objects(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The paths of every object in ``value``."""
    found = []
    if isinstance(value, Pairs):
        found.append(path)
        for key, child in value:
            found.extend(_objects(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_objects(child, (*path, index)))
    return found


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for token in path:
        document = dict(document)[token] if isinstance(token, str) else document[token]
    return document


def _deep_pointer(path: tuple[str | int, ...], key: str) -> str:
    """Where a value nested :data:`DEEP` arrays deep under ``key`` of the object at ``path``
    is refused: at the first array deeper than a record (or a top-level member) may be."""
    unit = 2 if path and path[0] in COLLECTIONS else 1  # the record's (member's) path length
    inside = (*path, key)
    levels = len(inside) - unit + 1  # the levels of the record down to the first array
    return format_pointer((*inside, *[0] * (MAX_DEPTH + 1 - levels)))


def _variants() -> list[tuple[str, str, Any, str, bool]]:
    """(name, the source's name, document, expected pointer, whether a parsed document can
    hold the fault) for every object of every source and every fault."""
    found = []
    for source in SOURCES:
        document = _pairs(json.loads(source.read_text(encoding="utf-8")))
        for path in _objects(document):
            where = format_pointer(path) or "top"
            first_key = _at(document, path)[0][0]

            def changed(
                key: str, value: Any, _path: tuple[str | int, ...] = path, _doc: Any = document
            ) -> Any:
                copy = copy_module.deepcopy(_doc)
                target = _at(copy, _path)
                target.insert(1, (key, value))
                return copy

            found.append(
                (
                    f"{source.stem}{where}:duplicate",
                    source.name,
                    changed(first_key, "again"),
                    format_pointer((*path, first_key)),
                    False,
                )
            )
            found.append(
                (
                    f"{source.stem}{where}:surrogate",
                    source.name,
                    changed("\ud800k", 1),
                    format_pointer((*path, "\ud800k")),
                    True,
                )
            )
            deep: Any = []
            for _ in range(DEEP - 1):
                deep = [deep]
            found.append(
                (
                    f"{source.stem}{where}:deep",
                    source.name,
                    changed("deep", deep),
                    _deep_pointer(path, "deep"),
                    True,
                )
            )
    return found


VARIANTS = _variants()


def _prepare(folder: Path) -> list[tuple[str, Path, Path, Any, str, bool]]:
    """Every variant written pretty-printed and compact into ``folder``, beside the text
    the minimal dataset cites."""
    shutil.copy(SOURCES[0].with_suffix(".txt"), folder)  # (the seed's texts stand elsewhere)
    written = []
    for n, (name, _, document, pointer, parsed) in enumerate(VARIANTS):
        pretty, compact = folder / f"v{n}-pretty.json", folder / f"v{n}-compact.json"
        pretty.write_text(_write(document, 2) + "\n", encoding="utf-8")
        compact.write_text(_write(document, None), encoding="utf-8")
        written.append((name, pretty, compact, document, pointer, parsed))
    return written


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    return _prepare(tmp_path_factory.mktemp("variants"))


def _code(name: str) -> str:
    return {
        "duplicate": "json-duplicate-key",
        "surrogate": "json-lone-surrogate",
        "deep": "json-too-deep",
    }[name.rsplit(":", 1)[1]]


def test_the_variants_reach_every_object():
    """The generator places each fault in every object: records, nested objects, the top."""
    pointers = {pointer for name, _, _, pointer, _ in VARIANTS if name.endswith(":duplicate")}
    assert any(p.startswith("/events/0/evidence/0/") for p in pointers)
    assert any(p.startswith("/events/0/place/") for p in pointers)
    assert any(p.startswith("/sources/0/") for p in pointers)
    assert any(p.count("/") == 1 for p in pointers)  # a key of the top level
    assert any(p.startswith("/contributors/0/") for p in pointers)  # in a top-level member


def test_the_command_reports_every_variant_on_both_readers(run_cli, variants):
    """One call checks every variant, pretty-printed (the fast path) and compact (the exact
    reader): each is invalid with its problem, no traceback."""
    paths = [str(p) for _, pretty, compact, *_ in variants for p in (pretty, compact)]
    result = run_cli("validate", "--format", "json", *paths)
    assert result.returncode == ExitCode.INVALID, result.stderr.decode()[-2000:]
    assert result.stderr == b""
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    for name, pretty, compact, _, pointer, _ in variants:
        for path in (pretty, compact):
            found = {(p["code"], p["pointer"]) for p in files[str(path)]["problems"]}
            assert (_code(name), pointer) in found, (name, path.name, found)


def test_load_and_loads_refuse_every_variant(variants):
    for name, pretty, compact, _, pointer, _ in variants:
        for path in (pretty, compact):
            with pytest.raises(timeline.InvalidDatasetError) as raised:
                timeline.load(path)
            found = {(p.code, p.pointer) for p in raised.value.problems}
            assert (_code(name), pointer) in found, (name, path.name, found)
            with pytest.raises(timeline.InvalidDatasetError) as raised:
                timeline.loads(path.read_bytes(), base_dir=path.parent)
            found = {(p.code, p.pointer) for p in raised.value.problems}
            assert (_code(name), pointer) in found, (name, path.name, found)


def test_iter_problems_reports_what_a_parsed_document_can_hold(variants):
    """A parsed document keeps no key written twice; a lone surrogate and a deep value it
    holds are reported, not a traceback."""
    for name, pretty, _, _, pointer, parsed in variants:
        if not parsed:
            continue
        document = json.loads(pretty.read_text(encoding="utf-8"))
        found = {(p.code, p.pointer) for p in timeline.iter_problems(document)}
        assert (_code(name), pointer) in found, (name, found)
        with pytest.raises(timeline.InvalidDatasetError):
            timeline.validate(document)


def test_a_surrogate_key_leaves_the_other_records_checked(tmp_path):
    """A record with a lone surrogate is refused, and the records after it are still
    checked: no record is dropped."""
    document = _pairs(json.loads(SOURCES[0].read_text(encoding="utf-8")))
    events = _at(document, ("events",))
    events[0].insert(1, ("\udfffx", 1))
    events[1].insert(1, ("colour", "red"))
    path = tmp_path / "dataset.json"
    path.write_text(_write(document, 2) + "\n", encoding="utf-8")
    for entry in (lambda: timeline.load(path), lambda: timeline.loads(path.read_bytes())):
        with pytest.raises(timeline.InvalidDatasetError) as raised:
            entry()
        found = {(p.code, p.pointer) for p in raised.value.problems}
        assert ("json-lone-surrogate", "/events/0/\udfffx") in found
        assert ("schema-unknown-key", "/events/1/colour") in found


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_every_reporter_prints_a_pointer_holding_a_lone_surrogate(run_cli, fmt):
    case = DATA / "invalid" / "lone-surrogate-key" / "dataset.json"
    result = run_cli("validate", "--format", fmt, str(case))
    assert result.returncode == ExitCode.INVALID
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    assert "/events/1/\\ud800" in out
    if fmt == "json":  # the escape reads back as the pointer itself
        problems = json.loads(out)["files"][0]["problems"]
        assert problems[0]["pointer"] == "/events/1/\ud800"


def test_a_key_twice_is_found_whatever_colons_the_strings_hold(run_cli, tmp_path):
    """The fast path compares colons before and after decoding: colons in strings, written
    plainly or as a \\u escape, neither hide a key written twice nor make a valid file
    invalid."""
    document = _pairs(json.loads(SOURCES[0].read_text(encoding="utf-8")))
    event = _at(document, ("events", 1))
    title = next(i for i, (key, _) in enumerate(event) if key == "title")
    event[title] = ("title", "At: 10:30, a claim")
    valid = _write(document, 2).replace("At: 10", "At\\u003a 10") + "\n"
    twice = valid.replace('"status": "occurred",', '"status": "occurred",\n"status": "x",', 1)
    (tmp_path / "valid.json").write_text(valid, encoding="utf-8")
    (tmp_path / "twice.json").write_text(twice, encoding="utf-8")
    shutil.copy(SOURCES[0].with_suffix(".txt"), tmp_path)
    assert run_cli("validate", str(tmp_path / "valid.json")).returncode == ExitCode.VALID
    result = run_cli("validate", "--format", "json", str(tmp_path / "twice.json"))
    assert result.returncode == ExitCode.INVALID
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [(p["code"], p["pointer"]) for p in problems] == [
        ("json-duplicate-key", "/events/0/status")
    ]


def _large(tmp_path: Path, events: int, fault: str) -> Path:
    """A pretty-printed dataset of ``events`` events (a few MB each thousand) with a syntax
    error at its start or in its first event."""
    document = json.loads(SOURCES[0].read_text(encoding="utf-8"))
    first = document["events"][0]
    document["events"] = [{**first, "id": f"event-{n}"} for n in range(events)]
    text = json.dumps(document, indent=2) + "\n"
    if fault == "start":
        text = "x" + text[1:]
    else:
        text = text.replace('"id": "event-0"', '"id" "event-0"', 1)
    path = tmp_path / f"{fault}.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fault", ["start", "first-event"])
def test_an_early_syntax_error_is_found_in_bounded_memory(tmp_path, fault):
    """A syntax error early in a 20 MB file is told without reading the rest of it: the
    memory allocated stays a few MB (it grew with the file before)."""
    path = _large(tmp_path, 24_000, fault)
    assert path.stat().st_size > 20 << 20
    tracemalloc.start()
    try:
        problems, dataset = timeline.reading.document.check_file(path, records=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert dataset is None
    assert [p.code for p in problems] == ["json-syntax"]
    assert peak < 8 << 20, peak


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_every_reporter_prints_to_an_output_that_cannot_encode_a_message(fmt):
    """Standard output in ASCII: what it cannot encode is escaped, not a traceback."""
    case = DATA / "invalid" / "part-of-cycle" / "dataset.json"  # its message holds "→"
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [*timeline_command(), "validate", "--format", fmt, str(case)],
        capture_output=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == ExitCode.INVALID, result.stderr.decode()[-2000:]
    assert result.stderr == b""
    assert "\\u2192" in result.stdout.decode("ascii")
    if fmt == "json":  # the escape reads back as the character
        problems = json.loads(result.stdout)["files"][0]["problems"]
        assert "→" in problems[0]["message"]


#: The console script's entry point, with a small file's events shared by two processes.
_SHARED_MAIN = (
    "import sys, timeline.reading._batch_reader as b, timeline.reading._fast_check as f; "
    "b.BATCH = 64 << 10; f.SHARE_FROM = 0; "
    "from timeline.cli.commands import main; sys.exit(main())"
)


@pytest.mark.parametrize("share", [0.1, 0.9])
def test_a_key_twice_in_either_process_s_events_is_found(tmp_path, monkeypatch, share):
    """With the events shared by two processes (validating: half each; loading: this one
    builds the records decoded into their parts, unscreened, while the other checks), a key
    written twice in an event of either part is found."""
    path = tmp_path / "events.json"
    generate(path, 1500, seed=5)
    text = path.read_text(encoding="utf-8")
    at = text.index('"status": "', int(len(text) * share))
    end = text.index("\n", at)
    path.write_text(text[:end] + '\n      "status": "x",' + text[end:], encoding="utf-8")
    line = text.count("\n", 0, end) + 2
    result = subprocess.run(
        [sys.executable, "-c", _SHARED_MAIN, "validate", "--format", "json", str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        check=False,
        timeout=300,
    )
    assert result.returncode == ExitCode.INVALID, result.stderr.decode()[-2000:]
    [problem] = json.loads(result.stdout)["files"][0]["problems"]
    assert (problem["code"], problem["line"]) == ("json-duplicate-key", line)
    assert problem["pointer"].endswith("/status")
    monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    with pytest.raises(timeline.InvalidDatasetError) as raised:
        timeline.load(path)
    assert [(p.code, p.pointer) for p in raised.value.problems] == [
        ("json-duplicate-key", problem["pointer"])
    ]
