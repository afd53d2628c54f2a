"""TimelineJS: the JSON a Knight Lab TimelineJS3 timeline reads.

The document is one object: a ``title`` slide (the dataset's title and description) and an
``events`` list with one slide per event, in chronological order. A slide has a ``start_date``
(and an ``end_date`` for an interval with both ends known), a ``text`` with the event's title as
``headline`` and, as HTML, its summary, who takes part and the fatalities (the reconciled
values, where the event has reports), its evidence (each quote, or a citation's locator and
note marked as not verified against a text, with its source and attribution) and the history
of its reports, the group of its event type in words as ``group`` (:data:`GROUPS`: a handful
of broad groups, ``Claims``, ``Attacks and seizures``; left out with ``groups=False``), the
event id as ``unique_id`` and the date as precise as the source allows as ``display_date``.
A claim a participant rests on is named by its title.

A date object holds only the parts the date's precision supports: ``year`` always, ``month``
from month precision on, ``day`` from day precision on, ``hour``, ``minute`` and ``second`` for a
date-time (the time as written; TimelineJS knows no time zones, the ``display_date`` keeps the
offset). TimelineJS needs a start for every event, and sorts the slides by it: so that it
shows them in the order of every other view (docs/dates.md, "The total order"), an event
placed by its derived bounds (:meth:`timeline.Timeline.bounds`: its date narrowed by its
relations and its sources' publication) on another day than by its own date starts on its
derived earliest day (or, that not known, its derived latest day: the day it is known by)
and ends on its derived latest day; otherwise an open start (``../2021-08-30``) starts at its
known end, an open end (``2021-08-30/..``) at its start. ``display_date`` always gives the
event's own date as precise as the source allows (``by 2021-08-30``, ``from 2021-08-30``).
Every text is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from timeline.dates import Precision, describe_date, parse_edtf
from timeline.model import EventType
from timeline.publishing.exports._exporter import Exporter
from timeline.query.provenance import (
    NOT_VERIFIED,
    according_to,
    fatalities_lines,
    history,
    participant_text,
    report_summary,
    reported_text,
    source_title,
)
from timeline.query.views import Timeline

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from timeline.dates import EdtfDate
    from timeline.model import Actor, Dataset, Event, Evidence, Source
    from timeline.temporal import Bounds

__all__ = ["EXPORTER", "GROUPS", "date_object", "event_slide", "group_label", "render"]

_OPEN = ("", "..")


def date_object(value: EdtfDate) -> dict[str, Any]:
    """A TimelineJS date object for one date (not an interval): only the parts it gives.

    >>> date_object(parse_edtf("2020-02"))
    {'year': 2020, 'month': 2, 'display_date': '2020-02'}
    >>> date_object(parse_edtf("2021-08-26T17:50:00+04:30"))["hour"]
    17
    """
    if value.is_interval or value.earliest is None:
        raise ValueError(f"a TimelineJS date object needs a single date, not {value.text!r}")
    day = value.earliest
    parts: dict[str, Any] = {"year": day.year}
    if not value.precision.is_coarser_than(Precision.MONTH):
        parts["month"] = day.month
    if not value.precision.is_coarser_than(Precision.DAY):
        parts["day"] = day.day
    if value.time is not None:
        parts["hour"] = value.time.hour
        parts["minute"] = value.time.minute
        parts["second"] = value.time.second
    parts["display_date"] = value.text
    return parts


#: The groups of rows TimelineJS draws, each labelled for a reader, with the event types it
#: holds: every type in exactly one group. TimelineJS gives each group a row of its own before
#: it stacks markers, so a handful of broad groups leaves it the rows to keep markers apart
#: where one group per type (eleven) would lay them over each other.
GROUPS: Mapping[str, tuple[EventType, ...]] = {
    "Attacks and seizures": (EventType.ATTACK, EventType.SEIZURE_OF_POWER, EventType.ARREST),
    "Claims": (EventType.CLAIM_OF_RESPONSIBILITY,),
    "Statements and threats": (
        EventType.STATEMENT,
        EventType.THREAT,
        EventType.ANNOUNCEMENT,
    ),
    "Agreements and talks": (EventType.AGREEMENT, EventType.NEGOTIATION, EventType.WITHDRAWAL),
    "Protests": (EventType.PROTEST,),
}

_GROUP_OF: Mapping[EventType, str] = {
    event_type: label for label, types in GROUPS.items() for event_type in types
}


def group_label(event_type: EventType) -> str:
    """The label of the group of rows an event type's markers stand on (:data:`GROUPS`).

    >>> group_label(EventType.CLAIM_OF_RESPONSIBILITY)
    'Claims'
    >>> group_label(EventType.THREAT)
    'Statements and threats'
    """
    return _GROUP_OF[event_type]


def _ends(value: EdtfDate) -> tuple[EdtfDate | None, EdtfDate | None]:
    """The start and the end of a date as single dates; a single date is both."""
    if not value.is_interval:
        return value, value
    first, last = value.text.split("/")
    return (
        None if first in _OPEN else parse_edtf(first),
        None if last in _OPEN else parse_edtf(last),
    )


def _escape(text: str) -> str:
    # Text between tags only (never in an attribute), so quotes stay as they are.
    return html.escape(text, quote=False)


def _paragraph(text: str) -> str:
    return f"<p>{_escape(text)}</p>"


def _blockquote(
    evidence: Evidence, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> str:
    """A piece of evidence: the quote checked against its text, or the citation's note (and
    quote, if any), then the source's title, the citation's locator marked as not verified,
    and who the statement is attributed to."""
    if evidence.has_offsets:
        said = [evidence.quote or ""]
    else:
        said = [text for text in (evidence.note, evidence.quote and f"“{evidence.quote}”") if text]
    cite = [source_title(evidence.source, sources)]
    if not evidence.has_offsets:
        cite += [evidence.locator or "", NOT_VERIFIED]
    if evidence.attribution is not None:
        cite.append(according_to(evidence.attribution, actors, sources))
    body = "".join(_paragraph(text) for text in said)
    return f"<blockquote>{body}<cite>{_escape(', '.join(c for c in cite if c))}</cite></blockquote>"


def _reports(event: Event, actors: Mapping[str, Actor], sources: Mapping[str, Source]) -> str:
    """The reports in order of report, one paragraph each: when, which source, what it gave."""
    parts = []
    for entry in history(event, sources):
        when = reported_text(entry)
        gives = report_summary(entry.report, actors)
        parts.append(_paragraph(f"{when}, {source_title(entry.report.source, sources)}: {gives}"))
    return "".join(parts)


def _facts(
    event: Event, actors: Mapping[str, Actor], events: Mapping[str, Event] | None
) -> list[str]:
    """The event's own values, reconciled from its reports where it has any: who takes part
    (with how firmly a perpetrator is held responsible and the claim, by its title, that
    claims it) and the fatalities."""
    parts = []
    if event.participants:
        taking_part = "; ".join(participant_text(p, actors, events) for p in event.participants)
        parts.append(_paragraph(f"Taking part: {taking_part}"))
    if event.fatalities is not None:
        lines = fatalities_lines(event.fatalities, actors)
        label = "Killed"
        if any(report.fatalities is not None for report in event.reports):
            label += " (reconciled from its reports)"
        parts.append(_paragraph(f"{label}: {'; '.join(lines)}"))
    return parts


def _body(
    event: Event,
    actors: Mapping[str, Actor],
    sources: Mapping[str, Source],
    events: Mapping[str, Event] | None,
) -> str:
    """The slide's HTML: the summary, who takes part and the fatalities, each piece of
    evidence in a blockquote with its source, then the reports."""
    parts = [_paragraph(event.summary)] if event.summary else []
    parts += _facts(event, actors, events)
    parts += [_blockquote(evidence, actors, sources) for evidence in event.evidence]
    parts.append(_reports(event, actors, sources))
    return "".join(parts)


def _day_object(day: datetime.date, shown: str) -> dict[str, Any]:
    return {"year": day.year, "month": day.month, "day": day.day, "display_date": shown}


def event_slide(
    event: Event,
    sources: Mapping[str, Source],
    actors: Mapping[str, Actor] | None = None,
    *,
    bounds: Bounds | None = None,
    group: bool = True,
    events: Mapping[str, Event] | None = None,
) -> dict[str, Any]:
    """The TimelineJS slide of one event; ``sources``, ``actors`` and ``events`` map ids to
    records (a claim is named by its event's title where ``events`` has it, else by its id),
    ``bounds`` are the event's derived bounds (without them, its own date places it);
    ``group``: whether the slide names its group (the event type in words)."""
    start, end = _ends(event.date)
    shown = describe_date(event.date)
    slide: dict[str, Any] = {}
    own = event.date.earliest or event.date.latest
    anchor = None if bounds is None else bounds.earliest or bounds.latest
    if bounds is not None and anchor is not None and anchor != own:
        # Placed by what its relations and sources tell of it, as every view places it.
        first, last = bounds.earliest, bounds.latest
        slide["start_date"] = _day_object(anchor, shown)
        if first is not None and last is not None and first != last:
            slide["end_date"] = _day_object(last, shown)
    elif start is not None and end is not None:
        slide["start_date"] = date_object(start)
        if event.date.is_interval:
            slide["end_date"] = date_object(end)
    else:
        # An open end or an open start: TimelineJS needs a start, so the known end stands in,
        # and its display date says which side is open ("from 2021-08-30", "by 2021-08-30").
        known = start if start is not None else end
        if known is None:  # pragma: no cover - parse_edtf rejects an interval without dates
            raise ValueError(f"event {event.id!r} has no date TimelineJS can place")
        slide["start_date"] = date_object(known) | {"display_date": shown}
    slide["display_date"] = shown
    slide["text"] = {
        "headline": _escape(event.title),
        "text": _body(event, actors or {}, sources, events),
    }
    if group:
        slide["group"] = group_label(event.type)
    slide["unique_id"] = event.id
    return slide


def render(dataset: Dataset, *, groups: bool = True) -> bytes:
    """The dataset as a TimelineJS3 JSON document (UTF-8, indented, a line end at the end);
    with ``groups=False`` the slides have no ``group``, and TimelineJS stacks the markers on
    the fewest rows."""
    view = Timeline(dataset)
    sources = view.sources
    events = {event.id: event for event in view}
    title_text = _paragraph(dataset.description) if dataset.description else ""
    document = {
        "title": {"text": {"headline": _escape(dataset.title), "text": title_text}},
        "events": [
            event_slide(
                event,
                sources,
                view.actors,
                bounds=view.bounds(event.id),
                group=groups,
                events=events,
            )
            for event in view
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: The TimelineJS exporter.
EXPORTER = Exporter(
    name="timelinejs",
    summary="the JSON a Knight Lab TimelineJS3 timeline reads",
    suffix=".json",
    media_type="application/json",
    render=render,
)
