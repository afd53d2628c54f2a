"""What relations between events say of their dates, and the bounds that follow.

:data:`RELATION_RULES` is the one table of what each :class:`~timeline.model.RelationType`
means for time (its :class:`Constraint`), which event types it may link, and how to say it in
words. Validation, the derivation below and docs/dates.md read it; nothing keeps a copy.

:func:`derive_bounds` narrows each event's own range of days (its ``date``) by the
constraints of its relations, through any chain of them, and by the publication of the dated
sources that report an event that has happened. Each derived end keeps its :class:`Basis`:
the event's own date, a source's publication, or the relation that tightened it. Where an
event's derived earliest day comes after its latest, the dates contradict the relations (or
the publication of a source): :attr:`DerivedBounds.conflicts` says between which events.

The derivation works on :class:`~timeline.dated_events.DatedEvents`: of each event its id,
type, whether it happened, its bounds as day ordinals, its relations and the sources that
report it, kept as columns of machine integers, which validation collects as it reads (both
its paths) and which :func:`dated` makes of :class:`~timeline.model.Event` s or of their
compact form, :class:`EventDates`. The propagations keep arrays too (about 40 bytes an event
and 12 a relation), and the graphs they walk are compressed rows
(:mod:`timeline._relation_graph`): a million events are checked in some 150 MB.
"""

from __future__ import annotations

import array
import datetime
import enum
import functools
import gc
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from timeline._relation_graph import Step, StepGraph
from timeline.dated_events import EARLIEST_OPEN, LATEST_OPEN, DatedEvents, Reported
from timeline.model import Dataset, Event, EventType, RelationType, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from timeline.dates import EdtfDate
    from timeline.model import Source

__all__ = [
    "CHAIN_SHOWN",
    "HAPPENED",
    "RELATION_RULES",
    "Basis",
    "BasisKind",
    "Bounds",
    "Conflict",
    "Constraint",
    "Cycle",
    "DerivedBounds",
    "EventDates",
    "RelationRef",
    "RelationRule",
    "chronological",
    "chronological_key",
    "cited",
    "dated",
    "day_ordinals",
    "derive_bounds",
    "found_cycles",
    "placed",
    "relation_cycles",
    "remember_bounds",
    "start_steps",
]


class Constraint(enum.Enum):
    """What a relation from a source event to a target event says of their days."""

    NOT_BEFORE = "not_before"
    """The source happens on or after the day of the target: source.earliest >=
    target.earliest and target.latest <= source.latest."""
    WITHIN = "within"
    """The source (a part) lies within the days of the target (the whole): part.earliest >=
    whole.earliest and part.latest <= whole.latest; the whole is not narrowed by its parts."""


#: The statuses of an event that has happened (or is happening).
HAPPENED = frozenset({Status.OCCURRED, Status.ONGOING})


@attrs.frozen
class RelationRule:
    """What a relation type means: its constraint, the event types it links, its words."""

    constraint: Constraint
    sources: frozenset[EventType]
    """The types of the event that holds the relation."""
    targets: frozenset[EventType]
    """The types of the event it points at."""
    words: str
    """How docs and messages say what it means for time."""
    verb: str
    """How a sentence says it: "it *is part of* the siege", "the claim *claims responsibility
    for* it"."""

    def holds(self, target_happened: bool, foretold: bool = False) -> bool:
        """Whether the constraint binds: only once the target has happened (a statement may
        respond to a planned or threatened event before it happens, and the parts of a planned
        whole go on before its planned days), and not when a source of the event that holds
        the relation reports the target as still to come (``foretold``: the planned
        announcement a statement refers to, which happened later, as a later report says)."""
        return target_happened and not foretold

    def links(self, source: EventType, target: EventType) -> bool:
        """Whether the relation may go from an event of type ``source`` to one of ``target``."""
        return source in self.sources and target in self.targets


_ALL = frozenset(EventType)
_T = EventType
#: What speaks: the events that can criticise or refer to another.
_SPEAKING = frozenset(
    {
        _T.STATEMENT,
        _T.THREAT,
        _T.ANNOUNCEMENT,
        _T.CLAIM_OF_RESPONSIBILITY,
        _T.PROTEST,
        _T.NEGOTIATION,
        _T.AGREEMENT,
    }
)

#: The meaning of every relation type for time, and the event types it links.
RELATION_RULES: Mapping[RelationType, RelationRule] = {
    RelationType.CLAIMS_RESPONSIBILITY_FOR: RelationRule(
        Constraint.NOT_BEFORE,
        frozenset({_T.CLAIM_OF_RESPONSIBILITY}),
        frozenset({_T.ATTACK, _T.SEIZURE_OF_POWER, _T.ARREST}),
        "a claim comes on or after what it claims",
        "claims responsibility for",
    ),
    RelationType.RESPONDS_TO: RelationRule(
        Constraint.NOT_BEFORE,
        _ALL,
        _ALL,
        "a response comes on or after what it responds to",
        "responds to",
    ),
    RelationType.CRITICISES: RelationRule(
        Constraint.NOT_BEFORE,
        _SPEAKING,
        _ALL,
        "a criticism comes on or after what it criticises",
        "criticises",
    ),
    RelationType.FOLLOWS: RelationRule(
        Constraint.NOT_BEFORE,
        _ALL,
        _ALL,
        "an event comes on or after what it follows",
        "follows",
    ),
    RelationType.PART_OF: RelationRule(
        Constraint.WITHIN,
        _ALL,
        _ALL,
        "a part lies within the days of the whole",
        "is part of",
    ),
    RelationType.REFERS_TO: RelationRule(
        Constraint.NOT_BEFORE,
        _SPEAKING,
        _ALL,
        "a reference comes on or after what it refers to",
        "refers to",
    ),
}
del _T


