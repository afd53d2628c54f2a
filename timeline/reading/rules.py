"""The rules across records, as functions of what the checker noted of each record.

:mod:`timeline.reading.validation` reads the records one by one and notes what these rules
need (:class:`SourceFacts`, :class:`ActorFacts`, :class:`Pending` references and quotes);
the rules here turn those notes into problems. A record's own rules
(``low <= best <= high``, a subtype of its type) are the functions of :mod:`timeline.model`,
which the checker runs on each record's document.

A new rule across records: note what it needs while the checker reads each record, and
write it here as a function that yields problems; the checker calls it at the end.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import functools
import itertools
import re
from array import array
from typing import TYPE_CHECKING, Any

import attrs

from timeline.dated_events import EARLIEST_OPEN, EVENT_TYPES
from timeline.dates import MONTH_NAMES, Precision, parse_edtf, resolve_phrase, stated_dates
from timeline.errors import EdtfError
from timeline.model import EventType, RelationType
from timeline.names import fold
from timeline.problems import KeyPath, Problem, Severity, format_pointer, join_pointer, shown
from timeline.reconcile import (
    DateConflict,
    counts_equal,
    reconcile_date,
    reconcile_fatalities,
    reconcile_perpetrators,
    reconcile_status,
)
from timeline.schema import schema_version
from timeline.temporal import (
    HAPPENED,
    RELATION_RULES,
    BasisKind,
    RelationRule,
    dated,
    derive_bounds,
    found_cycles,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

    from timeline.dated_events import DatedEvents
    from timeline.dates import EdtfDate
    from timeline.model import Event, Fatalities
    from timeline.temporal import Basis, Conflict, DerivedBounds


#: Up to how many known ids :func:`closest` compares a name with all of them; with more,
#: only with its :data:`CLOSEST_NEIGHBOURS` on each side in sorted order.
CLOSEST_FROM = 200
CLOSEST_NEIGHBOURS = 25


def closest(name: str, known: Sequence[str]) -> str:
    """A hint of the known ids most like ``name`` (``known`` sorted). With many ids only the
    neighbours of ``name`` in sorted order are compared: a typo late in an id still finds it,
    and the hint costs O(log n), not a comparison with every id."""
    if len(known) > CLOSEST_FROM:
        at = bisect.bisect_left(known, name)
        known = known[max(0, at - CLOSEST_NEIGHBOURS) : at + CLOSEST_NEIGHBOURS]
    close = difflib.get_close_matches(name, known, n=3)
    shown = (c if c.isprintable() else repr(c) for c in close)  # a line break stays in line
    return f" (closest: {', '.join(shown)})" if close else ""


def closest_hints(
    names: Collection[str], known: Iterable[str], part: int = 1 << 16
) -> dict[str, str]:
    """The hint :func:`closest` gives of each of ``names``, from ``known`` ids given one by one
    (in any order, some repeated): they are taken ``part`` at a time, and of each name only
    its :data:`CLOSEST_NEIGHBOURS` on each side are kept, so that memory does not grow with
    the ids. The hints are those of :func:`closest` given every distinct id, sorted."""
    few: set[str] | None = set()  # every id, while they are few enough to be compared all
    below: dict[str, list[str]] = {name: [] for name in names}  # the nearest, sorted
    above: dict[str, list[str]] = {name: [] for name in names}
    given = iter(known)
    while ids := sorted(set(itertools.islice(given, part))):
        if few is not None:
            few.update(ids)
            if len(few) > CLOSEST_FROM:
                few = None
        for name in names:
            at = bisect.bisect_left(ids, name)
            nearer = ids[max(0, at - CLOSEST_NEIGHBOURS) : at]
            below[name] = sorted({*below[name], *nearer})[-CLOSEST_NEIGHBOURS:]
            nearer = ids[at : at + CLOSEST_NEIGHBOURS]
            above[name] = sorted({*above[name], *nearer})[:CLOSEST_NEIGHBOURS]
    if few is not None:
        every = sorted(few)
        return {name: closest(name, every) for name in names}
    return {name: closest(name, [*below[name], *above[name]]) for name in names}


@attrs.define
class Pending:
    """A reference, or a quote, that can be checked only once more of the document is read."""

    pointer: str
    target: str
    place: tuple[int, int] | None
    quote: tuple[str, int, int] | None = None
    key: str = "source"  # the member of ``pointer`` that names a source, when it does
    cites: bool = True  # evidence that cites the source (counted as one of its quotes)
    key_place: tuple[int, int] | None = None  # where the member ``key`` stands


@attrs.define
class SourceFacts:
    index: int
    path: str | None
    sha256: str | None
    place: tuple[int, int] | None
    read: bool = False
    decoded: bool = False  # read and decoded: quotes can be checked
    error: str | None = None  # why the text could not be read
    refused: str | None = None  # why the text was not read (see timeline.files.texts)
    cited: int = 0
    unchecked: bool = False  # quotes left unchecked once reading texts again was stopped
    published: str | None = None  # the source's publication date, as written
    #: Where the record's members that problems point to (path, sha256) stand.
    member_places: dict[str, tuple[int, int]] = attrs.field(factory=dict)

    def problem(
        self, code: str, message: str, *where: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A problem of this source (at its member ``where``), placed at that member, or at
        its record when the member is not there."""
        place = self.member_places.get(where[0]) if where else None
        line, column = place or self.place or (None, None)
        return Problem(
            code=code,
            severity=severity,
            pointer=join_pointer("sources", self.index, *where),
            message=message,
            line=line,
            column=column,
        )


