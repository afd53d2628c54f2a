"""One reader for every layout: the same dataset written the ways other tools write JSON
(benchmarks.layouts) gives the same verdict, the same problems and the same records, and a
valid file takes the fast path whatever its layout."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
from pathlib import Path  # noqa: TC003 (a fixture's annotation)
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from benchmarks.generate import EVENTS_PER_SOURCE, generate
from benchmarks.layouts import LAYOUTS, layout_text, write_layout
from tests.conftest import timeline_command
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._batch_reader import BatchReader
from timeline.reading._fast_check import check_fast

EVENTS = 20_000
#: The generated sources (one per thousand events).
SOURCES = math.ceil(EVENTS / EVENTS_PER_SOURCE)
#: The layouts of the dataset itself; ``no-texts`` is another dataset (its sources have no
#: texts), compared with itself in another layout.
SAME = [layout for layout in LAYOUTS if layout != "no-texts"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A generated dataset of 20,000 events, valid and with a few errors, in every layout
    (beside their source texts), and the valid one without texts in a second layout."""
    out = tmp_path_factory.mktemp("layouts")
    for name, invalid in (("valid", 0.0), ("invalid", 0.0005)):
        generated = out / f"{name}.json"
        generate(generated, EVENTS, seed=5, invalid=invalid)
        document = json.loads(generated.read_bytes())
        for layout in LAYOUTS:
            write_layout(document, layout, out / f"{name}-{layout}.json")
        if name == "valid":
            untexted = json.loads(layout_text(document, "no-texts"))
            write_layout(untexted, "compact", out / "valid-no-texts-compact.json")
    return out


