"""Chronological and actor views of a dataset, answered from indexes built once.

:class:`Timeline` wraps a loaded :class:`~timeline.model.Dataset`. Building it sorts the
events into the documented chronological order and builds every index once; after that:

* a range query (:meth:`Timeline.between`, :meth:`Timeline.on`) finds its answer in
  O(log n) per class of span length (1 day, 2 to 3, 4 to 7, … days; an open start or end is a
  class of its own) and makes its k hits as they are read
  (:class:`~timeline.query.results.Hits`): O(k) plus, per class, the few events that end within
  one span before the range;
* a look-up by type, subtype, status, country or place costs O(1), its events made as they
  are read (:class:`~timeline.query.results.EventList`); by actor or relation O(1 + k).

The chronological order is total and rests on each event's derived bounds
(:func:`timeline.temporal.derive_bounds`: its date narrowed by its relations and by the
publication of its sources), see :func:`chronological_key`: an event is placed at its derived
earliest day, or, when that is not known, at its derived latest day (the day it is known by);
at the same day an event whose start is known comes first; then by derived latest day (an open
end last), fewer relations carrying its start first (its own date's start before one a
relation gives), time of day where known (unknown first), the date's text and the event id. The
range index holds the derived bounds too, so a range query answers by what is known of each
event, not only by what its own date says.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import gc
import sys
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Protocol

import attrs

from timeline.dates import parse_edtf
from timeline.display import brief, counted, short_repr
from timeline.errors import TimelineError
from timeline.model import (
    Actor,
    Dataset,
    Event,
    EventSubtype,
    EventType,
    RelationType,
    Role,
    Status,
    Vocabulary,
)
from timeline.names import NameIndex, fold
from timeline.query.provenance import source_ids
from timeline.query.results import (
    ActorEvent,
    ActorEvents,
    ActorStream,
    EventList,
    Hit,
    Hits,
    Run,
    event_table,
)
from timeline.temporal import (
    Bounds,
    DerivedBounds,
    chronological,
    chronological_key,
    placed,
    start_steps,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "ActorEvent",
    "ActorEvents",
    "ActorSummary",
    "AmbiguousActorError",
    "EventList",
    "Grouping",
    "Hit",
    "Hits",
    "Linked",
    "Timeline",
    "UnknownActorError",
    "UnknownEventError",
    "chronological_key",
    "placed",
    "start_steps",
]


class UnknownActorError(TimelineError, LookupError):
    """No actor has the id, name or alias asked for; :attr:`closest` suggests some."""

    def __init__(self, name: str, closest: Sequence[str]) -> None:
        self.name = name
        self.closest = tuple(closest)
        hint = f"; the closest: {', '.join(self.closest)}" if self.closest else ""
        super().__init__(f"no actor is named {name!r} (by id, name or alias){hint}")


class AmbiguousActorError(TimelineError, LookupError):
    """A name that several actors share (as an alias); :attr:`ids` lists them."""

    def __init__(self, name: str, ids: Sequence[str]) -> None:
        self.name = name
        self.ids = tuple(ids)
        super().__init__(f"{name!r} names several actors ({', '.join(self.ids)}): use an id")


class UnknownEventError(TimelineError, LookupError):
    """No event has the id asked for."""


class Grouping(Vocabulary):
    """The periods :meth:`Timeline.group` groups events by."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@short_repr()
@attrs.frozen
class Linked:
    """An event reached by following a relation, and the relation's type."""

    type: RelationType
    event: Event


@short_repr("actor", "events", "first", "last")
@attrs.frozen
class ActorSummary:
    """An actor's record in figures: its first and last event, and counts by role and type."""

    actor: Actor
    events: int
    first: Event | None
    last: Event | None
    by_role: dict[Role, int]
    by_type: dict[EventType, int]


_NO_DAY = -1  # the ordinal of an open start
_OPEN_END = datetime.date.max.toordinal() + 1


class Dated(Protocol):
    """What has a day: a ``datetime.datetime``, a ``pandas.Timestamp`` (its ``date()``)."""

    def date(self) -> datetime.date: ...


#: A bound of a range query: a date, a datetime or anything with a ``date()`` (its day, as
#: written: a time zone is not converted), an EDTF day, month or year, or None (open); a
#: ``numpy.datetime64`` is taken too (its day), though this type does not name it.
DayBound = datetime.date | Dated | str | None


