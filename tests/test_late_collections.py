"""Collections listed after the events (keys sorted, or written in any order): the same
problems as in our own order, the fast path taken for a valid file, and memory that does not
grow with the events: what the rules wait for is kept compact, never the events."""

from __future__ import annotations

import json
import shutil
from array import array
from typing import TYPE_CHECKING

import pytest

from benchmarks.generate import generate
from tests.conftest import DATA
from tests.test_cases import plain_document
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._batch_reader import BatchReader
from timeline.reading._fast_check import LateSource, _FastChecker, check_fast
from timeline.reading.document import check_file, check_stream
from timeline.reading.rules import WaitingDates

if TYPE_CHECKING:
    from pathlib import Path

CASES = sorted(p for kind in ("invalid", "warning") for p in (DATA / kind).iterdir() if p.is_dir())
EVENTS = 1500


def _expected(case: Path) -> list[tuple[str, str, str]]:
    found = json.loads((case / "expected.json").read_text(encoding="utf-8"))["problems"]
    return sorted((e["code"], e["pointer"], e["severity"]) for e in found)


def _sorted_keys(path: Path) -> bool:
    """Rewrite the dataset at ``path`` with every object's keys sorted (``sources`` and
    ``actors`` then come after ``events``... and ``$schema`` first), unless it is not plain
    JSON; whether it was."""

    document = plain_document(path)
    if document is None:
        return False
    text = json.dumps(document, indent=2, sort_keys=True)  # escapes, as a tool may write
    path.write_text(text + "\n", encoding="utf-8")
    return True


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("sorted") / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_case_with_its_keys_sorted_gives_its_problems(case: Path, data_copy: Path) -> None:
    path = data_copy / case.parent.name / case.name / "dataset.json"
    if not _sorted_keys(path):
        pytest.skip("not plain JSON: no key order to change")
    fast = check_fast(path, base_dir=path.parent, records=True, texts_root=data_copy)
    with path.open("rb") as stream:
        exact = check_stream(stream, base_dir=path.parent, texts_root=data_copy)
    # Every case has a problem: the exact reader places it, but for the warnings of sources
    # whose quotes are not checked, which the fast path places itself.
    assert fast is None or fast == exact
    problems, _ = check_file(path, texts_root=data_copy)
    got = sorted((p.code, p.pointer, p.severity.value) for p in problems)
    assert got == _expected(case)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A generated dataset (its texts beside it) and its document."""
    path = tmp_path_factory.mktemp("generated") / "events.json"
    generate(path, EVENTS, seed=5)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _written(path: Path, document: dict, name: str, *, sort_keys: bool = True) -> Path:
    out = path.with_name(name)
    out.write_text(json.dumps(document, indent=2, sort_keys=sort_keys), encoding="utf-8")
    return out


def _collections_last(document: dict) -> dict:
    """The document with ``actors`` and ``sources`` after ``events``."""
    later = ("actors", "sources")
    return {
        **{k: v for k, v in document.items() if k not in later},
        **{k: document[k] for k in later},
    }


@pytest.mark.parametrize("records", [False, True])
@pytest.mark.parametrize("order", ["sorted", "collections-last"])
def test_a_valid_file_with_its_collections_after_the_events_takes_the_fast_path(
    generated: tuple[Path, dict], records: bool, order: str
) -> None:
    path, document = generated
    if order == "sorted":
        out = _written(path, document, f"{order}.json")
    else:
        out = _written(path, _collections_last(document), f"{order}.json", sort_keys=False)
    fast = check_fast(out, base_dir=out.parent, records=records)
    assert fast is not None
    with out.open("rb") as stream:
        assert fast == check_stream(stream, base_dir=out.parent, records=records)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Share even a small file between two processes, and count the halves taken in."""
    monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    merged: list[int] = []
    merge = _fast_check._Helper._merge

    def counting(self: _fast_check._Helper, **total: int) -> _fast_check._Half:
        merged.append(1)
        return merge(self, **total)

    monkeypatch.setattr(_fast_check._Helper, "_merge", counting)
    return merged


LATE_FAULTS = {
    "quote-mismatch": lambda d: d["events"][-1]["evidence"][0].update(
        quote="x" * len(d["events"][-1]["evidence"][0]["quote"])
    ),
    "unknown-source": lambda d: d["events"][-1]["evidence"][0].update(source="no-such-source"),
    "unknown-actor": lambda d: d["events"][-1]["participants"][0].update(actor="nobody"),
}