class BasisKind(enum.Enum):
    """Where a derived end comes from."""

    DATE = "date"
    """The event's own date."""
    PUBLICATION = "publication"
    """The publication of a source that reports the event (its latest day only)."""
    RELATION = "relation"
    """A relation to another event, which tightened it."""


@attrs.frozen
class Basis:
    """The basis of one derived end: its kind, and the source or the relation and event."""

    kind: BasisKind
    source: str | None = None
    """The source whose publication bounds the event (``PUBLICATION``)."""
    relation: RelationType | None = None
    """The relation that tightened the end (``RELATION``)..."""
    event: str | None = None
    """...and the event at its other end."""

    def __str__(self) -> str:
        """``date``, ``publication:<source>`` or ``relation:<type>:<event>``."""
        if self.kind is BasisKind.PUBLICATION:
            return f"publication:{self.source}"
        if self.kind is BasisKind.RELATION:
            assert self.relation is not None
            return f"relation:{self.relation.value}:{self.event}"
        return "date"


_DATE = Basis(BasisKind.DATE)


@attrs.frozen
class Bounds:
    """An event's derived range of days (``None``: open or unknown), and each end's basis."""

    earliest: datetime.date | None
    latest: datetime.date | None
    earliest_basis: Basis
    latest_basis: Basis

    def ends(self) -> tuple[tuple[str, datetime.date | None, Basis], ...]:
        """``("earliest", day, basis)`` and ``("latest", day, basis)``: each end in turn."""
        return (
            ("earliest", self.earliest, self.earliest_basis),
            ("latest", self.latest, self.latest_basis),
        )

    @property
    def crossed(self) -> bool:
        """Whether the earliest day comes after the latest: the dates contradict."""
        return self.earliest is not None and self.latest is not None and self.earliest > self.latest


@attrs.frozen
class RelationRef:
    """One relation of a dataset: the event that holds it, its index there, type and target."""

    holder: str
    index: int
    type: RelationType
    target: str


@attrs.frozen
class Conflict:
    """Events whose derived bounds cross, for one reason: the earliest day that comes from the
    own date of ``earliest_from`` and the latest day that comes from the own date (or the
    publication of a source) of ``latest_from`` cannot both hold."""

    event: str
    """The first (by id) of the events whose bounds cross for this reason."""
    events: tuple[str, ...]
    """Every event whose bounds cross for it, by id."""
    earliest_from: str
    latest_from: str
    relation: RelationRef | None
    """The first relation of :attr:`chain`, the one to fix first; None when an event's own date
    starts after a source's publication."""
    at: str
    """The event of ``events`` with the shortest :attr:`chain` (the first by id of those)."""
    chain: tuple[RelationRef, ...]
    """The relations that carry the two bounds to ``at``, in the order of a path from
    ``latest_from`` to ``earliest_from``: the latest day runs along them from ``latest_from``
    to ``at``, the earliest day from ``earliest_from`` back to ``at``. Each shares an event
    with the next. Of a chain longer than :data:`CHAIN_SHOWN`, the first ``CHAIN_SHOWN - 1``
    relations and the last."""
    length: int
    """How many relations the whole chain has (0: the event's own date and a source's
    publication cross)."""
    also: tuple[str, ...] = ()
    """The other events whose own days cross on the same cycle of relations, by id: one
    conflict for a cycle, however many of its dates contradict it."""


@attrs.frozen
class EventDates:
    """What the derivation needs of an event: the compact form the fast path collects."""

    id: str
    type: EventType
    happened: bool
    """Status ``occurred`` or ``ongoing``."""
    earliest: int | None
    """The earliest day of its own date, as a day ordinal (``date.toordinal()``)."""
    latest: int | None
    relations: tuple[tuple[RelationType, str], ...] = ()
    reported: tuple[tuple[str, int | None], ...] = ()
    """The sources that report it, each with the day ordinal of the report when the report
    gives one (a report's ``reported``), else None: the source's publication counts. Of an
    event that has happened, a source in ``foretold`` is left out: it reported the event
    before it happened, and its publication does not bound it."""
    foretold: frozenset[str] = frozenset()
    """The sources with a report that gives the event a status of what has not happened
    (planned, expected, threatened)."""
    index: int = -1
    """Its position in the dataset (for the pointers of problems); -1 when not known."""

    @classmethod
    def of(cls, event: Event, index: int = -1) -> EventDates:
        """The compact form of an event record."""
        return cls.from_parts(
            event.id,
            event.type,
            event.status,
            event.date,
            [(r.type, r.event) for r in event.relations],
            [e.source for e in event.evidence],
            [(r.source, r.reported) for r in event.reports],
            index,
            [r.source for r in event.reports if r.status is not None and r.status not in HAPPENED],
        )

    @classmethod
    def from_parts(
        cls,
        event_id: str,
        type_: EventType,
        status: Status,
        date: EdtfDate | None,
        relations: Iterable[tuple[RelationType, str]],
        evidence_sources: Iterable[str],
        reports: Iterable[tuple[str, EdtfDate | None]],
        index: int = -1,
        foretold: Iterable[str] = (),
    ) -> EventDates:
        """The compact form from an event's parts (``date`` None: not known, as when its
        text is no date; ``foretold``: the sources of its reports that give it a status of
        what has not happened)."""
        reported = cited(tuple(evidence_sources))
        extra = [
            (source, None if day is None or day.latest is None else day.latest.toordinal())
            for source, day in reports
        ]
        if extra:
            reported = tuple(dict.fromkeys([*reported, *extra]))
        ahead = frozenset(foretold) if foretold else _NONE
        if ahead and status in HAPPENED:
            reported = tuple(pair for pair in reported if pair[0] not in ahead)
        earliest, latest = (None, None) if date is None else _days(date)
        return cls(
            id=event_id,
            type=type_,
            happened=status in HAPPENED,
            earliest=earliest,
            latest=latest,
            relations=tuple(relations),
            reported=tuple(reported),
            index=index,
            foretold=ahead,
        )


