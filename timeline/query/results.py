"""Query results read as they are used.

A range query on a large dataset can match tens of thousands of events: every event with an
open start (``../2021-08-30``) possibly falls in every range before its end. Building a
record for each of them costs far more than finding them, so a query only finds where its
answers stand in the indexes and returns a read-only sequence that makes them on demand:

* iterating makes them one by one, in chronological order (the first screen of a long result
  costs what it shows);
* ``len()`` counts without making them;
* indexing, slicing and comparing make the whole list once and keep it.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar, overload

from timeline.dates import Overlap
from timeline.display import counted, html_table
from timeline.model import Event

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["EventList", "Hit", "Hits", "Run", "event_table"]

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


def event_table(caption: str, events: Iterable[Event], total: int) -> str:
    """An HTML table of the first of ``events`` (date, type, id, title), escaped."""
    rows = ((e.date, e.type, e.id, e.title) for e in events)
    return html_table(caption, ("date", "type", "id", "title"), rows, total)
