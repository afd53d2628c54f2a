"""The columns the rules of time keep of every event (:class:`DatedEvents`): they give back
what was added, resolve each relation to the first event of its id, merge the columns of
another process as if one process had added every event, find an id among ids that contain
it, and cost a few dozen bytes an event."""

from __future__ import annotations

import pickle
import sys
from array import array

import attrs
from hypothesis import given
from hypothesis import strategies as st

from timeline._hashed_ids import HashedIds
from timeline.dated_events import EARLIEST_OPEN, LATEST_OPEN, DatedEvents
from timeline.model import EventType, RelationType
from timeline.temporal import EventDates, cited, dated

#: Ids that contain one another (the empty one too), of several scripts.
IDS = ["", "a", "ab", "b-a", "a-b", "é", "ée", "事件", "事件-2", "x" * 40]
MISSING = "nowhere"
DAY = 738_000


@st.composite
def rows(draw: st.DrawFn) -> list[EventDates]:
    """Events with ids drawn from :data:`IDS` (so some are used twice), relations to any id,
    to no event and to themselves, dates open or not, reports and foretelling sources."""
    count = draw(st.integers(0, 12))
    found = []
    for index in range(count):
        event_id = draw(st.sampled_from(IDS))
        earliest = draw(st.none() | st.integers(DAY, DAY + 40))
        latest = draw(st.none() | st.integers(earliest or DAY, DAY + 40))
        relations = draw(
            st.lists(
                st.tuples(st.sampled_from(RelationType), st.sampled_from([*IDS, MISSING])),
                max_size=3,
            )
        )
        sources = tuple(draw(st.lists(st.sampled_from(["s0", "s1", "s2"]), max_size=3)))
        reported = cited(sources) if draw(st.booleans()) else tuple((s, DAY) for s in sources)
        found.append(
            EventDates(
                id=event_id,
                type=draw(st.sampled_from(EventType)),
                happened=draw(st.booleans()),
                earliest=earliest,
                latest=latest,
                relations=tuple(relations),
                reported=reported,
                foretold=frozenset(draw(st.lists(st.sampled_from(["s0", "s3"]), max_size=2))),
                index=index + draw(st.integers(0, 3)),
            )
        )
    return found


def _columns(events: list[EventDates]) -> DatedEvents:
    columns = DatedEvents()
    for event in events:
        columns.append(event)
    return columns


def _read_back(columns: DatedEvents) -> list[tuple[object, ...]]:
    """Each event as the columns give it back, its relations by the id they name."""
    found = []
    for at in range(len(columns)):
        reported, foretold = columns.tellings()[columns.telling(at)]
        relations = tuple(
            (
                columns.relation_kind(k),
                columns.place(k),
                None if columns.target(k) < 0 else columns.id(columns.target(k)),
            )
            for k in columns.relations_of(at)
        )
        found.append(
            (
                columns.id(at),
                columns.type(at),
                columns.happened(at),
                columns.earliest(at),
                columns.latest(at),
                columns.index(at),
                reported,
                foretold,
                relations,
                columns.is_first(at),
            )
        )
    return found


def _expected(events: list[EventDates]) -> list[tuple[object, ...]]:
    first: dict[str, int] = {}
    for at, event in enumerate(events):
        first.setdefault(event.id, at)
    return [
        (
            event.id,
            event.type,
            event.happened,
            EARLIEST_OPEN if event.earliest is None else event.earliest,
            LATEST_OPEN if event.latest is None else event.latest,
            event.index,
            event.reported,
            event.foretold,
            tuple(
                (kind, j, None if target not in first or target == event.id else target)
                for j, (kind, target) in enumerate(event.relations)
            ),
            first[event.id] == at,
        )
        for at, event in enumerate(events)
    ]


@given(rows())
def test_the_columns_give_back_every_event_with_its_relations_resolved(events):
    columns = dated(_columns(events))
    assert _read_back(columns) == _expected(events)
    assert list(columns.ids()) == [event.id for event in events]
    assert columns.later() == {
        at: [e.id for e in events].index(event.id)
        for at, event in enumerate(events)
        if [e.id for e in events].index(event.id) != at
    }


