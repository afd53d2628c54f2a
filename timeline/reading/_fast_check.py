"""The fast path of checking a dataset file: batches, and the events shared by two processes.

A file that :mod:`timeline.reading._batch_reader` can read is checked by the same rules as any
other (:class:`timeline.reading.validation._Checker`), fed batches of records parsed by
``msgspec``. Events are decoded straight into the types :mod:`timeline.reading._schema_shapes`
writes from the schema, which check their structure as they are decoded; an event that then
meets the common case of every rule (and the few constraints the types leave out) is done, and
any other goes through the exact rules as a plain record.

When the machine has a second core and the events are many, a second process (forked, so that it
starts with the checker's state: the sources and actors read so far) checks the second half of
the events while this one checks the first; it sends back what the rules across records need
(the hashes of the ids it has seen, the references it could not resolve, the quotes it counted),
and this process goes on from the end of that half. When loading, this process builds every
event's record, so it checks only the first few events (:data:`LOAD_SHARE`) and the other checks
the rest, while this one decodes those straight into their parts
(:data:`timeline.reading._trusted_builder.EVENT_PARTS`); the records are kept only if both found
no problem.

A problem of an event does not stop this path: the event is checked by the exact rules (as
any event that is not the common case is), and its problems are kept with its index, up to
:data:`PROBLEMS_KEPT`. Ids used twice, and references to an id no event has, are found at the
end from their hashes, which keep the order each was noted in (the index of the event that
holds it). At the end, just those events are read again by the exact reader of
:mod:`timeline.reading._record_stream`, from the start of their batch (its line and column
found by counting the text before it), which places each problem by line and column as reading
the whole file would, and gives the id found twice or the reference's target; the ids closest
to a target, which its message names, are found among the ids the rules of time keep (every
event's but those read again). Any other problem (of a source, an actor or the top level, one
the rules of time find at the end, one whose message names an event), too many problems, or a
file that cannot be read this way, and this path gives up (None): the caller checks the file
with the exact reader, reading it a second time.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import functools
import gc
import itertools
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import msgspec

from timeline._hashed_ids import HashedIds
from timeline.dated_events import DatedEvents
from timeline.dates import is_edtf, parse_edtf
from timeline.errors import InvalidDatasetError
from timeline.model import (
    EventType,
    RelationType,
    Status,
)
from timeline.problems import KeyPath, Problem, join_pointer
from timeline.reading import _batch_reader
from timeline.reading._batch_reader import Batch, BatchReader, Layout, NotBatchable
from timeline.reading._record_stream import Reader, places_of
from timeline.reading._schema_shapes import UNSET, event_shape
from timeline.reading._trusted_builder import EVENT_PARTS
from timeline.reading.rules import (
    Pending,
    WaitingDates,
    closest_hints,
    duplicate_id,
    finer_date,
)
from timeline.reading.validation import OLDER_SCHEMA_ID, SUBTYPE_PAIRS, _Checker, _placed
from timeline.schema import dataset_schema, ecma_regex
from timeline.temporal import HAPPENED, day_ordinals
from timeline.temporal import cited as cited_once

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection

    from timeline._hashed_ids import Buffer
    from timeline.model import Dataset
    from timeline.reading._record_stream import Item, Where

__all__ = ["check_fast"]

#: Events that take fewer bytes than this are checked by one process: starting a second one
#: and merging what it found costs more than it saves on a small file.
SHARE_FROM = 64 << 20
#: The share of the events (by bytes) that ``load`` checks in this process while it builds
#: every event; the other process checks the rest. Measured on a million generated events:
#: with 8 % this process waited 1.7 s for the other, with 15 % the other ended 0.5 s first;
#: this share makes the two end together.
LOAD_SHARE = 0.13
#: The problems of events this path keeps and places; a file with more is read again by the
#: exact reader (memory stays bounded, and the records read again to place them are few).
PROBLEMS_KEPT = 200
_EVENT_POINTER = re.compile(r"/events/(0|[1-9][0-9]*)(?=/|$)")
_LOOK_AHEAD = 8 << 20  # bytes searched for a record's end from the middle of the events
_PROBE = 1 << 20  # bytes scanned from a candidate for a record's start (see _split_point)
_CANDIDATES = 100_000  # candidates tried, at most
_BETWEEN = re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*(?=\{)")  # between two objects of an array
_COMMA = re.compile(rb"[ \t\r\n]*,")
_HAPPENED = frozenset(status.value for status in HAPPENED)
_EVENT_TYPES = {kind.value: kind for kind in EventType}
_STATUSES = {status.value: status for status in Status}
_RELATION_TYPES = {kind.value: kind for kind in RelationType}


def check_fast(
    path: Path, *, base_dir: Path | None, records: bool, texts_root: Path | None = None
) -> tuple[list[Problem], Dataset | None] | None:
    """No problems and the records (when asked) of the dataset file at ``path``, or None when
    it must be checked by the exact reader (see the module's description)."""
    checker = _FastChecker(base_dir, records=records, texts_root=texts_root)
    collecting = gc.isenabled()
    gc.disable()  # the records die by reference count; see timeline.reading.validation.check_reader
    try:
        with Path(path).open("rb") as file:
            reader = BatchReader(file, types=_event_types())
            checker.after_events = reader.after_events  # (filled as the reader finds them)
            items = reader.items()
            if not _second_core():
                found = _run(checker, items)
            else:
                with _Helper(Path(path), reader, checker) as helper:
                    found = _run(checker, helper.items(items))
        if found is None:
            return None
        problems: list[Problem] = []
        if checker.faults or checker.duplicated or checker.dangling:
            placed = _placed_in_events(Path(path), checker, reader.batches)
            if placed is None:
                return None
            problems.extend(placed)
        if checker.unplaced:
            placed = _placed_in_sources(Path(path), checker.unplaced)
            if placed is None:
                return None
            problems.extend(placed)
        if any(problem.is_error for problem in problems):
            return problems, None
        return problems, found[1]
    except NotBatchable:
        return None
    finally:
        if collecting:
            gc.enable()


class _FastChecker(_Checker):
    """The checker, with the events' ids kept as hashes (see
    :mod:`timeline._hashed_ids`) and typed events checked by :meth:`_sure_event`: this
    path only has to find that there is no problem."""

    def __init__(
        self, base_dir: Path | None, *, records: bool, texts_root: Path | None = None
    ) -> None:
        super().__init__(base_dir, records=records, texts_root=texts_root)
        self._left = _left_to_rules()
        #: The dates found good (of the schema and EDTF), with their day ordinals.
        self._days: dict[str, tuple[int | None, int | None]] = {}
        self._countries: set[str] = set()  # the place countries found good
        self.offsets_without_text_seen = 0  # quotes at offsets into a source without a text
        #: The warnings of sources whose quotes are not checked (no text, or a text that
        #: cannot be read), found at the end: placed by :func:`_placed_in_sources`.
        self.unplaced: list[Problem] = []
        #: The problems of events, by the event's index, as the exact rules gave them (not
        #: placed: see :func:`_placed_in_events`), and how many.
        self.faults: dict[int, list[Problem]] = {}
        self.fault_count = 0
        #: The ids used more than once, and the references that name no event (see
        #: :meth:`DatedEvents.faults`), found at the end.
        self.duplicated: list[tuple[tuple[int, int], list[int]]] = []
        self.dangling: list[tuple[tuple[int, int], list[int]]] = []
        #: Whether an event's id is not of the form of ids (see :meth:`_claim_id`).
        self.malformed_event_id = False
        #: The collections that stand after the events in the file, read before them.
        self.after_events: set[str] = set()
        #: The problems of a source's text, read for a quote of a sure event (a wrong SHA-256,
        #: not UTF-8): the exact reader says where they stand among the others.
        self.text_problems: list[Problem] = []

    @contextlib.contextmanager
    def _in_file_order(self, key: str) -> Iterator[None]:
        """While the exact rules check events, the collections that stand after the events
        in the file (:attr:`BatchReader.after_events`, read before them) are out of sight,
        as they are to the exact reader when it checks the events: what refers to them waits
        for the end, and its problems come at the end, as that reader gives them (this path
        then gives up: see :meth:`note`). An event the exact rules find good is as good."""
        hidden = self.after_events & {"sources", "actors"} if key == "events" else set()
        if not hidden:
            yield
            return
        first, complete = dict(self.first), set(self.complete)
        sources, actors = self.sources, self.actors
        for collection in hidden:
            self.first[collection] = {}
            self.complete.discard(collection)
        if "sources" in hidden:
            self.sources = {}
        if "actors" in hidden:
            self.actors = []
        try:
            yield
        finally:
            self.first.update({collection: first[collection] for collection in hidden})
            self.complete |= complete & hidden
            self.sources, self.actors = sources, actors

    def note(self, problem: Problem, first: int, end: int) -> bool:
        """Keep ``problem``, found while the events from ``first`` to ``end`` (excluded) were
        checked; False when this path cannot place it (see the module's description) or keeps
        too many."""
        found = _EVENT_POINTER.match(problem.pointer)
        if (
            found is None
            or not first <= int(found[1]) < end
            or problem.line is not None
            or "/events/" in problem.message
        ):
            return False
        self.faults.setdefault(int(found[1]), []).append(problem)
        self.fault_count += 1
        return self.fault_count <= PROBLEMS_KEPT

    def batch(self, key: str, index: int, values: list[Any]) -> Iterator[Problem]:
        # A batch is of the events' typed shape or, when it is not, plain JSON, whose records
        # may be anything (an event written as a list is a problem the exact rules place).
        if key != "events" or not values or not isinstance(values[0], msgspec.Struct):
            with self._in_file_order(key):
                yield from super().batch(key, index, values)
            return
        sure, built = self._sure_event, self.built[key] if self.records else None
        for event in values:
            if not sure(event, index):  # the exact rules decide, and place any problem
                with self._in_file_order(key):
                    found = self._element(key, index, msgspec.to_builtins(event), None)
                if found:
                    yield from self._noted(found)
            elif built is not None:
                built.append(self.trusted.event(event))
            index += 1

    def _sure_event(self, event: Any, index: int) -> bool:
        """Whether ``event`` (of the type :mod:`timeline.reading._schema_shapes` wrote, so of
        the schema's structure) meets the common case of every rule and the constraints its type
        leaves out; if so, what the rules across records need is noted. False is not a problem
        found: it means "ask the exact rules"."""
        left = self._left
        event_id = event.id
        if not left.slug(event_id):
            return False
        date = event.date
        days = self._days.get(date)
        if days is None:
            if not (left.edtf(date) and is_edtf(date)):
                return False
            days = self._days[date] = day_ordinals(parse_edtf(date))
        subtype = event.subtype
        if subtype is not UNSET and (event.type, subtype) not in SUBTYPE_PAIRS:
            return False
        if (
            event.date_basis is not UNSET
            or event.date_source is not UNSET
            or event.reports is not UNSET
        ):
            return False  # the rules of schema 1.1.0: the exact path
        # The rule of a date finer than its evidence (see _sure_precision), with the
        # evidence's sources listed once for all that follows.
        evidence = event.evidence
        sources = self.sources
        cited = tuple([quoted.source for quoted in evidence])
        if not self._sure_precision(event, cited):
            return False
        place = event.place
        if place is not UNSET and not self._sure_place(place):
            return False
        # (the reader gives the sources and actors before the events, wherever they stand)
        actors = self.first["actors"]
        participants = event.participants
        if participants is not UNSET:
            for participant in participants:
                if participant.actor not in actors:
                    return False
                if participant.attribution is not UNSET or participant.claim is not UNSET:
                    return False
        happened = event.status in _HAPPENED
        fatalities = event.fatalities
        if fatalities is not UNSET and (not happened or not _sure_fatalities(fatalities, actors)):
            return False
        found = [sources.get(source) for source in cited]
        for quoted, facts in zip(evidence, found, strict=True):
            if facts is None:
                return False
            start, end, quote = quoted.start, quoted.end, quoted.quote
            if (
                start is UNSET
                or end is UNSET
                or quote is UNSET
                or quoted.locator is not UNSET
                or quoted.note is not UNSET
                or quoted.attribution is not UNSET
            ):
                return False  # a citation, or what schema 1.1.0 adds: exact path
            if end - start != len(quote):
                return False
            if not (facts.read or facts.path is None or self.base_dir is None):
                self.text_problems.extend(self._text(facts))  # its first quote: read it
                if self.text_problems:
                    return False
            if facts.decoded:
                text = self._source_text(facts)
                if text is None or text[start:end] != quote:
                    return False
        relations = event.relations
        if relations is not UNSET:
            for relation in relations:
                if relation.event == event_id:
                    return False
        # Sure: note what the rules across records need, as _events would.
        if event.type == "claim_of_responsibility":
            self.claim_events.add(event_id)
        # Offsets into a source without a text: an error unless the dataset claims 1.0.0,
        # which is known at the end (this reader gives the top-level members last).
        older = self.claim == OLDER_SCHEMA_ID
        for facts in found:
            assert facts is not None  # (checked above)
            facts.cited += 1
            if facts.path is None and not older:
                self.offsets_without_text_seen += 1
        links: tuple[tuple[RelationType, str], ...] = ()
        if relations is not UNSET:
            links = tuple([(_RELATION_TYPES[r.type], r.event) for r in relations])
        # Its id, the ids its relations name (checked at the end: ids used twice, relations
        # to no event) and what the rules of time need, checked by the same derivation.
        self.event_dates.add(
            event_id, _EVENT_TYPES[event.type], happened, days, links, cited_once(cited), index
        )
        return True

    def _sure_precision(self, event: Any, cited: tuple[str, ...]) -> bool:
        """Whether the date is no finer than its evidence (whose sources are ``cited``): the
        test of :func:`timeline.reading.rules.finer_than_evidence` (whose exemptions, a
        date's basis and reports, are left to the exact rules)."""
        evidence = event.evidence
        date_text = event.date_text
        phrase = None if date_text is UNSET else date_text
        quotes = [(e.source, e.quote) for e in evidence if e.quote is not UNSET]
        sources = self.sources
        if not all(source in sources for source in cited):
            return False  # a source that is not there: the exact rules say which
        found = finer_date(event.date, phrase, cited[0], quotes, self._published_text)
        return found is None

    def _sure_place(self, place: Any) -> bool:
        country = place.country
        if country is not UNSET and country not in self._countries:
            if not self._left.country(country):
                return False
            self._countries.add(country)
        for key, needs in self._left.place_needs:
            if getattr(place, key) is not UNSET:
                for need in needs:
                    if getattr(place, need) is UNSET:
                        return False
        return True

    def is_id(self, text: str) -> bool:
        """Whether ``text`` is of the form of ids (the schema's pattern)."""
        return bool(self._left.slug(text))

    def _claim_id(self, key: str, record_id: str, index: int, problems: list[Problem]) -> None:
        if key == "events":
            self.event_dates.note_id(record_id)
            if not self.is_id(record_id):
                # A reference of a sure event may resolve to it, which the exact rules refuse
                # for its form (the references of sure events are not matched with the
                # pattern: they must resolve to an id that had to match it).
                self.malformed_event_id = True
        else:
            super()._claim_id(key, record_id, index, problems)

    def _refer_event(self, target: str, at: KeyPath, j: int, where: Where | None) -> None:
        pass  # noted with its event's row (see DatedEvents.add)

    def _finish(self) -> Iterator[Problem]:
        if self.text_problems:
            yield self.text_problems[0]
            return
        if self.offsets_without_text_seen and self.claim != OLDER_SCHEMA_ID:
            yield Problem(
                code="offsets-without-text",
                pointer="/events",
                message="evidence gives offsets into a source without a text",
            )
            return  # the exact reader says where
        if self.malformed_event_id:  # the exact reader says which references name it
            yield Problem(code="schema-pattern", pointer="/events", message="an id of no form")
            return
        # References that name no event and ids used twice: the exact reader reads those
        # events to say which and where (see check_fast).
        self.dangling, self.duplicated = self.event_dates.faults()
        if self.dangling or self.duplicated:
            self.errors = True
        for problem in super()._finish():
            if problem.code in _SOURCE_WARNINGS and not problem.is_error:
                self.unplaced.append(problem)  # the verdict, once placed
            else:
                yield problem


#: The warnings of a source whose quotes are not checked: the only problems this path gives
#: (placed by :func:`_placed_in_sources`); a file with any other goes to the exact reader.
_SOURCE_WARNINGS = frozenset(
    {"source-text-unavailable", "source-text-refused", "source-text-missing"}
)


def _placed_in_sources(path: Path, problems: list[Problem]) -> list[Problem] | None:
    """``problems`` (of sources, at ``/sources/N`` or a member of it), each placed by line
    and column as the exact reader places it, read from the file up to the end of its
    sources only; None when they cannot be placed."""
    wanted: dict[int, list[int]] = {}
    for at, problem in enumerate(problems):
        tokens = problem.pointer.split("/")
        if len(tokens) < 3 or tokens[1] != "sources" or not tokens[2].isdigit():
            return None
        wanted.setdefault(int(tokens[2]), []).append(at)
    placed: list[Problem | None] = [None] * len(problems)
    try:
        with path.open("rb") as stream:
            for item in Reader(stream).items():
                if item.key != "sources":
                    continue
                if item.kind == "end":
                    break
                if item.kind == "element" and item.index in wanted and item.where is not None:
                    record = f"/sources/{item.index}"
                    for at in wanted[item.index]:
                        problem = problems[at]
                        line, column = item.where.position(problem.pointer[len(record) :])
                        placed[at] = attrs.evolve(problem, line=line, column=column)
    except (InvalidDatasetError, OSError, ValueError):
        return None
    if any(problem is None for problem in placed):
        return None
    return [problem for problem in placed if problem is not None]


def _sure_fatalities(fatalities: Any, actors: dict[str, int]) -> bool:
    """Whether typed fatality counts meet the schema's ``anyOf`` and the rules, as
    ``check_fatalities`` would find. The tests of ``check_counts``, ``lower_bound`` and
    ``check_subset`` are written out (a test suite compares them)."""
    low, best, high = _given_counts(fatalities)
    if not _counts_in_order(low, best, high):
        return False
    subsets = fatalities.subsets
    if subsets is UNSET:
        return True
    total = low if low is not None else best if best is not None else high
    for subset in subsets:
        actor = subset.actor
        if actor is UNSET:
            if subset.description is UNSET:
                return False
        elif actor not in actors:
            return False
        low, best, high = _given_counts(subset)
        if not _counts_in_order(low, best, high):
            return False
        least = low if low is not None else best if best is not None else high
        if least > total:  # (not None: the counts are in order)
            return False
    return True


def _given_counts(counts: Any) -> tuple[Any, Any, Any]:
    """The low, best and high counts of typed fatalities or of a subset (None: not given)."""
    low, best, high = counts.low, counts.best, counts.high
    return (
        None if low is UNSET else low,
        None if best is UNSET else best,
        None if high is UNSET else high,
    )


def _counts_in_order(low: float | None, best: float | None, high: float | None) -> bool:
    """Whether fatality counts give at least one number, in order where given: what
    :func:`timeline.model.check_counts` raises for when not."""
    if best is not None:
        return (low is None or low <= best) and (high is None or best <= high)
    if low is not None:
        return high is None or low <= high
    return high is not None


@attrs.frozen
class _LeftToRules:
    """The constraints of an event that its type leaves out (see
    :data:`timeline.reading._schema_shapes.LEFT_TO_RULES`), as the schema states them."""

    slug: Callable[[str], object]
    edtf: Callable[[str], object]
    country: Callable[[str], object]
    place_needs: tuple[tuple[str, tuple[str, ...]], ...]


@functools.cache
def _left_to_rules() -> _LeftToRules:
    defs = dataset_schema()["$defs"]
    place = defs["place"]
    return _LeftToRules(
        slug=ecma_regex(defs["slug"]["pattern"]).search,
        edtf=ecma_regex(defs["edtf"]["pattern"]).search,
        country=ecma_regex(place["properties"]["country"]["pattern"]).search,
        place_needs=tuple(
            (key, tuple(needs)) for key, needs in place.get("dependentRequired", {}).items()
        ),
    )


def _event_types() -> dict[str, Any] | None:
    """The types the fast path decodes collections into: events into their typed shape
    (none when the schema cannot be shaped)."""
    shape = event_shape()
    return None if shape is None else {"events": shape}


def _run(
    checker: _FastChecker, items: Iterator[Item]
) -> tuple[list[Problem], Dataset | None] | None:
    """Check the items; the problems of events are kept by the checker (see
    :meth:`_FastChecker.note`), and at any other, None."""
    checking = [0, 0]  # the events of the batch being checked: the first, and the end

    def tracked() -> Iterator[Item]:
        for item in items:
            if item.kind == "elements" and item.key == "events":
                checking[:] = [item.index, item.index + len(item.value)]
            else:
                checking[:] = [0, 0]
            yield item

    for problem in checker.run(tracked()):
        if not checker.note(problem, *checking):
            return None
    return [], checker.dataset


def _placed_in_events(
    path: Path, checker: _FastChecker, batches: list[Batch]
) -> list[Problem] | None:
    """The problems of the events that have some (``checker.faults``, the ids used more than once,
    ``checker.duplicated``, and the references that name no event, ``checker.dangling``), in
    the order and at the places the exact reader gives them: each event is read again by the
    exact reader from the start of its batch (of ``batches``), which says which id stands
    twice, which reference names no event, and where each problem stands. The references that
    name no event come last, as the exact reader finds them at the end, each with the ids
    closest to its target (:func:`timeline.reading.rules.closest_hints`, from the ids in
    memory). None when they cannot be placed."""
    noted = checker.event_dates.noted()
    if (checker.duplicated or checker.dangling) and noted != checker.lengths.get("events"):
        return None  # an event noted no id (not a string): the orders are not the indexes
    twice: dict[int, tuple[int, tuple[int, int]]] = {}  # an event -> the first, the hashes
    for hashes, orders in checker.duplicated:
        for order in orders[1:]:
            twice[order] = (orders[0], hashes)
    dangling: dict[int, list[tuple[int, int]]] = {}  # an event -> the hashes it names
    for hashes, orders in checker.dangling:
        for order in orders:
            dangling.setdefault(order, []).append(hashes)
    wanted = sorted(
        {*checker.faults, *twice, *(orders[0] for _, orders in checker.duplicated), *dangling}
    )
    starts = sorted({(batch.first, batch.start) for batch in batches})
    firsts = [first for first, _ in starts]
    by_batch: dict[int, list[int]] = {}
    for index in wanted:
        at = bisect.bisect_right(firsts, index) - 1
        if at < 0:
            return None
        by_batch.setdefault(at, []).append(index)
    ids: dict[int, object] = {}
    placed: dict[int, list[Problem]] = {}
    unknown: list[tuple[str, Problem]] = []  # each reference naming no event: its target
    try:
        with path.open("rb") as stream:
            places = places_of(stream, [starts[at][1] for at in by_batch])
            for at, indexes in sorted(by_batch.items()):
                first, offset = starts[at]
                stream.seek(offset)
                reader = Reader(stream)
                reader.start_at(*places[offset])
                left = iter(indexes)
                want = next(left, None)
                for item in reader.elements("events", first):
                    if item.index != want:
                        continue
                    value, where = item.value, item.where
                    record_id = ids[want] = value.get("id") if type(value) is dict else None
                    found = checker.faults.get(want, [])
                    if want in twice:
                        if not isinstance(record_id, str):
                            return None
                        # after what no JSON holds, as the exact checker notes the id
                        before = 0
                        while before < len(found) and found[before].code.startswith("json-"):
                            before += 1
                        duplicate = duplicate_id("events", want, record_id, twice[want][0])
                        found = [*found[:before], duplicate, *found[before:]]
                    record = join_pointer("events", want)
                    if want in dangling:
                        named = _naming_no_event(value, want, dangling[want], checker)
                        if named is None:
                            return None
                        for target, problem in named:
                            if where is not None:
                                problem = _placed(problem, where, record)
                            unknown.append((target, problem))
                    if where is not None:
                        found = [_placed(problem, where, record) for problem in found]
                    placed[want] = found
                    want = next(left, None)
                    if want is None:
                        break
                if want is not None:
                    return None
    except (InvalidDatasetError, OSError, ValueError):
        return None
    for index, (first, hashes) in twice.items():
        if ids[index] != ids[first] or HashedIds.hashes(str(ids[index])) != hashes:
            return None  # two ids with the same hashes, or not noted in the events' order
    problems = [problem for index in wanted for problem in placed.get(index, [])]
    if unknown:
        # The ids the message compares a target with: every row's, and those of the events
        # without one (each has a problem, so it was read again above).
        events = checker.event_dates
        rowless = [ids[index] for index in wanted if events.row(index) is None]
        if len(events) + len(rowless) != checker.lengths.get("events"):
            return None  # an event without a row and without a problem: its id is not here
        if not all(type(record_id) is str for record_id in rowless):
            return None
        known = itertools.chain(events.ids(), map(str, rowless))
        hints = closest_hints({target for target, _ in unknown}, known)
        problems += [
            attrs.evolve(problem, message=f"no event has id {target!r}{hints[target]}")
            for target, problem in unknown
        ]
    return problems


def _naming_no_event(
    event: Any, index: int, hashes: list[tuple[int, int]], checker: _FastChecker
) -> list[tuple[str, Problem]] | None:
    """The relations of the event at ``index`` whose targets have the ``hashes`` of those no
    event has (one a reference noted): each target, and its problem, its message still
    without the closest ids. None when they are not the references noted, or when a target is
    not of the form of ids (the exact rules refuse the event for it, and check no more of it:
    the references of a sure event were not matched with the pattern)."""
    relations = event.get("relations") if type(event) is dict else None
    if type(relations) is not list:
        return None
    left = list(hashes)
    found: list[tuple[str, Problem]] = []
    for j, relation in enumerate(relations):
        target = relation.get("event") if type(relation) is dict else None
        if type(target) is not str or target == event.get("id"):
            continue
        pair = HashedIds.hashes(target)
        if pair in left:
            if not checker.is_id(target):
                return None
            left.remove(pair)
            found.append(
                (
                    target,
                    Problem(
                        code="unknown-event",
                        pointer=join_pointer("events", index, "relations", j, "event"),
                        message=f"no event has id {target!r}",
                    ),
                )
            )
    return None if left else found


def _second_core() -> bool:
    """Whether a second process can run beside this one, started by forking (which needs
    no thread to be running: a fork copies only the thread that calls it)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return (
        cores > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


@attrs.frozen
class _Half:
    """What the second process found in the events it checked (from the split to the end)."""

    end: int  # the file offset after its last record
    count: int
    pending_actors: list[Pending]
    pending_sources: list[Pending]
    event_dates: DatedEvents  # what the rules of time need of its events
    cited: dict[str, int]  # quotes counted per source id
    offsets_without_text: int  # quotes at offsets into a source without a text
    read: list[str]  # the sources whose texts it read, decoded and found to match
    pending_finer: WaitingDates  # dates that wait for their sources
    faults: dict[int, list[Problem]]  # the problems of its events (counted from its first)
    batches: list[Batch]  # its batches, their first event counted so

    def detach(self) -> list[Buffer]:
        """Take out the arrays of its events' ids and dates (the bulk of what it sends):
        they are sent apart, each as it is. In one pickle, the first process held the
        pickle and what it made of it at once, some 100 MB at a million events."""
        return self.event_dates.detach()  # (see _Helper._merge)


class _Helper:
    """The second process, and the items of this one's reader with its work merged in."""

    def __init__(self, path: Path, reader: BatchReader, checker: _FastChecker) -> None:
        self._path = path
        self._reader = reader
        self._checker = checker
        self._process: Any = None
        self._connection: Connection | None = None
        self._split: int | None = None  # where the other process starts checking
        self._unbuilt = False  # an event the other process checks could not be built
        self._checked_here = 0  # the events this process checked (before the split)
        self._building = False  # past the split, loading: this process only builds

    def __enter__(self) -> _Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._connection is not None:
            self._connection.close()

    def items(self, items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            if item.kind == "elements" and item.key == "events":
                if item.index == 0:
                    self._start()
                if self._building:
                    self._build(item.value)
                    continue
            elif item.kind == "paused":
                self._checked_here = item.index
                if self._checker.records:  # loading: build the rest here, checked there
                    self._building = True
                    self._reader.decode_as("events", EVENT_PARTS)  # straight into parts
                    self._reader.resume_at, self._reader.resumed = self._split, 0
                else:  # validating: go on after the other process's part
                    half = self._merge()
                    self._reader.resume_at, self._reader.resumed = half.end, half.count
                continue
            elif item.kind == "end" and item.key == "events" and self._building:
                self._merge(expected=item.index - self._checked_here)
            yield item

    def _start(self) -> None:
        layout = self._reader.events
        if layout is None:  # pragma: no cover - set before the first batch of events
            return
        # Where the events end, when the reader found it, else the file's end.
        size = self._path.stat().st_size if layout.end is None else layout.end
        if size - layout.start < SHARE_FROM:
            return
        # Validating: each process checks half of the events. Loading: this process builds
        # every event, which costs more than half of checking them, and checks the first
        # few; the other checks the rest.
        share = LOAD_SHARE if self._checker.records else 0.5
        split = _split_point(self._path, layout, size, share)
        if split is None or split <= layout.start + _batch_reader.BATCH:
            return
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_check_half,
            args=(sending, receiving, os.getpid(), self._checker, self._path, split, layout),
            daemon=True,
        )
        # No signal is handled between the fork and the moment the other process has set
        # its own handlers (see _follow_parent); one that comes meanwhile is handled here
        # once the pipe is set up, so that __exit__ ends the other process.
        masked = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
        try:
            try:
                self._process.start()
            except OSError:  # no process can be started now (a limit): this one checks all
                self._process = None
                sending.close()
                receiving.close()
                return
            sending.close()  # only the other process writes: its end fails once this one ends
            self._connection = receiving
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, masked)
        self._split = self._reader.stop_at = split

    def _build(self, values: list[Any]) -> None:
        """Build the records of events that the other process checks. Once one cannot be
        built (it is not valid: the other process says where), no more are: the records are
        then fewer than the events, and are not kept (a problem explains it, or the exact
        reader is asked, see :func:`timeline.reading.validation._lost`)."""
        if self._unbuilt:
            return
        try:
            self._checker.build("events", values)
        except Exception:
            self._unbuilt = True

    def _merge(self, *, expected: int | None = None) -> _Half:
        """Take in what the other process found (``expected``: how many events it must have
        checked, when this one has read them too)."""
        assert self._connection is not None
        try:
            half = self._connection.recv()
        except EOFError:  # the second process died
            half = None
        if not isinstance(half, _Half):
            raise NotBatchable("the other process found a problem")
        if expected is not None and half.count != expected:
            raise NotBatchable("the other process did not check every event")
        checker = self._checker
        # Its events are counted from the first it checked: the first this one did not.
        base = self._checked_here
        for index, problems in half.faults.items():
            here = f"/events/{base + index}"
            there = len(f"/events/{index}")
            checker.faults[base + index] = [
                attrs.evolve(problem, pointer=here + problem.pointer[there:])
                for problem in problems
            ]
            checker.fault_count += len(problems)
            checker.errors = checker.errors or any(problem.is_error for problem in problems)
        if checker.fault_count > PROBLEMS_KEPT:
            raise NotBatchable("too many problems to place")
        self._reader.batches.extend(
            batch._replace(first=base + batch.first) for batch in half.batches
        )
        # Its arrays follow in the pipe (see _Half.detach), taken in as they come.
        receive = self._connection.recv_bytes
        try:
            checker.event_dates.extend(half.event_dates, base, receive)
        except EOFError:  # the second process died
            raise NotBatchable("the other process did not send all it found") from None
        checker.pending_actors.extend(half.pending_actors)
        checker.pending_sources.extend(half.pending_sources)
        for source_id, cited in half.cited.items():
            checker.sources[source_id].cited += cited
        checker.offsets_without_text_seen += half.offsets_without_text
        checker.pending_finer.extend(half.pending_finer, base)
        for source_id in half.read:  # its checksum is checked: read again only for quotes
            facts = checker.sources[source_id]
            facts.read = facts.decoded = True
        return half


