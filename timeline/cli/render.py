"""Render the chronological and actor views for the command line, as text or JSON.

Text is a plain table (no colours, no terminal tricks: it reads the same in a pipe); JSON is
one document that carries the same rows with the date's bounds and precision spelled out.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from timeline.convert import converter
from timeline.dates import Overlap, describe_date
from timeline.publishing.exports.jsonl import (
    derived_fields,
    evidence_record,
    fatalities_record,
    reports_records,
)
from timeline.query.provenance import (
    RULES,
    actor_name,
    bounds_text,
    date_basis_text,
    dated_text,
    ends_text,
    evidence_text,
    fatalities_lines,
    history,
    narrowed_text,
    participant_text,
    reconciled,
    report_parts,
)
from timeline.reconcile import DateConflict
from timeline.temporal import HAPPENED, RELATION_RULES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from timeline.model import Event, Evidence, Role, Source
    from timeline.query.provenance import Reconciled
    from timeline.query.views import ActorEvent, ActorSummary, Linked, Timeline
    from timeline.reconcile import ReconciledDate

__all__ = [
    "actor_json",
    "actor_text",
    "actors_json",
    "actors_text",
    "event_json",
    "event_text",
    "events_json",
    "events_text",
]

_DATE, _TYPE = 28, 24


def _participants(view: Timeline, event: Event) -> str:
    return ", ".join(
        f"{actor_name(p.actor, view.actors)} ({p.role.value})" for p in event.participants
    )


def _row(date: str, kind: str, text: str, width: int = _DATE) -> str:
    return f"{date:<{width}} {kind:<{_TYPE}} {text}".rstrip()


def events_text(
    view: Timeline,
    events: Sequence[Event],
    *,
    overlaps: Sequence[Overlap | None] | None = None,
    roles: Sequence[str] | None = None,
) -> str:
    """The chronological table: date as precise as the source allows, type, title, and the
    actors with their roles (or, in an actor's view, the actor's role)."""
    cells: list[tuple[str, str, str]] = []
    uncertain = narrowed = False
    for n, event in enumerate(events):
        date = describe_date(event.date)
        stated = ""
        derived = narrowed_text(event, view.bounds(event.id))
        if derived is not None:
            # Placed by its derived bounds: show them, and the date as stated below them.
            date, stated = f"{derived} *", f"stated {date}"
            narrowed = True
        overlap = overlaps[n] if overlaps is not None else None
        if overlap is not None and overlap is Overlap.POSSIBLE:
            date += " (?)"
            uncertain = True
        cells.append((date, event.type.value, event.title))
        second = roles[n] if roles is not None else _participants(view, event)
        cells.append((stated, event.subtype.value if event.subtype else "", second))
    # The date column as wide as its widest cell: the type column never shifts.
    width = max([_DATE, *(len(date) for date, _, _ in cells)])
    lines = [_row("DATE", "TYPE", "EVENT", width), ""] if events else []  # no header over nothing
    for n in range(0, len(cells), 2):
        (date, kind, title), (stated, subtype, second) = cells[n], cells[n + 1]
        lines += [_row(date, kind, title, width), _row(stated, subtype, second, width), ""]
    if narrowed:
        lines.append(
            "* the date narrowed by the event's relations or its sources' publication (its "
            "derived bounds; timeline event ID says what each end rests on)"
        )
    if uncertain:
        lines.append(
            "(?) only possibly in the range: its derived bounds (its date narrowed by its "
            "relations and its sources' publication) reach beyond the range"
        )
    lines.append(f"{len(events)} event{'' if len(events) == 1 else 's'}")
    return "\n".join(lines) + "\n"


def _event_json(view: Timeline, event: Event) -> dict[str, Any]:
    date = event.date
    return {
        "id": event.id,
        "date": date.text,
        "date_earliest": date.earliest.isoformat() if date.earliest else None,
        "date_latest": date.latest.isoformat() if date.latest else None,
        "date_precision": date.precision.value,
        **derived_fields(view.bounds(event.id)),
        "type": event.type.value,
        "subtype": event.subtype.value if event.subtype else None,
        "title": event.title,
        "status": event.status.value,
        "participants": [
            {"actor": p.actor, "name": actor_name(p.actor, view.actors), "role": p.role.value}
            for p in event.participants
        ],
    }


def events_json(
    view: Timeline, events: Sequence[Event], *, overlaps: Sequence[Overlap | None] | None = None
) -> str:
    """The chronological view as JSON: ``{"events": [...]}``, each with its date's bounds."""
    rows = []
    for n, event in enumerate(events):
        row = _event_json(view, event)
        if overlaps is not None:
            overlap = overlaps[n]
            row["in_range"] = overlap.value if overlap is not None else None
        rows.append(row)
    return json.dumps({"events": rows}, ensure_ascii=False, indent=2) + "\n"


