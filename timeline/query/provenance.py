"""Where an event's values come from, as readers are told it: the sources behind the event,
each piece of evidence in words (a quote checked against its text, or a citation that could
not be), who a statement is attributed to, the basis of the date, and the history of the
event's reports with the values reconciled from them (:mod:`timeline.reconcile`).

The views of the command line and every export say these things the same way, from here.

>>> from timeline.model import Attribution, Evidence
>>> cited = Evidence(source="doha", locator="p. 1", note="signed in Doha on 29 February 2020")
>>> evidence_text(cited, {}, {})
'p. 1: signed in Doha on 29 February 2020 (not verified against a text)'
>>> quoted = Evidence(
...     source="report", quote="we did it", start=0, end=9,
...     attribution=Attribution(source="site", text="according to SITE Intelligence Group"))
>>> evidence_text(quoted, {}, {})
'“we did it” (according to SITE Intelligence Group)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from timeline.dates import EdtfDate, describe_date, parse_edtf
from timeline.model import DateBasis, Fatalities, Report, Status
from timeline.reconcile import (
    DateConflict,
    ReconciledDate,
    recency,
    reconcile_date,
    reconcile_fatalities,
    reconcile_perpetrators,
    reconcile_status,
    reported_date,
)
from timeline.temporal import RELATION_RULES, BasisKind

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Mapping

    from timeline.model import (
        Actor,
        Attribution,
        Event,
        Evidence,
        FatalityCounts,
        Participant,
        Source,
    )
    from timeline.temporal import Basis, Bounds

__all__ = [
    "NOT_VERIFIED",
    "RULES",
    "Reconciled",
    "ReportEntry",
    "according_to",
    "actor_name",
    "backed_evidence",
    "basis_text",
    "bounds_text",
    "counts_text",
    "date_basis_text",
    "dated_text",
    "ends_text",
    "evidence_text",
    "fatalities_lines",
    "history",
    "narrowed_text",
    "participant_text",
    "reconciled",
    "report_parts",
    "report_sources",
    "report_summary",
    "report_values",
    "reported_text",
    "source_ids",
    "source_title",
]

#: What marks evidence that could not be checked against a stored text (a citation).
NOT_VERIFIED = "not verified against a text"

#: The rule each reconciled value follows, in words (see :mod:`timeline.reconcile`).
RULES: dict[str, str] = {
    "fatalities": "low the least lower bound, raised to the actors' subsets added up; high "
    "the greatest upper bound, never below a report's lower bound; best the best of the most "
    "recent report that gives one, raised to the lower bound of any report made after it",
    "date": "the intersection of the reported dates",
    "perpetrators": "every actor a report names as perpetrator",
    "status": "the status of the most recent report that gives one",
}

_BASIS = {
    DateBasis.STATED: "stated in the text",
    DateBasis.RESOLVED: "resolved from the text's words",
    DateBasis.PUBLICATION: "bounded by the publication of its source",
    DateBasis.SOURCE: "taken from another source",
    DateBasis.RELATION: "derived from a related event",
}


def source_ids(event: Event) -> list[str]:
    """The ids of the sources behind an event, each once: those of its evidence, then those
    of its reports and their evidence, in the order first met."""
    ids = [evidence.source for evidence in event.evidence]
    for report in event.reports:
        ids.append(report.source)
        ids += [evidence.source for evidence in report.evidence]
    return list(dict.fromkeys(ids))


def report_sources(event: Event, sources: Mapping[str, Source]) -> list[str]:
    """The ids of the sources that report one of the event's values, each once, in order of
    report (see :func:`history`)."""
    return list(dict.fromkeys(entry.report.source for entry in history(event, sources)))


def actor_name(actor_id: str, actors: Mapping[str, Actor]) -> str:
    """The actor's name, or its id when the dataset has no such actor."""
    actor = actors.get(actor_id)
    return actor.name if actor is not None else actor_id


def source_title(source_id: str, sources: Mapping[str, Source]) -> str:
    """The source's title, or its id when the dataset has no such source."""
    source = sources.get(source_id)
    return source.title if source is not None else source_id


