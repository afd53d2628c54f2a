"""JSON Lines: one event a line, in chronological order, as a flat JSON object.

Each object carries the event's id, type and subtype, title and summary, its date (the EDTF
text, the first and last possible day, the precision, its basis and the source it is taken
from), its derived bounds (``derived_earliest``, ``derived_latest`` and the basis of each:
the date narrowed by its relations and its sources' publication, see
:func:`timeline.temporal.derive_bounds`) with ACLED's ``time_precision`` and UCDP GED's
``date_prec`` of them, status, place, participants with their names, roles and
attribution, fatality counts and subsets (the reconciled values: the event's own), the ids and
the number of its sources, its quotes checked against their texts, every piece of its evidence
(citations marked as not verified), its reports in order of report, its relations, and its
CAMEO code and ACLED event and sub-event types (see :mod:`timeline.publishing.crosswalk`;
``null`` where the mapping is not clear). ``report_sources`` lists the sources that report
one of the event's values (those of its reports, in order of report).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from timeline.publishing.crosswalk import acled_time_precision, codes_for, ucdp_date_prec
from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.fields import jsonl_table_schema
from timeline.query.provenance import according_to, history, report_sources, source_ids
from timeline.query.views import Timeline
from timeline.temporal import Basis, BasisKind, Bounds

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from timeline.dates import EdtfDate
    from timeline.model import Actor, Dataset, Event, Evidence, Fatalities, Source

__all__ = [
    "EXPORTER",
    "derived_fields",
    "event_record",
    "evidence_record",
    "fatalities_record",
    "participant_records",
    "render",
    "reports_records",
    "source_ids",
]


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date_fields(date: EdtfDate | None, prefix: str) -> dict[str, Any]:
    return {
        prefix: date.text if date is not None else None,
        f"{prefix}_start": _day(date.earliest) if date is not None else None,
        f"{prefix}_end": _day(date.latest) if date is not None else None,
    }


_OWN = Basis(BasisKind.DATE)


def derived_fields(bounds: Bounds) -> dict[str, Any]:
    """The fields of an event's derived bounds: ``derived_earliest``, ``derived_latest``
    (ISO days, ``None`` when not known), ``derived_earliest_basis``,
    ``derived_latest_basis`` (``date``, ``publication:<source>`` or
    ``relation:<type>:<event>``; ``None`` for an end that is not known, which nothing
    states), and ACLED's ``time_precision`` and UCDP GED's ``date_prec`` of the days they
    leave."""
    return {
        "derived_earliest": _day(bounds.earliest),
        "derived_latest": _day(bounds.latest),
        "derived_earliest_basis": None if bounds.earliest is None else str(bounds.earliest_basis),
        "derived_latest_basis": None if bounds.latest is None else str(bounds.latest_basis),
        "time_precision": acled_time_precision(bounds.earliest, bounds.latest),
        "date_prec": ucdp_date_prec(bounds.earliest, bounds.latest),
    }


def evidence_record(
    evidence: Evidence, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> dict[str, Any]:
    """A piece of evidence as a JSON-ready object: its source, quote and offsets, locator and
    note, attribution (with ``according_to``, its words), and ``verified``: whether its quote
    was checked at its offsets against the source's text (false for a citation)."""
    attribution = evidence.attribution
    return {
        "source": evidence.source,
        "quote": evidence.quote,
        "start": evidence.start,
        "end": evidence.end,
        "locator": evidence.locator,
        "note": evidence.note,
        "attribution": None
        if attribution is None
        else {
            "actor": attribution.actor,
            "source": attribution.source,
            "text": attribution.text,
        },
        "according_to": None if attribution is None else according_to(attribution, actors, sources),
        "verified": evidence.has_offsets,
    }


def fatalities_record(
    fatalities: Fatalities | None, actors: Mapping[str, Actor]
) -> dict[str, Any] | None:
    """Fatalities as a JSON-ready object: ``low``, ``best``, ``high``, ``text`` and the
    ``subsets``, each with its ``actor`` (and ``name``) or ``description``."""
    if fatalities is None:
        return None
    return {
        "low": fatalities.low,
        "best": fatalities.best,
        "high": fatalities.high,
        "text": fatalities.text,
        "subsets": [
            {
                "actor": subset.actor,
                "name": actors[subset.actor].name
                if subset.actor is not None and subset.actor in actors
                else None,
                "description": subset.description,
                "low": subset.low,
                "best": subset.best,
                "high": subset.high,
                "text": subset.text,
            }
            for subset in fatalities.subsets
        ],
    }


