"""The rules of time: the constraint table, the derived bounds and their invariants, and the
exact and fast paths finding the same problems of time.

Random event graphs (dates, relations, statuses, sources) are drawn; the derivation is
compared with a plain fixpoint of the constraints written here, and its invariants checked:
bounds only narrow, every constraint holds on the derived bounds when there is no conflict,
a conflict is reported exactly when some event's bounds cross, and the order of the events
does not matter.
"""

from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import iter_problems
from timeline.model import EventType, RelationType, Status
from timeline.reading._batch_reader import BatchReader
from timeline.reading._fast_check import _event_types, _FastChecker, check_fast
from timeline.reading.document import check_document
from timeline.temporal import (
    HAPPENED,
    RELATION_RULES,
    BasisKind,
    Constraint,
    EventDates,
    derive_bounds,
    relation_cycles,
)

ROOT = Path(__file__).resolve().parent.parent
#: The codes of the rules of time.
CODES = {
    "relation-types",
    "relation-date-conflict",
    "relation-cycle",
    "status-fatalities",
    "date-after-publication",
}
DAY = datetime.date(2021, 8, 1).toordinal()
SOURCES = {"s0": DAY + 20, "s1": DAY + 28, "s2": None}


# -- random event graphs ---------------------------------------------------------------------


@st.composite
def graphs(draw: st.DrawFn) -> list[EventDates]:
    n = draw(st.integers(1, 7))
    ids = [f"e{i}" for i in range(n)]
    events = []
    for i, event_id in enumerate(ids):
        earliest = draw(st.none() | st.integers(DAY, DAY + 30))
        latest = draw(st.none() | st.integers(earliest or DAY, DAY + 30))
        relations = draw(
            st.lists(
                st.tuples(st.sampled_from(RelationType), st.sampled_from(ids)).filter(
                    lambda r, event_id=event_id: r[1] != event_id
                ),
                max_size=3,
            )
        )
        reported = draw(
            st.lists(
                st.tuples(st.sampled_from(sorted(SOURCES)), st.none() | st.integers(DAY, DAY + 30)),
                max_size=2,
            )
        )
        events.append(
            EventDates(
                id=event_id,
                type=draw(st.sampled_from(EventType)),
                happened=draw(st.booleans()),
                earliest=earliest,
                latest=latest,
                relations=tuple(relations),
                reported=tuple(reported),
                index=i,
            )
        )
    return events


def _published() -> dict[str, datetime.date | None]:
    return {k: None if v is None else datetime.date.fromordinal(v) for k, v in SOURCES.items()}