def according_to(
    attribution: Attribution, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> str:
    """Who a statement is attributed to, in words: the attribution's own ``text`` when it has
    one, else ``according to`` the actor's name, through the source's title."""
    if attribution.text:
        return attribution.text
    names = []
    if attribution.actor is not None:
        names.append(actor_name(attribution.actor, actors))
    if attribution.source is not None:
        title = source_title(attribution.source, sources)
        names.append(f"through {title}" if names else title)
    return "according to " + ", ".join(names)


def evidence_text(
    evidence: Evidence, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> str:
    """A piece of evidence in one line: the quote checked against its text, or the citation
    (locator, the curator's note, a quote if any) marked as not verified; then who the
    statement is attributed to. The source is not named (callers group by it)."""
    said = f"“{evidence.quote}”" if evidence.quote is not None else ""
    if not evidence.has_offsets:
        cited = ": ".join(part for part in (evidence.locator, evidence.note) if part)
        said = " ".join(part for part in (cited, said) if part)
    parts = [said]
    if evidence.attribution is not None:
        parts.append(f"({according_to(evidence.attribution, actors, sources)})")
    if not evidence.has_offsets:
        parts.append(f"({NOT_VERIFIED})")
    return " ".join(part for part in parts if part)


def date_basis_text(event: Event, sources: Mapping[str, Source]) -> str | None:
    """What the event's date rests on, in words (None when the dataset does not say)."""
    if event.date_basis is None:
        return None
    text = _BASIS[event.date_basis]
    if event.date_source is not None:
        text += f": {source_title(event.date_source, sources)} ({event.date_source})"
    return text


def bounds_text(bounds: Bounds) -> str:
    """Derived bounds as a person reads them: ``2021-08-30``, ``2021-08-26 to 2021-08-30``,
    ``by 2021-08-30``, ``from 2021-08-30`` or ``not known``.

    >>> import datetime
    >>> from timeline.temporal import Basis, BasisKind, Bounds
    >>> day, own = datetime.date(2021, 8, 30), Basis(BasisKind.DATE)
    >>> bounds_text(Bounds(day, day, own, own)), bounds_text(Bounds(None, day, own, own))
    ('2021-08-30', 'by 2021-08-30')
    """
    first, last = bounds.earliest, bounds.latest
    if first is None:
        return "not known" if last is None else f"by {last.isoformat()}"
    if last is None:
        return f"from {first.isoformat()}"
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} to {last.isoformat()}"


def narrowed_text(event: Event, bounds: Bounds) -> str | None:
    """The derived bounds as a date in words where they are narrower than the event's own
    date (and do not cross), else None: what `timeline show` and the page give as an event's
    date, marked, with the stated date beneath (a statement dated ``../2021-08-30`` that
    responds to an attack of 26 August: ``2021-08-26 to 2021-08-30``)."""
    date = event.date
    if bounds.crossed or (bounds.earliest, bounds.latest) == (date.earliest, date.latest):
        return None
    start = bounds.earliest.isoformat() if bounds.earliest else ".."
    end = bounds.latest.isoformat() if bounds.latest else ".."
    return describe_date(parse_edtf(start if start == end else f"{start}/{end}"))


def basis_text(
    event: Event, basis: Basis, events: Mapping[str, Event], sources: Mapping[str, Source]
) -> str:
    """What one derived end of ``event`` rests on, in words: ``its own date``, the
    publication of a source that reports it, or the relation that tightened it with what the
    relation means for time (:data:`timeline.temporal.RELATION_RULES`)."""
    if basis.kind is BasisKind.PUBLICATION:
        assert basis.source is not None
        title = source_title(basis.source, sources)
        return (
            f"reported by {title} ({basis.source}): what has happened ends no later than its report"
        )
    if basis.kind is BasisKind.RELATION:
        assert basis.relation is not None
        assert basis.event is not None
        kind = RELATION_RULES[basis.relation].verb
        other = events.get(basis.event)
        named = f"{other.title} ({basis.event})" if other is not None else basis.event
        held = any(r.type is basis.relation and r.event == basis.event for r in event.relations)
        how = f"it {kind} {named}" if held else f"{named} {kind} it"
        return f"{how}: {RELATION_RULES[basis.relation].words}"
    return "its own date"


def ends_text(
    event: Event,
    bounds: Bounds,
    event_by_id: Callable[[str], Event],
    sources: Mapping[str, Source],
) -> list[tuple[str, datetime.date | None, str | None]]:
    """Each end of ``event``'s derived ``bounds``: ``earliest`` or ``latest``, its day (None:
    not known) and what it rests on in the words of :func:`basis_text` (None where the day
    is not known). ``event_by_id`` finds the events the bases name (``Timeline.event``)."""
    named = {basis.event for _, _, basis in bounds.ends() if basis.event is not None}
    events = {other: event_by_id(other) for other in named}
    return [
        (end, day, None if day is None else basis_text(event, basis, events, sources))
        for end, day, basis in bounds.ends()
    ]


def participant_text(
    participant: Participant,
    actors: Mapping[str, Actor],
    events: Mapping[str, Event] | None = None,
) -> str:
    """``IS-K (perpetrator, claimed; claim: is-claims-bombing)``: an actor with its role, how
    firmly it is held responsible and the event that claims it: by its id, or, given
    ``events`` (ids to events), by its title, for a reader who never sees ids.

    >>> from timeline.model import Participant, Responsibility, Role
    >>> claimed = Participant(
    ...     actor="is-k", role=Role.PERPETRATOR, attribution=Responsibility.CLAIMED, claim="c-1"
    ... )
    >>> participant_text(claimed, {})
    'is-k (perpetrator, claimed; claim: c-1)'
    """
    how = [participant.role.value]
    if participant.attribution is not None:
        how.append(participant.attribution.value)
    text = ", ".join(how)
    if participant.claim is not None:
        claim = (events or {}).get(participant.claim)
        text += f"; claim: {participant.claim if claim is None else claim.title}"
    return f"{actor_name(participant.actor, actors)} ({text})"


def counts_text(fatalities: FatalityCounts) -> str:
    """``101 to 120, best 110``, ``at least 101``, ``13``: the figures as a reader says them."""
    low, best, high = fatalities.low, fatalities.best, fatalities.high
    if low is not None and high is not None and low != high:
        span = f"{low} to {high}"
        return f"{span}, best {best}" if best is not None else span
    if best is not None:
        return str(best)
    if low is not None:
        return f"at least {low}" if high is None else str(low)
    return f"at most {high}" if high is not None else "unknown"


def fatalities_lines(fatalities: Fatalities, actors: Mapping[str, Actor]) -> list[str]:
    """Fatalities as a reader says them, a line each: the figures with their wording, then
    each subset, ``of them United States Armed Forces: 13 (“13 members of the US army”)``."""
    wording = f" (“{fatalities.text}”)" if fatalities.text else ""
    lines = [f"{counts_text(fatalities)}{wording}"]
    for subset in fatalities.subsets:
        who = actor_name(subset.actor, actors) if subset.actor else subset.description or ""
        wording = f" (“{subset.text}”)" if subset.text else ""
        lines.append(f"of them {who}: {counts_text(subset)}{wording}")
    return lines


def dated_text(date: EdtfDate | None, phrase: str | None) -> str:
    """A date as precise as it is known, with the words it was read from:
    ``2021-08-26 (from “on Thursday”)``; the words alone when no date was read from them.

    >>> from timeline.dates import parse_edtf
    >>> dated_text(parse_edtf("2021-08-26"), "on Thursday"), dated_text(None, "last week")
    ('2021-08-26 (from “on Thursday”)', '“last week”')
    """
    shown = describe_date(date) if date is not None else ""
    wording = f"“{phrase}”" if phrase else ""
    if shown and wording:
        wording = f"(from {wording})"
    return " ".join(part for part in (shown, wording) if part)


def report_parts(report: Report, actors: Mapping[str, Actor]) -> list[tuple[str, list[str]]]:
    """What a report gives, as (what, lines) pairs: its date (with its wording), its
    fatalities (with their wording and subsets), its perpetrators (with their attribution)
    and its note."""
    parts: list[tuple[str, list[str]]] = []
    if report.date is not None or report.date_text:
        parts.append(("date", [dated_text(report.date, report.date_text)]))
    if report.fatalities is not None:
        parts.append(("fatalities", fatalities_lines(report.fatalities, actors)))
    if report.status is not None:
        parts.append(("status", [report.status.value]))
    if report.perpetrators:
        named = [
            actor_name(p.actor, actors) + (f" ({p.attribution.value})" if p.attribution else "")
            for p in report.perpetrators
        ]
        parts.append(("perpetrators", [", ".join(named)]))
    if report.note:
        parts.append(("note", [report.note]))
    return parts


def report_values(report: Report) -> list[str]:
    """The values a report gives, by name: ``date``, ``fatalities``, ``status``,
    ``perpetrators``."""
    given = {
        "date": report.date is not None or bool(report.date_text),
        "fatalities": report.fatalities is not None,
        "status": report.status is not None,
        "perpetrators": bool(report.perpetrators),
    }
    return [value for value, gives in given.items() if gives]


def backed_evidence(event: Event, sources: Mapping[str, Source]) -> list[tuple[str, Evidence]]:
    """Every piece of evidence behind the event, each with what it backs: the event's own
    (``event``, or ``date`` when it cites the source the date is taken from), then its
    reports', in order of report, each backing the values its report gives
    (``fatalities``, ``date and fatalities``)."""
    backed = [("date" if e.source == event.date_source else "event", e) for e in event.evidence]
    for entry in history(event, sources):
        values = " and ".join(report_values(entry.report)) or "report"
        backed += [(values, e) for e in entry.report.evidence]
    return backed


def report_summary(report: Report, actors: Mapping[str, Actor]) -> str:
    """What a report gives, in one line: ``fatalities at least 101 (“…”) of them …; note …``
    (the parts of :func:`report_parts`, each after its name)."""
    return "; ".join(f"{what} {' '.join(lines)}" for what, lines in report_parts(report, actors))


@attrs.frozen
class ReportEntry:
    """A report in the history of an event: where it stands in the event's ``reports``, when
    it was made (its ``reported``, else its source's publication; None when neither is
    known) and the report itself."""

    position: int
    reported: EdtfDate | None
    report: Report


def reported_text(entry: ReportEntry) -> str:
    """When a report was made, as the dataset writes the date, or that it is not known."""
    return entry.reported.text if entry.reported is not None else "date of report not known"


def history(event: Event, sources: Mapping[str, Source]) -> list[ReportEntry]:
    """The event's reports in order of report: by date of report, then by position; a report
    whose date of report is not known comes first (it counts as older than any dated one, as
    in :mod:`timeline.reconcile`)."""
    published = _published(event, sources)
    entries = [
        ReportEntry(at, reported_date(report, published), report)
        for at, report in enumerate(event.reports)
    ]
    return sorted(entries, key=lambda entry: recency(entry.reported, entry.position))


def _published(event: Event, sources: Mapping[str, Source]) -> dict[str, EdtfDate | None]:
    """The publication dates of the sources of the event's reports (all the rule asks of
    the dataset's sources)."""
    return {
        report.source: sources[report.source].published
        for report in event.reports
        if report.source in sources
    }


@attrs.frozen
class Reconciled:
    """The values the event's reports give, reconciled: fatalities (None when no report
    gives any), the date (the days every report allows, a conflict, or None when no report
    gives a date), the perpetrators (empty when no report names one) and the status (None
    when no report gives one)."""

    fatalities: Fatalities | None
    date: ReconciledDate | DateConflict | None
    perpetrators: tuple[str, ...]
    status: Status | None = None


def reconciled(event: Event, sources: Mapping[str, Source]) -> Reconciled:
    """The values :mod:`timeline.reconcile` derives from the event's reports."""
    published = _published(event, sources)
    return Reconciled(
        fatalities=reconcile_fatalities(event.reports, published),
        date=reconcile_date(event.reports),
        perpetrators=tuple(reconcile_perpetrators(event.reports)),
        status=reconcile_status(event.reports, published),
    )