def _far_quote(document: dict) -> None:
    """The last event's first quote at offsets past any text (and past 32 bits)."""
    evidence = document["events"][-1]["evidence"][0]
    evidence.update(start=2**40, end=2**40 + len(evidence["quote"]))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_quote_past_any_text_before_its_source_is_the_exact_readers(
    generated: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """Offsets a quote of a later source is noted with are 32-bit: one beyond goes to the
    exact reader, which says what is wrong, with no crash."""
    if processes == 2:
        monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
        monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    path, original = generated
    document = _collections_last(json.loads(json.dumps(original)))
    _far_quote(document)
    out = _written(path, document, "late-far.json", sort_keys=False)
    assert check_fast(out, base_dir=out.parent, records=False) is None
    problems, _ = check_file(out, records=False)
    errors = [p for p in problems if p.is_error]
    assert errors
    assert all(p.pointer.startswith(f"/events/{EVENTS - 1}/evidence/0") for p in errors)


@pytest.mark.parametrize("code", sorted(LATE_FAULTS))
def test_a_fault_found_once_the_later_collections_come_is_placed_exactly(
    generated: tuple[Path, dict], shared: list[int], code: str
) -> None:
    """The last event (checked by the other process) cites what comes after the events."""
    path, original = generated
    document = _collections_last(json.loads(json.dumps(original)))
    LATE_FAULTS[code](document)
    out = _written(path, document, f"late-{code}.json", sort_keys=False)
    assert check_fast(out, base_dir=out.parent, records=False) is None
    assert shared  # the second process ran and sent its part back
    problems, _ = check_file(out, records=False)
    assert [p.code for p in problems if p.is_error] == [code]
    assert problems[0].pointer.startswith(f"/events/{EVENTS - 1}/")
    assert problems[0].line is not None


def test_two_processes_agree_on_a_sorted_file(
    generated: tuple[Path, dict], shared: list[int]
) -> None:
    path, document = generated
    out = _written(path, document, "sorted-shared.json")
    assert check_fast(out, base_dir=out.parent, records=False) == ([], None)
    assert shared


#: What the fast path keeps of each event that waits for a later collection, at most: the
#: waiting is noted in machine integers (a quote: two offsets and two hashes; a date: an
#: index), and a few strings shared by many events.
BYTES_AN_EVENT = 64


def _held(value: object) -> list[object]:
    """Every object held by a pending structure of the checker (its containers walked)."""
    out, stack = [], [value]
    while stack:
        item = stack.pop()
        out.append(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, LateSource):
            stack.extend((item.offsets, item.hashes))
        elif isinstance(item, WaitingDates):
            stack.append(item._waiting)
    return out


def test_the_fast_path_keeps_no_event_while_the_collections_come_later(
    generated: tuple[Path, dict],
) -> None:
    path, document = generated
    out = _written(path, document, "held.json")
    checker = _FastChecker(out.parent, records=False)
    seen: dict[str, object] = {}

    def at_the_end() -> object:  # what waits for the later collections, as the end sees it
        seen.update(
            finer=checker.pending_finer,
            late_sources=checker.late_sources,
            late_actors=checker.late_actors,
            pending=(checker.pending_actors, checker.pending_sources, checker.pending_events),
            reconciliations=checker.pending_reconciliations,
        )
        return iter(())

    checker._finish = at_the_end  # type: ignore[method-assign]
    with out.open("rb") as file:
        reader = BatchReader(file, types=_fast_check._event_types())
        assert list(checker.run(reader.items())) == []
    assert checker.late_sources  # the quotes waited for their sources
    held = _held(list(seen.values()))
    kinds = {type(item).__name__ for item in held}
    assert kinds <= {
        "list",
        "dict",
        "tuple",
        "set",
        "str",
        "NoneType",
        "int",
        "LateSource",
        "WaitingDates",
        "array",
    }
    # no dict but the structures' own (an event read as a document is a dict)
    assert sum(isinstance(item, dict) for item in held) == 2  # pending_finer, late_sources
    quotes = sum(
        len(column) * column.itemsize
        for late in checker.late_sources.values()
        for column in (late.offsets, late.hashes)
    )
    dates = sum(8 * len(indexes) for _, indexes in checker.pending_finer.items())
    assert quotes + dates <= BYTES_AN_EVENT * EVENTS
    strings = sum(len(item) for item in held if isinstance(item, str))
    assert strings <= 20 * EVENTS  # the few strings the dates wait with: no quote, no event
    # One event's index as a number, several in an array: no list, no object an event.
    assert all(
        isinstance(kept, int) or (isinstance(kept, array) and len(kept) > 1)
        for kept in checker.pending_finer._waiting.values()
    )


def _without_texts(document: dict) -> dict:
    """The document with sources that have no text (no path, no SHA-256)."""
    document = json.loads(json.dumps(document))
    for source in document["sources"]:
        source.pop("path", None)
        source.pop("sha256", None)
    return document


@pytest.mark.parametrize("records", [False, True])
@pytest.mark.parametrize("two", [False, True], ids=["one-process", "two-processes"])
def test_sources_without_texts_take_the_fast_path_with_their_warnings_placed(
    generated: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch, records: bool, two: bool
) -> None:
    """The warning of each source whose quotes are not checked is all a file of sources
    without texts says: the fast path gives it, placed as the exact reader places it."""
    if two:
        monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
        monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    path, document = generated
    for order, written in (
        ("ours", _without_texts(document)),
        ("late", _collections_last(_without_texts(document))),
    ):
        out = _written(path, written, f"no-texts-{order}.json", sort_keys=False)
        fast = check_fast(out, base_dir=out.parent, records=records)
        assert fast is not None
        assert {p.code for p in fast[0]} == {"source-text-unavailable"}
        assert all(p.line is not None for p in fast[0])
        with out.open("rb") as stream:
            assert fast == check_stream(stream, base_dir=out.parent, records=records)


def test_a_text_that_cannot_be_read_is_a_warning_the_fast_path_places(
    generated: tuple[Path, dict],
) -> None:
    path, document = generated
    document = json.loads(json.dumps(document))
    document["sources"][1]["path"] = "no-such-text.txt"
    out = _written(path, document, "missing-text.json", sort_keys=False)
    fast = check_fast(out, base_dir=out.parent, records=True)
    assert fast is not None
    assert [(p.code, p.pointer) for p in fast[0]] == [("source-text-missing", "/sources/1/path")]
    with out.open("rb") as stream:
        assert fast == check_stream(stream, base_dir=out.parent)
