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
import difflib
from typing import TYPE_CHECKING

import attrs

from timeline.names import fold
from timeline.problems import Problem, Severity, format_pointer, join_pointer, shown

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path


def closest(name: str, known: Sequence[str]) -> str:
    """A hint of the known ids most like ``name`` (``known`` sorted). With many ids only the
    neighbours of ``name`` in sorted order are compared: a typo late in an id still finds it,
    and the hint costs O(log n), not a comparison with every id."""
    if len(known) > 200:
        at = bisect.bisect_left(known, name)
        known = known[max(0, at - 25) : at + 25]
    close = difflib.get_close_matches(name, known, n=3)
    shown = (c if c.isprintable() else repr(c) for c in close)  # a line break stays in line
    return f" (closest: {', '.join(shown)})" if close else ""


@attrs.define
class Pending:
    """A reference, or a quote, that can be checked only once more of the document is read."""

    pointer: str
    target: str
    place: tuple[int, int] | None
    quote: tuple[str, int, int] | None = None


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

    def problem(
        self, code: str, message: str, *where: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A problem of this source (at its member ``where``), placed at its record."""
        line, column = self.place if self.place else (None, None)
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
