"""The fast path (batches decoded by msgspec, events into typed shapes and shared by two
processes) gives what the exact reader gives: the same records for a valid file, the same
problems, placed, for a file whose problems are its events', and for any other file it steps
aside, so that the problems reported are the exact reader's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from tests.strategies import datasets
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._fast_check import check_fast
from timeline.reading.document import check_file, check_stream

ROOT = Path(__file__).parent.parent
SEED = ROOT / "data" / "afghanistan-2021-seed.json"


def exact(path: Path, *, records: bool = True):
    with path.open("rb") as stream:
        return check_stream(stream, base_dir=path.parent, records=records)


def _without_newer_features(document: dict) -> dict:
    """The seed without what the fast path leaves to the exact path (the features new in
    schema 1.1.0: citations, reports, date bases, attribution), so that its layouts are
    what is tested. A date taken from a source cited without a text becomes the date the
    stored text's own report gives (the agreement's February 2020): its quotes state no
    finer one."""
    texts = {s["id"] for s in document["sources"] if "path" in s}
    for event in document["events"]:
        if event.get("date_basis") == "source":
            own = [
                r["date"] for r in event.get("reports", ()) if "date" in r and r["source"] in texts
            ]
            event["date"] = own[0]
        for key in ("reports", "date_basis", "date_source"):
            event.pop(key, None)
        event["evidence"] = [e for e in event["evidence"] if "start" in e]
        for evidence in event["evidence"]:
            evidence.pop("attribution", None)
        for participant in event.get("participants", ()):
            participant.pop("attribution", None)
            participant.pop("claim", None)
    document["sources"] = [s for s in document["sources"] if "path" in s]
    return document


@pytest.fixture
def seed_copy(tmp_path, monkeypatch):
    """The seed dataset's document, without the features new in 1.1.0, and a folder where its
    source text resolves (the copy is the current folder, so that the texts root holds data/
    and seeds/)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    document = json.loads(SEED.read_text(encoding="utf-8"))
    return _without_newer_features(document), tmp_path / "data"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


LAYOUTS = {
    "two spaces": lambda d: json.dumps(d, ensure_ascii=False, indent=2),
    "four spaces": lambda d: json.dumps(d, ensure_ascii=False, indent=4),
    "tabs": lambda d: json.dumps(d, ensure_ascii=False, indent="\t"),
    "escaped": lambda d: json.dumps(d, indent=2),
    "collections first": lambda d: json.dumps(
        {**{k: d[k] for k in ("events", "actors", "sources")}, **d}, indent=2
    ),
    "minified": lambda d: json.dumps(d, separators=(",", ":")),
    "one line with spaces": lambda d: json.dumps(d),
    "crlf": lambda d: json.dumps(d, indent=2).replace("\n", "\r\n"),
    # A nested object closed at the records' indentation (no layout is assumed).
    "misindented": lambda d: json.dumps(d, indent=2).replace(
        '\n        "country": "AF"\n      }', '\n        "country": "AF"\n    }', 1
    ),
}


@pytest.mark.parametrize("batch", [256, 1 << 20])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_takes_the_fast_path(seed_copy, layout, batch, monkeypatch):
    monkeypatch.setattr(_batch_reader, "BATCH", batch)  # 256: a cut after every record
    document, folder = seed_copy
    path = write(folder, "seed.json", LAYOUTS[layout](document))
    fast = check_fast(path, base_dir=folder, records=True)
    assert fast is not None
    assert fast == exact(path)
    assert fast[1] is not None
    assert len(fast[1].events) == len(document["events"])


def test_a_byte_order_mark_is_read_by_the_exact_reader_with_the_same_result(seed_copy, monkeypatch):
    monkeypatch.setattr(_batch_reader, "BATCH", 256)  # a cut after every record
    document, folder = seed_copy
    path = write(folder, "seed.json", "\ufeff" + json.dumps(document, indent=2))
    assert check_fast(path, base_dir=folder, records=True) is None
    problems, dataset = check_file(path)
    assert (problems, dataset) == exact(path)
    assert problems == []
    assert dataset is not None