_NONE: frozenset[str] = frozenset()


def day_ordinals(date: EdtfDate) -> tuple[int | None, int | None]:
    """The day ordinals of a date's earliest and latest day (None where open), as
    :class:`EventDates` keeps them."""
    return _ordinal(date.earliest), _ordinal(date.latest)


def _told_by(telling: tuple[Reported, frozenset[str]], sources: frozenset[str]) -> bool:
    """Whether one of ``sources`` reports an event told so (see :meth:`DatedEvents.tellings`)."""
    reported, foretold = telling
    return any(source in sources for source, _ in reported) or bool(foretold & sources)


@functools.lru_cache(maxsize=4096)
def cited(sources: tuple[str, ...]) -> Reported:
    """The sources an event's evidence cites, each once, as reporting it (as
    :attr:`EventDates.reported` keeps them): one tuple shared by the many events that cite
    the same sources (a large dataset keeps one per event)."""
    return tuple((source, None) for source in dict.fromkeys(sources))


@functools.lru_cache(maxsize=4096)
def _days(date: EdtfDate) -> tuple[int | None, int | None]:
    """The ordinals of a date's bounds, shared by the events of the same date."""
    return _ordinal(date.earliest), _ordinal(date.latest)


def _ordinal(day: datetime.date | None) -> int | None:
    return None if day is None else day.toordinal()


class DerivedBounds(Mapping[str, Bounds]):
    """Every event's :class:`Bounds` by id, and the :class:`Conflict` s found.

    The bounds of an event are made when they are first asked for (validation asks only for
    those of its conflicts; the views ask for every event's), from ``make`` and the event's
    position in ``events``. An id is found by a search of the ids until many are asked for
    (a view asks for every one): then a table of every id is made once."""

    def __init__(
        self,
        events: DatedEvents,
        make: Callable[[int], Bounds],
        conflicts: tuple[Conflict, ...],
        known: dict[str, int],
    ) -> None:
        self._events: DatedEvents | None = events
        self._make: Callable[[int], Bounds] | None = make
        self._made: dict[str, Bounds] = {}
        self.conflicts = conflicts
        self._position = known  # ids found (every first one, once _whole)
        self._whole = False
        self._searched = 0
        self._count = len(events) - len(events.later())
        self._indexes = array.array("q")  # each event's index, once the events are let go

    def position(self, event_id: str) -> int:
        """The position of the event of ``event_id`` in the :class:`DatedEvents` derived
        from (the first event of that id)."""
        found = self._position.get(event_id)
        if found is not None or self._whole:
            if found is None:
                raise KeyError(event_id)
            return found
        if self._searched < _SEARCHES:
            self._searched += 1
            assert self._events is not None
            found = self._events.find(event_id)
            if found is None:
                raise KeyError(event_id)
            self._position[event_id] = found
            return found
        self._make_whole()
        return self.position(event_id)

    def _make_whole(self) -> None:
        events = self._events
        assert events is not None
        later = events.later()
        self._position = {
            event_id: at for at, event_id in enumerate(events.ids()) if at not in later
        }
        self._whole = True

    def __getitem__(self, event_id: str) -> Bounds:
        found = self._made.get(event_id)
        if found is None:
            if self._make is None:  # every event's were made: this id is none of them
                raise KeyError(event_id)
            found = self._made[event_id] = self._make(self.position(event_id))
            if len(self._made) == self._count:  # (a view asks for every event's)
                self._let_go()
        return found

    def _let_go(self) -> None:
        """Keep the bounds made, and let go of what made them (the events' columns and the
        propagations' arrays): a view keeps no more than it did before bounds were lazy."""
        events = self._events
        assert events is not None
        if not self._whole:
            self._make_whole()
        self._indexes = array.array("q", [events.index(at) for at in self._position.values()])
        self._position = {event_id: i for i, event_id in enumerate(self._position)}
        self._events = self._make = None

    def __iter__(self) -> Iterator[str]:
        if self._whole:
            yield from self._position
            return
        events = self._events
        assert events is not None
        later = events.later()
        for at, event_id in enumerate(events.ids()):
            if at not in later:
                yield event_id

    def __len__(self) -> int:
        return self._count

    def __contains__(self, event_id: object) -> bool:
        if not isinstance(event_id, str):
            return False
        try:
            self.position(event_id)
        except KeyError:
            return False
        return True

    def index(self, event_id: str) -> int:
        """The position in the dataset of the event (as its :class:`EventDates` gave it)."""
        at = self.position(event_id)
        return self._indexes[at] if self._events is None else self._events.index(at)


