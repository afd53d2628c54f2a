"""JSON Lines: one event a line, in chronological order, as a flat JSON object.

Each object carries the event's id, type and subtype, title and summary, its date (the EDTF
text, the first and last possible day, the precision), status, place, participants with their
names and roles, fatality counts, the ids of its sources, its quotes and its relations, and
its CAMEO code and ACLED event and sub-event types (see :mod:`timeline.publishing.crosswalk`;
``null`` where the mapping is not clear).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from timeline.publishing.crosswalk import codes_for
from timeline.publishing.exports._exporter import Exporter
from timeline.query.views import Timeline

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from timeline.model import Actor, Dataset, Event

__all__ = ["EXPORTER", "event_record", "render", "source_ids"]


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def source_ids(event: Event) -> list[str]:
    """The ids of the sources an event's evidence quotes, each once, in evidence order."""
    return list(dict.fromkeys(evidence.source for evidence in event.evidence))


def event_record(event: Event, actors: Mapping[str, Actor]) -> dict[str, Any]:
    """An event as a flat JSON-ready object (the fields of a JSON Lines line)."""
    date = event.date
    place = event.place
    deaths = event.fatalities
    codes = codes_for(event.type, event.subtype)
    return {
        "id": event.id,
        "type": event.type.value,
        "subtype": event.subtype.value if event.subtype else None,
        "title": event.title,
        "summary": event.summary,
        "date": date.text,
        "date_start": _day(date.earliest),
        "date_end": _day(date.latest),
        "date_precision": date.precision.value,
        "status": event.status.value,
        "place": place.name if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision.value if place and place.geo_precision else None,
        "participants": [
            {"actor": p.actor, "name": actors[p.actor].name, "role": p.role.value}
            for p in event.participants
        ],
        "fatalities_low": deaths.low if deaths else None,
        "fatalities_best": deaths.best if deaths else None,
        "fatalities_high": deaths.high if deaths else None,
        "fatalities_text": deaths.text if deaths else None,
        "source_ids": source_ids(event),
        "quotes": [evidence.quote for evidence in event.evidence],
        "relations": [{"type": r.type.value, "event": r.event} for r in event.relations],
        "cameo_code": codes.cameo,
        "acled_event_type": codes.acled_event_type,
        "acled_sub_event_type": codes.acled_sub_event_type,
    }


def render(dataset: Dataset) -> bytes:
    """The dataset's events as JSON Lines (UTF-8, one object a line, ``\\n`` line ends)."""
    view = Timeline(dataset)
    lines = [
        json.dumps(event_record(event, view.actors), ensure_ascii=False, separators=(",", ":"))
        + "\n"
        for event in view
    ]
    return "".join(lines).encode("utf-8")


#: The JSON Lines exporter.
EXPORTER = Exporter(name="jsonl", suffix=".jsonl", media_type="application/jsonl", render=render)
