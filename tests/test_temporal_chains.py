"""A relation-date-conflict found through a chain of relations lists the chain.

Chains of relations are drawn whose ends' dates contradict each other; the problem each
gives (through the exact and the fast path alike) must list a real path of relations of the
dataset from one end to the other, every step of which carried the bound that crossed. On
random event graphs, every conflict's chain is checked the same way. Cycles of mixed
relations whose dates contradict them give one problem each.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.test_temporal import MINIMAL_EVENT, _document, _published, graphs
from timeline.model import EventType, RelationType
from timeline.reading._batch_reader import BatchReader
from timeline.reading._fast_check import _event_types, _FastChecker
from timeline.reading.document import check_document
from timeline.reading.validation import event_dates
from timeline.temporal import (
    CHAIN_SHOWN,
    RELATION_RULES,
    Basis,
    BasisKind,
    Constraint,
    EventDates,
    RelationRef,
    derive_bounds,
)

#: The relations a statement may hold towards a statement.
KINDS = [kind for kind, rule in RELATION_RULES.items() if kind.value != "claims_responsibility_for"]
#: A step as a message writes it.
STEP = re.compile(r"'([^']+)' ([a-z_]+) '([^']+)'")


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[dict], list[int]]:
    """Statements on one path of relations: the first dated 10 August, the last 20 August,
    the others in 2021. Up to the ``turn``-th event each relation carries the latest day on
    from the first, after it each carries the earliest day back from the last: they cross
    there. Returns the documents (in a drawn order, with drawn ids) and the position in
    the file of each event of the path, in the order of the path."""
    n = draw(st.integers(2, CHAIN_SHOWN + 4))
    turn = draw(st.integers(0, n - 1))
    ids = draw(st.permutations([f"event-{i:02d}" for i in range(n)]))
    events: list[dict] = [
        {"id": ids[i], "type": "statement", "date": "2021", **MINIMAL_EVENT, "relations": []}
        for i in range(n)
    ]
    events[0]["date"], events[-1]["date"] = "2021-08-10", "2021-08-20"
    for i in range(n - 1):
        kind = draw(st.sampled_from(KINDS))
        within = RELATION_RULES[kind].constraint is Constraint.WITHIN
        holder, target = (i + 1, i) if i < turn and within else (i, i + 1)
        events[holder]["relations"].append({"type": kind.value, "event": ids[target]})
    for event in events:
        if not event["relations"]:
            del event["relations"]
    order = draw(st.permutations(range(n)))
    return [events[i] for i in order], [order.index(i) for i in range(n)]


def _problems_both_ways(documents, tmp_path_factory):
    path = tmp_path_factory.mktemp("chain") / "dataset.json"
    path.write_text(json.dumps(_document(documents), indent=2), encoding="utf-8")
    exact, _ = check_document(path.read_bytes(), base_dir=None)
    fast = _FastChecker(None, records=False)
    with path.open("rb") as file:
        found = list(fast.run(BatchReader(file, types=_event_types()).items()))
    return exact, found


def _assert_a_real_chain(chain, length, at, ends, documents, derived):
    """``chain`` (the listed steps: all, or the first ones and the last) is a path of
    relations of ``documents`` from ``ends[0]`` (whose date gives the latest day) to
    ``ends[1]`` (the earliest) through ``at``, and each step carried its bound: the latest
    day on from ``ends[0]`` up to ``at``, the earliest day back from ``ends[1]`` after it."""
    by_id = {d["id"]: d for d in documents}
    for step in chain:  # each step is a relation the dataset holds
        relation = by_id[step.holder]["relations"][step.index]
        assert (relation["type"], relation["event"]) == (step.type.value, step.target)
    assert len(chain) == min(length, CHAIN_SHOWN)
    node, latest_part = ends[0], ends[0] != at
    for k, step in enumerate(chain):
        if len(chain) < length and k == len(chain) - 1:  # past the gap: the last step
            node = step.target if step.holder == ends[1] else step.holder
            latest_part = at == ends[1]
        assert node in (step.holder, step.target), (node, step)  # it goes on from the last
        after = step.target if node == step.holder else step.holder
        if latest_part:  # the latest day came on to ``after`` by this relation
            came = Basis(BasisKind.RELATION, relation=step.type, event=node)
            assert derived[after].latest_basis == came
        else:  # the earliest day came back to ``node`` by it
            came = Basis(BasisKind.RELATION, relation=step.type, event=after)
            assert derived[node].earliest_basis == came
        node = after
        if node == at:
            latest_part = False
    assert node == ends[1]


@settings(max_examples=80, deadline=None)
@given(drawn=chains())
def test_a_conflict_through_a_chain_lists_the_chain(drawn, tmp_path_factory):
    documents, path = drawn
    exact, fast = _problems_both_ways(documents, tmp_path_factory)
    conflicts = [p for p in exact if p.code == "relation-date-conflict"]
    assert [p.code for p in exact] == ["relation-date-conflict"]
    assert [(p.pointer, p.message) for p in fast] == [(p.pointer, p.message) for p in conflicts]
    message = conflicts[0].message
    first, last = documents[path[0]]["id"], documents[path[-1]]["id"]
    length = len(path) - 1
    at = re.search(r"(?:through which|but then) '([^']+)' starts", message)
    assert at is not None
    assert f"(the date of {first!r} at /events/{path[0]}/date)" in message
    assert f"(the date of {last!r} at /events/{path[-1]}/date)" in message
    if length == 1:
        steps = [_step(documents, conflicts[0].pointer)]
    else:
        assert f"a chain of {length} relations" in message
        listed = message[message.index("relations (") : message.index(") through which")]
        steps = [_ref(documents, *found) for found in STEP.findall(listed)]
        if length > CHAIN_SHOWN:
            assert f"… {length - CHAIN_SHOWN} more …" in listed
    assert conflicts[0].pointer == f"/events/{_position(documents, steps[0].holder)}" + (
        f"/relations/{steps[0].index}"
    )
    published = {"report": datetime.date(2021, 8, 29)}
    derived = derive_bounds([event_dates(i, d) for i, d in enumerate(documents)], published)
    _assert_a_real_chain(steps, length, at.group(1), (first, last), documents, derived)


def _position(documents, event_id):
    return next(i for i, d in enumerate(documents) if d["id"] == event_id)


def _ref(documents, holder, kind, target):
    relations = documents[_position(documents, holder)]["relations"]
    index = next(j for j, r in enumerate(relations) if (r["type"], r["event"]) == (kind, target))
    return RelationRef(holder, index, RelationType(kind), target)


def _step(documents, pointer):
    _, _, position, _, index = pointer.split("/")
    holder = documents[int(position)]
    relation = holder["relations"][int(index)]
    return RelationRef(holder["id"], int(index), RelationType(relation["type"]), relation["event"])


def _claims(event_id, happened, earliest, latest, target=None):
    relations = () if target is None else ((RelationType.CLAIMS_RESPONSIBILITY_FOR, target),)
    return EventDates(event_id, EventType.ATTACK, happened, earliest, latest, relations)


@settings(max_examples=200, deadline=None)
@given(events=graphs())
# A cycle (e0, e4, e1) whose two dated events give the same earliest day: the chain and its
# ends must name the one the way reached.
@example(
    events=[
        _claims("e0", True, None, None, "e4"),
        _claims("e1", True, 738004, None, "e0"),
        _claims("e2", False, None, 738003, "e0"),
        _claims("e3", False, None, None),
        _claims("e4", True, 738004, None, "e1"),
    ]
)
def test_every_conflict_of_random_graphs_lists_a_chain_that_carried_its_bounds(events):
    derived = derive_bounds(events, _published())
    documents = [
        {
            "id": e.id,
            "relations": [{"type": k.value, "event": t} for k, t in e.relations],
        }
        for e in events
    ]
    for conflict in derived.conflicts:
        assert conflict.at in conflict.events
        if conflict.earliest_from == conflict.latest_from:  # a date after a publication
            assert (conflict.chain, conflict.length, conflict.relation) == ((), 0, None)
            continue
        assert conflict.relation == conflict.chain[0]
        ends = (conflict.latest_from, conflict.earliest_from)
        _assert_a_real_chain(conflict.chain, conflict.length, conflict.at, ends, documents, derived)


#: Cycles of mixed relations: for each event of the cycle, the relation it holds to the next.
MIXED_CYCLES = [
    ("follows", "refers_to", "part_of"),
    ("refers_to", "part_of", "follows"),
    ("part_of", "follows", "refers_to", "responds_to"),
    ("follows", "part_of", "criticises", "refers_to", "part_of"),
    ("refers_to", "part_of", "responds_to"),
    ("criticises", "refers_to"),
]


def _mixed_cycle(kinds):
    """Statements in a cycle of ``kinds``, each dated two days before the one before it."""
    n = len(kinds)
    return [
        {
            "id": f"statement-{i}",
            "type": "statement",
            "date": f"2021-08-{20 - 2 * i:02d}",
            **MINIMAL_EVENT,
            "relations": [{"type": kind, "event": f"statement-{(i + 1) % n}"}],
        }
        for i, kind in enumerate(kinds)
    ]


@pytest.mark.parametrize("kinds", MIXED_CYCLES, ids="-".join)
def test_a_mixed_cycle_whose_dates_contradict_it_is_one_problem(kinds, run_cli, tmp_path):
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(_document(_mixed_cycle(kinds)), indent=2), encoding="utf-8")
    result = run_cli("validate", "--format", "json", str(path))
    assert (result.returncode, b"Traceback" in result.stderr) == (1, False)
    report = json.loads(result.stdout)
    errors = [p for f in report["files"] for p in f["problems"] if p["severity"] == "error"]
    # With a follows, an event would come after itself: the cycle is the one problem, each of
    # its relations said; without one, the relations only put their events on the same days,
    # which the dates contradict: one conflict.
    if "follows" in kinds:
        assert [p["code"] for p in errors] == ["relation-cycle"]
        for i, kind in enumerate(kinds):
            assert (
                f"'statement-{i}' {kind} 'statement-{(i + 1) % len(kinds)}'"
                in (errors[0]["message"])
            )
    else:
        assert [p["code"] for p in errors] == ["relation-date-conflict"]