#: How many ids :class:`DerivedBounds` finds by a search before it makes a table of them all.
_SEARCHES = 64


# -- the derivation ----------------------------------------------------------------------------


def derive_bounds(
    events: Iterable[Event | EventDates] | DatedEvents,
    published: Mapping[str, datetime.date | None],
) -> DerivedBounds:
    """Each event's derived bounds, with their basis, and the conflicts among them.

    ``published`` gives the latest day of each source's publication (None: undated). An event
    that has happened (``occurred`` or ``ongoing``) ends no later than the publication of each
    dated source its evidence or reports cite (a report's own ``reported`` day instead of its
    source's, when it has one). Relations to events not in ``events`` and relations of an
    event to itself are left out (validation reports them), and so is a second event of an
    id. Computed in O((n + r) log n): the strongly connected components of each
    propagation's graph are found once; the earliest days run forward through them in
    topological order, the latest days backward. The result does not depend on the order
    of ``events`` (ties between bases are broken by ids and relation types). ``events`` may
    be the columns validation collects (:class:`~timeline.dated_events.DatedEvents`).
    """
    # The derivation allocates records and frees few until it returns: the cyclic
    # collector would walk them again and again, so it waits until the end, as validation
    # and the Timeline's indexes do.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _derive_bounds(dated(events), published)
    finally:
        if collecting:
            gc.enable()


def dated(events: Iterable[Event | EventDates] | DatedEvents) -> DatedEvents:
    """The columns of ``events`` (each an :class:`~timeline.model.Event` or its compact
    form), with their relations resolved; columns are given back as they are."""
    if isinstance(events, DatedEvents):
        found = events
    else:
        found = DatedEvents()
        for i, event in enumerate(events):
            found.append(event if isinstance(event, EventDates) else EventDates.of(event, i))
    found.resolve()
    return found


def placed(event: Event, bounds: Bounds) -> tuple[datetime.date | None, datetime.date | None]:
    """The days an event is placed by: its derived earliest and latest day (``None``: not
    known), or its own date's bounds where the derived ones cross (the dates contradict the
    relations, which validation reports: only a dataset built in code without validation
    gets here)."""
    if bounds.crossed:
        return event.date.earliest, event.date.latest
    return bounds.earliest, bounds.latest


def chronological_key(event: Event, bounds: Bounds, steps: int = 0) -> tuple[object, ...]:
    """The documented total order of events, from their derived bounds (see :func:`placed`).

    The key is (anchor, known only by its end first, latest, steps, time, date text, id): the
    anchor is the derived earliest day if known, else the derived latest day (the day the
    event is known by), else after every day; at the same anchor an event known only by its
    end ("by 30 August": on that day or before) comes before one that starts that day ("on 30
    August", "from 30 August"); then the derived latest day (an open end last); then
    ``steps``, the number of relations its start was carried along (:func:`start_steps`: 0
    where its own date gives it), fewer first, so that a response placed on the day of what it
    responds to comes after it, and a statement about a response after that response; then
    the time of day where the date gives one (none before any time; times compare as written,
    in seconds since midnight), the date's text and the id. Two events never have equal keys.

    >>> import timeline
    >>> view = timeline.Timeline(timeline.load_default())
    >>> [event.id for event in view][:2]
    ['us-taliban-agreement', 'is-criticises-us-taliban-agreement']
    """
    earliest, latest = placed(event, bounds)
    anchor = earliest if earliest is not None else latest
    carried = 0 if bounds.crossed else steps
    time = event.date.time
    return (
        anchor is None,
        0 if anchor is None else anchor.toordinal(),
        earliest is not None,
        latest is None,
        0 if latest is None else latest.toordinal(),
        carried,
        time is not None,
        0 if time is None else time.hour * 3600 + time.minute * 60 + time.second,
        event.date.text,
        event.id,
    )


def start_steps(derived: DerivedBounds) -> dict[str, int]:
    """For each event, the number of relations its derived start was carried along: 0 where
    its own date (or nothing) gives it, 1 + the other event's where a relation gives it.

    Each event is walked once (a memo), so this costs O(n); a chain of bases that comes back
    to an event already on it (which a crossing of the bounds can leave) stops there.
    """
    steps: dict[str, int] = {}
    for first in derived:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = first
        base = 0
        while current is not None and current not in steps:
            if current in on_chain:
                break
            chain.append(current)
            on_chain.add(current)
            basis = derived[current].earliest_basis
            current = basis.event if basis.kind is BasisKind.RELATION else None
        if current is not None and current in steps:
            base = steps[current] + 1
        for event_id in reversed(chain):
            steps[event_id] = base
            base += 1
    return steps