def _split_point(path: Path, layout: Layout, size: int, share: float) -> int | None:
    """The start of an event after ``share`` of the events' bytes (an offset) in the file of
    ``size`` bytes at ``path`` (or, when ``layout`` says where the events end, of the events
    that end at ``size``), whatever its layout; None when none is found near there.

    Each ``}`` followed by a comma and ``{`` near there is a candidate: it may end an event,
    or an object inside one (a participant), or stand in a string. One that ends an event is
    told from the others by what follows it. Where the end is in reach, the brackets from it
    to the file's end close exactly two more than they open (the events' array and the
    top-level object), to the events' end as many as they open; from inside an event, more.
    Otherwise the records that follow are
    scanned exactly (:data:`timeline.reading._batch_reader.RECORDS`): from an event's start
    they run on for half a megabyte, to where the look ahead cuts one; from inside an event
    they stop at the end of the array they stand in. A wrong guess costs only time: the
    first process stops there only if it is where one of its own records starts (see
    :class:`timeline.reading._batch_reader.BatchReader`), and otherwise gives up the fast
    path.
    """
    middle = layout.start + int((size - layout.start) * share)
    with path.open("rb") as file:
        file.seek(middle)
        data = file.read(min(_LOOK_AHEAD, size - middle))
    to_end = middle + len(data) >= size  # the look ahead reaches the end
    closing = -2 if layout.end is None else 0  # what the brackets from an event's start close
    depth = 0  # opened minus closed from a candidate to the end (counted once, then updated)
    counted = -1
    for tried, found in enumerate(_BETWEEN.finditer(data)):
        start = found.end()
        if tried >= _CANDIDATES or (not to_end and start + _PROBE > len(data)):
            break
        if to_end:
            if counted < 0:
                depth = _depth(data, start, len(data))
            else:
                depth -= _depth(data, counted, start)
            counted = start
            if depth == closing:
                return middle + start
            continue
        probe = min(len(data), start + _PROBE)
        run = _batch_reader.RECORDS.match(data, start, probe)
        if run is not None and run.end() - start >= _PROBE // 2 and _COMMA.match(data, run.end()):
            return middle + start
    return None