@given(rows(), st.data())
def test_columns_merged_from_another_process_are_those_of_one(events, data):
    """The second process sends its columns (pickled: what it knows of identities stays
    behind) and its indexes count from its first event; merged, they are the columns of one
    process that added every event."""
    split = data.draw(st.integers(0, len(events)))
    base = data.draw(st.integers(0, 5))
    first, second = _columns(events[:split]), _columns(events[split:])
    first.extend(pickle.loads(pickle.dumps(second)), base)
    shifted = [*events[:split], *(attrs.evolve(e, index=e.index + base) for e in events[split:])]
    assert _read_back(dated(first)) == _expected(shifted)


@given(rows())
def test_an_id_is_found_where_it_first_stands_and_nowhere_else(events):
    columns = dated(_columns(events))
    ids = [event.id for event in events]
    for wanted in [*IDS, MISSING, "", "-", "b"]:
        assert columns.find(wanted) == (ids.index(wanted) if wanted in ids else None)


def test_resolving_twice_changes_nothing_and_nothing_is_added_after():
    columns = _columns(
        [
            EventDates("a", EventType.ATTACK, True, 1, 2, ((RelationType.FOLLOWS, "b"),)),
            EventDates("b", EventType.ATTACK, True, 1, 2, ((RelationType.FOLLOWS, "a"),)),
        ]
    )
    dated(columns)
    targets = list(columns.targets())
    dated(columns)
    assert list(columns.targets()) == targets == [1, 0]


def test_an_event_costs_about_30_bytes_and_the_length_of_its_id():
    """What the columns hold once resolved (the hashes let go): the guard against going back
    to an object an event."""
    columns = DatedEvents()
    count = 10_000
    reported = cited(("s0", "s1"))
    for i in range(count):
        target = ((RelationType.RESPONDS_TO, f"event-{i - 1:06d}"),) if i else ()
        columns.add(f"event-{i:06d}", EventType.STATEMENT, True, (DAY, DAY), target, reported, i)
    dated(columns)
    held = sum(
        sys.getsizeof(value)
        for value in vars(columns).values()
        if isinstance(value, (bytearray, type(columns.targets())))
    )
    assert held / count < 32 + len("event-000000") + 9  # (a relation an event)


def test_hashed_ids_resolve_each_reference_to_the_first_id_with_a_row():
    kept = HashedIds()
    for record_id in ["a", "b", "a", "c"]:
        kept.add(record_id)
    for order, target in enumerate(["c", "a", "zz", "b"]):
        kept.refer(target, order)
    named, later = kept.resolve(4, array("i", [0, 1, 2, 3]))
    assert list(named) == [3, 0, -1, 1]
    assert later == {2: 0}
    # The first "a" has no row (its event broke its schema): the second stands for it.
    named, later = kept.resolve(4, array("i", [-1, 0, 1, 2]))
    assert list(named) == [2, 1, -1, 0]
    assert later == {}
    kept.release()
    assert len(kept) == 4


def test_every_id_is_noted_and_relations_are_placed_by_their_holders():
    """A reader notes the id of every event, also of one that gets no row; the faults name
    each relation by the order of its holder's id."""
    columns = DatedEvents()
    columns.note_id("broken")  # an event that broke its schema: no row
    columns.note_id("a")
    columns.add("a", EventType.ATTACK, True, (DAY, DAY), [], (), 1, noted=True)
    columns.note_id("b")
    columns.add(
        "b",
        EventType.STATEMENT,
        True,
        (DAY, DAY),
        [(RelationType.RESPONDS_TO, "nowhere"), (RelationType.RESPONDS_TO, "broken")],
        (),
        2,
        noted=True,
    )
    columns.add("a", EventType.ATTACK, True, (DAY, DAY), [(RelationType.FOLLOWS, "a")], (), 3)
    assert columns.noted() == 4
    dangling, twice = columns.faults()
    assert [orders for _, orders in dangling] == [[2]]
    assert [orders for _, orders in twice] == [[1, 3]]
    dated(columns)
    assert list(columns.targets()) == [-1, -1, -1]  # nowhere, a row-less event, itself
    assert columns.later() == {2: 0}