def chronological(
    events: Iterable[Event], sources: Iterable[Source]
) -> tuple[tuple[Event, ...], DerivedBounds]:
    """The events in the documented total order (:func:`chronological_key`), which every
    view and export shows, with the derived bounds it rests on (:func:`derive_bounds`, from
    the publication of ``sources``; those validation derived already, when these are the
    events and sources of the dataset it returned: see :func:`remember_bounds`).

    >>> import timeline
    >>> dataset = timeline.load_default()
    >>> ordered, derived = chronological(dataset.events, dataset.sources)
    >>> [event.id for event in ordered] == [event.id for event in timeline.Timeline(dataset)]
    True
    """
    derived = _remembered(events, sources)
    events = tuple(events)
    if derived is None:
        published = {
            source.id: source.published.latest if source.published else None for source in sources
        }
        derived = derive_bounds(events, published)
    steps = start_steps(derived)
    ordered = sorted(
        events, key=lambda event: chronological_key(event, derived[event.id], steps[event.id])
    )
    return tuple(ordered), derived


#: The derived bounds validation found for the datasets it returned, by the identity of their
#: events and sources (tuples, which no weak reference can name), each with a weak reference
#: to its dataset: an entry leaves when its dataset dies, or when a view takes it.
_REMEMBERED: dict[tuple[int, int], tuple[weakref.ref[Dataset], DerivedBounds]] = {}


def remember_bounds(dataset: Dataset, derived: DerivedBounds) -> None:
    """Keep ``derived``, the bounds validation derived from the events and sources of
    ``dataset`` (which it then built), for :func:`chronological` to take rather than derive
    them again when it orders the same events and sources."""
    key = (id(dataset.events), id(dataset.sources))
    _REMEMBERED[key] = (weakref.ref(dataset), derived)
    weakref.finalize(dataset, _REMEMBERED.pop, key, None)


def _remembered(events: object, sources: object) -> DerivedBounds | None:
    """The bounds :func:`remember_bounds` kept for exactly these events and sources (the
    same objects, of a dataset still alive), taken: a view keeps them from then on."""
    found = _REMEMBERED.get((id(events), id(sources)))
    if found is None:
        return None
    dataset = found[0]()
    if dataset is None or dataset.events is not events or dataset.sources is not sources:
        return None
    _REMEMBERED.pop((id(events), id(sources)), None)
    return found[1]


def _derive_bounds(
    events: DatedEvents, published: Mapping[str, datetime.date | None]
) -> DerivedBounds:
    n = len(events)
    days = {source: _ordinal(day) for source, day in published.items()}  # each source once
    tellings = events.tellings()
    soonest = [_soonest(reported, days) for reported, _ in tellings]  # once a telling
    # Each event's own latest day, narrowed by the publication of what reports it, and
    # which telling's source did that (-1: its own date).
    own_late = array.array("i", events.latest_days())
    late_told = array.array("i", [-1]) * n
    for i, (kind, told) in enumerate(zip(events.kind_bytes(), events.told(), strict=True)):
        if kind & 1 and told:  # it has happened, and sources report it
            found = soonest[told]
            if found is not None and found[0] < own_late[i]:
                own_late[i] = found[0]
                late_told[i] = told
    binding = _binding(events)
    holders, targets = events.holders(), events.targets()
    # Of each relation, 1 when its constraint is not_before, 0 when within.
    constraints = events.relations_where(
        lambda kind: RELATION_RULES[kind].constraint is Constraint.NOT_BEFORE
    )

    def early_steps() -> Iterator[Step]:  # the source starts no earlier than the target
        for k in binding:
            yield targets[k], holders[k], k

    def late_steps() -> Iterator[Step]:  # the target ends no later (the part: no later)
        for k in binding:
            s, t = holders[k], targets[k]
            yield (s, t, k) if constraints[k] else (t, s, k)

    ways = _Propagation(events)
    early = ways.run(array.array("i", events.earliest_days()), StepGraph(n, early_steps), True)
    late = ways.run(own_late, StepGraph(n, late_steps), False)
    del own_late
    publication: dict[int, Basis] = {}  # one basis a source, shared by the events it reports

    def make(i: int) -> Bounds:
        e, l_ = early.value[i], late.value[i]
        e_via, l_via = early.via[i], late.via[i]
        if l_via >= 0:
            latest_basis = ways.basis(l_via, i)
        elif late_told[i] >= 0:
            told = late_told[i]
            found = soonest[told]
            assert found is not None
            latest_basis = publication.get(told) or publication.setdefault(
                told, Basis(BasisKind.PUBLICATION, source=found[1])
            )
        else:
            latest_basis = _DATE
        return Bounds(
            earliest=None if e == EARLIEST_OPEN else datetime.date.fromordinal(e),
            latest=None if l_ == LATEST_OPEN else datetime.date.fromordinal(l_),
            earliest_basis=_DATE if e_via < 0 else ways.basis(e_via, i),
            latest_basis=latest_basis,
        )

    later = events.later()
    crossed: dict[tuple[int, int], list[int]] = {}
    for i, (e, l_) in enumerate(zip(early.value, late.value, strict=True)):
        if e > l_ and i not in later:
            crossed.setdefault((early.origin[i], late.origin[i]), []).append(i)
    conflicts = []
    known: dict[str, int] = {}  # the ids the conflicts name, each with its position

    def named(i: int) -> str:
        event_id = events.id(i)
        known.setdefault(event_id, i)
        return event_id

    came_early, came_late = _Ways(early.via, ways), _Ways(late.via, ways)
    for keys in _one_per_cycle(crossed, early.cycle, late.cycle):
        members = [i for key in keys for i in crossed[key]]
        at = min(members, key=lambda i: (came_early.depth(i) + came_late.depth(i), named(i)))
        chain, length = _chain(at, came_late, came_early)
        refs = tuple(ways.reference(k) for k in chain)
        for k in chain:
            named(holders[k])
            named(targets[k])
        # The ends of the chain shown: the events whose own days the ways reach (where a tie
        # gives several, the propagation's own origin may be another of them).
        first, last = came_early.origin(at), came_late.origin(at)
        ends = {early.origin[at], late.origin[at], first, last}
        also = {e for key in keys for e in key}
        conflicts.append(
            Conflict(
                event=min(named(i) for i in members),
                events=tuple(sorted(named(i) for i in members)),
                earliest_from=named(first),
                latest_from=named(last),
                relation=refs[0] if refs else None,
                at=named(at),
                chain=refs,
                length=length,
                also=tuple(sorted({named(e) for e in also} - {named(e) for e in ends})),
            )
        )
    conflicts.sort(key=lambda c: (c.event, c.earliest_from, c.latest_from))
    return DerivedBounds(events, make, tuple(conflicts), known)