def _ordinal(day: DayBound, *, end: bool) -> int | None:
    """A query bound as a day ordinal: a date, a datetime's day (a ``numpy.datetime64`` too:
    what a data frame's ``.values`` holds), or an EDTF day, month or year (its first day for a
    start, its last day for an end). A missing time (``NaT``) is a ValueError."""
    if day is None:
        return None
    if isinstance(day, str):
        parsed = parse_edtf(day)
        bound = parsed.latest if end else parsed.earliest
        if bound is None or parsed.is_interval:
            raise ValueError(f"{day!r} is not a single day, month or year")
        return bound.toordinal()
    if isinstance(day, datetime.date) and not isinstance(day, datetime.datetime):
        return day.toordinal()
    numpy = sys.modules.get("numpy")  # never imported here: a datetime64 comes with it
    if numpy is not None and isinstance(day, numpy.datetime64):
        found = day.astype("datetime64[D]").item()  # its day; None for NaT
    else:
        as_date = getattr(day, "date", None)
        found = as_date() if callable(as_date) else None
    if isinstance(found, datetime.date) and not isinstance(found, datetime.datetime):
        return found.toordinal()
    if day != day:  # NaT, pandas's or numpy's: the one value unequal to itself
        raise ValueError(
            f"a range bound is a day, not a missing time ({day!r}): give None for an open end"
        )
    raise TypeError(
        f"a range bound is a date, a datetime, a numpy.datetime64, an EDTF day, month or "
        f"year, or None, not {type(day).__name__}"
    )


def _role_value(role: Role) -> str:
    """The key that orders an actor's roles in one event."""
    return role.value