def _fixpoint(events: list[EventDates]) -> dict[str, tuple[int | None, int | None]]:
    """The bounds the constraints allow, found by applying every constraint until none
    narrows a bound (the plain way: slow, and obviously right)."""
    low = {e.id: e.earliest for e in events}
    high: dict[str, int | None] = {}
    for e in events:
        high[e.id] = e.latest
        if e.happened:
            for source, day in e.reported:
                bound = day if day is not None else SOURCES[source]
                if bound is not None and (high[e.id] is None or bound < high[e.id]):
                    high[e.id] = bound
    by_id = {e.id: e for e in events}
    for _ in range(4 * len(events) + 4):  # more rounds than any path has steps
        for e in events:
            for kind, target in e.relations:
                rule = RELATION_RULES[kind]
                if not rule.holds(by_id[target].happened):
                    continue
                low[e.id] = _max(low[e.id], low[target])
                if rule.constraint is Constraint.NOT_BEFORE:
                    high[target] = _min(high[target], high[e.id])
                else:
                    high[e.id] = _min(high[e.id], high[target])
    return {e.id: (low[e.id], high[e.id]) for e in events}


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _min(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _ordinals(derived, event_id):
    bounds = derived[event_id]
    return (
        None if bounds.earliest is None else bounds.earliest.toordinal(),
        None if bounds.latest is None else bounds.latest.toordinal(),
    )


@settings(max_examples=200, deadline=None)
@given(events=graphs(), seed=st.integers(0, 1000))
def test_the_derivation_meets_its_invariants(events, seed):
    derived = derive_bounds(events, _published())
    expected = _fixpoint(events)
    crossed = set()
    for event in events:
        low, high = _ordinals(derived, event.id)
        assert (low, high) == expected[event.id]
        # bounds only narrow
        if event.earliest is not None:
            assert low is not None
            assert low >= event.earliest
        if event.latest is not None:
            assert high is not None
            assert high <= event.latest
        if low is not None and high is not None and low > high:
            crossed.add(event.id)
        # the basis names what gave the bound
        basis = derived[event.id].earliest_basis
        if basis.kind is BasisKind.DATE:
            assert low == event.earliest
        else:
            assert basis.kind is BasisKind.RELATION
            assert _ordinals(derived, basis.event)[0] == low
    # a conflict is reported exactly when some event's bounds cross, and names them all
    assert {e for c in derived.conflicts for e in c.events} == crossed
    if not crossed:  # every constraint holds on the derived bounds
        by_id = {e.id: e for e in events}
        for event in events:
            low, high = _ordinals(derived, event.id)
            for kind, target in event.relations:
                rule = RELATION_RULES[kind]
                if not rule.holds(by_id[target].happened):
                    continue
                t_low, t_high = _ordinals(derived, target)
                assert t_low is None or (low is not None and low >= t_low)
                if rule.constraint is Constraint.NOT_BEFORE:
                    assert high is None or (t_high is not None and t_high <= high)
                else:
                    assert t_high is None or (high is not None and high <= t_high)
    # the order of the events does not matter
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    again = derive_bounds(shuffled, _published())
    assert dict(again) == dict(derived)
    assert again.conflicts == derived.conflicts
    assert relation_cycles(shuffled) == relation_cycles(events)


def test_the_seed_statements_that_respond_to_the_attacks_start_no_earlier_than_26_august():
    import timeline

    dataset = timeline.load(ROOT / "data" / "afghanistan-2021-seed.json")
    published = {s.id: s.published.latest if s.published else None for s in dataset.sources}
    derived = derive_bounds(dataset.events, published)
    assert not derived.conflicts
    bounds = derived["taliban-threaten-countermeasures"]
    assert bounds.earliest == datetime.date(2021, 8, 30)
    assert str(bounds.earliest_basis) == "relation:responds_to:kabul-airport-rocket-attack"
    assert str(bounds.latest_basis) == "date"
    # an expected withdrawal is not bounded by the publication of what reports it
    assert derived["foreign-troop-withdrawal"].latest is None
    # part_of a government still to be announced (planned) binds nothing: the consultations
    # that prepare it go on before its planned day (from 30 August); they follow the takeover
    consultations = derived["taliban-government-consultations"]
    assert consultations.earliest == datetime.date(2021, 8, 15)
    assert str(consultations.earliest_basis) == "relation:follows:taliban-take-power-in-kabul"
    assert (consultations.latest, str(consultations.latest_basis)) == (
        datetime.date(2021, 8, 30),
        "date",
    )


def test_a_follows_cycle_of_three_is_listed_once_from_its_smallest_id():
    events = [
        EventDates("b", EventType.STATEMENT, True, None, None, ((RelationType.FOLLOWS, "c"),)),
        EventDates("c", EventType.STATEMENT, True, None, None, ((RelationType.FOLLOWS, "a"),)),
        EventDates("a", EventType.STATEMENT, True, None, None, ((RelationType.FOLLOWS, "b"),)),
    ]
    ((cycle),) = relation_cycles(events)
    ref, ring = cycle.relation, cycle.ring
    assert (ref.holder, ref.index, ring) == ("a", 0, ("a", "b", "c", "a"))


# -- the table and its page ------------------------------------------------------------------


def test_every_relation_type_has_a_rule_and_the_seed_meets_the_types():
    assert set(RELATION_RULES) == set(RelationType)
    import timeline

    for path in [
        ROOT / "data" / "afghanistan-2021-seed.json",
        *ROOT.glob("tests/data/valid/*.json"),
    ]:
        dataset = timeline.load(path)
        types = {event.id: event.type for event in dataset.events}
        for event in dataset.events:
            for relation in event.relations:
                assert RELATION_RULES[relation.type].links(event.type, types[relation.event])


def test_docs_dates_prints_the_table():
    """The table of docs/dates.md is the table of the code, row for row."""
    page = (ROOT / "docs" / "dates.md").read_text(encoding="utf-8")
    section = page[page.index("## Relations and time") :]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0] != "`relation`":
            rows[cells[0].strip("`")] = cells[1:]
    assert set(rows) == {kind.value for kind in RelationType}
    for kind, rule in RELATION_RULES.items():
        constraint, sources, targets, words = rows[kind.value]
        assert constraint == f"`{rule.constraint.name}`"
        assert _types_cell(sources) == rule.sources, kind
        assert _types_cell(targets) == rule.targets, kind
        assert words == rule.words