def _soonest(reported: Reported, days: Mapping[str, int | None]) -> tuple[int, str] | None:
    """The earliest day by which the sources of ``reported`` report an event (a report's own
    day, else its source's publication), with the smallest source id of that day; None when
    none is dated."""
    soonest: tuple[int, str] | None = None
    for source, day in reported:
        bound = day if day is not None else days.get(source)
        if bound is not None and (soonest is None or (bound, source) < soonest):
            soonest = (bound, source)
    return soonest


#: The most relations a :class:`Conflict` lists of its chain: the first ones and the last.
CHAIN_SHOWN = 10


@attrs.define
class _Propagated:
    """One propagation's result: each event's value (a day ordinal, or the open end), the
    event whose own value it is, the relation it came by (-1: its own) and the number of the
    cycle it is on (only events on one)."""

    value: array.array[int]
    origin: array.array[int]
    via: array.array[int]
    cycle: dict[int, int]


class _Propagation:
    """The propagations of :func:`_derive_bounds` over ``events``: each end, and how the
    relations that carried it are named."""

    def __init__(self, events: DatedEvents) -> None:
        self._events = events
        self._holders = events.holders()
        self._targets = events.targets()
        codes, kinds = events.kind_codes()
        self._codes = codes
        self._kinds = kinds

    def other(self, relation: int, v: int) -> int:
        """The event at the other end of ``relation`` from ``v``."""
        holder = self._holders[relation]
        return self._targets[relation] if holder == v else holder

    def key(self, relation: int, v: int) -> tuple[str, str]:
        """How a way to ``v`` by ``relation`` ranks among ways of the same value: by the id
        of the event it comes from, then the relation's type."""
        return (self._events.id(self.other(relation, v)), self._kinds[self._codes[relation]].value)

    def basis(self, relation: int, v: int) -> Basis:
        """The basis of an end of ``v`` that ``relation`` carried."""
        kind = self._kinds[self._codes[relation]]
        other = self._events.id(self.other(relation, v))
        return Basis(BasisKind.RELATION, relation=kind, event=other)

    def reference(self, relation: int) -> RelationRef:
        """The relation, as a :class:`Conflict` names it."""
        events = self._events
        return RelationRef(
            events.id(self._holders[relation]),
            events.place(relation),
            self._kinds[self._codes[relation]],
            events.id(self._targets[relation]),
        )

    def run(self, own: array.array[int], graph: StepGraph, later: bool) -> _Propagated:
        """Each event's value: the latest (``later``) or earliest of its own (``own``, taken
        and changed) and of every event with a path to it in ``graph``; with how it came.

        The components are taken in topological order: the best value of a component reaches
        each of its events through the component (a path joins any two), then the components
        its steps lead to. Between equal values, an event's own comes first, then the
        smallest :meth:`key` of the way it came, so that the order of the events does not
        matter."""
        value = own
        n = len(value)
        origin = array.array("i", range(n))
        via = array.array("i", [-1]) * n
        cycle: dict[int, int] = {}
        worst = EARLIEST_OPEN if later else LATEST_OPEN
        to, through, starts = graph.to, graph.via, graph.starts
        key = self.key

        def better(new: int, old: int, relation: int, v: int) -> bool:
            if new == old:
                return via[v] >= 0 and key(relation, v) < key(via[v], v)
            return new > old if later else new < old

        for number, component in enumerate(graph.components().topological()):
            if len(component) > 1:
                members = set(component)
                for v in component:
                    cycle[v] = number
                best = min(component, key=lambda v: self._rank(value[v], via[v], v, later))
                top = value[best]
                if top != worst:
                    queue, seen = [best], {best}
                    for u in queue:
                        for v, relation in self._sorted_steps(graph, u):
                            if v in members and v not in seen:
                                seen.add(v)
                                queue.append(v)
                                if value[v] < top if later else value[v] > top:
                                    value[v], via[v] = top, relation
                                    origin[v] = origin[best]
            else:
                members = set()
            for u in component:
                new = value[u]
                if new == worst:
                    continue
                for at in range(starts[u], starts[u + 1]):
                    v = to[at]
                    if v not in members and better(new, value[v], through[at], v):
                        value[v], origin[v], via[v] = new, origin[u], through[at]
        return _Propagated(value, origin, via, cycle)

    def _rank(self, value: int, via: int, v: int, later: bool) -> tuple[object, ...]:
        """The order in which a component picks the event whose value reaches the others: the
        best value, then its own before one that came, then the smallest way and id."""
        way = ("", "") if via < 0 else self.key(via, v)
        if value == (EARLIEST_OPEN if later else LATEST_OPEN):
            return (1, 0, way, self._events.id(v))
        return (0, -value if later else value, way, self._events.id(v))

    def _sorted_steps(self, graph: StepGraph, u: int) -> list[tuple[int, int]]:
        """The steps from ``u`` by the id of the event each reaches, then its relation's type."""
        steps = list(graph.steps(u))
        ids = self._events.id
        steps.sort(key=lambda step: (ids(step[0]), self._kinds[self._codes[step[1]]].value))
        return steps