def actors_text(view: Timeline) -> str:
    """Every actor with its kind, what it is part of, how many events it takes part in, and
    how many with its parts and members (as ``timeline actor`` lists them)."""
    counts = view.event_counts()
    whole = view.event_counts(include_parts=True, include_members=True)
    actors = sorted(view.dataset.actors, key=lambda a: (-counts[a.id], a.id))
    id_width = max([2, *(len(actor.id) for actor in actors)])
    kind_width = max([4, *(len(actor.kind.value) for actor in actors)])
    lines = [
        f"{'EVENTS':>6}  {'ALL':>6}  {'ID':<{id_width}}  {'KIND':<{kind_width}}  NAME",
        f"{'-' * 6:>6}  {'-' * 6:>6}  {'-' * 2:<{id_width}}  {'-' * 4:<{kind_width}}  ----",
    ]
    for actor in actors:
        part = f" (part of {actor_name(actor.part_of, view.actors)})" if actor.part_of else ""
        lines.append(
            f"{counts[actor.id]:>6}  {whole[actor.id]:>6}  {actor.id:<{id_width}}  "
            f"{actor.kind.value:<{kind_width}}  {actor.name}{part}"
        )
    lines.append(
        "EVENTS: the events it takes part in itself; ALL: with its parts' and members' events, "
        "as timeline actor ID lists them"
    )
    return "\n".join(lines) + "\n"


def actors_json(view: Timeline) -> str:
    """Every actor with its event counts (its own, and with its parts and members), as
    JSON."""
    counts = view.event_counts()
    whole = view.event_counts(include_parts=True, include_members=True)
    rows = [
        {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind.value,
            "aliases": list(actor.aliases),
            "part_of": actor.part_of,
            "events": counts[actor.id],
            "events_with_parts_and_members": whole[actor.id],
        }
        for actor in sorted(view.dataset.actors, key=lambda a: (-counts[a.id], a.id))
    ]
    return json.dumps({"actors": rows}, ensure_ascii=False, indent=2) + "\n"


def _role_text(view: Timeline, actor_id: str, role: Role, root: str) -> str:
    if actor_id == root:
        return role.value
    return f"{role.value} (through {actor_name(actor_id, view.actors)})"


def actor_text(view: Timeline, summary: ActorSummary, rows: Sequence[ActorEvent]) -> str:
    """One actor: who it is, its parts and members, and its timeline with its roles."""
    actor = summary.actor
    head = [f"{actor.name} ({actor.kind.value}, id {actor.id})"]
    if actor.aliases:
        head.append(f"  also: {', '.join(actor.aliases)}")
    if actor.part_of:
        head.append(f"  part of: {actor_name(actor.part_of, view.actors)}")
    for affiliation in actor.affiliations:
        position = f"{affiliation.position} of " if affiliation.position else "member of "
        head.append(f"  {position}{actor_name(affiliation.actor, view.actors)}")
    others = sorted({actor_name(r.actor, view.actors) for r in rows if r.actor != actor.id})
    if others:
        head.append(f"  with the events of: {', '.join(others)}")
    if summary.first is not None and summary.last is not None:
        head.append(
            f"  {summary.events} event(s) of its own; the first dated "
            f"{bounds_text(view.bounds(summary.first.id))}, "
            f"the last {bounds_text(view.bounds(summary.last.id))}"
        )
    # One line per event: an event where the actor and one of its members both take part
    # shows both roles.
    events = [row.event for row in rows]
    roles = [
        "; ".join(_role_text(view, actor_id, role, actor.id) for actor_id, role in row.roles)
        for row in rows
    ]
    table = events_text(view, events, roles=roles)
    return "\n".join(head) + "\n\n" + table