def _depth(data: bytes, start: int, end: int) -> int:
    """The brackets ``data`` opens between ``start`` and ``end``, less those it closes."""
    opened = data.count(b"{", start, end) + data.count(b"[", start, end)
    return opened - data.count(b"}", start, end) - data.count(b"]", start, end)


#: The signals that end the command (see timeline.cli.commands.main); the second process leaves them
#: to the first, which ends it.
_ENDING = frozenset({signal.SIGINT, signal.SIGTERM})
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _check_half(
    sending: Connection,
    receiving: Connection,
    parent: int,
    checker: _FastChecker,
    path: Path,
    split: int,
    layout: Layout,
) -> None:
    """In the second process: check the events from ``split`` to their end, and send back
    a :class:`_Half`, or None at the first problem. Nothing is sent once the first process
    (``parent``) is gone: this one then ends."""
    receiving.close()  # only the first process reads: with this end closed, a send fails
    _follow_parent(parent)
    half: _Half | None = None
    with contextlib.suppress(Exception):
        half = _half(checker, path, split, layout, parent=parent)
    with contextlib.suppress(OSError):  # the first process is gone: nobody to tell
        columns = [] if half is None else half.detach()
        sending.send(half)
        for column in columns:  # each as it is: no pickle holds them all (see _Half.detach)
            sending.send_bytes(column)
    sending.close()