def _types_cell(cell: str) -> frozenset[EventType]:
    if cell == "any":
        return frozenset(EventType)
    return frozenset(EventType(name) for name in re.findall(r"`([a-z_]+)`", cell))


# -- validation: each type pair a rule refuses, exact and fast paths -------------------------

MINIMAL_EVENT = {
    "title": "An event",
    "status": "occurred",
    "evidence": [{"source": "report", "quote": "abc", "start": 0, "end": 3}],
}


def _document(events: list[dict]) -> dict:
    return {
        "$schema": "urn:timeline:schema:dataset:1.0.0",
        "id": "time",
        "title": "Time",
        "version": "1.0.0",
        "license": "CC-BY-4.0",
        "sources": [
            {
                "id": source,
                "title": "A report",
                "language": "en",
                **(
                    {} if day is None else {"published": datetime.date.fromordinal(day).isoformat()}
                ),
                "path": "report.txt",
                "sha256": "0" * 64,
            }
            for source, day in [("report", SOURCES["s1"])]
        ],
        "actors": [],
        "events": events,
    }


REFUSED = [
    (kind, source, target)
    for kind, rule in RELATION_RULES.items()
    for source in EventType
    for target in EventType
    if not rule.links(source, target)
]


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    REFUSED,
    ids=[f"{k.value}-{s.value}-{t.value}" for k, s, t in REFUSED],
)
def test_a_relation_between_types_its_rule_refuses_is_a_problem(kind, source, target):
    events = [
        {
            "id": "a",
            "type": source.value,
            "date": "2021-08-27",
            **MINIMAL_EVENT,
            "relations": [{"type": kind.value, "event": "b"}],
        },
        {"id": "b", "type": target.value, "date": "2021-08-26", **MINIMAL_EVENT},
    ]
    problems = [p for p in iter_problems(_document(events)) if p.code in CODES]
    assert [(p.code, p.pointer) for p in problems] == [("relation-types", "/events/0/relations/0")]
    assert f"one of type {target.value}" in problems[0].message


@settings(max_examples=60, deadline=None)
@given(events=graphs(), fatal=st.sets(st.integers(0, 6)), statuses=st.data())
def test_the_exact_and_the_fast_path_find_the_same_problems_of_time(
    tmp_path_factory, events, fatal, statuses
):
    documents = []
    for i, event in enumerate(events):
        happened = [s for s in Status if (s in HAPPENED) == event.happened]
        document = {
            "id": event.id,
            "type": event.type.value,
            "date": _edtf(event.earliest, event.latest),
            **MINIMAL_EVENT,
            "status": statuses.draw(st.sampled_from(happened)).value,
        }
        if i in fatal:
            document["fatalities"] = {"best": 3}
        if event.relations:
            document["relations"] = [{"type": k.value, "event": t} for k, t in event.relations]
        documents.append(document)
    path = tmp_path_factory.mktemp("time") / "dataset.json"
    path.write_text(json.dumps(_document(documents), indent=2), encoding="utf-8")
    exact, _ = check_document(path.read_bytes(), base_dir=None)
    fast = _FastChecker(None, records=False)
    with path.open("rb") as file:
        found = list(fast.run(BatchReader(file, types=_event_types()).items()))
    assert _of_time(found) == _of_time(exact)
    checked = check_fast(path, base_dir=None, records=False)
    # no problem, or the exact path's (an event's own, placed by the fast path), or none
    assert checked == ([], None) if not exact else checked is None or checked[0] == exact


def _of_time(problems):
    return sorted((p.code, p.pointer, p.message) for p in problems if p.code in CODES)


