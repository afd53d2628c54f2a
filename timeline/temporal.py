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

The derivation works on :class:`EventDates`, a compact form of an event (its id, type,
whether it happened, its bounds as day ordinals, its relations and the sources that report
it), which both an :class:`~timeline.model.Event` and the fast validation path can give.
"""

from __future__ import annotations

import array
import datetime
import enum
import functools
import gc
import weakref
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from timeline.model import Dataset, Event, EventType, RelationType, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

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
    "RelationEdge",
    "RelationRef",
    "RelationRule",
    "chronological",
    "chronological_key",
    "day_ordinals",
    "derive_bounds",
    "placed",
    "relation_cycles",
    "relation_edges",
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
        reported = _cited(tuple(evidence_sources))
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

    @classmethod
    def plain(
        cls,
        event_id: str,
        type_: EventType,
        happened: bool,
        days: tuple[int | None, int | None],
        relations: tuple[tuple[RelationType, str], ...],
        evidence_sources: tuple[str, ...],
        index: int,
    ) -> EventDates:
        """The compact form of an event without reports (what :meth:`from_parts` gives it),
        from its date's ``days`` (its earliest and latest day ordinals, None where open): the
        fast path's, which knows the days of each date text once."""
        return cls(
            id=event_id,
            type=type_,
            happened=happened,
            earliest=days[0],
            latest=days[1],
            relations=relations,
            reported=_cited(evidence_sources),
            index=index,
        )


_NONE: frozenset[str] = frozenset()


def day_ordinals(date: EdtfDate) -> tuple[int | None, int | None]:
    """The day ordinals of a date's earliest and latest day (None where open), as
    :class:`EventDates` keeps them."""
    return _ordinal(date.earliest), _ordinal(date.latest)