class _Ways:
    """How the ends of one propagation came (its ``via``), walked back towards the event whose
    own value each is, only from the events of a conflict: each event's depth (the relations
    between it and that event) and the first :data:`CHAIN_SHOWN` events below that one are
    found once and kept, so that however many conflicts there are, each event is walked once
    and a conflict's chain costs O(CHAIN_SHOWN) more."""

    def __init__(self, via: array.array[int], ways: _Propagation) -> None:
        self.via = via
        self._other = ways.other
        self._depth: dict[int, int] = {}
        self._top: dict[int, tuple[int, ...]] = {}

    def came_from(self, v: int) -> int | None:
        """The event the value of ``v`` came from (None: its own)."""
        relation = self.via[v]
        return None if relation < 0 else self._other(relation, v)

    def depth(self, v: int) -> int:
        """How many relations carried the value of ``v`` to it."""
        self._fill(v)
        return self._depth[v]

    def top(self, v: int) -> tuple[int, ...]:
        """The events on the way to ``v`` from the one whose own value it is (that one left
        out), the first :data:`CHAIN_SHOWN` of them."""
        self._fill(v)
        return self._top[v]

    def origin(self, v: int) -> int:
        """The event whose own value ``v``'s is: the end of the way it came by (where several
        events give the same value, the one this way reached, so the chain and its ends agree)."""
        for _ in range(len(self.via)):
            before = self.came_from(v)
            if before is None:
                break
            v = before
        return v

    def back(self, v: int, count: int) -> list[int]:
        """``v`` and the events its value came through, ``count`` at most (the one whose own
        value it is left out)."""
        out: list[int] = []
        before = self.came_from(v)
        while len(out) < count and before is not None:
            out.append(v)
            v = before
            before = self.came_from(v)
        return out

    def _fill(self, v: int) -> None:
        walk: list[int] = []
        while v not in self._depth:
            before = self.came_from(v)
            if before is None:
                self._depth[v], self._top[v] = 0, ()
                break
            walk.append(v)
            v = before
        for w in reversed(walk):
            before = self.came_from(w)
            assert before is not None
            depth = self._depth[before] + 1
            self._depth[w] = depth
            top = self._top[before]
            self._top[w] = (*top, w) if depth <= CHAIN_SHOWN else top


def _chain(at: int, late: _Ways, early: _Ways) -> tuple[list[int], int]:
    """The relations that carry the latest day to ``at`` (from the event whose own day it is)
    and then the earliest day back from ``at`` to the event whose own day that is: all of
    them, or the first ``CHAIN_SHOWN - 1`` and the last; and how many there are in all."""
    k, m = late.depth(at), early.depth(at)
    length = k + m
    shown = range(length) if length <= CHAIN_SHOWN else [*range(CHAIN_SHOWN - 1), length - 1]
    steps: list[int] = []
    for i in shown:
        if i < k:  # the i-th event below the start of the latest day's way
            node = late.top(at)[i] if i < CHAIN_SHOWN else at
            way = late.via[node]
        else:  # the (i - k)-th event from ``at`` back along the earliest day's way
            t = i - k
            node = early.back(at, t + 1)[t] if t < CHAIN_SHOWN else early.top(at)[0]
            way = early.via[node]
        assert way >= 0
        steps.append(way)
    return steps, length


def _one_per_cycle(
    crossed: dict[tuple[int, int], list[int]],
    early_cycle: Mapping[int, int],
    late_cycle: Mapping[int, int],
) -> list[list[tuple[int, int]]]:
    """The reasons of ``crossed`` (the events whose own days cross, and the events where
    they do), gathered into one when some of their events lie on one cycle of either
    propagation: a cycle puts its events on the same earliest (or latest) day, and the dates
    of several of its events can contradict that day, one problem for the cycle. An event's
    own date that starts after a source's publication stays a reason of its own."""
    parent = {key: key for key in crossed}

    def find(key: tuple[int, int]) -> tuple[int, int]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    owner: dict[tuple[int, int], tuple[int, int]] = {}  # (propagation, cycle): a reason on it
    for key, members in crossed.items():
        if key[0] == key[1]:
            continue
        for i in members:
            for side, cycle in ((0, early_cycle.get(i, -1)), (1, late_cycle.get(i, -1))):
                if cycle >= 0:
                    other = find(owner.setdefault((side, cycle), key))
                    parent[find(key)] = other
    gathered: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in crossed:
        gathered.setdefault(find(key), []).append(key)
    return list(gathered.values())


