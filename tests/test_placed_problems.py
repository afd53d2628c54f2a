"""A file with a few problems among many valid events is read once, by the fast path, which
places its problems itself: what it reports must be exactly what the exact reader reports
(the same problems, codes, pointers, messages, severities, lines, columns, in the same order)
and the same records, or nothing (the file is then read by the exact reader).

Every case of tests/data/invalid and tests/data/warning is compared both ways as it is, and
embedded in a generated dataset (its sources, actors and events at seeded random places among
the generated ones, its top-level members over the generated ones), in one process and in two,
in a layout of :mod:`benchmarks.layouts` chosen per case. The handful of faults of the
benchmarks (:mod:`benchmarks.faults`) must be placed by the fast path, in every layout.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.faults import FAULTS, fault_plan, with_faults
from benchmarks.generate import generate, texts_dir
from benchmarks.layouts import LAYOUTS, write_layout, write_layout_stream
from tests.conftest import DATA
from timeline.reading import _batch_reader, _fast_check
from timeline.reading._fast_check import check_fast
from timeline.reading.document import check_file, check_stream
from timeline.reading.rules import CLOSEST_FROM, closest, closest_hints

CASES = sorted(
    case for kind in ("invalid", "warning") for case in (DATA / kind).iterdir() if case.is_dir()
)
#: The layouts the embedded cases are written in, one per case in turn.
ROTATION = sorted(LAYOUTS)
EVENTS = 2000
COLLECTIONS = ("sources", "actors", "events")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A folder holding a copy of tests/data (cases cite texts outside their own folder) and
    a generated dataset with its texts: the texts root of every file read here."""
    root = tmp_path_factory.mktemp("placed")
    shutil.copytree(DATA, root / "data")
    generate(root / "generated.json", EVENTS, seed=16)
    return root


@pytest.fixture(scope="module")
def generated(root):
    return json.loads((root / "generated.json").read_text(encoding="utf-8"))


@pytest.fixture(params=["one process", "two processes"])
def processes(request, monkeypatch):
    """One process, or the events shared with a second whatever the file's size (in small
    batches, so that the split falls among them)."""
    monkeypatch.setattr(_batch_reader, "BATCH", 32 << 10)
    if request.param == "one process":
        monkeypatch.setattr(_fast_check, "_second_core", lambda: False)
    else:
        monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    return request.param


def _exact(path: Path, root: Path, *, records: bool):
    with path.open("rb") as stream:
        return check_stream(stream, base_dir=path.parent, records=records, texts_root=root)


def _same_either_way(path: Path, root: Path, *, records: bool) -> bool:
    """Assert that the fast path gives the exact reader's problems and records, or steps
    aside (the file is then checked by the exact reader); whether it placed them."""
    exact = _exact(path, root, records=records)
    fast = check_fast(path, base_dir=path.parent, records=records, texts_root=root)
    assert fast is None or fast == exact
    return fast is not None


def _document(case: Path) -> dict[str, Any] | None:
    """The case's document, if it is a JSON object with no key written twice."""

    def once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in pairs}) != len(pairs):
            raise ValueError("a key written twice")
        return dict(pairs)

    try:
        document = json.loads((case / "dataset.json").read_bytes(), object_pairs_hook=once)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _embedded(case: dict[str, Any], generated: dict[str, Any], rng: random.Random, texts: str):
    """The case's records among the generated ones at random places (in their order), its
    top-level members over the generated ones; the generated sources' texts found at
    ``texts`` (relative to the case's folder), the generated actors' names their own."""
    document: dict[str, Any] = {}
    for key in [*case, *(key for key in generated if key not in case)]:
        theirs = case.get(key, generated.get(key))
        if key not in COLLECTIONS or not isinstance(theirs, list):
            document[key] = theirs
            continue
        ours = [dict(record) for record in generated[key]]
        if key == "sources":
            for source in ours:
                source["path"] = f"{texts}/{Path(source['path']).name}"
        if key == "actors":  # (a name the case's actors share would be a warning of each)
            for actor in ours:
                actor["name"] = f"{actor['name']} (generated)"
                if "aliases" in actor:
                    actor["aliases"] = [f"{alias} (generated)" for alias in actor["aliases"]]
        if key not in case:
            document[key] = ours
            continue
        at = set(rng.sample(range(len(ours) + len(theirs)), len(theirs)))
        mine, others = iter(theirs), iter(ours)
        document[key] = [
            next(mine) if n in at else next(others) for n in range(len(ours) + len(theirs))
        ]
    return document


