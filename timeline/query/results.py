"""Query results read as they are used.

A range query on a large dataset can match tens of thousands of events: every event with an
open start (``../2021-08-30``) possibly falls in every range before its end. Building a
record for each of them costs far more than finding them, so a query only finds where its
answers stand in the indexes and returns a read-only sequence that makes them on demand:

* iterating makes them one by one, in chronological order (the first screen of a long result
  costs what it shows);
* ``len()`` counts without making them;
* indexing, slicing and comparing make the whole list once and keep it.

An actor's view (:class:`ActorEvents`) is answered the same way, from the positions the actor
index keeps for each actor in chronological order: one actor's events are read straight from
its list (indexing too), those of an actor with its parts and members merged from theirs.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar, overload

import attrs

from timeline.dates import Overlap
from timeline.display import counted, html_table, short_repr
from timeline.model import Event, Role

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "ActorEvent",
    "ActorEvents",
    "ActorStream",
    "EventList",
    "Hit",
    "Hits",
    "Run",
    "event_table",
]

_T = TypeVar("_T")


class Hit(NamedTuple):
    """An event found by a range query, and whether it falls in the range certainly or only
    possibly (its derived bounds reach beyond the range)."""

    event: Event
    overlap: Overlap

    @property
    def certain(self) -> bool:
        """True when every day the event's derived bounds leave lies in the range."""
        return self.overlap is Overlap.CERTAIN


class Run(NamedTuple):
    """Candidates of a range query: ``positions[start:stop]``, in increasing order, of which
    those in ``positions[sure_start:sure_stop]`` are known to be hits; the others are tested
    one by one."""

    positions: Sequence[int]
    start: int
    stop: int
    sure_start: int
    sure_stop: int

    def tested(self) -> Iterator[int]:
        """The candidates that are not known to be hits."""
        read = self.positions.__getitem__
        yield from map(read, range(self.start, self.sure_start))
        yield from map(read, range(max(self.sure_start, self.sure_stop), self.stop))