def actor_json(view: Timeline, summary: ActorSummary, rows: Sequence[ActorEvent]) -> str:
    """One actor's view as JSON."""
    actor = summary.actor
    document = {
        "actor": {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind.value,
            "aliases": list(actor.aliases),
            "part_of": actor.part_of,
        },
        "summary": {
            "events": summary.events,
            "first": summary.first.id if summary.first else None,
            "last": summary.last.id if summary.last else None,
            "by_role": {
                role.value: n
                for role, n in sorted(summary.by_role.items(), key=lambda i: i[0].value)
            },
            "by_type": {
                kind.value: n
                for kind, n in sorted(summary.by_type.items(), key=lambda i: i[0].value)
            },
        },
        "events": [
            {
                **_event_json(view, row.event),
                "as": row.actor,
                "role": row.role.value,
                "roles": [{"as": actor_id, "role": role.value} for actor_id, role in row.roles],
            }
            for row in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _source_line(source: Source | None, source_id: str) -> str:
    if source is None:
        return source_id
    published = f", {describe_date(source.published)}" if source.published else ""
    publisher = f"{source.publisher}, " if source.publisher else ""
    return f"{source.title} ({publisher}{source_id}{published})"


def _evidence_text(view: Timeline, evidence: Evidence) -> str:
    """A quote with its offsets, or a citation marked as not verified; its attribution."""
    text = evidence_text(evidence, view.actors, view.sources)
    if evidence.has_offsets:
        quote = f"“{evidence.quote}”"
        text = f"{quote} [{evidence.start}:{evidence.end}]{text.removeprefix(quote)}"
    return text


def _evidence_lines(view: Timeline, evidence: Sequence[Evidence], indent: str) -> list[str]:
    """The evidence under each of its sources."""
    lines = []
    for source_id in dict.fromkeys(e.source for e in evidence):
        lines.append(f"{indent}{_source_line(view.sources.get(source_id), source_id)}")
        lines += [f"{indent}  {_evidence_text(view, e)}" for e in evidence if e.source == source_id]
    return lines


def _reconciled_date(value: ReconciledDate | DateConflict) -> str:
    if isinstance(value, DateConflict):
        return f"none: report {value.later + 1} shares no day with report {value.earlier + 1}"
    first = value.earliest.isoformat() if value.earliest is not None else ".."
    last = value.latest.isoformat() if value.latest is not None else ".."
    return first if first == last else f"{first} to {last}"


def _reports_lines(view: Timeline, event: Event) -> list[str]:
    """The history: each report in order of report (when, which source, what it gives, its
    evidence), then the values reconciled from them with the rule each follows."""
    entries = history(event, view.sources)
    if not entries:
        return []
    lines = ["", f"Reports ({len(entries)}, in order of report)"]
    for entry in entries:
        report = entry.report
        when = describe_date(entry.reported) if entry.reported is not None else "undated"
        source = _source_line(view.sources.get(report.source), report.source)
        lines.append(f"  {when}  {source}")
        for what, values in report_parts(report, view.actors):
            lines.append(f"    {what:<13}{values[0]}")
            lines += [f"    {'':<13}{value}" for value in values[1:]]
        for n, evidence in enumerate(report.evidence):
            lines.append(f"    {'evidence' if n == 0 else '':<13}{_evidence_text(view, evidence)}")
    lines += ["", "  Reconciled (timeline.reconcile)"]
    lines += _reconciled_lines(view, reconciled(event, view.sources))
    return lines


def _reconciled_lines(view: Timeline, values: Reconciled) -> list[str]:
    lines = []
    if values.fatalities is not None:
        first, *subsets = fatalities_lines(values.fatalities, view.actors)
        lines.append(f"    fatalities   {first}")
        lines += [f"{'':<19}{subset}" for subset in subsets]
        lines.append(f"                 rule: {RULES['fatalities']}")
    if values.date is not None:
        lines.append(f"    date         {_reconciled_date(values.date)}")
        lines.append(f"                 rule: {RULES['date']}")
    if values.perpetrators:
        names = ", ".join(actor_name(a, view.actors) for a in values.perpetrators)
        lines.append(f"    perpetrators {names}")
        lines.append(f"                 rule: {RULES['perpetrators']}")
    if values.status is not None:
        lines.append(f"    status       {values.status.value}")
        lines.append(f"                 rule: {RULES['status']}")
    return lines


def _linked(links: Sequence[Linked], *, incoming: bool, event: Event) -> list[str]:
    """``it claims responsibility for: …`` for a relation of this event, ``claims
    responsibility for it: …`` for one of another event to this one; where the event it
    points at has not happened, that the relation bounds no date (the rule of
    :meth:`timeline.temporal.RelationRule.holds`)."""
    lines = []
    for link in links:
        verb = RELATION_RULES[link.type].verb
        how = f"{verb} it" if incoming else f"it {verb}"
        other = link.event
        line = f"  {how}: {other.title} ({describe_date(other.date)}, {other.id})"
        target = event if incoming else other
        if target.status not in HAPPENED:
            which = "this event is" if incoming else "it is"
            line += f"; {which} {target.status.value}, so the relation bounds no date yet"
        lines.append(line)
    return lines


def _derived_lines(view: Timeline, event: Event) -> list[str]:
    """The derived bounds and what each end rests on, in words."""
    bounds = view.bounds(event.id)
    lines = [f"  derived   {bounds_text(bounds)}"]
    for end, day, why in ends_text(event, bounds, view.event, view.sources):
        if day is None:
            lines.append(f"            {end} not known")
        else:
            lines.append(f"            {end} {day.isoformat()}: {why}")
    return lines


def event_text(view: Timeline, event: Event) -> str:
    """One event in full, as a reader checks it: what, when (and on what basis) and where, who
    in which role, the figures, every piece of evidence under its source (quotes with their
    offsets; citations marked as not verified against a text), the history of its reports
    with the values reconciled from them, and the events it relates to."""
    date = dated_text(event.date, event.date_text)
    kind = event.type.value + (f" / {event.subtype.value}" if event.subtype else "")
    lines = [event.title, "", f"  id        {event.id}", f"  type      {kind}"]
    lines.append(f"  date      {date}")
    basis = date_basis_text(event, view.sources)
    if basis is not None:
        lines.append(f"            {basis}")
    lines += _derived_lines(view, event)
    lines.append(f"  status    {event.status.value}")
    if event.place is not None:
        place = event.place
        where = ", ".join(part for part in (place.name, place.country) if part)
        if place.latitude is not None and place.longitude is not None:
            where += f" ({place.latitude}, {place.longitude})"
        lines.append(f"  place     {where}")
    if event.summary:
        lines += [
            "",
            *textwrap.wrap(event.summary, 92, initial_indent="  ", subsequent_indent="  "),
        ]
    if event.participants:
        lines += ["", "Participants"]
        lines += [f"  {participant_text(p, view.actors)}" for p in event.participants]
    if event.fatalities is not None:
        lines += ["", "Fatalities"]
        lines += [f"  {line}" for line in fatalities_lines(event.fatalities, view.actors)]
    lines += ["", "Evidence", *_evidence_lines(view, event.evidence, "  ")]
    lines += _reports_lines(view, event)
    related = _linked(view.related_from(event.id), incoming=False, event=event)
    related += _linked(view.related_to(event.id), incoming=True, event=event)
    if related:
        lines += ["", "Related events", *related]
    return "\n".join(lines) + "\n"


def _reconciled_json(view: Timeline, event: Event) -> dict[str, Any] | None:
    if not event.reports:
        return None
    values = reconciled(event, view.sources)
    date: dict[str, Any] | None = None
    if isinstance(values.date, DateConflict):
        date = {"conflict": [values.date.earlier, values.date.later]}
    elif values.date is not None:
        earliest, latest = values.date.earliest, values.date.latest
        date = {
            "earliest": earliest.isoformat() if earliest is not None else None,
            "latest": latest.isoformat() if latest is not None else None,
        }
    return {
        "fatalities": fatalities_record(values.fatalities, view.actors),
        "date": date,
        "perpetrators": list(values.perpetrators),
        "status": values.status.value if values.status is not None else None,
        "rules": dict(RULES),
    }


def event_json(view: Timeline, event: Event) -> str:
    """One event as JSON: the row of the chronological view, with the event's record as the
    dataset holds it, the basis of its date, its participants' attribution, its evidence (a
    citation marked ``"verified": false``), its reports in order of report and the values
    reconciled from them (``null`` without reports), and the events it relates to."""
    row = _event_json(view, event)
    row["date_basis"] = event.date_basis.value if event.date_basis else None
    row["date_source"] = event.date_source
    row["participants"] = [
        {**shown, "attribution": p.attribution.value if p.attribution else None, "claim": p.claim}
        for shown, p in zip(row["participants"], event.participants, strict=True)
    ]
    row["evidence"] = [evidence_record(e, view.actors, view.sources) for e in event.evidence]
    row["reports"] = reports_records(event, view.actors, view.sources)
    row["reconciled"] = _reconciled_json(view, event)
    row["record"] = converter.unstructure(event)
    row["related_from"] = [
        {"type": link.type.value, "event": link.event.id} for link in view.related_from(event.id)
    ]
    row["related_to"] = [
        {"type": link.type.value, "event": link.event.id} for link in view.related_to(event.id)
    ]
    return json.dumps(row, ensure_ascii=False, indent=2) + "\n"
