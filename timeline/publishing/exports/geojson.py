"""GeoJSON (RFC 7946): a FeatureCollection of the events whose place has coordinates.

Each feature is a Point at ``[longitude, latitude]`` (the order RFC 7946 prescribes), with the
event's id as the feature id and the fields of a JSON Lines line as its properties (its
derived bounds among them). Events without coordinates are left out; :func:`left_out`
counts them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.jsonl import event_record
from timeline.query.views import Timeline

if TYPE_CHECKING:
    from timeline.model import Dataset, Event

__all__ = ["EXPORTER", "left_out", "render"]


def _located(event: Event) -> bool:
    return event.place is not None and event.place.latitude is not None


def left_out(dataset: Dataset) -> int:
    """How many events the GeoJSON leaves out (those without coordinates)."""
    return sum(1 for event in dataset.events if not _located(event))


def render(dataset: Dataset) -> bytes:
    """The located events as a GeoJSON FeatureCollection, in chronological order."""
    view = Timeline(dataset)
    features: list[dict[str, Any]] = []
    for event in view:
        place = event.place
        if place is None or place.latitude is None or place.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": event_record(
                    event, view.actors, view.sources, bounds=view.bounds(event.id)
                ),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: The GeoJSON exporter.
EXPORTER = Exporter(
    name="geojson", suffix=".geojson", media_type="application/geo+json", render=render
)
