"""Collections listed after the events (keys sorted, or written in any order): the same
problems as in our own order, the fast path taken for a valid file, and nothing of the events
waiting for what follows them (the reader reads it first)."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest

from benchmarks.generate import generate
from tests.conftest import DATA
from tests.test_cases import plain_document
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._batch_reader import BatchReader
from timeline.reading._fast_check import _FastChecker, check_fast
from timeline.reading.document import check_file, check_stream

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from timeline.reading._record_stream import Item

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
    """A quote at offsets past any text (and past 32 bits), its source listed after the
    events: the exact reader says what is wrong, with no crash."""
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


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("order", ["ours", "collections-last"])
def test_a_text_read_first_for_the_last_event_with_a_wrong_checksum_is_an_error(
    generated: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch, processes: int, order: str
) -> None:
    """A source's text is read for its first quote, here the last event's (checked by the
    other process when there are two): a wrong SHA-256 is an error wherever it is read."""
    if processes == 2:
        monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
        monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    path, original = generated
    document = json.loads(json.dumps(original))
    evidence = document["events"][-1]["evidence"][0]
    cited = next(s for s in document["sources"] if s["id"] == evidence["source"])
    document["sources"].append({**cited, "id": "cited-last", "sha256": "0" * 64})
    evidence["source"] = "cited-last"
    if order == "collections-last":
        document = _collections_last(document)
    out = _written(path, document, f"checksum-{order}-{processes}.json", sort_keys=False)
    fast = check_fast(out, base_dir=out.parent, records=False)
    problems, _ = check_file(out, records=False)
    assert fast is None or fast == (problems, None)
    assert [p.code for p in problems if p.is_error] == ["sha256-mismatch"]


def test_two_processes_agree_on_a_sorted_file(
    generated: tuple[Path, dict], shared: list[int]
) -> None:
    path, document = generated
    out = _written(path, document, "sorted-shared.json")
    assert check_fast(out, base_dir=out.parent, records=False) == ([], None)
    assert shared


#: Text in the events that misleads a count of brackets or braces (none is closed or opened).
MISLEADING = "a closing ]} and ]]} ], then an opening [{ of nothing"


@pytest.mark.parametrize("misleading", [False, True], ids=["plain", "brackets-in-text"])
@pytest.mark.parametrize("order", ["sorted", "collections-last"])
def test_the_collections_after_the_events_are_read_before_them(
    generated: tuple[Path, dict], order: str, misleading: bool
) -> None:
    """The reader finds where the events end, reads the collections after them first, then
    the events: nothing of the events waits for what follows them (no reference, no quote,
    no date), whatever the text in them holds."""
    path, document = generated
    document = json.loads(json.dumps(document))
    if misleading:
        for event in document["events"][::7]:
            event["title"] += " " + MISLEADING
    if order == "sorted":
        out, later = _written(path, document, "read-first.json"), {"sources"}
    else:
        written = _collections_last(document)
        out = _written(path, written, "read-first-last.json", sort_keys=False)
        later = {"actors", "sources"}
    checker = _FastChecker(out.parent, records=False)
    waiting: dict[str, int] = {}

    def at_the_end() -> object:  # what waits for the end, as the end sees it
        waiting.update(
            finer=len(checker.pending_finer),
            actors=len(checker.pending_actors),
            sources=len(checker.pending_sources),
            events=len(checker.pending_events),
            reconciliations=len(checker.pending_reconciliations),
        )
        return iter(())

    checker._finish = at_the_end  # type: ignore[method-assign]
    read: list[str] = []  # the collections in the order they are read
    with out.open("rb") as file:
        reader = BatchReader(file, types=_fast_check._event_types())
        checker.after_events = reader.after_events

        def noting() -> Iterator[Item]:
            for item in reader.items():
                if item.kind == "elements" and item.key not in read:
                    read.append(item.key)
                yield item

        assert list(checker.run(noting())) == []
    assert reader.after_events == later
    assert read[-1] == "events"
    assert waiting == dict.fromkeys(waiting, 0)
    fast = check_fast(out, base_dir=out.parent, records=False)
    assert fast == ([], None)


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