@attrs.define
class ActorFacts:
    index: int
    id: str
    part_of: str | None
    affiliations: list[str]
    names: list[str]
    place: tuple[int, int] | None  # where the actor's record starts, to place its problems
    #: Where its references stand (``/part_of``, ``/affiliations/0/actor``), by pointer.
    member_places: dict[str, tuple[int, int]] = attrs.field(factory=dict)


def duplicate_id(key: str, index: int, record_id: str, first: int) -> Problem:
    return Problem(
        code="duplicate-id",
        pointer=join_pointer(key, index, "id"),
        message=f"id {record_id!r} is already used by {join_pointer(key, first)}",
    )


def unknown_reference(what: str, pending: Pending, known: Sequence[str]) -> Problem:
    return Problem(
        code=f"unknown-{what}",
        pointer=pending.pointer,
        message=f"no {what} has id {pending.target!r}{closest(pending.target, known)}",
        line=pending.place[0] if pending.place else None,
        column=pending.place[1] if pending.place else None,
    )


def text_warnings(facts: SourceFacts, base_dir: Path | None) -> Iterator[Problem]:
    """The warning of a source whose quotes are not checked: it has no text, or its text is
    refused or cannot be read."""
    if base_dir is None:
        return
    where: tuple[str, ...]
    if facts.path is None:
        if not facts.cited:
            return
        code, where, why = "source-text-unavailable", (), "this source has no text (no path)"
    elif facts.refused is not None:
        code, where = "source-text-refused", ("path",)
        why = f"the text {facts.path!r} is not read: {facts.refused}"
    elif facts.error is not None:
        code, where = "source-text-missing", ("path",)
        why = f"cannot read the text {facts.path!r} ({facts.error})"
    else:
        return
    message = f"{why}; {facts.cited} quote(s) citing it are not checked"
    yield facts.problem(code, message, *where, severity=Severity.WARNING)


def part_of_cycles(actors: Sequence[ActorFacts]) -> Iterator[Problem]:
    """Each cycle of ``part_of`` once, from its smallest id, in the order of those ids.

    Every actor has at most one parent, so a walk up from each actor not yet seen either
    ends, meets a walk done before, or closes a cycle on itself: each actor is walked once,
    and the check costs O(n) however long the chains are."""
    parent = {a.id: a.part_of for a in actors if a.part_of is not None}
    index_of = {a.id: a.index for a in reversed(actors)}
    on_walk, done = 1, 2
    state: dict[str, int] = {}
    cycles: list[list[str]] = []
    for start in parent:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = on_walk
            walk.append(node)
            node = parent.get(node)
        if node is not None and state[node] == on_walk:
            cycles.append(walk[walk.index(node) :])
        for walked in walk:
            state[walked] = done
    for cycle in sorted(cycles, key=min):
        first = min(cycle)
        at = cycle.index(first)
        chain = [*cycle[at:], *cycle[:at], first]
        if len(chain) > _CYCLE_SHOWN:  # a message stays a line: the first ids and the count
            chain = [*chain[: _CYCLE_SHOWN - 2], f"… ({len(cycle):,} actors in all)", first]
        yield Problem(
            code="part-of-cycle",
            pointer=join_pointer("actors", index_of[first], "part_of"),
            message="part_of forms a cycle: " + " → ".join(chain),
        )


#: The most ids a part-of-cycle message lists.
_CYCLE_SHOWN = 12