def _problems(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    [file] = report["files"]
    return [(p["code"], p["pointer"], p["severity"]) for p in file["problems"]]


@pytest.fixture(scope="module")
def verdicts(folder):
    """Each file's exit code and problems from `timeline validate` (run as run_cli runs it,
    but once for the module), by the file's name."""
    found: dict[str, tuple[int, list[tuple[str, str, str]]]] = {}

    def verdict(name: str) -> tuple[int, list[tuple[str, str, str]]]:
        if name not in found:
            done = subprocess.run(
                [*timeline_command(), "validate", "--format", "json", str(folder / name)],
                capture_output=True,
                env={**os.environ, "PYTHONWARNINGS": "error"},
                check=False,
                timeout=300,
            )
            assert done.stderr == b""
            found[name] = (done.returncode, _problems(json.loads(done.stdout)))
        return found[name]

    return verdict


@pytest.mark.parametrize("layout", SAME)
@pytest.mark.parametrize("name", ["valid", "invalid"])
def test_validate_says_the_same_in_every_layout(verdicts, name, layout):
    code, problems = verdicts(f"{name}-{layout}.json")
    first_code, first_problems = verdicts(f"{name}-indent2.json")
    # The same problems; in the order of the text, so a reference to a source is reported
    # after the sources where they come after the events (sorted keys).
    assert (code, sorted(problems)) == (first_code, sorted(first_problems))
    if name == "valid":
        assert (code, problems) == (0, [])
    else:
        assert code == 1
        assert len(problems) >= 5
        assert all(severity == "error" for _, _, severity in problems)


def test_validate_says_the_same_of_a_dataset_without_texts(verdicts):
    code, problems = verdicts("valid-no-texts.json")
    assert (code, problems) == verdicts("valid-no-texts-compact.json")
    assert code == 0
    assert {c for c, _, _ in problems} == {"source-text-unavailable"}


def _warnings_of(layout: str) -> list[str]:
    """The problems of the valid file in ``layout``: the warning of each source without a
    text where the texts are dropped, none elsewhere."""
    return ["source-text-unavailable"] * SOURCES if layout == "no-texts" else []


@pytest.fixture
def exact_cuts(monkeypatch):
    """Count the batches cut by the exact scan (in this process)."""
    cuts: list[int] = []
    exact_cut = BatchReader._exact_cut

    def counting(self):
        cuts.append(1)
        return exact_cut(self)

    monkeypatch.setattr(BatchReader, "_exact_cut", counting)
    return cuts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_valid_file_takes_the_fast_path_in_every_layout(folder, layout, exact_cuts):
    path = folder / f"valid-{layout}.json"
    checked = check_fast(path, base_dir=folder, records=False)
    assert checked is not None, "the file fell off the fast path"
    assert [problem.code for problem in checked[0]] == _warnings_of(layout)
    # Batches are cut where the braces counted say, whatever the layout (no string of these
    # files holds a brace); the exact scan cuts only where a batch ran past the end of its
    # collection (sources, actors) into the next, and, where a collection follows the events
    # (sorted keys), once more where their end is found before they are read.
    assert len(exact_cuts) <= (3 if layout == "sorted-keys" else 2)


@pytest.fixture
def shared(monkeypatch):
    """Share the events between two processes whatever the file's size, and count the
    halves taken in."""
    if not _fast_check._second_core():
        pytest.skip("one core: the events are not shared")
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    merged: list[int] = []
    merge = _fast_check._Helper._merge

    def counting(self, **total):
        merged.append(1)
        return merge(self, **total)

    monkeypatch.setattr(_fast_check._Helper, "_merge", counting)
    return merged


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_second_process_starts_at_an_event_in_every_layout(folder, shared, layout):
    """The split point is an event's start whatever the layout: the first process stops
    there only if one of its own records starts there, else the file leaves the fast path."""
    path = folder / f"valid-{layout}.json"
    checked = check_fast(path, base_dir=folder, records=False)
    assert checked is not None, "the file fell off the fast path"
    assert [problem.code for problem in checked[0]] == _warnings_of(layout)
    assert shared == [1]


@pytest.fixture(scope="module")
def loaded(folder):
    return timeline.load(folder / "valid-indent2.json")


@pytest.mark.parametrize("layout", SAME)
def test_load_gives_the_same_dataset_in_every_layout(folder, loaded, layout):
    dataset = timeline.load(folder / f"valid-{layout}.json")
    assert len(dataset.events) == EVENTS
    assert dataset == loaded


# -- the batch reader on small documents --------------------------------------------------------

#: Strings that a reader which does not track strings would take for structure.
TRICKY = ["}", "]", ",", "{", "[", '"', "\\", "},{", '"}, {"id": "x"}', "\\u0041", ":", "é🙂"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.sampled_from(TRICKY),
    st.text(alphabet=st.sampled_from(["}", "]", "{", "[", ",", '"', "\\", ":", "a", "é", " "])),
)
keys = st.one_of(st.sampled_from(["id", "events", "sources", "}", '"', "a:b"]), st.text(max_size=4))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
records = st.lists(st.dictionaries(keys, values, max_size=5), max_size=6)
#: Whitespace between tokens: none, spaces, tabs, newlines, CRLF.
spaces = st.lists(
    st.sampled_from(["", " ", "  ", "\t", "\n", "\r\n", "\n\t\t", " \r\n  "]), min_size=1
)


def _write(value: Any, gaps: list[str], ascii_only: bool, at: list[int]) -> str:
    """``value`` as JSON with the whitespace ``gaps`` (in turn) around every token."""

    def gap() -> str:
        at[0] += 1
        return gaps[at[0] % len(gaps)]

    if isinstance(value, dict):
        members = [
            f"{gap()}{json.dumps(k, ensure_ascii=ascii_only)}{gap()}:{gap()}"
            f"{_write(v, gaps, ascii_only, at)}{gap()}"
            for k, v in value.items()
        ]
        return "{" + ",".join(members) + (gap() if not members else "") + "}"
    if isinstance(value, list):
        items = [f"{gap()}{_write(v, gaps, ascii_only, at)}{gap()}" for v in value]
        return "[" + ",".join(items) + (gap() if not items else "") + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    members: dict[str, Any] = {
        "title": draw(st.sampled_from(TRICKY)),
        "meta": {"events": [{"id": "not-a-record"}], "sources": []},  # not the top level's
    }
    for key in ("sources", "actors", "events"):
        if draw(st.booleans()) or key == "events":
            members[key] = draw(records)
    order = draw(st.permutations(list(members)))
    return {key: members[key] for key in order}


def _read(text: bytes) -> dict[str, Any]:
    """What the batch reader reads of ``text``: each collection's records and each member."""
    read: dict[str, Any] = {}
    for item in BatchReader(io.BytesIO(text)).items():
        if item.kind == "elements":
            assert item.index == len(read.setdefault(item.key, []))
            read[item.key].extend(item.value)
        elif item.kind == "end":
            read.setdefault(item.key, [])
            assert item.index == len(read[item.key])
        else:
            assert item.kind == "member"
            read[item.key] = item.value
    return read


@settings(max_examples=300, deadline=None)
@given(
    document=documents(),
    gaps=spaces,
    ascii_only=st.booleans(),
    batch=st.sampled_from([1, 16, 64, 1 << 20]),
)
def test_the_batch_reader_reads_what_json_reads_in_any_layout(document, gaps, ascii_only, batch):
    text = (_write(document, gaps, ascii_only, [0]) + gaps[0]).encode("utf-8")
    expected = json.loads(text)
    original = _batch_reader.BATCH
    _batch_reader.BATCH = batch  # small: a cut every record or few
    try:
        assert _read(text) == expected
    finally:
        _batch_reader.BATCH = original
