"""What the rules of time need of every event, kept as columns.

The rules of time (:mod:`timeline.temporal`) need of each event its id, type, whether it
happened, the day ordinals of its date, its relations and the sources that report it. Kept
as an object an event (with its id string and a tuple of relations), a million events took
some 500 MB while a file was validated, and the derivation as many again. :class:`DatedEvents`
keeps them as columns of machine integers instead: the ids as one UTF-8 buffer (UTF-8 keeps
the order of code points, so ids compare as their strings do), the type and status as a byte,
the days as 32-bit ordinals, the sources as an index into a table of the distinct ways events
are reported, and each relation as its type and its holder. It is also where a reader notes
the id of every event and the ids relations name, as hashes (:mod:`timeline._hashed_ids`):
they say which ids stand twice and which relations name no event (:meth:`DatedEvents.faults`),
then :meth:`DatedEvents.resolve` finds the row each relation names and lets them go. An event
costs about 30 bytes and the length of its id, a relation 9 once resolved (and 24 bytes more
of each until then).
"""

from __future__ import annotations

import bisect
from array import array
from typing import TYPE_CHECKING

from timeline._hashed_ids import HashedIds, Noted
from timeline.model import EventType, RelationType

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from timeline._hashed_ids import Buffer
    from timeline.temporal import EventDates

__all__ = ["EARLIEST_OPEN", "EVENT_TYPES", "LATEST_OPEN", "DatedEvents", "Reported"]

#: The sources that report an event, each with the day ordinal of its report or None (see
#: :attr:`timeline.temporal.EventDates.reported`).
Reported = tuple[tuple[str, int | None], ...]

#: The ordinal an open (or unknown) start is kept as: before every day (day 1 is 1 January
#: of the year 1).
EARLIEST_OPEN = 0
#: The ordinal an open (or unknown) end is kept as: after every day.
LATEST_OPEN = 2**31 - 1

#: The event types by their codes (see :meth:`DatedEvents.kind_bytes`).
EVENT_TYPES = tuple(EventType)
_TYPE_CODES = {kind: code for code, kind in enumerate(EVENT_TYPES)}
_RELATIONS = tuple(RelationType)
_RELATION_CODES = {kind: code for code, kind in enumerate(_RELATIONS)}
_NOBODY: frozenset[str] = frozenset()


#: The columns of :class:`DatedEvents`, in the order :meth:`DatedEvents.detach` gives them.
_COLUMNS = (
    "_ids",
    "_ends",
    "_kinds",
    "_earliest",
    "_latest",
    "_indexes",
    "_told",
    "_holders",
    "_relation_kinds",
    "_orders",
)


def _bytes_of(column: Buffer) -> memoryview:
    """The bytes of a column, as ``frombytes`` takes them (without a copy)."""
    return memoryview(column).cast("B")


def _shift(column: array[int], start: int, new: Callable[[int], int]) -> None:
    """Replace each value of ``column`` from ``start`` on by what ``new`` makes of it."""
    column[start:] = array(column.typecode, map(new, column[start:]))