def shared_aliases(actors: Sequence[ActorFacts]) -> Iterator[Problem]:
    owner: dict[str, str] = {}
    for actor in actors:
        index = actor.index
        for j, name in enumerate(actor.names):
            key = fold(name)
            other = owner.setdefault(key, actor.id)
            if other != actor.id:
                where = ("name",) if j == 0 else ("aliases", j - 1)
                yield Problem(
                    code="ambiguous-name",
                    severity=Severity.WARNING,
                    pointer=join_pointer("actors", index, *where),
                    message=f"{name!r} also names actor {other!r}: look-ups by it are ambiguous",
                )


def quote_problems(
    quote: str, start: int, end: int, text: str, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if end > len(text):
        yield Problem(
            code="quote-out-of-range",
            pointer=format_pointer((*path, "end")),
            message=f"end {end} lies past the end of the source text ({len(text)} code points)",
        )
        return
    found = text[start:end]
    if found == quote:
        return
    elsewhere = text.find(quote)
    hint = (
        f"; the quote stands at [{elsewhere}, {elsewhere + len(quote)})"
        if elsewhere >= 0
        else "; the quote is nowhere in the text"
    )
    yield Problem(
        code="quote-mismatch",
        pointer=format_pointer((*path, "quote")),
        message=f"the source text at [{start}, {end}) reads {shown(found)}, "
        f"not {shown(quote)}{hint}",
    )


# -- the rules of schema 1.1.0 --------------------------------------------------------------------


def schema_version_problem(
    path: KeyPath, message: str, place: tuple[int, int] | None, claim: str, *, more: int = 0
) -> Problem:
    """A document that claims the older schema and uses what only the newer one has, at
    ``path`` first and in ``more`` other places."""
    others = f" (and uses it in {more} more place{'s' if more > 1 else ''})" if more else ""
    return Problem(
        code="schema-version",
        pointer=format_pointer(path),
        message=f"{message}; the dataset claims {schema_version(claim)}{others}",
        line=place[0] if place else None,
        column=place[1] if place else None,
    )


def offsets_without_text(
    found: Sequence[tuple[KeyPath, tuple[int, int] | None]],
) -> Iterator[Problem]:
    """Evidence that gives offsets into a source that has no text to check them against."""
    for path, place in found:
        yield Problem(
            code="offsets-without-text",
            pointer=format_pointer(path),
            message="the evidence gives offsets into a source that has no text (no path): "
            "cite it by a locator instead, or give the source its text",
            line=place[0] if place else None,
            column=place[1] if place else None,
        )


def participant_problems(participant: Mapping[str, Any], path: KeyPath) -> Iterator[Problem]:
    """Attribution and claims belong to perpetrators; a claim makes the attribution
    ``claimed``."""
    for key in ("attribution", "claim"):
        if key in participant and participant["role"] != "perpetrator":
            yield Problem(
                code="attribution-not-perpetrator",
                pointer=format_pointer((*path, key)),
                message=f"{key!r} is for perpetrators; this participant is a {participant['role']}",
            )
    if "claim" in participant and participant.get("attribution") != "claimed":
        yield Problem(
            code="claim-without-claimed",
            pointer=format_pointer((*path, "claim")),
            message="a perpetrator with a claim is claimed: its attribution is 'claimed', not "
            f"{participant.get('attribution', 'left out')!r}",
        )


def claim_problems(
    pending: Pending, claims: Collection[str], is_event: bool, known: Sequence[str]
) -> Iterator[Problem]:
    """A participant's ``claim`` names a claim of responsibility."""
    if pending.target in claims:
        return
    if not is_event:
        yield unknown_reference("event", pending, known)
        return
    yield Problem(
        code="claim-not-a-claim",
        pointer=pending.pointer,
        message=f"event {pending.target!r} is not a claim_of_responsibility",
        line=pending.place[0] if pending.place else None,
        column=pending.place[1] if pending.place else None,
    )


def date_basis_problems(event: Mapping[str, Any], path: KeyPath) -> Iterator[Problem]:
    """A date taken from a source names it, and only then; a resolved date keeps its phrase."""
    basis = event.get("date_basis")
    if basis == "source" and "date_source" not in event:
        yield Problem(
            code="date-basis-source",
            pointer=format_pointer((*path, "date_basis")),
            message="a date taken from a source names it (date_source)",
        )
    elif basis != "source" and "date_source" in event:
        yield Problem(
            code="date-basis-source",
            pointer=format_pointer((*path, "date_source")),
            message=f"date_source is for a date whose basis is 'source', not {basis!r}",
        )
    elif basis == "source" and event["date_source"] not in _cited_sources(event):
        yield Problem(
            code="date-source-uncited",
            pointer=format_pointer((*path, "date_source")),
            message=f"the date is taken from {event['date_source']!r}, which the event never "
            "cites: cite it in the event's evidence or in a report of it",
        )
    if basis == "resolved" and "date_text" not in event:
        yield Problem(
            code="date-basis-phrase",
            pointer=format_pointer((*path, "date_basis")),
            message="a resolved date keeps the phrase it was resolved from (date_text)",
        )


def _cited_sources(event: Mapping[str, Any]) -> set[str]:
    """The sources an event cites: of its evidence, its reports and their evidence."""
    cited = {evidence["source"] for evidence in event["evidence"]}
    for report in event.get("reports", ()):
        cited.add(report["source"])
        cited.update(evidence["source"] for evidence in report["evidence"])
    return cited


def _fatalities_text(fatalities: Fatalities | None) -> str:
    if fatalities is None:
        return "none"

    def numbers(counts: Any) -> str:
        return ", ".join(
            f"{name} {value}"
            for name, value in (("low", counts.low), ("best", counts.best), ("high", counts.high))
            if value is not None
        )

    parts = [numbers(fatalities)]
    for subset in fatalities.subsets:
        parts.append(f"{subset.actor or subset.description}: {numbers(subset)}")
    return "; ".join(parts)


def reconciliation_problems(
    event: Event, path: KeyPath, published: Mapping[str, EdtfDate | None]
) -> Iterator[Problem]:
    """The event's values follow from its reports by :mod:`timeline.reconcile`'s rule."""
    reports = event.reports
    fatalities = reconcile_fatalities(reports, published)
    if fatalities is not None and not counts_equal(event.fatalities, fatalities):
        yield Problem(
            code="report-mismatch",
            pointer=format_pointer((*path, "fatalities")),
            message="the fatalities do not follow from the reports: reconciled, they are "
            f"{_fatalities_text(fatalities)} (given: {_fatalities_text(event.fatalities)})",
        )
    date = reconcile_date(reports)
    if isinstance(date, DateConflict):
        earlier, later = reports[date.earlier], reports[date.later]
        yield Problem(
            code="report-dates-conflict",
            pointer=format_pointer((*path, "reports", date.later, "date")),
            message=f"this report of {later.source!r} ({later.date}) and the report of "
            f"{earlier.source!r} at {format_pointer((*path, 'reports', date.earlier))} "
            f"({earlier.date}) share no day",
        )
    elif date is not None and (date.earliest, date.latest) != (
        event.date.earliest,
        event.date.latest,
    ):
        yield Problem(
            code="report-mismatch",
            pointer=format_pointer((*path, "date")),
            message=f"the date {event.date} does not follow from the reports: they allow "
            f"{date.earliest or '..'} to {date.latest or '..'}",
        )
    status = reconcile_status(reports, published)
    if status is not None and status is not event.status:
        yield Problem(
            code="report-mismatch",
            pointer=format_pointer((*path, "status")),
            message=f"the status {event.status.value!r} does not follow from the reports: the "
            f"most recent that gives one says {status.value!r}",
        )
    named = {p.actor for p in event.participants if p.role.value == "perpetrator"}
    missing = [actor for actor in reconcile_perpetrators(reports) if actor not in named]
    if missing:
        yield Problem(
            code="report-mismatch",
            pointer=format_pointer((*path, "participants")),
            message="a report names as perpetrator what is no perpetrator of the event: "
            + ", ".join(repr(actor) for actor in missing),
        )


#: The bases of a date that say where a date finer than its evidence comes from: another
#: source (its ``date_source``, which the event cites), a relation, the publication.
_EXPLAINED_BASES = frozenset({"source", "relation", "publication"})


def finer_exempt(event: Mapping[str, Any]) -> bool:
    """Whether an event's date may be finer than its evidence: its basis says where the date
    comes from, or reports hold it to their intersection."""
    if event.get("date_basis") in _EXPLAINED_BASES:
        return True  # "source" without its date_source is date-basis-source
    return any("date" in report for report in event.get("reports", ()))


def finer_than_evidence(
    event: Mapping[str, Any], path: KeyPath, published: Callable[[str], str | None]
) -> Iterator[Problem]:
    """A date finer than every date its evidence states, with no basis that explains it (a
    date from another source, a relation or the publication, or reports whose intersection it
    is). ``published``: the publication date of a source by its id, as written (None when it
    has none or is unknown)."""
    if finer_exempt(event):
        return
    evidence = event["evidence"]
    quotes = [(e["source"], e["quote"]) for e in evidence if "quote" in e]
    finer = finer_date(
        event["date"], event.get("date_text"), evidence[0]["source"], quotes, published
    )
    if finer is not None:
        yield finer_problem(event["date"], path, finer)


def finer_problem(date: str, path: KeyPath, finer: tuple[str, EdtfDate, bool]) -> Problem:
    """The warning of the event at ``path`` whose ``date`` is finer than its evidence states
    (``finer``: what :func:`finer_date` found)."""
    phrase, stated, of_text = finer
    said = "" if of_text else ", the finest date its evidence states"
    return Problem(
        code="date-finer-than-evidence",
        severity=Severity.WARNING,
        pointer=format_pointer((*path, "date")),
        message=f"the date {date} is finer than {phrase!r} ({stated}){said}, and "
        "nothing says where the finer date comes from (date_basis 'source' with its "
        "date_source, 'relation' or 'publication', or reports)",
    )


#: What :func:`finer_date` needs of an event whose sources come later in the file: its date,
#: its phrase, the source of its first evidence, and the quotes that can change the answer.
FinerFacts = tuple[str, "str | None", str, tuple[tuple[str, str], ...]]


class WaitingDates:
    """The events whose date waits for the publication of sources listed later, by what the
    rule of a date finer than its evidence needs of them (:data:`FinerFacts`: a few strings,
    often one event's): one index is kept as a number, more in an array."""

    def __init__(self) -> None:
        self._waiting: dict[FinerFacts, int | array[int]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def wait(self, facts: FinerFacts, index: int) -> None:
        """Note that the event at ``index`` waits, with ``facts``."""
        kept = self._waiting.get(facts)
        if kept is None:
            self._waiting[facts] = index
        elif isinstance(kept, int):
            self._waiting[facts] = array("l", (kept, index))
        else:
            kept.append(index)

    def items(self) -> Iterator[tuple[FinerFacts, Sequence[int]]]:
        """Each of the facts, with the indexes of the events that wait with them."""
        for facts, kept in self._waiting.items():
            yield facts, (kept,) if isinstance(kept, int) else kept

    def extend(self, other: WaitingDates, base: int = 0) -> None:
        """Take in the events of ``other``, their indexes counted from ``base``."""
        for facts, indexes in other.items():
            for index in indexes:
                self.wait(facts, base + index)


def finer_facts(
    date_text: str, phrase: str | None, first_source: str, quotes: Iterable[tuple[str, str]]
) -> FinerFacts | None:
    """What :func:`finer_date` needs to answer once the publication of the sources is known,
    or None when its answer is None whatever they are: the quotes that cannot change the
    answer are left out, so that an event waiting for its sources keeps a few strings (and
    the many that share them, none).

    A quote that states no date coarser than a day (:func:`may_state_weeks`) either states
    a day, which makes the answer None (no phrase is finer than a day), or states nothing,
    which leaves it as it is, whatever day the phrases are resolved against (tests check
    both)."""
    date = _date(date_text)
    if date is None or date.earliest is None or date.latest is None:
        return None
    kept: list[tuple[str, str]] = []
    for source, quote in quotes:
        if may_state_weeks(quote):
            kept.append((source, quote))
        elif stated_dates(quote, date.earliest):
            return None  # a day: no date of the evidence is coarser than all it states
    if phrase is None and not kept:
        return None
    return (date_text, phrase, first_source, tuple(kept))


def finer_date(
    date_text: str,
    phrase: str | None,
    first_source: str,
    quotes: Iterable[tuple[str, str]],
    published: Callable[[str], str | None],
) -> tuple[str, EdtfDate, bool] | None:
    """Whether the date ``date_text`` is finer than all its evidence states: its phrase
    (``date_text``, resolved against the publication of ``first_source``, the source of the
    first evidence) strictly contains it, and every date phrase of its quotes (``(source,
    quote)``, see :func:`timeline.dates.stated_dates`) is of a coarser precision. A phrase of
    a quote counts against the date only when it strictly contains it ("in February 2020"
    for ``2020-02-29``): a quote may speak of another time too ("the next round is due next
    month"). Then the finest of those (the phrase first): its words, what it denotes, and
    whether it is the phrase; None when the evidence states the date (or a date as fine) or
    states no date that contains it (nothing to compare with)."""
    date = _date(date_text)
    if date is None or date.earliest is None or date.latest is None:
        return None  # no date, or an open date, which is finer than nothing
    finest: tuple[str, EdtfDate, bool] | None = None
    if phrase is not None:
        day = _publication_day(published(first_source))
        resolved = None if day is None else _resolved(phrase, day)
        if resolved is not None:
            if not _strictly_inside(date, resolved):
                return None
            finest = (phrase, resolved, True)
    quotes = list(quotes)
    if finest is None:
        weekly = [may_state_weeks(quote) for _, quote in quotes]
        if True not in weekly:
            # Only a phrase coarser than the date (so coarser than a day) can make the answer
            # other than None, and none of the quotes holds one: whether they state days or
            # nothing, the answer is None, found without looking for every form of phrase.
            return None
    else:
        weekly = [False] * len(quotes)
    rank = min(date.precision.rank, _DAY_RANK)  # no phrase states an hour
    for (source, quote), screened in zip(quotes, weekly, strict=True):
        day = _publication_day(published(source)) or date.earliest
        # (a quote that may state weeks holds a word of a phrase: stated_dates need not look)
        for words, stated in stated_dates(quote, day, screened=screened):
            if stated.precision.rank >= rank:
                return None
            if not _strictly_inside(date, stated):
                continue  # of another time ("a further round is due next month")
            if finest is None or stated.precision.rank > finest[1].precision.rank:
                finest = (words, stated, False)
    return finest


#: The words that every phrase of :func:`timeline.dates.stated_dates` coarser than a day holds
#: (at least one, or four digits): "week", "weekend", "month", "year", "ago" ("two weeks
#: ago") in any case, and the names of the months, capitalized as the phrases need them. The
#: phrases of one day hold weekdays, "yesterday", "today", "tomorrow"
#: (tests/test_finer_filter.py checks this against every form).
COARSER_THAN_A_DAY = ("week", "weekend", "month", "year", "ago")
#: The names of the months as a phrase writes them: whole, in three letters, and "Sept".
MONTH_WORDS = (
    *MONTH_NAMES,
    *(name[:3] for name in MONTH_NAMES if len(name) > 3),
    "Sept",
)


def _standing_word(word: str, *, name: bool) -> str:
    """A pattern of ``word`` as :func:`timeline.dates.stated_dates` finds it: its first
    letter capitalized when it is a name (the finder takes no name in lower case), in either
    case when it is not; the rest in any case, as the finder takes it (ignoring case, where
    the long s, the dotless i and the Kelvin sign stand for "s", "i" and "k")."""
    first = word[0].upper() if name else f"[{word[0].upper()}{word[0].lower()}]"
    return first + f"(?i:{re.escape(word[1:].lower())})"


#: The letters a word of :data:`COARSER_THAN_A_DAY` or :data:`MONTH_WORDS` begins with.
_FIRST_LETTERS = sorted(
    {case(word[0]) for word in COARSER_THAN_A_DAY for case in (str.lower, str.upper)}
    | {word[0] for word in MONTH_WORDS}
)
#: A word of :data:`COARSER_THAN_A_DAY` or :data:`MONTH_WORDS` standing whole (a phrase stands
#: between characters that are no word's, and its words between spaces, hyphens, dots and
#: commas), or four digits: one search of the text as it is, which lets "marché" or the "ago"
#: of "Chicago" pass no more. It opens with the characters a match begins with, which lets the
#: search skip the others in C (twice as fast as trying every word at every place).
_COARSER_PHRASE_WORD = re.compile(
    rf"(?=[0-9{''.join(_FIRST_LETTERS)}])(?:[0-9]{{4}}|(?<!\w)(?:"
    + "|".join(
        [_standing_word(word, name=False) for word in COARSER_THAN_A_DAY]
        + [_standing_word(word, name=True) for word in MONTH_WORDS]
    )
    + r")\b)"
)


_DAY_RANK = Precision.DAY.rank


def may_state_weeks(text: str) -> bool:
    """Whether ``text`` may state a date coarser than a day (a week, a month, a year): it
    holds a word of :data:`COARSER_THAN_A_DAY` or :data:`MONTH_WORDS` standing whole, or four
    digits. False means every phrase :func:`timeline.dates.stated_dates` finds in it states one
    day (or there is none): a cheap exact filter before looking for every form of phrase."""
    return _COARSER_PHRASE_WORD.search(text) is not None


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> EdtfDate | None:
    """The date of an EDTF text (None for a text that is none), parsed once for the many
    events of the same date."""
    try:
        return parse_edtf(text)
    except EdtfError:
        return None


@functools.lru_cache(maxsize=4096)
def _publication_day(published: str | None) -> datetime.date | None:
    """The day a source was published, when it was published on one day (parsed once per
    publication date: each quote asks)."""
    if published is None:
        return None
    try:
        publication = parse_edtf(published)
    except EdtfError:
        return None
    if publication.earliest is None or publication.earliest != publication.latest:
        return None  # no single day to resolve against
    return publication.earliest


@functools.lru_cache(maxsize=4096)
def _resolved(phrase: str, published: datetime.date) -> EdtfDate | None:
    """The phrase resolved against the publication day, or None for a phrase of the text that
    is not one of the resolver's; asked once per phrase and day (a dataset has few of each,
    and many events)."""
    try:
        return resolve_phrase(phrase, published)
    except (EdtfError, ValueError):
        return None


def _strictly_inside(date: EdtfDate, phrase: EdtfDate) -> bool:
    """Whether the days of ``date`` lie inside those of ``phrase`` and are fewer."""
    if date.earliest is None or date.latest is None:
        return False
    if phrase.earliest is None or phrase.latest is None:
        return False
    inside = phrase.earliest <= date.earliest and date.latest <= phrase.latest
    return inside and (date.earliest, date.latest) != (phrase.earliest, phrase.latest)


# -- time: relations, status, publication (see timeline.temporal) --------------------------------


def status_fatalities(event: Mapping[str, Any], path: KeyPath) -> Iterator[Problem]:
    """An event that has not happened (planned, expected, threatened) has no fatalities."""
    if "fatalities" in event and event["status"] not in _HAPPENED:
        yield Problem(
            code="status-fatalities",
            pointer=format_pointer((*path, "fatalities")),
            message=f"a {event['status']} event has no fatalities: it has not happened "
            "(its status is 'occurred' or 'ongoing' if it killed)",
        )


_HAPPENED = frozenset(status.value for status in HAPPENED)


def temporal_problems(
    events: DatedEvents,
    published: Mapping[str, datetime.date | None],
    keep: Callable[[DerivedBounds], None] | None = None,
) -> Iterator[Problem]:
    """The rules of :mod:`timeline.temporal` over every event's dates, in columns: relations
    between the types their rule allows, no cycle of ``follows``, and dates that neither
    contradict a relation, directly or through a chain, nor start after the publication of a
    source that reports the event. ``keep`` is given the bounds derived (which the views of
    the dataset then need not derive again)."""
    dated(events)  # each relation's target found (the first event of its id)
    holders, targets, kinds = events.holders(), events.targets(), events.kind_bytes()
    codes, relation_types = events.kind_codes()
    limited = [_limited(RELATION_RULES[kind]) for kind in relation_types]
    claims = relation_types.index(RelationType.CLAIMS_RESPONSIBILITY_FOR)
    unhappened: list[int] = []  # claims that have happened of what has not
    for k, (s, t, code) in enumerate(zip(holders, targets, codes, strict=True)):
        if t < 0:
            continue  # to no event (reported apart) or to the event itself
        allowed = limited[code]
        if allowed is not None and (kinds[s] >> 1, kinds[t] >> 1) not in allowed:
            kind = relation_types[code]
            rule = RELATION_RULES[kind]
            yield Problem(
                code="relation-types",
                pointer=join_pointer("events", events.index(s), "relations", events.place(k)),
                message=f"{kind.value} links {_types(rule.sources)} to {_types(rule.targets)}; "
                f"this one links an event of type {events.type(s).value} to one of type "
                f"{events.type(t).value} ({events.id(t)!r} at "
                f"{join_pointer('events', events.index(t))})",
            )
        if code == claims and kinds[s] & 1 and not kinds[t] & 1:
            unhappened.append(k)
    for k in unhappened:
        s, t = holders[k], targets[k]
        yield Problem(
            code="claim-of-unhappened",
            pointer=join_pointer("events", events.index(s), "relations", events.place(k)),
            message=f"a claim of responsibility that has happened claims {events.id(t)!r} (at "
            f"{join_pointer('events', events.index(t))}), which has not (its status is "
            "planned, expected or threatened): one claims what happened",
        )
    in_cycles: set[str] = set()
    for kind, itself in _CYCLES:
        for cycle, k in found_cycles(events, kind):
            ring = cycle.ring
            in_cycles |= cycle.members
            if all(step.type is kind for step in cycle.steps):
                shown_ring = ring if len(ring) <= 12 else (*ring[:10], "…", *ring[-1:])
                how = f"{kind.value} forms a cycle of {len(ring) - 1} events"
                way = " → ".join(shown_ring)
            else:  # other relations close the cycle: say each
                said = [f"{s.holder!r} {s.type.value} {s.target!r}" for s in cycle.steps]
                if len(said) > 12:
                    said[10:-1] = [f"… {len(said) - 11} more …"]
                how = f"{kind.value} closes a cycle of {len(ring) - 1} relations"
                way = ", ".join(said)
            yield Problem(
                code="relation-cycle",
                pointer=join_pointer(
                    "events", events.index(holders[k]), "relations", events.place(k)
                ),
                message=f"{how}, and an event cannot {itself}: {way}",
            )
    derived = derive_bounds(events, published)
    if keep is not None:
        keep(derived)
    for conflict in derived.conflicts:
        crossing = {*conflict.events, conflict.earliest_from, conflict.latest_from}
        if crossing <= in_cycles:
            continue  # the dates of a cycle that may not be: the cycle is the problem
        yield _date_conflict(conflict, derived, events)


def _limited(rule: RelationRule) -> frozenset[tuple[int, int]] | None:
    """The pairs of event types (their codes in :class:`DatedEvents`) a rule's relation may
    link, or None when it may link any two."""
    if rule.sources == frozenset(EventType) and rule.targets == frozenset(EventType):
        return None
    code = EVENT_TYPES.index
    return frozenset(
        (code(source), code(target)) for source in rule.sources for target in rule.targets
    )


#: The relations that may not form a cycle, and what a cycle would make an event do.
_CYCLES = (
    (RelationType.FOLLOWS, "follow itself"),
    (RelationType.PART_OF, "be part of itself"),
)


def _date_conflict(conflict: Conflict, derived: DerivedBounds, events: DatedEvents) -> Problem:
    late = derived[conflict.latest_from]
    start = derived[conflict.earliest_from]
    if conflict.earliest_from == conflict.latest_from:
        at = derived.index(conflict.earliest_from)
        own = events.earliest(derived.position(conflict.earliest_from))
        first = datetime.date.fromordinal(own) if own != EARLIEST_OPEN else start.earliest
        return Problem(
            code="date-after-publication",
            pointer=join_pointer("events", at, "date"),
            message=f"the date starts on {first}, after the publication of "
            f"{late.latest_basis.source!r} ({late.latest}), which reports the event: what "
            "has happened happens no later than its report",
        )
    bounds = derived[conflict.at]
    ref = conflict.relation
    assert ref is not None
    rule = RELATION_RULES[ref.type]
    if conflict.length == 1:
        why = f"{rule.words}, but then"
    else:  # the path from one end to the other, each relation as its holder writes it
        steps = [f"{step.holder!r} {step.type.value} {step.target!r}" for step in conflict.chain]
        if conflict.length > len(steps):
            steps[-1:-1] = [f"… {conflict.length - len(steps):,} more …"]
        why = (
            f"{rule.words}; it is the first of a chain of {conflict.length} relations "
            f"({', '.join(steps)}) through which"
        )
    also = ""
    if conflict.also:  # one problem for a cycle, however many of its dates contradict it
        shown = [repr(event_id) for event_id in conflict.also[:_ALSO_SHOWN]]
        if len(conflict.also) > _ALSO_SHOWN:
            shown.append(f"{len(conflict.also) - _ALSO_SHOWN:,} more")
        dates = "date" if len(conflict.also) == 1 else "dates"
        also = f"; the same cycle of relations contradicts the {dates} of {', '.join(shown)}"
    return Problem(
        code="relation-date-conflict",
        pointer=join_pointer("events", derived.index(ref.holder), "relations", ref.index),
        message=f"{ref.type.value} {ref.target!r} (at "
        f"{join_pointer('events', derived.index(ref.target))}): {why} "
        f"{conflict.at!r} starts no earlier than {bounds.earliest} "
        f"({_origin(conflict.earliest_from, start.earliest_basis, derived)}) and ends no later "
        f"than {bounds.latest} ({_origin(conflict.latest_from, late.latest_basis, derived)})"
        f"{also}",
    )


#: The most other events whose dates cross on a cycle a relation-date-conflict names.
_ALSO_SHOWN = 10


def _origin(event_id: str, basis: Basis, derived: DerivedBounds) -> str:
    where = join_pointer("events", derived.index(event_id), "date")
    if basis.kind is BasisKind.PUBLICATION:
        return f"the publication of {basis.source!r}, which reports {event_id!r}"
    return f"the date of {event_id!r} at {where}"


def _types(types: frozenset[EventType]) -> str:
    if types == frozenset(EventType):
        return "any event"
    names = sorted(t.value for t in types)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