def _closest(text: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """The ids closest to ``text``, at most ``n``: those that hold it (ignoring case), the
    shortest first, then those most alike (``al-arabiya`` finds
    ``al-arabiya-is-claims-rocket-attack``).

    >>> _closest("al-arabiya", ["reuters-kabul", "al-arabiya-is-claims-rocket-attack"])
    ['al-arabiya-is-claims-rocket-attack']
    """
    every = list(ids)
    folded = text.casefold()
    holding = sorted((i for i in every if folded in i.casefold()), key=lambda i: (len(i), i))
    alike = difflib.get_close_matches(text, every, n=n, cutoff=0.5)
    return list(dict.fromkeys([*holding, *alike]))[:n]


class _SpanClass:
    """Events whose dates span a similar number of days, sorted by earliest day."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.positions: list[int] = []
        self.longest = 0
        self.shortest = _OPEN_END

    def add(self, start: int, span: int, position: int) -> None:
        self.starts.append(start)
        self.positions.append(position)
        self.longest = max(self.longest, span)
        self.shortest = min(self.shortest, span)

    def freeze(self) -> None:
        order = sorted(range(len(self.starts)), key=lambda i: (self.starts[i], self.positions[i]))
        self.starts = [self.starts[i] for i in order]
        self.positions = [self.positions[i] for i in order]

    def candidates(self, start: int, end: int, *, inside: bool = False) -> Run:
        """The events that may overlap the days ``start`` to ``end``; with ``inside``, only
        those that may lie wholly within them (they start in the range, and are not longer
        than it)."""
        starts = self.starts
        if inside and self.shortest > end - start + 1:
            return Run(self.positions, 0, 0, 0, 0)
        if inside:
            # Those that start early enough to end in the range, however long, surely do.
            lo = bisect.bisect_left(starts, start)
            sure_stop = max(lo, bisect.bisect_right(starts, end - self.longest + 1))
            return Run(self.positions, lo, bisect.bisect_right(starts, end), lo, sure_stop)
        # Those that start in the range surely overlap it; those before it may end before it.
        lo = bisect.bisect_left(starts, start - self.longest + 1)
        hi = bisect.bisect_right(starts, end)
        return Run(self.positions, lo, hi, bisect.bisect_left(starts, start), hi)


class Timeline:
    """A dataset with its indexes, for chronological and actor views.

    >>> import timeline
    >>> view = timeline.Timeline(timeline.load_default())
    >>> [hit.event.id for hit in view.between("2021-08-26", "2021-08-26") if hit.certain]
    ['kabul-airport-suicide-bombing']
    >>> view.actor("IS-Khorosan").name
    'Islamic State – Khorasan Province'
    """

    def __init__(self, dataset: Dataset) -> None:
        # Building the indexes allocates much and frees little: the cyclic collector would
        # walk every record of the dataset again and again, so it waits until the end.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(dataset)
        finally:
            if collecting:
                gc.enable()

    def _build(self, dataset: Dataset) -> None:
        self.dataset = dataset
        # The order rests on the derived bounds: they are computed once, here.
        self.events: tuple[Event, ...]
        self.events, self._derived = chronological(dataset.events, dataset.sources)
        self._position = {event.id: i for i, event in enumerate(self.events)}
        self.actors = {actor.id: actor for actor in dataset.actors}
        self.sources = {source.id: source for source in dataset.sources}
        self._build_date_index()
        self._build_value_indexes()
        self._build_actor_indexes()
        self._build_relation_indexes()

    # -- building ------------------------------------------------------------------------

    def _build_date_index(self) -> None:
        # The index holds each event's derived bounds (see placed()), not its own date's.
        # The positions of the events with an open start, in chronological order, which is
        # the order of their latest days (an event with neither end known last); those with
        # an open end, in the order of their earliest days.
        self._open_start: list[int] = []
        self._open_end: list[int] = []
        self._classes: dict[int, _SpanClass] = defaultdict(_SpanClass)
        # Each event's first and last possible day as day numbers; an open start is before
        # every day, an open end after every day.
        self._firsts: list[int] = []
        self._lasts: list[int] = []
        derived = self._derived
        for position, event in enumerate(self.events):
            earliest, latest = placed(event, derived[event.id])
            self._firsts.append(_NO_DAY if earliest is None else earliest.toordinal())
            self._lasts.append(_OPEN_END if latest is None else latest.toordinal())
            if earliest is None:
                self._open_start.append(position)
            elif latest is None:
                self._open_end.append(position)
            else:
                span = latest.toordinal() - earliest.toordinal() + 1
                self._classes[span.bit_length()].add(earliest.toordinal(), span, position)
        for span_class in self._classes.values():
            span_class.freeze()

    def _build_value_indexes(self) -> None:
        index: dict[str, defaultdict[object, list[int]]] = {
            key: defaultdict(list) for key in ("type", "subtype", "status", "country", "place")
        }
        folded: dict[str, str] = {}
        for position, event in enumerate(self.events):
            index["type"][event.type].append(position)
            index["subtype"][event.subtype].append(position)
            index["status"][event.status].append(position)
            if event.place is not None:
                name = event.place.name
                key = folded.get(name)
                if key is None:
                    key = folded[name] = fold(name)
                index["place"][key].append(position)
                if event.place.country is not None:
                    index["country"][event.place.country.upper()].append(position)
        self._index = index
        # The events of each source: built on the first query by source.
        self._by_source: defaultdict[str, list[int]] | None = None

    def _build_actor_indexes(self) -> None:
        self._names = NameIndex(self.dataset.actors)
        self._parts: dict[str, list[str]] = defaultdict(list)
        self._members: dict[str, list[str]] = defaultdict(list)
        for actor in self.dataset.actors:
            if actor.part_of is not None:
                self._parts[actor.part_of].append(actor.id)
            for affiliation in actor.affiliations:
                self._members[affiliation.actor].append(actor.id)
        # Each actor's events as an ActorStream: their positions, increasing, each once, and
        # beside each the actor's roles there (one tuple shared by every event of one set of
        # roles), read as they are by actor_events and where(actor=...).
        positions: defaultdict[str, list[int]] = defaultdict(list)
        roles: defaultdict[str, list[tuple[Role, ...]]] = defaultdict(list)
        shared: dict[tuple[Role, ...], tuple[Role, ...]] = {}
        for position, event in enumerate(self.events):
            if len(event.participants) == 1:
                (participant,) = event.participants
                held: tuple[Role, ...] = (participant.role,)
                positions[participant.actor].append(position)
                roles[participant.actor].append(shared.setdefault(held, held))
                continue
            by_actor: dict[str, list[Role]] = {}
            for participant in event.participants:
                by_actor.setdefault(participant.actor, []).append(participant.role)
            for actor_id, its_roles in by_actor.items():
                held = tuple(sorted(its_roles, key=_role_value))
                positions[actor_id].append(position)
                roles[actor_id].append(shared.setdefault(held, held))
        self._by_actor = {
            actor_id: ActorStream(actor_id, found, roles[actor_id])
            for actor_id, found in positions.items()
        }

    def _stream(self, actor_id: str) -> ActorStream:
        """An actor's entry in the actor index (empty when it takes part in no event)."""
        return self._by_actor.get(actor_id) or ActorStream(actor_id, (), ())

    def _build_relation_indexes(self) -> None:
        # (relation type, position of the other event), turned into Linked when asked for.
        self._outgoing: dict[int, list[tuple[RelationType, int]]] = defaultdict(list)
        self._incoming: dict[int, list[tuple[RelationType, int]]] = defaultdict(list)
        position_of = self._position
        for position, event in enumerate(self.events):
            for relation in event.relations:
                target = position_of[relation.event]
                self._outgoing[position].append((relation.type, target))
                self._incoming[target].append((relation.type, position))

    # -- in a notebook --------------------------------------------------------------------

    def __repr__(self) -> str:
        firsts = [day for day in self._firsts if day != _NO_DAY]
        lasts = [day for day in self._lasts if day != _OPEN_END]
        days = ""
        if firsts or lasts:
            first = datetime.date.fromordinal(min(firsts or lasts)).isoformat()
            last = datetime.date.fromordinal(max(lasts or firsts)).isoformat()
            days = f" from {first} to {last}"
        return (
            f"<Timeline of {brief(self.dataset.id)}: {counted(len(self.events), 'event')}{days}, "
            f"{counted(len(self.actors), 'actor')}, {counted(len(self.sources), 'source')}>"
        )

    def _repr_html_(self) -> str:
        """The first events in chronological order, as a table in a notebook."""
        caption = repr(self)[1:-1]
        return event_table(caption, self.events, len(self.events))

    # -- the chronological view ----------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    @property
    def derived_bounds(self) -> DerivedBounds:
        """Every event's derived bounds (:func:`timeline.temporal.derive_bounds`: its date
        narrowed by its relations and the publication of its sources), computed once, when
        the view is built (the order rests on them)."""
        return self._derived

    def bounds(self, event_id: str) -> Bounds:
        """The derived bounds of the event with this id, each end with its basis."""
        self.event(event_id)  # an unknown id is UnknownEventError, with the closest ids
        return self.derived_bounds[event_id]

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        try:
            return self.events[self._position[event_id]]
        except KeyError:
            close = _closest(event_id, self._position)
            hint = f" (the closest: {', '.join(close)})" if close else ""
            raise UnknownEventError(f"no event has id {event_id!r}{hint}") from None

    def between(
        self,
        start: DayBound = None,
        end: DayBound = None,
        *,
        possible: bool = False,
    ) -> Hits:
        """The events certainly between ``start`` and ``end`` (both inclusive, either open
        with ``None``) by their derived bounds, in chronological order; with ``possible``,
        also those that only may fall in the range, each hit saying which it is.

        An event is certainly in the range when every day its derived bounds leave lies in
        it, and possibly when some day does: an open end counts as unbounded only where the
        derived bounds leave it open, so an event is never possibly in a range it could
        reach only through an open end that its relations or its sources' publication close.

        The answer is found in O(log n) and its hits are made as they are read
        (:class:`~timeline.query.results.Hits`): the first hits of a long answer cost what they
        show. Without ``possible``, the events whose derived bounds are open on one side
        (which overlap every range on that side) are not even looked at, unless the range is
        open on that side.

        Bounds are dates, datetimes (``pandas.Timestamp`` too: anything with a ``date()``),
        whose day counts, or EDTF strings of a day, month or year: ``between("2020-02",
        "2020-02")`` is February 2020.
        """
        low = _ordinal(start, end=False)
        high = _ordinal(end, end=True)
        if low is not None and high is not None and low > high:
            raise ValueError(f"the range starts ({start}) after it ends ({end})")
        low_day = _NO_DAY if low is None else low
        high_day = _OPEN_END if high is None else high
        certain_only = not possible
        runs: list[Run] = []
        if possible or low is None:
            # Open starts overlap when their latest day is on or after the range's start.
            cut = bisect.bisect_left(self._open_start, low_day, key=self._lasts.__getitem__)
            stop = len(self._open_start)
            runs.append(Run(self._open_start, cut, stop, cut, cut if certain_only else stop))
        if possible or high is None:
            # Open ends overlap when their earliest day is on or before the range's end.
            cut = bisect.bisect_right(self._open_end, high_day, key=self._firsts.__getitem__)
            runs.append(Run(self._open_end, 0, cut, 0, 0 if certain_only else cut))
        runs.extend(
            span_class.candidates(low_day, high_day, inside=certain_only)
            for span_class in self._classes.values()
        )
        return Hits(
            self.events,
            self._firsts,
            self._lasts,
            runs,
            low_day,
            high_day,
            possible=possible,
        )

    def on(self, day: datetime.date | Dated | str, *, possible: bool = False) -> Hits:
        """The events certainly on one day (or in one month or year, given as EDTF); with
        ``possible``, also those that may fall on it (see :meth:`between`)."""
        return self.between(day, day, possible=possible)

    def where(
        self,
        *,
        type: EventType | str | None = None,
        subtype: EventSubtype | str | None = None,
        status: Status | str | None = None,
        country: str | None = None,
        place: str | None = None,
        actor: str | None = None,
        source: str | None = None,
        events: Iterable[Event] | None = None,
    ) -> EventList:
        """The events that match every filter given, in chronological order (made as they
        are read: one filter costs O(1) however many events match).

        ``place`` matches a place name ignoring case and accents; ``country`` an ISO code.
        ``actor`` keeps the events the actor takes part in (by id, name or alias, as
        :meth:`actor` finds it; :meth:`actor_events` adds its parts and members), ``source``
        those a source backs (by id: its evidence, or a report of it). ``events`` narrows a
        previous result (a range query's events, say). A value no vocabulary holds
        (``type="attacks"``), or a source the dataset does not have, is a ValueError that
        names the closest.
        """
        wanted: list[Sequence[int]] = []
        if actor is not None:
            found = self.actor(actor).id
            wanted.append(self._stream(found).positions)
        if source is not None:
            wanted.append(self._events_of_source(source))
        if type is not None:
            wanted.append(self._index["type"].get(EventType(type), []))
        if subtype is not None:
            wanted.append(self._index["subtype"].get(EventSubtype(subtype), []))
        if status is not None:
            wanted.append(self._index["status"].get(Status(status), []))
        if country is not None:
            wanted.append(self._index["country"].get(self._country_code(country), []))
        if place is not None:
            wanted.append(self._index["place"].get(fold(place), []))
        if events is not None:
            wanted.append(sorted({self._position[e.id] for e in events}))  # each once
        if not wanted:
            return EventList(self.events, range(len(self.events)))
        if len(wanted) == 1:  # already in chronological order
            return EventList(self.events, wanted[0])
        wanted.sort(key=len)
        keep = set(wanted[0]).intersection(*wanted[1:])
        return EventList(self.events, sorted(keep))

    def _country_code(self, country: str) -> str:
        """A country filter as the code it is (either case): an ISO 3166-1 alpha-2 code, two
        letters, as the dataset's places give them; anything else (a country's name) is a
        ValueError that says what the filter takes and which codes the dataset holds."""
        code = country.upper()
        if len(code) == 2 and code.isascii() and code.isalpha():
            return code
        held = sorted(code for code in self._index["country"] if isinstance(code, str))
        holds = f"; the dataset's places are in {', '.join(held)}" if held else ""
        raise ValueError(
            f"country takes an ISO 3166-1 alpha-2 code (two letters, 'AF' for Afghanistan), "
            f"not {country!r}{holds}"
        )

    def _events_of_source(self, source_id: str) -> list[int]:
        """The positions of the events a source backs, from an index built on first use."""
        if source_id not in self.sources:
            close = _closest(source_id, self.sources)
            hint = f"; the closest: {', '.join(close)}" if close else ""
            raise ValueError(
                f"{source_id!r} is not a source of the dataset{hint} "
                f"(every source id: list(Timeline.sources))"
            )
        if self._by_source is None:
            self._by_source = defaultdict(list)
            for position, event in enumerate(self.events):
                for found in source_ids(event):
                    self._by_source[found].append(position)
        return self._by_source.get(source_id, [])

    def group(self, by: Grouping | str) -> dict[str, list[Event]]:
        """Events grouped by the day, month or year that holds their whole date, in order.

        An event whose possible days straddle several periods (``2020-02`` grouped by day, an
        interval across months) is put under the key ``"undetermined"``, after the periods.
        """
        grouping = Grouping(by)
        width = {Grouping.DAY: 10, Grouping.MONTH: 7, Grouping.YEAR: 4}[grouping]
        groups: dict[str, list[Event]] = {}
        undetermined: list[Event] = []
        for event in self.events:
            earliest, latest = event.date.earliest, event.date.latest
            if earliest is None or latest is None:
                undetermined.append(event)
                continue
            first, last = earliest.isoformat()[:width], latest.isoformat()[:width]
            if first == last:
                groups.setdefault(first, []).append(event)
            else:
                undetermined.append(event)
        if undetermined:
            groups["undetermined"] = undetermined
        return groups

    # -- the actor view -------------------------------------------------------------------

    def actor(self, name: str) -> Actor:
        """The actor with this id, canonical name or alias (ignoring case and accents)."""
        ids = self._names.lookup(name)
        if len(ids) == 1:
            return self.actors[next(iter(ids))]
        if ids:
            raise AmbiguousActorError(name, sorted(ids))
        raise UnknownActorError(name, [self.actors[i].name for i in self._names.closest(name)])

    def family(
        self, name: str, *, include_parts: bool = False, include_members: bool = False
    ) -> list[Actor]:
        """The actor, and (if asked) its parts through ``part_of`` at every depth and its
        members through ``affiliations`` (of it and of its parts)."""
        root = self.actor(name)
        found = [root.id]
        seen = {root.id}
        for actor_id in found:  # grows while it is walked: a breadth-first walk
            children: list[str] = []
            if include_parts:
                children.extend(self._parts.get(actor_id, ()))
            if include_members:
                children.extend(self._members.get(actor_id, ()))
            for child in children:
                if child not in seen:
                    seen.add(child)
                    found.append(child)
        return [self.actors[i] for i in found]

    def actor_events(
        self, name: str, *, include_parts: bool = False, include_members: bool = False
    ) -> ActorEvents:
        """The events of an actor with its role in each, in chronological order, each event
        once; with its parts' and members' events if asked (each saying which of the actors
        take part, and how: :attr:`ActorEvent.roles`).

        The answer is read from the actor index as it is used
        (:class:`~timeline.query.results.ActorEvents`): one actor's first rows cost what they
        show, however many events it has; ``len()`` counts without making the rows.
        """
        family = self.family(name, include_parts=include_parts, include_members=include_members)
        return ActorEvents(self.events, [self._stream(actor.id) for actor in family])

    def summary(self, name: str) -> ActorSummary:
        """An actor's first and last event and its counts by role and by event type."""
        actor = self.actor(name)
        stream = self._stream(actor.id)
        positions = stream.positions
        return ActorSummary(
            actor=actor,
            events=len(positions),
            first=self.events[positions[0]] if positions else None,
            last=self.events[positions[-1]] if positions else None,
            by_role=dict(Counter(role for held in stream.roles for role in held)),
            by_type=dict(Counter(self.events[p].type for p in positions)),
        )

    def event_counts(
        self, *, include_parts: bool = False, include_members: bool = False
    ) -> dict[str, int]:
        """How many events each actor takes part in, by actor id; with its parts' and
        members' events if asked (each event once, as :meth:`actor_events` counts them)."""
        return {
            actor.id: len(
                self.actor_events(
                    actor.id, include_parts=include_parts, include_members=include_members
                )
            )
            if include_parts or include_members
            else len(self._stream(actor.id).positions)
            for actor in self.dataset.actors
        }

    def co_occurrence(self, name: str | None = None) -> dict[tuple[str, str], list[Event]]:
        """Who appears with whom, and in which events: pairs of actor ids (in id order), or
        only the pairs of one actor when ``name`` is given."""
        focus = None if name is None else self.actor(name).id
        pairs: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for event in self.events:
            ids = sorted({p.actor for p in event.participants})
            for i, first in enumerate(ids):
                for second in ids[i + 1 :]:
                    if focus is None or focus in (first, second):
                        pairs[(first, second)].append(event)
        return dict(pairs)

    # -- relations ------------------------------------------------------------------------

    def related_from(self, event_id: str) -> list[Linked]:
        """The events this event relates to (what a claim claims)."""
        position = self._position[self.event(event_id).id]
        return [Linked(kind, self.events[p]) for kind, p in self._outgoing.get(position, ())]

    def related_to(self, event_id: str) -> list[Linked]:
        """The events that relate to this event (what claims an attack)."""
        position = self._position[self.event(event_id).id]
        return [Linked(kind, self.events[p]) for kind, p in self._incoming.get(position, ())]