class _ResultSequence(Sequence[_T]):
    """Equal, as a list is, to a list or a result that holds the same items in the same order."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_ResultSequence, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so not hashable like them


class Hits(_ResultSequence[Hit]):
    """The hits of a range query, in chronological order (see the module's notes on cost).

    Made by :meth:`timeline.Timeline.between`: ``runs`` are the candidates, each run in
    chronological order and no event in two runs; ``firsts`` and ``lasts`` hold each event's
    first and last possible day (of its derived bounds) as numbers; a hit lies wholly within
    ``low`` to ``high`` or, with ``possible``, overlaps it.
    """

    def __init__(
        self,
        events: Sequence[Event],
        firsts: Sequence[int],
        lasts: Sequence[int],
        runs: Sequence[Run],
        low: int,
        high: int,
        *,
        possible: bool,
    ) -> None:
        self._events = events
        self._firsts = firsts
        self._lasts = lasts
        self._runs = [run for run in runs if run.start < run.stop]
        self._low = low
        self._high = high
        self._possible = possible
        self._count: int | None = None
        self._made: list[Hit] | None = None

    def _hits(self, positions: Iterable[int]) -> Iterator[Hit]:
        """The hits among these candidates (the same test as :meth:`EdtfDate.overlaps`, on
        the day numbers of the derived bounds the index holds)."""
        firsts, lasts, events = self._firsts, self._lasts, self._events
        low, high, possible = self._low, self._high, self._possible
        certain, maybe = Overlap.CERTAIN, Overlap.POSSIBLE
        for position in positions:
            first, last = firsts[position], lasts[position]
            if last < low or first > high:
                continue
            if first >= low and last <= high:
                yield Hit(events[position], certain)
            elif possible:
                yield Hit(events[position], maybe)

    def _all(self) -> list[Hit]:
        if self._made is None:
            # Sorting the runs' concatenation merges them (the sort finds the sorted runs).
            runs = self._runs
            self._made = list(
                self._hits(sorted(p for run in runs for p in run.positions[run.start : run.stop]))
            )
            self._count = len(self._made)
        return self._made

    def __iter__(self) -> Iterator[Hit]:
        if self._made is not None:
            return iter(self._made)
        # Each run is in chronological order: merging them makes the hits in order, lazily.
        streams = [map(run.positions.__getitem__, range(run.start, run.stop)) for run in self._runs]
        return self._hits(streams[0] if len(streams) == 1 else heapq.merge(*streams))

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(
                max(0, run.sure_stop - run.sure_start) + sum(1 for _ in self._hits(run.tested()))
                for run in self._runs
            )
        return self._count

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        return self._all()[index]

    def __repr__(self) -> str:
        return f"<Hits: {counted(len(self), 'event')}>"

    def _repr_html_(self) -> str:
        """The first hits as a table in a notebook, saying which are certain."""
        rows = ((h.event.date, h.event.type, h.event.id, h.event.title, h.overlap) for h in self)
        headers = ("date", "type", "id", "title", "in the range")
        return html_table(counted(len(self), "event"), headers, rows, len(self))


class EventList(_ResultSequence[Event]):
    """Events picked by their positions in an ordered tuple, made as they are read: the
    answer of :meth:`timeline.Timeline.where` (O(1) to make, O(1) per event read)."""

    def __init__(self, events: Sequence[Event], positions: Sequence[int]) -> None:
        self._events = events
        self._positions = positions

    def __iter__(self) -> Iterator[Event]:
        return map(self._events.__getitem__, self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> EventList: ...

    def __getitem__(self, index: int | slice) -> Event | EventList:
        if isinstance(index, slice):
            return EventList(self._events, self._positions[index])
        return self._events[self._positions[index]]

    def __repr__(self) -> str:
        return f"<EventList: {counted(len(self), 'event')}>"

    def _repr_html_(self) -> str:
        """The first events as a table in a notebook."""
        return event_table(counted(len(self), "event"), self, len(self))


@short_repr("event", "actor", "role")
@attrs.frozen
class ActorEvent:
    """An event in an actor's view, once however many of the actors asked for take part in
    it: ``roles`` holds each of them with its role (the actor asked for first, then its parts
    and members in the order of :meth:`timeline.Timeline.family`); ``actor`` and ``role`` are
    the first of them."""

    event: Event
    actor: str
    role: Role
    roles: tuple[tuple[str, Role], ...] = attrs.field()

    @roles.default
    def _one_role(self) -> tuple[tuple[str, Role], ...]:
        return ((self.actor, self.role),)


class ActorStream(NamedTuple):
    """One actor's entry in the actor index: the positions of the events it takes part in,
    increasing (each once), and beside each its roles there, in the order of their values."""

    actor: str
    positions: Sequence[int]
    roles: Sequence[tuple[Role, ...]]


class ActorEvents(_ResultSequence[ActorEvent]):
    """The answer of :meth:`timeline.Timeline.actor_events`, in chronological order, each
    event once, made as it is read.

    ``streams`` are the actors asked for, in the order of :meth:`timeline.Timeline.family`
    (the actor asked for first). With one actor, ``len()`` and indexing cost O(1) and reading
    k rows O(k); with several, iterating merges their streams as it goes, and ``len()``
    counts the union of their positions once; indexing and slicing make the whole list once
    and keep it. A slice is a list.
    """

    def __init__(self, events: Sequence[Event], streams: Sequence[ActorStream]) -> None:
        self._events = events
        self._streams = [stream for stream in streams if stream.positions]
        self._count: int | None = None
        self._made: list[ActorEvent] | None = None

    def _row(self, stream: ActorStream, index: int) -> ActorEvent:
        """The row of one actor's ``index``-th event."""
        actor, roles = stream.actor, stream.roles[index]
        event = self._events[stream.positions[index]]
        return ActorEvent(event, actor, roles[0], tuple((actor, role) for role in roles))

    def _merged(self) -> Iterator[ActorEvent]:
        """The rows of several actors: their streams merged by position (at one position the
        earlier stream first), each position once with every actor's roles there."""
        streams = [
            zip(stream.positions, itertools.repeat(stream.actor), stream.roles)
            for stream in self._streams
        ]
        events = self._events
        first = operator.itemgetter(0)
        for position, group in itertools.groupby(heapq.merge(*streams, key=first), key=first):
            roles = tuple((actor, role) for _, actor, held in group for role in held)
            actor, role = roles[0]
            yield ActorEvent(events[position], actor, role, roles)

    def _all(self) -> list[ActorEvent]:
        if self._made is None:
            self._made = list(self)
            self._count = len(self._made)
        return self._made

    def __iter__(self) -> Iterator[ActorEvent]:
        if self._made is not None:
            return iter(self._made)
        if len(self._streams) == 1:
            stream = self._streams[0]
            return map(self._row, itertools.repeat(stream), range(len(stream.positions)))
        return self._merged()

    def __len__(self) -> int:
        if self._count is None:
            if len(self._streams) == 1:
                self._count = len(self._streams[0].positions)
            else:
                self._count = len(set().union(*(s.positions for s in self._streams)))
        return self._count

    def __bool__(self) -> bool:
        return bool(self._streams)

    @overload
    def __getitem__(self, index: int) -> ActorEvent: ...

    @overload
    def __getitem__(self, index: slice) -> list[ActorEvent]: ...

    def __getitem__(self, index: int | slice) -> ActorEvent | list[ActorEvent]:
        if self._made is None and len(self._streams) == 1:
            stream = self._streams[0]
            if isinstance(index, slice):
                return [self._row(stream, i) for i in range(len(stream.positions))[index]]
            return self._row(stream, range(len(stream.positions))[index])
        return self._all()[index]

    def __repr__(self) -> str:
        return f"<ActorEvents: {counted(len(self), 'event')}>"

    def _repr_html_(self) -> str:
        """The first rows as a table in a notebook, with the actors asked for in each."""
        rows = (
            (
                row.event.date,
                row.event.type,
                row.event.id,
                row.event.title,
                ", ".join(f"{actor} ({role.value})" for actor, role in row.roles),
            )
            for row in self
        )
        headers = ("date", "type", "id", "title", "actors")
        return html_table(counted(len(self), "event"), headers, rows, len(self))


def event_table(caption: str, events: Iterable[Event], total: int) -> str:
    """An HTML table of the first of ``events`` (date, type, id, title), escaped."""
    rows = ((e.date, e.type, e.id, e.title) for e in events)
    return html_table(caption, ("date", "type", "id", "title"), rows, total)
