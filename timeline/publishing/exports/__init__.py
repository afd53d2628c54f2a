"""Exports of a dataset to formats other tools read: JSON Lines, CSV, GeoJSON, TimelineJS,
a self-contained HTML page, and Parquet.

:data:`FORMATS` maps each format written as one file to its exporter; an exporter renders a
whole :class:`~timeline.model.Dataset` to bytes, the same bytes for the same dataset, and a
release has one file of each. :data:`FOLDER_FORMATS` maps each format written as a folder of
files (Parquet's partitions, which need an optional dependency) to its exporter.
:data:`EXPORT_FORMATS` names them all, as ``timeline export --to`` takes them.

>>> sorted(FORMATS)
['csv', 'geojson', 'html', 'jsonl', 'timelinejs']
>>> FORMATS["geojson"].media_type
'application/geo+json'
>>> sorted(FOLDER_FORMATS), FOLDER_FORMATS["parquet"].extra
(['parquet'], 'parquet')
>>> EXPORT_FORMATS
('csv', 'geojson', 'html', 'jsonl', 'parquet', 'timelinejs')
"""

from __future__ import annotations

from timeline.publishing.exports import csv, geojson, html, jsonl, parquet, timelinejs
from timeline.publishing.exports._exporter import Exporter, FolderExporter

__all__ = ["EXPORT_FORMATS", "FOLDER_FORMATS", "FORMATS", "Exporter", "FolderExporter"]


#: Every export format written as one file, by name.
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

#: Every export format written as a folder of files, by name.
FOLDER_FORMATS: dict[str, FolderExporter] = {
    exporter.name: exporter for exporter in (parquet.EXPORTER,)
}

#: The names of every export format, sorted.
EXPORT_FORMATS: tuple[str, ...] = tuple(sorted({*FORMATS, *FOLDER_FORMATS}))