class DatedEvents:
    """The events' dates, statuses, types, relations and reports, one row an event, in the
    order they were added (their *positions*); each keeps the index the event has in its
    dataset, for the pointers of problems.

    Until :meth:`resolve` the relations name ids; after it, :meth:`target` gives the position
    of the event each names. No event is added after :meth:`resolve`."""

    def __init__(self) -> None:
        self._ids = bytearray()  # every id, encoded, one after another
        self._ends = array("q")  # where each id ends in it
        self._kinds = bytearray()  # its type's code, twice, plus 1 when it happened
        self._earliest = array("i")  # day ordinals, EARLIEST_OPEN where open
        self._latest = array("i")  # day ordinals, LATEST_OPEN where open
        self._indexes = array("i")  # its index in the dataset
        self._told = array("i")  # which of the tellings
        self._orders = array("i")  # the order its id was noted in (see note_id)
        #: The distinct ways events are reported: the sources (with the day of a report) and
        #: the sources that foretold it (see EventDates.foretold). The first is nobody.
        self._tellings: list[tuple[Reported, frozenset[str]]] = [((), _NOBODY)]
        self._telling_codes: dict[tuple[Reported, frozenset[str]], int] = {((), _NOBODY): 0}
        #: The tellings of the reported tuples kept above, by their identity (an event's
        #: cited sources come from a cache, so most events give one of a few objects).
        self._by_identity: dict[int, int] = {id(()): 0}
        self._holders = array("i")  # the position of the event that holds each relation
        self._relation_kinds = bytearray()  # each relation's type's code
        self._hashes: HashedIds | None = HashedIds()  # the ids, and the ids relations name
        self._targets = array("i")  # once resolved: the position each relation names, or -1
        self._later: dict[int, int] = {}  # once resolved: an id used again -> its first
        self._noted = 0  # once resolved: how many ids were noted

    # -- adding -------------------------------------------------------------------------------

    def add(
        self,
        event_id: str,
        kind: EventType,
        happened: bool,
        days: tuple[int | None, int | None],
        relations: Iterable[tuple[RelationType, str]],
        reported: Reported,
        index: int,
        foretold: frozenset[str] = _NOBODY,
        *,
        noted: bool = False,
    ) -> None:
        """Add an event: ``days`` are the ordinals of its date's earliest and latest day
        (None where open or unknown); the rest as :class:`~timeline.temporal.EventDates` says.
        ``noted``: its id is the one :meth:`note_id` noted last (a reader notes the id of
        every event, even of one that gets no row), else it is noted here."""
        hashes = self._hashes
        assert hashes is not None, "no event is added once the relations are resolved"
        position = len(self._indexes)
        self._ids += event_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._ids))
        self._kinds.append(2 * _TYPE_CODES[kind] + happened)
        earliest, latest = days
        self._earliest.append(EARLIEST_OPEN if earliest is None else earliest)
        self._latest.append(LATEST_OPEN if latest is None else latest)
        self._indexes.append(index)
        telling = self._by_identity.get(id(reported)) if not foretold else None
        if telling is None:
            telling = self._telling(reported, foretold)
        self._told.append(telling)
        if not noted:
            hashes.add(event_id)
        self._orders.append(len(hashes) - 1)
        for relation, target in relations:
            hashes.refer(target, len(self._holders))
            self._holders.append(position)
            self._relation_kinds.append(_RELATION_CODES[relation])

    def note_id(self, event_id: str) -> None:
        """Note the id of an event (in the order of the events), whether or not it gets a row
        (:meth:`add`, with ``noted``): :meth:`faults` then says which ids stand twice and which
        relations name no event, and :meth:`resolve` finds the rows relations name."""
        hashes = self._hashes
        assert hashes is not None, "no id is noted once the relations are resolved"
        hashes.add(event_id)

    def noted(self) -> int:
        """How many ids were noted (each event's, in order: its index, when every event noted
        one)."""
        return self._noted if self._hashes is None else len(self._hashes)

    def faults(self) -> tuple[Noted, Noted]:
        """The references that may name no event and the ids noted more than once (see
        :meth:`HashedIds.faults`), each reference by the order of the id of the event that
        holds it (before :meth:`resolve`)."""
        assert self._hashes is not None
        unresolved, duplicates = self._hashes.faults()
        orders, holders = self._orders, self._holders
        held: dict[tuple[int, int], list[int]] = {}
        for pair, relations in unresolved:
            held.setdefault(pair, []).extend(orders[holders[k]] for k in relations)
        found = [(pair, sorted(kept)) for pair, kept in held.items()]
        found.sort(key=lambda fault: fault[1][0])
        return found, duplicates

    def append(self, event: EventDates, *, noted: bool = False) -> None:
        """Add an event in its compact form (``noted``: as :meth:`add` says)."""
        self.add(
            event.id,
            event.type,
            event.happened,
            (event.earliest, event.latest),
            event.relations,
            event.reported,
            event.index,
            event.foretold,
            noted=noted,
        )

    def _telling(self, reported: Reported, foretold: frozenset[str]) -> int:
        key = (reported, foretold)
        telling = self._telling_codes.get(key)
        if telling is None:
            telling = self._telling_codes[key] = len(self._tellings)
            self._tellings.append(key)
            if not foretold:
                self._by_identity[id(reported)] = telling
        return telling

    def extend(
        self,
        other: DatedEvents,
        index_base: int = 0,
        receive: Callable[[], Buffer] | None = None,
    ) -> None:
        """Add the events of ``other`` (added in a process forked from this one's), their
        indexes counted from ``index_base``. With ``receive``, ``other`` was sent without its
        columns (:meth:`detach`): they are the buffers ``receive`` gives next, each appended
        here as it comes (nothing holds them twice)."""
        assert self._hashes is not None
        assert other._hashes is not None
        take = receive or iter([_bytes_of(getattr(other, name)) for name in _COLUMNS]).__next__
        before, relations, start = len(self), len(self._holders), len(self._ids)
        ids_before = len(self._hashes)
        for name in _COLUMNS:
            column = getattr(self, name)
            if isinstance(column, bytearray):
                column += take()
            else:
                column.frombytes(take())
        codes = array("i", [self._telling(*telling) for telling in other._tellings])
        _shift(self._ends, before, lambda end: start + end)
        _shift(self._indexes, before, lambda index: index_base + index)
        _shift(self._told, before, codes.__getitem__)
        _shift(self._holders, relations, lambda holder: before + holder)
        _shift(self._orders, before, lambda order: ids_before + order)
        self._hashes.extend(other._hashes, referred=relations, receive=receive)

    def detach(self) -> list[Buffer]:
        """Take out the columns (this keeps empty ones, and the table of tellings): a
        process sends them apart from the rest, each as it is, rather than in one pickle
        that the receiver holds whole beside what it makes of it (see :meth:`extend`)."""
        assert self._hashes is not None
        taken: list[Buffer] = [getattr(self, name) for name in _COLUMNS]
        for name, column in zip(_COLUMNS, taken, strict=True):
            setattr(self, name, column[:0])
        return [*taken, *self._hashes.detach()]

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_by_identity"] = {}  # identities do not cross processes
        return state

    # -- resolving ----------------------------------------------------------------------------

    def resolve(self) -> None:
        """Find the event each relation names: the first event of its id; a relation to no
        event, or to an event of the id of its holder, names none (validation reports those
        apart). Then the hashes are let go. Asked again, nothing more is done."""
        hashes = self._hashes
        if hashes is None:
            return
        position_of = array("i", [-1]) * len(hashes)  # of each id noted, its row or -1
        for position, order in enumerate(self._orders):
            position_of[order] = position
        named, later = hashes.resolve(len(self._holders), position_of)
        del position_of
        self._hashes, self._noted = None, len(hashes)
        self._later = later
        first = later.get
        self._targets = array(
            "i",
            [
                -1 if target == holder or target == first(holder, -2) else target
                for target, holder in zip(named, self._holders, strict=True)
            ],
        )

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._indexes)

    def id(self, position: int) -> str:
        """The id of the event at ``position``."""
        start = self._ends[position - 1] if position else 0
        return self._ids[start : self._ends[position]].decode("utf-8", "surrogatepass")

    def ids(self) -> Iterator[str]:
        """Every event's id, in order."""
        start = 0
        for end in self._ends:
            yield self._ids[start:end].decode("utf-8", "surrogatepass")
            start = end

    def row(self, index: int) -> int | None:
        """The position of the event at ``index`` of its dataset, or None when it has no row
        (rows are added in the order of the events: a search of their indexes)."""
        indexes = self._indexes
        position = bisect.bisect_left(indexes, index)
        return position if position < len(indexes) and indexes[position] == index else None

    def find(self, event_id: str) -> int | None:
        """The position of the first event of ``event_id``, or None: a search of the ids
        (linear, in C; for the few events a problem names)."""
        wanted = event_id.encode("utf-8", "surrogatepass")
        ends, size, count = self._ends, len(wanted), len(self._ends)
        at = self._ids.find(wanted)
        while at >= 0 and count:
            # The ids that start where the match does (several when some are empty).
            position = 0 if at == 0 else bisect.bisect_left(ends, at) + 1
            if position == 0 or ends[position - 1] == at:
                while position < count and ends[position] == at and size:
                    position += 1  # an empty id, before the one that may match
                if position < count and ends[position] == at + size:
                    return position
            at = self._ids.find(wanted, at + 1)
        return None

    def is_first(self, position: int) -> bool:
        """Whether no event before the one at ``position`` has its id (after :meth:`resolve`)."""
        return position not in self._later

    def later(self) -> dict[int, int]:
        """The positions of the events whose id an event before them has, each with the
        position of the first (after :meth:`resolve`)."""
        return self._later

    def type(self, position: int) -> EventType:
        """The event's type."""
        return EVENT_TYPES[self._kinds[position] >> 1]

    def happened(self, position: int) -> bool:
        """Whether the event has happened (its status is occurred or ongoing)."""
        return bool(self._kinds[position] & 1)

    def earliest(self, position: int) -> int:
        """The ordinal of the earliest day of the event's date (:data:`EARLIEST_OPEN`)."""
        return self._earliest[position]

    def latest(self, position: int) -> int:
        """The ordinal of the latest day of the event's date (:data:`LATEST_OPEN`)."""
        return self._latest[position]

    def index(self, position: int) -> int:
        """The event's index in its dataset."""
        return self._indexes[position]

    def earliest_days(self) -> array[int]:
        """Each event's :meth:`earliest`."""
        return self._earliest

    def latest_days(self) -> array[int]:
        """Each event's :meth:`latest`."""
        return self._latest

    def kind_bytes(self) -> bytearray:
        """Each event's type and status as a byte: the type's code twice, plus 1 when it
        happened."""
        return self._kinds

    def told(self) -> array[int]:
        """Each event's :meth:`telling`."""
        return self._told

    def telling(self, position: int) -> int:
        """Which of :meth:`tellings` says how the event is reported."""
        return self._told[position]

    def tellings(self) -> list[tuple[Reported, frozenset[str]]]:
        """The distinct ways events are reported: the sources that report an event (a
        :data:`Reported`) and those that foretold it."""
        return self._tellings

    def holders(self) -> array[int]:
        """The position of the holder of each relation."""
        return self._holders

    def relation_kind(self, relation: int) -> RelationType:
        """The type of relation number ``relation``."""
        return _RELATIONS[self._relation_kinds[relation]]

    def kind_codes(self) -> tuple[bytearray, tuple[RelationType, ...]]:
        """Each relation's type as a code, and the type each code stands for."""
        return self._relation_kinds, _RELATIONS

    def relations_where(self, wanted: Callable[[RelationType], bool]) -> bytearray:
        """Of each relation, 1 where its type is ``wanted``, else 0."""
        table = bytes(bool(wanted(kind)) for kind in _RELATIONS).ljust(256, b"\0")
        return bytearray(self._relation_kinds.translate(table))

    def place(self, relation: int) -> int:
        """Where relation number ``relation`` stands in its holder's relations (from 0)."""
        holders = self._holders
        return relation - bisect.bisect_left(holders, holders[relation])

    def target(self, relation: int) -> int:
        """The position of the event relation number ``relation`` names, or -1 (after
        :meth:`resolve`)."""
        return self._targets[relation]

    def targets(self) -> array[int]:
        """The position each relation names, or -1 (after :meth:`resolve`)."""
        return self._targets

    def relations_of(self, position: int) -> range:
        """The numbers of the relations the event at ``position`` holds."""
        holders = self._holders
        return range(bisect.bisect_left(holders, position), bisect.bisect_right(holders, position))