BROKEN = {
    "unknown actor": lambda d: d["events"][3]["participants"][0].update(actor="nobody"),
    "quote moved": lambda d: d["events"][5]["evidence"][0].update(
        start=d["events"][5]["evidence"][0]["start"] + 1,
        end=d["events"][5]["evidence"][0]["end"] + 1,
    ),
    "duplicate id": lambda d: d["events"][7].update(id=d["events"][2]["id"]),
    "bad date": lambda d: d["events"][0].update(date="2021-02-30"),
    "unknown key": lambda d: d["events"][1].update(colour="red"),
    "metadata": lambda d: d.update(license=""),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_problem_is_the_exact_readers_whichever_path_finds_it(seed_copy, case):
    """An event's problem is placed by the fast path; the top level's sends the file to the
    exact reader."""
    document, folder = seed_copy
    BROKEN[case](document)
    path = write(folder, "seed.json", json.dumps(document, ensure_ascii=False, indent=2))
    fast = check_fast(path, base_dir=folder, records=True)
    assert (fast is None) == (case == "metadata")
    assert fast is None or fast == exact(path)
    problems, dataset = check_file(path)
    assert dataset is None
    assert (problems, dataset) == exact(path)
    assert all(p.line is not None for p in problems if p.pointer.startswith("/events/"))


def test_json_that_is_not_valid_is_reported_by_the_exact_reader(seed_copy):
    document, folder = seed_copy
    text = json.dumps(document, indent=2)
    cut = text.index('"evidence"', len(text) // 2)
    path = write(folder, "seed.json", text[:cut] + "," + text[cut:])
    assert check_fast(path, base_dir=folder, records=False) is None
    problems, _ = check_file(path)
    assert [p.code for p in problems] == ["json-syntax"]
    assert problems == exact(path)[0]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=datasets(), indent=st.sampled_from([1, 2, 4, "\t"]))
def test_generated_datasets_give_the_same_records_either_way(tmp_path, document, indent):
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=indent), encoding="utf-8")
    fast = check_fast(path, base_dir=None, records=True)
    with path.open("rb") as stream:
        exact = check_stream(stream, base_dir=None, records=True)
    # A file with a problem the fast path cannot place is left to the exact path
    assert fast == exact if not exact[0] else fast in (None, exact)


_COUNT = st.one_of(st.none(), st.integers(0, 4))


@st.composite
def _fatalities(draw: st.DrawFn, actor: str) -> dict:
    """Fatality counts of any order, some with none, and subsets of an actor, a description,
    both or neither (an unknown actor too)."""
    counts = {"low": draw(_COUNT), "best": draw(_COUNT), "high": draw(_COUNT)}
    subsets = []
    for _ in range(draw(st.integers(0, 2))):
        subset = {"low": draw(_COUNT), "best": draw(_COUNT), "high": draw(_COUNT)}
        who = draw(st.sampled_from(["actor", "description", "both", "neither", "unknown"]))
        if who in ("actor", "both"):
            subset["actor"] = actor
        if who in ("description", "both"):
            subset["description"] = "civilians"
        if who == "unknown":
            subset["actor"] = "nobody-known"
        subsets.append({k: v for k, v in subset.items() if v is not None})
    found = {k: v for k, v in counts.items() if v is not None}
    return {**found, "subsets": subsets} if subsets else found


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fatality_counts_give_the_same_verdict_either_way(seed_copy, data):
    """The fast path's own test of fatality counts (in order, a subset within the total's
    lower bound, of an actor or described) lets pass only what the rules let pass."""
    document, folder = seed_copy
    document = json.loads(json.dumps(document))  # (each example its own)
    event = document["events"][1]  # (one the fast path is sure of, with its fatalities)
    event["status"] = "occurred"
    event["fatalities"] = data.draw(_fatalities(document["actors"][0]["id"]))
    path = write(folder, "seed.json", json.dumps(document, ensure_ascii=False, indent=2))
    fast = check_fast(path, base_dir=folder, records=True)
    found = exact(path)
    # A file with problems may be stepped aside from (None) or placed alike by the fast path.
    assert fast == found or (bool(found[0]) and fast is None)


# -- two processes -----------------------------------------------------------------------------