def _write(document: dict[str, Any], layout: str, path: Path) -> str:
    """Write ``document`` in ``layout``, or in ``ascii`` when it holds what UTF-8 cannot
    (half a surrogate pair): the layout written."""
    try:
        write_layout(document, layout, path)
    except UnicodeEncodeError:
        layout = "ascii"
        write_layout(document, layout, path)
    return layout


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_each_case_gives_the_same_problems_either_way(root, case, records, processes):
    path = root / "data" / case.parent.name / case.name / "dataset.json"
    _same_either_way(path, root, records=records)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_each_case_among_many_events_gives_the_same_problems_either_way(
    root, generated, case, processes
):
    """Validated or loaded, and in which layout, by turns."""
    number = CASES.index(case)
    records = number % 2 == 1
    document = _document(case)
    if document is None:
        pytest.skip("not a JSON object: nothing to embed (compared as it is above)")
    folder = root / "data" / case.parent.name / case.name
    rng = random.Random(f"{case.name}-{records}-{processes}")
    texts = os.path.relpath(texts_dir(root / "generated.json"), folder)
    layout = ROTATION[number % len(ROTATION)]
    path = folder / "embedded.json"
    _write(_embedded(document, generated, rng, texts), layout, path)
    _same_either_way(path, root, records=records)


# -- the benchmark's handful of faults ----------------------------------------------------------


@pytest.fixture(scope="module")
def faulty(root, generated):
    """The generated dataset with the handful of faults, in every layout."""
    events = generated["events"]
    head = {**generated, "events": []}
    paths = {}
    for layout in sorted(LAYOUTS):
        path = root / f"faults.{layout}.json"
        out = io.BytesIO()
        write_layout_stream(head, with_faults(events, len(events)), layout, out)
        path.write_bytes(out.getvalue())
        paths[layout] = path
    return paths


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_handful_of_faults_is_placed_by_the_fast_path(root, faulty, layout, records, processes):
    path = faulty[layout]
    assert _same_either_way(path, root, records=records)
    problems, dataset = check_file(path, records=records, texts_root=root)
    assert dataset is None
    problems = [problem for problem in problems if problem.is_error]  # no-texts: warnings too
    assert [problem.code for problem in problems] == [code for _, code, _ in FAULTS]
    # each where its fault was put: the copy that repeats an id stands after its original,
    # and moves the events after it by one
    copied = next(index for index, code in fault_plan(EVENTS).items() if code == "duplicate-id")
    at = [index + (index >= copied) for index in sorted(fault_plan(EVENTS))]
    assert [int(problem.pointer.split("/")[2]) for problem in problems] == at
    assert all(problem.line is not None for problem in problems)


