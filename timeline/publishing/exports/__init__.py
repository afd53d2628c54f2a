"""Exports of a dataset to formats other tools read: JSON Lines, CSV, GeoJSON, TimelineJS
and a self-contained HTML page.

:data:`FORMATS` maps each format's name to its exporter; an exporter renders a whole
:class:`~timeline.model.Dataset` to bytes, the same bytes for the same dataset.

>>> sorted(FORMATS)
['csv', 'geojson', 'html', 'jsonl', 'timelinejs']
>>> FORMATS["geojson"].media_type
'application/geo+json'
"""

from __future__ import annotations

from timeline.publishing.exports import csv, geojson, html, jsonl, timelinejs
from timeline.publishing.exports._exporter import Exporter

__all__ = ["FORMATS", "Exporter"]


#: Every export format by name.
FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        jsonl.EXPORTER,
        csv.EXPORTER,
        geojson.EXPORTER,
        timelinejs.EXPORTER,
        html.EXPORTER,
    )
}