def _told_by(record: EventDates, sources: frozenset[str]) -> bool:
    """Whether one of ``sources`` reports the event of ``record``."""
    return any(source in sources for source, _ in record.reported) or bool(
        record.foretold & sources
    )


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=4096)
def _cited(sources: tuple[str, ...]) -> tuple[tuple[str, int | None], ...]:
    """The sources an event's evidence cites, each once, as reporting it: one tuple shared
    by the many events that cite the same sources (a large dataset keeps one per event)."""
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
    position in ``records``."""

    def __init__(
        self,
        position: Mapping[str, int],
        make: Callable[[int], Bounds],
        conflicts: tuple[Conflict, ...],
        records: Sequence[EventDates],
    ) -> None:
        self._position = position
        self._make: Callable[[int], Bounds] | None = make
        self._made: dict[str, Bounds] = {}
        self.conflicts = conflicts
        self._records: Sequence[EventDates] | None = records
        self._indexes = array.array("l")  # each event's index, once the records are let go

    def __getitem__(self, event_id: str) -> Bounds:
        found = self._made.get(event_id)
        if found is None:
            if self._make is None:  # every event's were made: this id is none of them
                raise KeyError(event_id)
            found = self._made[event_id] = self._make(self._position[event_id])
            if len(self._made) == len(self._position):  # (a view asks for every event's)
                self._let_go()
        return found

    def _let_go(self) -> None:
        """Keep the bounds made, and let go of what made them (the compact events and the
        propagations' arrays): a view keeps no more than it did before bounds were lazy."""
        assert self._records is not None
        self._indexes = array.array("l", [record.index for record in self._records])
        self._records = self._make = None

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._position

    def index(self, event_id: str) -> int:
        """The position in the dataset of the event (as its :class:`EventDates` gave it)."""
        at = self._position[event_id]
        return self._indexes[at] if self._records is None else self._records[at].index


# -- the derivation ----------------------------------------------------------------------------

#: A step of a propagation, kept in the adjacency of the event it comes from: the event it
#: narrows, and the relation (the position of the event that holds it, its index there).
_Step = tuple[int, int, int]
#: The steps from each event that has any.
_Steps = dict[int, list[_Step]]
#: How an end was reached: the event it came from, and the relation (holder, index).
_Via = tuple[int, int, int]


def derive_bounds(
    events: Iterable[Event | EventDates],
    published: Mapping[str, datetime.date | None],
    *,
    edges: Sequence[RelationEdge] | None = None,
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
    of ``events`` (ties between bases are broken by ids and relation types). ``edges``:
    :func:`relation_edges` of ``events`` (a sequence of :class:`EventDates`), when the caller
    has found them already.
    """
    # The derivation allocates many small records and frees few until it returns: the cyclic
    # collector would walk them again and again (four fifths of the time on 100,000 events),
    # so it waits until the end, as validation and the Timeline's indexes do.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _derive_bounds(events, published, edges)
    finally:
        if collecting:
            gc.enable()


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
    events: Iterable[Event | EventDates],
    published: Mapping[str, datetime.date | None],
    edges: Sequence[RelationEdge] | None,
) -> DerivedBounds:
    records = [
        event if isinstance(event, EventDates) else EventDates.of(event, i)
        for i, event in enumerate(events)
    ]
    position: dict[str, int] = {}  # the first event of each id, in the order of the events
    for i, record in enumerate(records):
        position.setdefault(record.id, i)
    ids = [r.id for r in records]
    own_late: list[int | None] = []
    late_basis: list[Basis] = []
    days = {source: _ordinal(day) for source, day in published.items()}  # each source once
    by_publication: dict[str, Basis] = {}  # one basis a source, shared by the events it reports
    for record in records:
        latest, basis = record.latest, _DATE
        if record.happened and record.reported:
            soonest: tuple[int, str] | None = None  # the earliest bound, the smallest source id
            for source, day in record.reported:
                bound = day if day is not None else days.get(source)
                if bound is not None and (soonest is None or (bound, source) < soonest):
                    soonest = (bound, source)
            if soonest is not None and (latest is None or soonest[0] < latest):
                latest = soonest[0]
                basis = by_publication.get(soonest[1]) or by_publication.setdefault(
                    soonest[1], Basis(BasisKind.PUBLICATION, source=soonest[1])
                )
        own_late.append(latest)
        late_basis.append(basis)
    # The graphs: a step u -> v narrows v by u (earliest: v >= u; latest: v <= u).
    early_steps: _Steps = {}  # only the events that have steps
    late_steps: _Steps = {}
    for s, j, kind, t in relation_edges(records) if edges is None else edges:
        rule = RELATION_RULES[kind]
        ahead = records[t].foretold
        told = bool(ahead) and _told_by(records[s], ahead)
        if not rule.holds(records[t].happened, told):
            continue
        early_steps.setdefault(t, []).append((s, s, j))  # the source starts no earlier
        if rule.constraint is Constraint.NOT_BEFORE:
            late_steps.setdefault(s, []).append((t, s, j))  # the target ends no later
        else:
            late_steps.setdefault(t, []).append((s, s, j))  # the part ends no later

    def key(via: _Via | None) -> tuple[str, str]:
        if via is None:
            return ("", "")  # its own bound comes first
        return (ids[via[0]], records[via[1]].relations[via[2]][0].value)

    for steps in (early_steps, late_steps):
        for out in steps.values():
            if len(out) > 1:
                out.sort(key=lambda step: (ids[step[0]], key((step[0], step[1], step[2]))))
    early, early_from, early_via, early_cycle = _propagate(
        [r.earliest for r in records], early_steps, ids, key, later=True
    )
    late, late_from, late_via, late_cycle = _propagate(own_late, late_steps, ids, key, later=False)

    def make(i: int) -> Bounds:
        e, l_ = early[i], late[i]
        e_via, l_via = early_via[i], late_via[i]
        return Bounds(
            earliest=None if e is None else datetime.date.fromordinal(e),
            latest=None if l_ is None else datetime.date.fromordinal(l_),
            earliest_basis=_DATE if e_via is None else _relation_basis(e_via, records),
            latest_basis=late_basis[i] if l_via is None else _relation_basis(l_via, records),
        )

    crossed: dict[tuple[int, int], list[int]] = {}
    for i, (e, l_) in enumerate(zip(early, late, strict=True)):
        if e is not None and l_ is not None and e > l_ and position[ids[i]] == i:
            crossed.setdefault((early_from[i], late_from[i]), []).append(i)
    conflicts = []
    came_early, came_late = _Ways(early_via), _Ways(late_via)  # walked only from a conflict
    for keys in _one_per_cycle(crossed, early_cycle, late_cycle):
        members = [i for key in keys for i in crossed[key]]
        at = min(members, key=lambda i: (came_early.depth(i) + came_late.depth(i), ids[i]))
        chain, length = _chain(at, came_late, came_early)
        refs = tuple(_relation_ref(via, records) for via in chain)
        # The ends of the chain shown: the events whose own days the ways reach (where a tie
        # gives several, the propagation's own origin may be another of them).
        first, last = came_early.origin(at), came_late.origin(at)
        ends = {early_from[at], late_from[at], first, last}
        conflicts.append(
            Conflict(
                event=ids[min(members, key=lambda i: ids[i])],
                events=tuple(sorted(ids[i] for i in members)),
                earliest_from=ids[first],
                latest_from=ids[last],
                relation=refs[0] if refs else None,
                at=ids[at],
                chain=refs,
                length=length,
                also=tuple(sorted({ids[e] for key in keys for e in key} - {ids[e] for e in ends})),
            )
        )
    conflicts.sort(key=lambda c: (c.event, c.earliest_from, c.latest_from))
    return DerivedBounds(position, make, tuple(conflicts), records)


#: The most relations a :class:`Conflict` lists of its chain: the first ones and the last.
CHAIN_SHOWN = 10


class _Ways:
    """How the ends of one propagation came (its ``via``), walked back towards the event whose
    own value each is, only from the events of a conflict: each event's depth (the relations
    between it and that event) and the first :data:`CHAIN_SHOWN` events below that one are
    found once and kept, so that however many conflicts there are, each event is walked once
    and a conflict's chain costs O(CHAIN_SHOWN) more."""

    def __init__(self, via: list[_Via | None]) -> None:
        self.via = via
        self._depth = [-1] * len(via)
        self._top: list[tuple[int, ...]] = [()] * len(via)

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
            step = self.via[v]
            if step is None:
                break
            v = step[0]
        return v

    def back(self, v: int, count: int) -> list[int]:
        """``v`` and the events its value came through, ``count`` at most (the one whose own
        value it is left out)."""
        out: list[int] = []
        step = self.via[v]
        while len(out) < count and step is not None:
            out.append(v)
            v = step[0]
            step = self.via[v]
        return out

    def _fill(self, v: int) -> None:
        walk: list[int] = []
        while self._depth[v] < 0:
            step = self.via[v]
            if step is None:
                self._depth[v] = 0
                break
            walk.append(v)
            v = step[0]
        for w in reversed(walk):
            step = self.via[w]
            assert step is not None
            depth = self._depth[step[0]] + 1
            self._depth[w] = depth
            top = self._top[step[0]]
            self._top[w] = (*top, w) if depth <= CHAIN_SHOWN else top


def _chain(at: int, late: _Ways, early: _Ways) -> tuple[list[_Via], int]:
    """The relations that carry the latest day to ``at`` (from the event whose own day it is)
    and then the earliest day back from ``at`` to the event whose own day that is: all of
    them, or the first ``CHAIN_SHOWN - 1`` and the last; and how many there are in all."""
    k, m = late.depth(at), early.depth(at)
    length = k + m
    shown = range(length) if length <= CHAIN_SHOWN else [*range(CHAIN_SHOWN - 1), length - 1]
    steps: list[_Via] = []
    for i in shown:
        if i < k:  # the i-th event below the start of the latest day's way
            node = late.top(at)[i] if i < CHAIN_SHOWN else at
            way = late.via[node]
        else:  # the (i - k)-th event from ``at`` back along the earliest day's way
            t = i - k
            node = early.back(at, t + 1)[t] if t < CHAIN_SHOWN else early.top(at)[0]
            way = early.via[node]
        assert way is not None
        steps.append(way)
    return steps, length


def _one_per_cycle(
    crossed: dict[tuple[int, int], list[int]], early_cycle: list[int], late_cycle: list[int]
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
            for side, cycle in ((0, early_cycle[i]), (1, late_cycle[i])):
                if cycle >= 0:
                    other = find(owner.setdefault((side, cycle), key))
                    parent[find(key)] = other
    gathered: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in crossed:
        gathered.setdefault(find(key), []).append(key)
    return list(gathered.values())


def _relation_ref(via: _Via, records: Sequence[EventDates]) -> RelationRef:
    holder = records[via[1]]
    kind, target = holder.relations[via[2]]
    return RelationRef(holder.id, via[2], kind, target)


def _relation_basis(via: _Via, records: Sequence[EventDates]) -> Basis:
    other, holder, j = via
    kind = records[holder].relations[j][0]
    return Basis(BasisKind.RELATION, relation=kind, event=records[other].id)


def _propagate(
    own: list[int | None],
    steps: _Steps,
    ids: list[str],
    key: Callable[[_Via | None], tuple[str, str]],
    *,
    later: bool,
) -> tuple[list[int | None], list[int], list[_Via | None], list[int]]:
    """Each event's value: the latest (``later``) or earliest of its own and of every event
    with a path to it; the event whose own value it is; how it came (None: its own); and
    the cycle it is on (a number for each strongly connected component of more than one
    event, -1 for an event on none).

    The components are taken in topological order: the best value of a component reaches
    each of its events through the component (a path joins any two), then the components its
    steps lead to. Between equal values, an event's own comes first, then the smallest
    :func:`key` of the way it came, so that the order of the events does not matter."""
    sign = 1 if later else -1
    value = [None if v is None else sign * v for v in own]  # the larger is the better
    origin = list(range(len(own)))
    via: list[_Via | None] = [None] * len(own)

    def better(u: int, candidate: _Via, v: int) -> bool:
        new, old = value[u], value[v]
        if new is None:
            return False
        if old is None or new > old:
            return True
        return new == old and via[v] is not None and key(candidate) < key(via[v])

    cycle = [-1] * len(own)
    for number, component in enumerate(reversed(_components(steps, len(own)))):
        if len(component) > 1:  # (Tarjan's order, reversed: a topological one)
            for v in component:
                cycle[v] = number
            members = set(component)
            best = min(component, key=lambda v: _rank(value[v], key(via[v]), ids[v]))
            if value[best] is not None:
                queue, seen = [best], {best}
                for u in queue:
                    for v, holder, j in steps.get(u, ()):
                        if v in members and v not in seen:
                            seen.add(v)
                            queue.append(v)
                            if value[v] is None or value[v] < value[best]:  # type: ignore[operator]
                                value[v], via[v] = value[best], (u, holder, j)
                                origin[v] = origin[best]
        else:
            members = {component[0]}
        for u in component:
            for v, holder, j in steps.get(u, ()):
                if v not in members and better(u, (u, holder, j), v):
                    value[v], origin[v], via[v] = value[u], origin[u], (u, holder, j)
    return [None if v is None else sign * v for v in value], origin, via, cycle


def _rank(
    value: int | None, key: tuple[str, str], event_id: str
) -> tuple[int, int, tuple[str, str], str]:
    """The order in which a component picks the event whose value reaches the others: the best
    value, then its own before one that came, then the smallest way and id."""
    if value is None:
        return (1, 0, key, event_id)
    return (0, -value, key, event_id)


def _components(steps: _Steps, n: int) -> list[list[int]]:
    """The strongly connected components of the graph (Tarjan's algorithm, without
    recursion) of more than one event or of an event with steps, each after every component
    it has a step to: reversed, a topological order. An event without steps is a component of
    its own that leads nowhere: it is left out, and walking the graph costs O(events with
    steps + steps), not O(every event)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in sorted(steps):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            u, k = work[-1]
            out = steps[u]  # (u has steps: the others are done)
            if k < len(out):
                work[-1] = (u, k + 1)
                v = out[k][0]
                if v not in steps:
                    continue  # a component of its own, which leads nowhere
                if index[v] < 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = True
                    work.append((v, 0))
                elif on_stack[v]:
                    low[u] = min(low[u], index[v])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[u])
            if low[u] == index[u]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == u:
                        break
                found.append(component)
    return found


#: A relation between two events of a list of :class:`EventDates`: the position of the event
#: that holds it, its index there, its type, the position of its target.
RelationEdge = tuple[int, int, RelationType, int]


def relation_edges(records: Sequence[EventDates]) -> list[RelationEdge]:
    """Each relation between two events of ``records`` (see :data:`RelationEdge`), found once
    for the rules that walk them (:func:`relation_cycles`, :func:`derive_bounds`). Only the
    first event of an id holds relations; relations to an event not there, or to itself, are
    left out. The events without relations cost a dictionary entry each, nothing more."""
    position: dict[str, int] = {}
    for i, record in enumerate(records):
        position.setdefault(record.id, i)
    edges: list[RelationEdge] = []
    for s, record in enumerate(records):
        if not record.relations or position[record.id] != s:
            continue
        for j, (kind, target) in enumerate(record.relations):
            t = position.get(target)
            if t is not None and t != s:
                edges.append((s, j, kind, t))
    return edges


def _binding(
    records: Sequence[EventDates], edges: Iterable[RelationEdge]
) -> Iterator[RelationEdge]:
    """The relations of ``edges`` (:func:`relation_edges`) whose constraint binds
    (:meth:`RelationRule.holds`: the target has happened, and the holder's sources did not
    report it as still to come)."""
    for s, j, kind, t in edges:
        ahead = records[t].foretold
        told = bool(ahead) and _told_by(records[s], ahead)
        if RELATION_RULES[kind].holds(records[t].happened, told):
            yield s, j, kind, t


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
    events: Sequence[EventDates],
    kind: RelationType = RelationType.FOLLOWS,
    *,
    edges: Sequence[RelationEdge] | None = None,
) -> list[Cycle]:
    """Each cycle through a relation of ``kind`` that may not be, once per strongly connected
    component, by its relation held by the smallest id (the shortest way back from it).

    ``follows``: a cycle of ``follows`` relations (whatever their events' statuses), or of
    ``follows`` with other relations whose constraint binds (:func:`_binding`): an event would
    come after itself ("a follows c, c refers to b, b follows a"). ``part_of``: a cycle of
    ``part_of`` alone (an event within itself). Other cycles of binding relations put their
    events on the same days, which is no error. ``edges``: :func:`relation_edges` of
    ``events``, when the caller has found them already; only the events they link are walked.
    """
    if edges is None:
        edges = relation_edges(events)
    steps: _Steps = {}
    chosen = set()
    for s, j, relation, t in edges:
        if relation is kind:
            steps.setdefault(s, []).append((t, s, j))
            chosen.add((s, j))
    if kind is RelationType.FOLLOWS:
        for s, j, _, t in _binding(events, edges):
            if (s, j) not in chosen:
                steps.setdefault(s, []).append((t, s, j))
    for out in steps.values():
        out.sort(key=lambda step: (events[step[0]].id, step[2]))
    cycles = []
    for component in _components(steps, len(events)):
        if len(component) < 2:
            continue
        members = set(component)
        inside = [
            (events[s].id, j, t)
            for s in component
            for t, _, j in steps.get(s, ())
            if t in members and (s, j) in chosen
        ]
        if not inside:
            continue  # a cycle of relations that only put their events on the same days
        first_id, first_j, first_t = min(inside, key=lambda e: (e[0], e[1]))
        start = next(v for v in component if events[v].id == first_id and (v, first_j) in chosen)
        came: dict[int, _Step] = {first_t: (start, start, first_j)}
        queue = [first_t]
        for u in queue:  # the shortest way back to the start, breadth first
            if u == start:
                break
            for step in steps.get(u, ()):
                v = step[0]
                if v in members and v not in came:
                    came[v] = (u, step[1], step[2])
                    queue.append(v)
        way: list[int] = []
        node = start
        while True:  # from the start back along the way the search came
            before, holder, j = came[node]
            way.append(node)
            node = before
            if node == start and (holder, j) == (start, first_j):
                break
        way.append(start)
        way.reverse()  # start, its target, ..., start
        around: list[RelationRef] = []
        for v in way[1:]:  # each event by the relation the search reached it by
            _, holder, j = came[v]
            relation, target = events[holder].relations[j]
            around.append(RelationRef(events[holder].id, j, relation, target))
        cycles.append(
            Cycle(
                relation=around[0],
                ring=tuple(events[v].id for v in way),
                steps=tuple(around),
                members=frozenset(events[v].id for v in component),
            )
        )
    cycles.sort(key=lambda c: c.relation.holder)
    return cycles
