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

if TYPE_CHECKING:
    from collections.abc import Sequence

    from timeline.model import Event, Evidence, FatalityCounts, Source
    from timeline.query.views import ActorEvent, ActorSummary, Linked, Timeline

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
    return ", ".join(f"{view.actors[p.actor].name} ({p.role.value})" for p in event.participants)


def _row(date: str, kind: str, text: str) -> str:
    return f"{date:<{_DATE}} {kind:<{_TYPE}} {text}".rstrip()


def events_text(
    view: Timeline,
    events: Sequence[Event],
    *,
    overlaps: Sequence[Overlap | None] | None = None,
    roles: Sequence[str] | None = None,
) -> str:
    """The chronological table: date as precise as the source allows, type, title, and the
    actors with their roles (or, in an actor's view, the actor's role)."""
    lines = [_row("DATE", "TYPE", "EVENT"), ""]
    uncertain = False
    for n, event in enumerate(events):
        date = describe_date(event.date)
        overlap = overlaps[n] if overlaps is not None else None
        if overlap is not None and overlap is Overlap.POSSIBLE:
            date += " (?)"
            uncertain = True
        lines.append(_row(date, event.type.value, event.title))
        second = roles[n] if roles is not None else _participants(view, event)
        lines.append(_row("", event.subtype.value if event.subtype else "", second))
        lines.append("")
    if uncertain:
        lines.append("(?) only possibly in the range: the date is less precise than the range")
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
        "type": event.type.value,
        "subtype": event.subtype.value if event.subtype else None,
        "title": event.title,
        "status": event.status.value,
        "participants": [
            {"actor": p.actor, "name": view.actors[p.actor].name, "role": p.role.value}
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
    """Every actor with its kind, what it is part of, and how many events it takes part in."""
    counts = view.event_counts()
    lines = [
        f"{'EVENTS':>6}  {'ID':<32} {'KIND':<16} NAME",
        f"{'-' * 6:>6}  {'-' * 2:<32} {'-' * 4:<16} ----",
    ]
    for actor in sorted(view.dataset.actors, key=lambda a: (-counts[a.id], a.id)):
        part = f" (part of {view.actors[actor.part_of].name})" if actor.part_of else ""
        lines.append(
            f"{counts[actor.id]:>6}  {actor.id:<32} {actor.kind.value:<16} {actor.name}{part}"
        )
    return "\n".join(lines) + "\n"


def actors_json(view: Timeline) -> str:
    """Every actor with its event count, as JSON."""
    counts = view.event_counts()
    rows = [
        {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind.value,
            "aliases": list(actor.aliases),
            "part_of": actor.part_of,
            "events": counts[actor.id],
        }
        for actor in sorted(view.dataset.actors, key=lambda a: (-counts[a.id], a.id))
    ]
    return json.dumps({"actors": rows}, ensure_ascii=False, indent=2) + "\n"


def _role_text(view: Timeline, row: ActorEvent, root: str) -> str:
    if row.actor == root:
        return row.role.value
    return f"{row.role.value} (through {view.actors[row.actor].name})"


def actor_text(view: Timeline, summary: ActorSummary, rows: Sequence[ActorEvent]) -> str:
    """One actor: who it is, its parts and members, and its timeline with its roles."""
    actor = summary.actor
    head = [f"{actor.name} ({actor.kind.value}, id {actor.id})"]
    if actor.aliases:
        head.append(f"  also: {', '.join(actor.aliases)}")
    if actor.part_of:
        head.append(f"  part of: {view.actors[actor.part_of].name}")
    for affiliation in actor.affiliations:
        position = f"{affiliation.position} of " if affiliation.position else "member of "
        head.append(f"  {position}{view.actors[affiliation.actor].name}")
    others = sorted({view.actors[r.actor].name for r in rows if r.actor != actor.id})
    if others:
        head.append(f"  with the events of: {', '.join(others)}")
    if summary.first is not None and summary.last is not None:
        head.append(
            f"  {summary.events} event(s) of its own; the first dated "
            f"{describe_date(summary.first.date)}, the last {describe_date(summary.last.date)}"
        )
    # One line per event: an event where the actor and one of its members both take part
    # shows both roles.
    events: list[Event] = []
    roles: list[str] = []
    for row in rows:
        role = _role_text(view, row, actor.id)
        if events and events[-1] is row.event:
            roles[-1] += f"; {role}"
        else:
            events.append(row.event)
            roles.append(role)
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
            {**_event_json(view, row.event), "as": row.actor, "role": row.role.value}
            for row in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _counts(fatalities: FatalityCounts) -> str:
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


def _source_line(source: Source | None, source_id: str) -> str:
    if source is None:
        return source_id
    published = f", {describe_date(source.published)}" if source.published else ""
    publisher = f"{source.publisher}, " if source.publisher else ""
    return f"{source.title} ({publisher}{source_id}{published})"


def _evidence_text(evidence: Evidence) -> str:
    return f"“{evidence.quote}” [{evidence.start}:{evidence.end}]"


def _linked(links: Sequence[Linked], *, incoming: bool) -> list[str]:
    """``it claims responsibility for: …`` for a relation of this event, ``claims
    responsibility for it: …`` for one of another event to this one."""
    lines = []
    for link in links:
        kind = link.type.value.replace("_", " ")
        how = f"{kind} it" if incoming else f"it {kind}"
        other = link.event
        lines.append(f"  {how}: {other.title} ({describe_date(other.date)}, {other.id})")
    return lines


def event_text(view: Timeline, event: Event) -> str:
    """One event in full, as a reader checks it: what, when and where, who in which role, the
    figures, every piece of evidence under its source, and the events it relates to."""
    sources = {source.id: source for source in view.dataset.sources}
    date = describe_date(event.date)
    if event.date_text:
        date += f" (from “{event.date_text}”)"
    kind = event.type.value + (f" / {event.subtype.value}" if event.subtype else "")
    lines = [event.title, "", f"  id        {event.id}", f"  type      {kind}"]
    lines += [f"  date      {date}", f"  status    {event.status.value}"]
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
        lines += [f"  {view.actors[p.actor].name} ({p.role.value})" for p in event.participants]
    if event.fatalities is not None:
        fatalities = event.fatalities
        wording = f" (“{fatalities.text}”)" if fatalities.text else ""
        lines += ["", "Fatalities", f"  {_counts(fatalities)}{wording}"]
        for subset in fatalities.subsets:
            who = view.actors[subset.actor].name if subset.actor else subset.description or ""
            wording = f" (“{subset.text}”)" if subset.text else ""
            lines.append(f"  of them {who}: {_counts(subset)}{wording}")
    lines += ["", "Evidence"]
    for source_id in dict.fromkeys(e.source for e in event.evidence):
        lines.append(f"  {_source_line(sources.get(source_id), source_id)}")
        lines += [f"    {_evidence_text(e)}" for e in event.evidence if e.source == source_id]
    related = _linked(view.related_from(event.id), incoming=False)
    related += _linked(view.related_to(event.id), incoming=True)
    if related:
        lines += ["", "Related events", *related]
    return "\n".join(lines) + "\n"


def event_json(view: Timeline, event: Event) -> str:
    """One event as JSON: the row of the chronological view, with the event's record as the
    dataset holds it and the events it relates to (both ways)."""
    row = _event_json(view, event)
    row["record"] = converter.unstructure(event)
    row["related_from"] = [
        {"type": link.type.value, "event": link.event.id} for link in view.related_from(event.id)
    ]
    row["related_to"] = [
        {"type": link.type.value, "event": link.event.id} for link in view.related_to(event.id)
    ]
    return json.dumps(row, ensure_ascii=False, indent=2) + "\n"