def _edtf(earliest: int | None, latest: int | None) -> str:
    def day(ordinal: int | None) -> str:
        return ".." if ordinal is None else datetime.date.fromordinal(ordinal).isoformat()

    if earliest is not None and earliest == latest:
        return day(earliest)
    if earliest is None and latest is None:
        return "2021"  # an open interval needs one end
    return f"{day(earliest)}/{day(latest)}"


def test_temporal_imports_only_the_core_of_the_library():
    """The rules of time, their columns and graphs stand on the records, dates and problems:
    nothing of reading, querying or publishing."""
    import ast

    core = {"timeline.model", "timeline.dates", "timeline.problems"}
    own = {"timeline.temporal", "timeline.dated_events", "timeline._relation_graph"}
    own |= {"timeline._hashed_ids"}
    for module in sorted(own):
        path = ROOT / (module.replace(".", "/") + ".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("timeline")
        }
        assert imported <= core | own, module


def test_a_source_that_foretold_an_event_neither_bounds_it_nor_binds_relations_to_it():
    """The seed article (30 August) reports the government's announcement as planned, and a
    statement that refers to it; a later report (7 September) says it happened that day.
    The article's publication does not bound the announcement, and the statement made before
    it is no reference to a happened event."""
    from timeline.dates import parse_edtf

    def dates(event_id, kind, date, relations=(), sources=("article",), reports=(), ahead=()):
        return EventDates.from_parts(
            event_id,
            kind,
            Status.OCCURRED,
            parse_edtf(date),
            relations,
            sources,
            [(source, None) for source in reports],
            -1,
            ahead,
        )

    published = {
        "article": datetime.date(2021, 8, 30),
        "follow-up": datetime.date(2021, 9, 7),
    }
    statement = dates(
        "statement",
        EventType.STATEMENT,
        "../2021-08-30",
        [(RelationType.REFERS_TO, "announcement")],
    )
    reports = ("article", "follow-up")
    told = dates(
        "announcement", EventType.ANNOUNCEMENT, "2021-09-07", reports=reports, ahead=["article"]
    )
    assert not derive_bounds([statement, told], published).conflicts
    assert told.reported == (("follow-up", None),)
    untold = dates("announcement", EventType.ANNOUNCEMENT, "2021-09-07", reports=reports)
    conflicts = derive_bounds([statement, untold], published).conflicts
    assert conflicts  # the article's publication, or the reference, contradicts the day


def test_derive_bounds_leaves_the_collector_as_it_found_it():
    import gc

    events = [EventDates("a", EventType.STATEMENT, True, 1, 1)]
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            derive_bounds(events, {})
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_a_follows_closed_by_a_binding_relation_is_a_cycle_and_one_that_binds_nothing_is_not():
    def statement(event_id, happened, *relations):
        return EventDates(event_id, EventType.STATEMENT, happened, None, None, relations)

    # a follows c, c refers to b, b follows a: a would come after itself.
    closed = [
        statement("a", True, (RelationType.FOLLOWS, "c")),
        statement("b", True, (RelationType.FOLLOWS, "a")),
        statement("c", True, (RelationType.REFERS_TO, "b")),
    ]
    ((cycle),) = relation_cycles(closed)
    assert cycle.ring == ("a", "c", "b", "a")
    assert [(s.holder, s.type.value, s.target) for s in cycle.steps] == [
        ("a", "follows", "c"),
        ("c", "refers_to", "b"),
        ("b", "follows", "a"),
    ]
    assert cycle.members == {"a", "b", "c"}
    # A statement that refers to a planned announcement, which is to follow it: the reference
    # binds nothing (the announcement has not happened), so there is no cycle.
    ahead = [
        statement("statement", True, (RelationType.REFERS_TO, "announcement")),
        statement("announcement", False, (RelationType.FOLLOWS, "statement")),
    ]
    assert relation_cycles(ahead) == []
    # Relations that only put their events on the same days are no cycle of follows.
    same_days = [
        statement("a", True, (RelationType.REFERS_TO, "b")),
        statement("b", True, (RelationType.RESPONDS_TO, "a")),
    ]
    assert relation_cycles(same_days) == []