def _follow_parent(parent: int) -> None:
    """Make this (second) process end with the first, whose pid is ``parent``.

    Ctrl-C reaches every process of the terminal's group: this one ignores it, and a
    SIGTERM ends it at once without the first process's handler (copied by the fork), so
    neither prints anything; the first process decides and ends this one. On Linux the
    kernel kills this process when the first one's thread that forked it ends; everywhere,
    :func:`_half` looks for its parent between batches, and a send to a first process that
    is gone fails rather than waits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _ENDING)
    if os.getppid() != parent:  # it ended before the kernel was asked to watch it
        os._exit(0)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this process when the thread that forked it ends
    (the first process's main thread: see :func:`_second_core`)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _half(
    checker: _FastChecker, path: Path, split: int, layout: Layout, *, parent: int
) -> _Half | None:
    checker.records = False  # the records are built (or not) by the first process
    checker.pending_finer = WaitingDates()
    checker.faults, checker.fault_count = {}, 0
    pending = (len(checker.pending_actors), len(checker.pending_sources))
    checker.event_dates = DatedEvents()  # only its own go back, as for the ids
    cited = {source_id: facts.cited for source_id, facts in checker.sources.items()}
    newer = checker.newer_state()
    # Offsets into sources without a text, noted by this path and by the exact rules (the
    # claim of the document is not known yet: it may be read last): the first process gives
    # up unless the document claims the schema under which they are no problem.
    untexted = checker.offsets_without_text_seen + len(checker.offsets_without_text)
    unread = {source_id for source_id, facts in checker.sources.items() if not facts.read}
    count = 0
    with path.open("rb") as file:
        file.seek(split)
        reader = BatchReader(file, types=_event_types())
        for records in reader.rest(layout):
            if os.getppid() != parent:  # the first process is gone: nobody waits for this
                return None
            for problem in checker.batch("events", count, records):
                if not checker.note(problem, count, count + len(records)):
                    return None
            count += len(records)
    if checker.newer_state() != newer:
        return None  # what the rules of schema 1.1.0 noted is not sent back: the exact path
    if checker.text_problems:
        return None  # a source's text has a problem: the exact reader says where
    return _Half(
        end=reader.end,
        count=count,
        pending_actors=checker.pending_actors[pending[0] :],
        pending_sources=checker.pending_sources[pending[1] :],
        event_dates=checker.event_dates,
        cited={
            source_id: facts.cited - cited.get(source_id, 0)
            for source_id, facts in checker.sources.items()
            if facts.cited != cited.get(source_id, 0)
        },
        offsets_without_text=(
            checker.offsets_without_text_seen + len(checker.offsets_without_text) - untexted
        ),
        read=[source_id for source_id in unread if checker.sources[source_id].decoded],
        pending_finer=checker.pending_finer,
        faults=checker.faults,
        batches=reader.batches,
    )