def _unreferenced(events: list[dict[str, Any]], count: int) -> list[int]:
    """The indexes of the first ``count`` events that no relation names (an id changed there
    leaves no reference without its event), spread over the events."""
    named = {relation["event"] for event in events for relation in event.get("relations", ())}
    free = [index for index, event in enumerate(events) if event["id"] not in named]
    return [free[n * (len(free) - 1) // (count - 1)] for n in range(count)]


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
def test_ids_used_twice_are_named_after_an_event_without_an_id(root, generated, records, processes):
    """An event whose id is no string notes none, so that the order ids were noted in is no
    longer their events' index: the fast path must not name the wrong events."""
    document = json.loads(json.dumps(generated))
    events = document["events"]
    original, no_id, *copies = _unreferenced(events, 5)
    events[no_id]["id"] = 5
    for at in copies:
        events[at]["id"] = events[original]["id"]
    path = root / "ids.json"
    write_layout(document, "indent2", path)
    _same_either_way(path, root, records=records)
    problems, _ = check_file(path, records=records, texts_root=root)
    assert [p.pointer for p in problems if p.code == "duplicate-id"] == [
        f"/events/{at}/id" for at in copies
    ]


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
def test_ids_used_twice_are_named_by_the_fast_path(root, generated, records, processes):
    document = json.loads(json.dumps(generated))
    events = document["events"]
    first, second, third, other, copy, last = _unreferenced(events, 6)
    for at in (second, third, last):
        events[at]["id"] = events[first]["id"]
    events[copy]["id"] = events[other]["id"]
    path = root / "ids-placed.json"
    write_layout(document, "minified", path)
    assert _same_either_way(path, root, records=records)
    problems, _ = check_file(path, records=records, texts_root=root)
    assert [p.pointer for p in problems] == [
        f"/events/{at}/id" for at in (second, third, copy, last)
    ]
    assert f"is already used by /events/{other}" in problems[2].message
    assert all(p.line == 1 for p in problems)  # minified: one line, told apart by columns


# -- references to events that do not exist ------------------------------------------------------


def _missing_near(record_id: str, rng: random.Random, ids: set[str]) -> str:
    """An id that no event has, like ``record_id`` (a letter changed, added or dropped: the
    hint of the closest ids finds it) or like none (before or after every id in sorted order)."""
    while True:
        kind = rng.choice(["change", "add", "drop", "first", "last"])
        at = rng.randrange(1, len(record_id))
        letter = rng.choice("abcxyz0")
        target = {
            "change": record_id[:at] + letter + record_id[at + 1 :],
            "add": record_id[:at] + letter + record_id[at:],
            "drop": record_id[:at] + record_id[at + 1 :],
            "first": "0-" + record_id,
            "last": "zz-" + record_id,
        }[kind]
        if target not in ids:
            return target


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
@pytest.mark.parametrize("seed", range(4))
def test_references_to_no_event_are_placed_by_the_fast_path(
    root, generated, seed, records, processes
):
    """Relations to events that do not exist, one or several in an event, the same target
    named by several events, among other faults (in the same event too) and in an event the
    schema refuses (whose relations are not followed): the fast path places every one, with
    the ids closest to it, as the exact reader does after reading every id."""
    rng = random.Random(seed)
    document = json.loads(json.dumps(generated))
    events = document["events"]
    ids = {event["id"] for event in events}
    targets: list[str] = []
    expected: list[str] = []
    for at in sorted(rng.sample(range(len(events)), rng.randint(2, 8))):
        event = events[at]
        relations = event.setdefault("relations", [])
        for _ in range(rng.randint(1, 3)):
            if targets and rng.random() < 0.3:
                target = rng.choice(targets)  # named again, from elsewhere
            else:
                target = _missing_near(rng.choice(sorted(ids)), rng, ids)
                targets.append(target)
            relations.append({"type": "refers_to", "event": target})
            expected.append(f"/events/{at}/relations/{len(relations) - 1}/event")
        other = rng.random()
        if other < 0.15:  # a fault of a rule of its own beside its references
            event["fatalities"] = {"low": 12, "high": 3}
            event["status"] = "occurred"
        elif other < 0.35:  # refused by the schema: its relations are not followed
            if other < 0.25:
                event["date"] = "2021-02-30"
            else:
                event["type"] = "no-such-type"
            expected = [pointer for pointer in expected if not pointer.startswith(f"/events/{at}/")]
    path = root / f"dangling-{seed}.json"
    _write(document, ROTATION[seed % len(ROTATION)], path)
    assert _same_either_way(path, root, records=records)
    problems, _ = check_file(path, records=records, texts_root=root)
    unknown = [problem for problem in problems if problem.code == "unknown-event"]
    assert [problem.pointer for problem in unknown] == expected
    assert all(problem.line is not None for problem in unknown)
    assert any("(closest: " in problem.message for problem in unknown)


_IDS = st.text(st.sampled_from("abcxyz-0é\n"), max_size=6)
#: Ids alike but for a number: only the ids nearest in sorted order are the closest.
_NUMBERED = st.integers(0, 3000).map(lambda n: f"event-{n:04d}")


@given(
    names=st.sets(_IDS | _NUMBERED | _NUMBERED.map(lambda name: name + "x"), max_size=4),
    known=st.lists(_IDS, max_size=3 * CLOSEST_FROM)
    | st.lists(st.sampled_from(["a", "b", "ab", "abc", "b-a"]), max_size=3 * CLOSEST_FROM)
    | st.lists(_NUMBERED, min_size=CLOSEST_FROM, max_size=4 * CLOSEST_FROM),
    part=st.integers(1, 2 * CLOSEST_FROM),
)
def test_hints_from_ids_given_in_parts_are_those_from_every_id(names, known, part):
    """The hints the fast path gives from the ids it keeps, taken a part at a time, in any
    order, some repeated, are those the exact reader gives from every distinct id, sorted."""
    every = sorted(set(known))
    assert closest_hints(names, known, part) == {name: closest(name, every) for name in names}


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
@pytest.mark.parametrize("refusal", ["date", "type", "fatalities"])
def test_the_closest_id_may_be_that_of_an_event_with_problems(
    root, generated, refusal, records, processes
):
    """The hint of a reference to no event compares its target with every event's id, also
    with the ids of events that have problems of their own (the schema's, or a rule's): the
    fast path keeps no row of those, and takes their ids from reading them again."""
    document = json.loads(json.dumps(generated))
    events = document["events"]
    faulty, naming = _unreferenced(events, 2)
    near = events[faulty]["id"] = "zzz-" + events[faulty]["id"]  # alone among the ids
    if refusal == "date":
        events[faulty]["date"] = "2021-02-30"
    elif refusal == "type":
        events[faulty]["type"] = "no-such-type"
    else:
        events[faulty]["fatalities"] = {"low": 12, "high": 3}
        events[faulty]["status"] = "occurred"
    events[naming].setdefault("relations", []).append({"type": "refers_to", "event": near + "x"})
    path = root / f"closest-faulty-{refusal}.json"
    write_layout(document, "compact", path)
    assert _same_either_way(path, root, records=records)
    problems, _ = check_file(path, records=records, texts_root=root)
    unknown = [problem for problem in problems if problem.code == "unknown-event"]
    assert len(unknown) == 1
    assert f"(closest: {near}" in unknown[0].message


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
def test_a_reference_to_no_event_among_few_events_is_placed_by_the_fast_path(
    root, records, processes
):
    """Among few events every id is compared for the hint of the closest ones."""
    path = root / "data" / "invalid" / "dangling-event" / "dataset.json"
    assert _same_either_way(path, root, records=records)


@pytest.mark.parametrize("records", [False, True], ids=["validate", "load"])
@pytest.mark.parametrize("target", ["Bad_Id", "", "two words", "line\nbreak"])
def test_a_reference_to_an_id_of_no_form_is_reported_where_it_stands(
    root, generated, target, records, processes
):
    """The references of an event that meets every rule's common case are not matched with
    the pattern of ids (they must name an id that had to match it): one that names an event
    whose id is of no form, or no event, is still reported where it stands, as the exact
    reader reports it."""
    document = json.loads(json.dumps(generated))
    events = document["events"]
    named, naming, dangling = _unreferenced(events, 3)
    events[named]["id"] = target
    for at in (naming, dangling):
        relations = events[at].setdefault("relations", [])
        relations.append({"type": "refers_to", "event": target if at == naming else f"{target}!"})
    path = root / "id-of-no-form.json"
    write_layout(document, "compact", path)
    _same_either_way(path, root, records=records)
    problems, _ = check_file(path, records=records, texts_root=root)
    pointers = {problem.pointer for problem in problems}
    assert f"/events/{named}/id" in pointers
    assert {f"/events/{naming}/relations/", f"/events/{dangling}/relations/"} <= {
        pointer[: pointer.index("/relations/") + 11]
        for pointer in pointers
        if "/relations/" in pointer
    }