def participant_records(event: Event, actors: Mapping[str, Actor]) -> list[dict[str, Any]]:
    """The event's participants as JSON-ready objects: ``actor`` (its id), ``name``, ``role``,
    ``attribution`` and ``claim``."""
    return [
        {
            "actor": p.actor,
            "name": actors[p.actor].name,
            "role": p.role.value,
            "attribution": p.attribution.value if p.attribution else None,
            "claim": p.claim,
        }
        for p in event.participants
    ]


def reports_records(
    event: Event, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> list[dict[str, Any]]:
    """The event's reports, in order of report (see
    :func:`timeline.query.provenance.history`), as JSON-ready objects: the source (its id,
    title and publisher), when it reported (``reported``: the report's own date of report,
    else its source's publication),
    the date it gives with its bounds and wording, its fatalities, its status, its
    perpetrators with their attribution, its evidence and its note."""
    records = []
    for entry in history(event, sources):
        report = entry.report
        source = sources.get(report.source)
        records.append(
            {
                "source": report.source,
                "source_title": source.title if source is not None else None,
                "source_publisher": source.publisher if source is not None else None,
                **_date_fields(entry.reported, "reported"),
                **_date_fields(report.date, "date"),
                "date_text": report.date_text,
                "fatalities": fatalities_record(report.fatalities, actors),
                "status": report.status.value if report.status is not None else None,
                "perpetrators": [
                    {
                        "actor": p.actor,
                        "name": actors[p.actor].name if p.actor in actors else None,
                        "attribution": p.attribution.value if p.attribution else None,
                    }
                    for p in report.perpetrators
                ],
                "evidence": [evidence_record(e, actors, sources) for e in report.evidence],
                "note": report.note,
            }
        )
    return records


def event_record(
    event: Event,
    actors: Mapping[str, Actor],
    sources: Mapping[str, Source] | None = None,
    *,
    history: bool = True,
    bounds: Bounds | None = None,
) -> dict[str, Any]:
    """An event as a flat JSON-ready object (the fields of a JSON Lines line); ``sources``
    (by id) gives the titles an attribution is named by and the publication dates of the
    reports; ``bounds`` the event's derived bounds (:meth:`timeline.Timeline.bounds`:
    without them, the event's own date stands in, each end with the basis ``date``).
    Without ``history``, the lists of ``evidence`` and ``reports`` are left out (a table has
    no column for them, and they are the costly part)."""
    sources = sources or {}
    if bounds is None:
        bounds = Bounds(event.date.earliest, event.date.latest, _OWN, _OWN)
    date = event.date
    place = event.place
    deaths = event.fatalities
    codes = codes_for(event.type, event.subtype)
    ids = source_ids(event)
    record = {
        "id": event.id,
        "type": event.type.value,
        "subtype": event.subtype.value if event.subtype else None,
        "title": event.title,
        "summary": event.summary,
        "date": date.text,
        "date_start": _day(date.earliest),
        "date_end": _day(date.latest),
        "date_precision": date.precision.value,
        "date_basis": event.date_basis.value if event.date_basis else None,
        "date_source": event.date_source,
        "status": event.status.value,
        "place": place.name if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision.value if place and place.geo_precision else None,
        "participants": participant_records(event, actors),
        "fatalities_low": deaths.low if deaths else None,
        "fatalities_best": deaths.best if deaths else None,
        "fatalities_high": deaths.high if deaths else None,
        "fatalities_text": deaths.text if deaths else None,
        "fatality_subsets": (fatalities_record(deaths, actors) or {}).get("subsets", []),
        "source_ids": ids,
        "source_count": len(ids),
        "quotes": [e.quote for e in event.evidence if e.has_offsets and e.quote is not None],
        "evidence": [evidence_record(e, actors, sources) for e in event.evidence]
        if history
        else None,
        "report_count": len(event.reports),
        "report_sources": report_sources(event, sources),
        "reports": reports_records(event, actors, sources) if history else None,
        "relations": [{"type": r.type.value, "event": r.event} for r in event.relations],
        "cameo_code": codes.cameo,
        "acled_event_type": codes.acled_event_type,
        "acled_sub_event_type": codes.acled_sub_event_type,
        **derived_fields(bounds),
    }
    if not history:
        del record["evidence"], record["reports"]
    return record


def render(dataset: Dataset) -> bytes:
    """The dataset's events as JSON Lines (UTF-8, one object a line, ``\\n`` line ends)."""
    view = Timeline(dataset)
    lines = [
        json.dumps(
            event_record(event, view.actors, view.sources, bounds=view.bounds(event.id)),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
        for event in view
    ]
    return "".join(lines).encode("utf-8")


#: The JSON Lines exporter.
EXPORTER = Exporter(
    name="jsonl",
    summary="JSON Lines: one event a line",
    suffix=".jsonl",
    media_type="application/jsonl",
    render=render,
    table_schema=jsonl_table_schema,
)