def _binding(events: DatedEvents) -> array.array[int]:
    """The relations (by number) between two events whose constraint binds
    (:meth:`RelationRule.holds`: the target has happened, and the holder's sources did not
    report it as still to come). Only the first event of an id holds relations here;
    relations to an event not there, or to itself, are left out (see
    :meth:`DatedEvents.resolve`)."""
    later = events.later()
    kinds, told = events.kind_bytes(), events.told()
    tellings = events.tellings()
    foretelling = [bool(foretold) for _, foretold in tellings]
    found = array.array("i")
    for k, (s, t) in enumerate(zip(events.holders(), events.targets(), strict=True)):
        if t < 0 or not kinds[t] & 1 or s in later:
            continue  # (every rule binds once its target has happened)
        if foretelling[told[t]] and _told_by(tellings[told[s]], tellings[told[t]][1]):
            continue  # its holder's sources reported the target as still to come
        found.append(k)
    return found


@attrs.frozen
class Cycle:
    """A cycle of relations that may not be: its :attr:`relation` (of the kind the cycle is
    about, held by the smallest id of the cycle's events), the ids around it from that
    relation's holder back to it, and each relation on the way."""

    relation: RelationRef
    ring: tuple[str, ...]
    steps: tuple[RelationRef, ...]
    members: frozenset[str]
    """Every event of the strongly connected component the cycle lies in."""


def relation_cycles(
    events: Sequence[EventDates] | DatedEvents, kind: RelationType = RelationType.FOLLOWS
) -> list[Cycle]:
    """Each cycle through a relation of ``kind`` that may not be, once per strongly connected
    component, by its relation held by the smallest id (the shortest way back from it).

    ``follows``: a cycle of ``follows`` relations (whatever their events' statuses), or of
    ``follows`` with other relations whose constraint binds (:func:`_binding`): an event would
    come after itself ("a follows c, c refers to b, b follows a"). ``part_of``: a cycle of
    ``part_of`` alone (an event within itself). Other cycles of binding relations put their
    events on the same days, which is no error. Only the events that relations link are
    walked.
    """
    return [cycle for cycle, _ in found_cycles(dated(events), kind)]


def found_cycles(events: DatedEvents, kind: RelationType) -> list[tuple[Cycle, int]]:
    """:func:`relation_cycles` of resolved columns, each cycle with the number of its
    :attr:`Cycle.relation` (whose holder's position and place say where it stands)."""
    later = events.later()
    holders, targets = events.holders(), events.targets()
    codes, kinds = events.kind_codes()
    chosen = events.relations_where(lambda relation: relation is kind)
    walked = bytearray(chosen)
    if kind is RelationType.FOLLOWS:
        for k in _binding(events):
            walked[k] = 1

    def steps() -> Iterator[Step]:
        for k, (s, t) in enumerate(zip(holders, targets, strict=True)):
            if walked[k] and t >= 0 and s not in later:
                yield s, t, k

    graph = StepGraph(len(events), steps)
    ids, place = events.id, events.place

    def sorted_steps(u: int) -> list[tuple[int, int]]:
        return sorted(graph.steps(u), key=lambda step: (ids(step[0]), place(step[1])))

    def reference(k: int) -> RelationRef:
        return RelationRef(ids(holders[k]), place(k), kinds[codes[k]], ids(targets[k]))

    cycles = []
    for component in graph.components():
        if len(component) < 2:
            continue
        members = set(component)
        inside = [
            (ids(s), place(k), t, k)
            for s in component
            for t, k in graph.steps(s)
            if t in members and chosen[k]
        ]
        if not inside:
            continue  # a cycle of relations that only put their events on the same days
        _, _, first_t, first_k = min(inside, key=lambda e: (e[0], e[1]))
        start = holders[first_k]
        came: dict[int, tuple[int, int]] = {first_t: (start, first_k)}
        queue = [first_t]
        for u in queue:  # the shortest way back to the start, breadth first
            if u == start:
                break
            for v, k in sorted_steps(u):
                if v in members and v not in came:
                    came[v] = (u, k)
                    queue.append(v)
        way: list[int] = []
        node = start
        while True:  # from the start back along the way the search came
            before, k = came[node]
            way.append(node)
            node = before
            if node == start and k == first_k:
                break
        way.append(start)
        way.reverse()  # start, its target, ..., start
        around = [came[v][1] for v in way[1:]]  # each event by the relation that reached it
        cycles.append(
            (
                Cycle(
                    relation=reference(around[0]),
                    ring=tuple(ids(v) for v in way),
                    steps=tuple(reference(k) for k in around),
                    members=frozenset(ids(v) for v in component),
                ),
                around[0],
            )
        )
    cycles.sort(key=lambda found: found[0].relation.holder)
    return cycles