EVENTS = 1500


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated dataset of a few megabytes and its document."""
    path = tmp_path_factory.mktemp("generated") / "events.json"
    generate(path, EVENTS, seed=3)
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def shared(monkeypatch):
    """Share even a small file between two processes, and count the halves taken in."""
    monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    merged: list[int] = []
    merge = _fast_check._Helper._merge

    def counting(self, **total):
        merged.append(self._checker.event_dates.noted())  # the events this process checked
        return merge(self, **total)

    monkeypatch.setattr(_fast_check._Helper, "_merge", counting)
    return merged


def test_two_processes_find_no_problem_in_a_valid_file(generated, shared):
    path, _ = generated
    fast = check_fast(path, base_dir=path.parent, records=False)
    assert fast == ([], None)
    assert len(shared) == 1
    assert 0 < shared[0] < EVENTS  # this process checked the first part, the other the rest


def rewritten(path: Path, document, name: str) -> Path:
    """The document written beside ``path`` (its source texts then resolve)."""
    out = path.with_name(name)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def relate(document, source: int, target: int) -> None:
    """Event ``source`` follows event ``target``, and takes its date (so that it comes no
    earlier than the event it follows)."""
    event, other = document["events"][source], document["events"][target]
    event.setdefault("relations", []).append({"type": "follows", "event": other["id"]})
    event["date"] = other["date"]
    event.pop("date_text", None)  # a phrase of another day


@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_references_across_the_halves_resolve(generated, shared, direction):
    path, original = generated
    document = json.loads(json.dumps(original))
    first, last = 1, EVENTS - 2
    relate(document, *((first, last) if direction == "forward" else (last, first)))
    out = rewritten(path, document, f"related-{direction}.json")
    assert check_fast(out, base_dir=out.parent, records=False) == ([], None)
    assert shared  # the file was shared


CROSS = {
    "duplicate-id": lambda d: d["events"][-1].update(id=d["events"][0]["id"]),
    "unknown-event": lambda d: d["events"][-1].update(
        relations=[{"type": "follows", "event": "no-such-event"}]
    ),
    "unknown-actor": lambda d: d["events"][-1]["participants"][0].update(actor="nobody"),
    "quote-mismatch": lambda d: d["events"][-1]["evidence"][0].update(
        quote="x" * len(d["events"][-1]["evidence"][0]["quote"])
    ),
}


def broken(generated, code: str, name: str) -> Path:
    """The generated dataset with the problem ``code`` in its last event, written beside it."""
    path, original = generated
    document = json.loads(json.dumps(original))
    CROSS[code](document)
    return rewritten(path, document, f"{name}-{code}.json")


@pytest.mark.parametrize("code", sorted(CROSS))
def test_a_problem_in_either_half_is_reported_exactly(generated, shared, code):
    """Placed by the fast path, a reference to no event too (with the closest ids)."""
    out = broken(generated, code, "broken")
    fast = check_fast(out, base_dir=out.parent, records=False)
    assert fast is not None
    assert fast == exact(out, records=False)
    problems, _ = check_file(out, records=False)
    assert code in {p.code for p in problems}
    assert problems == exact(out, records=False)[0]
    assert any(p.pointer.startswith(f"/events/{EVENTS - 1}/") for p in problems)


def test_loading_builds_here_while_the_other_process_checks(generated, shared):
    path, _ = generated
    fast = check_fast(path, base_dir=path.parent, records=True)
    assert fast is not None
    assert fast == exact(path)
    # This process checked the first part of the events and built them all; the other
    # process checked the rest.
    assert len(shared) == 1
    assert 0 < shared[0] < EVENTS / 2
    assert len(fast[1].events) == EVENTS


@pytest.mark.parametrize("at", [0, EVENTS - 1])
def test_loading_an_event_that_cannot_be_built_has_its_problem_placed(generated, shared, at):
    """The last event is built here unchecked (the other process checks it): a record that
    cannot be built is left out, and the other process places its problem; one checked here
    has its problem placed here."""
    path, document = generated
    document = json.loads(json.dumps(document))
    document["events"][at]["type"] = "nonsense"
    out = rewritten(path, document, f"unbuildable-{at}.json")
    fast = check_fast(out, base_dir=out.parent, records=True)
    assert fast is not None
    assert fast == exact(out)
    problems, dataset = check_file(out)
    assert dataset is None
    assert [p.pointer for p in problems] == [f"/events/{at}/type"]


def test_loading_records_that_cannot_be_built_without_a_problem_asks_the_exact_reader(
    generated, shared, monkeypatch
):
    """Should the builder refuse an event the rules accept (a fault of timeline), the records
    are fewer than the events and no problem explains it: the fast path steps aside, and the
    exact reader loads the file."""
    path, _ = generated

    def refuse(self, key, values):
        raise ValueError("refused")

    monkeypatch.setattr(_fast_check._FastChecker, "build", refuse)
    assert check_fast(path, base_dir=path.parent, records=True) is None
    assert shared  # the file was shared: this process built what the other checked
    problems, dataset = check_file(path)
    assert problems == []
    assert dataset is not None


@pytest.mark.parametrize("code", sorted(CROSS))
def test_loading_a_file_with_a_problem_gives_the_exact_problems(generated, shared, code):
    out = broken(generated, code, "load")
    fast = check_fast(out, base_dir=out.parent, records=True)
    assert fast is not None
    assert fast == exact(out)
    problems, dataset = check_file(out)
    assert dataset is None
    assert code in {p.code for p in problems}


# -- through the command line ------------------------------------------------------------------

#: The console script's entry point, run with a small file shared between two processes.
SHARED_MAIN = (
    "import sys, timeline.reading._batch_reader as b, timeline.reading._fast_check as f; "
    "b.BATCH = 64 << 10; f.SHARE_FROM = 0; "
    "from timeline.cli.commands import main; sys.exit(main())"
)


def shared_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The command line run with the events shared between two processes."""
    return subprocess.run(
        [sys.executable, "-c", SHARED_MAIN, *args],
        capture_output=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("code", [None, *sorted(CROSS)])
def test_timeline_validate_says_the_same_with_two_processes(generated, run_cli, code):
    out = generated[0] if code is None else broken(generated, code, "cli")
    alone = run_cli("validate", "--format", "json", str(out))
    shared = shared_cli("validate", "--format", "json", str(out))
    assert shared.stderr == alone.stderr == b""
    assert (shared.returncode, shared.stdout) == (alone.returncode, alone.stdout)
    assert alone.returncode == (0 if code is None else 1)
    if code is not None:
        report = json.loads(alone.stdout)
        assert code in {p["code"] for f in report["files"] for p in f["problems"]}


@pytest.mark.parametrize("code", [None, "duplicate-id", "unknown-event"])
def test_timeline_show_loads_the_same_with_two_processes(generated, run_cli, code):
    """`show` loads the dataset: one process builds the records and checks the first events,
    the other checks the rest."""
    out = generated[0] if code is None else broken(generated, code, "show")
    alone = run_cli("show", "--format", "json", str(out))
    shared = shared_cli("show", "--format", "json", str(out))
    assert (shared.returncode, shared.stdout, shared.stderr) == (
        alone.returncode,
        alone.stdout,
        alone.stderr,
    )
    if code is None:
        assert alone.returncode == 0
        assert len(json.loads(alone.stdout)["events"]) == EVENTS
    else:
        assert alone.returncode == 1
        assert code.encode() in alone.stderr


@pytest.mark.parametrize("claim", ["1.0.0", "1.1.0"])
def test_offsets_into_a_source_without_a_text_in_the_other_half(generated, monkeypatch, claim):
    """Offsets into a source without a text are an error only in a dataset claiming 1.1.0
    (1.0.0 keeps its warning), which this reader learns at the end: the other process, which
    finds them in the last event, counts them and sends its half back whatever the claim; the
    verdict is the exact reader's (the warning alone, the fast path gives it too)."""
    monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    merged: list[bool] = []
    merge = _fast_check._Helper._merge

    def noting(self, **total):
        try:
            half = merge(self, **total)
        except _batch_reader.NotBatchable:
            merged.append(False)
            raise
        merged.append(True)
        return half

    monkeypatch.setattr(_fast_check._Helper, "_merge", noting)
    path, original = generated
    document = json.loads(json.dumps(original))
    document["$schema"] = f"urn:timeline:schema:dataset:{claim}"
    document["sources"].append({"id": "untexted", "title": "No text", "language": "en"})
    document["events"][-1]["evidence"][0]["source"] = "untexted"
    out = rewritten(path, document, f"untexted-{claim}.json")
    fast = check_fast(out, base_dir=out.parent, records=False)
    assert merged == [True]
    problems, _ = check_file(out, records=False)
    assert problems == exact(out, records=False)[0]
    # The warning of a source whose quotes are not checked is the fast path's too, placed.
    assert fast is None if claim == "1.1.0" else fast == (problems, None)
    codes = {(p.code, p.severity.value) for p in problems}
    if claim == "1.0.0":
        assert codes == {("source-text-unavailable", "warning")}
    else:
        assert codes == {("offsets-without-text", "error")}
        [problem] = problems
        assert problem.pointer == f"/events/{EVENTS - 1}/evidence/0"
