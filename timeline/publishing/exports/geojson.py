"""GeoJSON (RFC 7946): a FeatureCollection with one feature per event.

Each feature has the event's id as its id and the fields of a JSON Lines line as its
properties (its derived bounds among them). An event whose place has coordinates is a Point
at ``[longitude, latitude]`` (the order RFC 7946 prescribes); an event without coordinates is a
feature too, with ``"geometry": null`` (RFC 7946, section 3.2: an unlocated feature), so the
file holds every event, as every other export does, and a map draws the located ones. Its
``latitude`` and ``longitude`` properties are then null; :func:`without_coordinates` counts
such events.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.jsonl import event_record
from timeline.query.views import Timeline

if TYPE_CHECKING:
    from timeline.model import Dataset, Event

__all__ = ["EXPORTER", "geometry", "render", "without_coordinates"]


def geometry(event: Event) -> dict[str, Any] | None:
    """The event's GeoJSON geometry: a Point at its place's coordinates, or None (null)."""
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {"type": "Point", "coordinates": [place.longitude, place.latitude]}


def without_coordinates(dataset: Dataset) -> int:
    """How many events the GeoJSON gives without a geometry (those without coordinates)."""
    return sum(1 for event in dataset.events if geometry(event) is None)


def render(dataset: Dataset) -> bytes:
    """Every event as a GeoJSON feature, in chronological order."""
    view = Timeline(dataset)
    features = [
        {
            "type": "Feature",
            "id": event.id,
            "geometry": geometry(event),
            "properties": event_record(
                event, view.actors, view.sources, bounds=view.bounds(event.id)
            ),
        }
        for event in view
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: The GeoJSON exporter.
EXPORTER = Exporter(
    name="geojson",
    summary="a FeatureCollection with one feature per event",
    suffix=".geojson",
    media_type="application/geo+json",
    render=render,
)
