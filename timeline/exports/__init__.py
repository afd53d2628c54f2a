"""Exports of a dataset to formats other tools read: JSON Lines, CSV and GeoJSON.

:data:`FORMATS` maps each format's name to its exporter; an exporter renders a whole
:class:`~timeline.model.Dataset` to bytes, the same bytes for the same dataset.

>>> sorted(FORMATS)
['csv', 'geojson', 'jsonl']
>>> FORMATS["geojson"].media_type
'application/geo+json'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from timeline.exports import csv, geojson, jsonl

if TYPE_CHECKING:
    from timeline.model import Dataset

__all__ = ["FORMATS", "Exporter"]


class Exporter(Protocol):
    """A format a dataset can be exported to."""

    @property
    def name(self) -> str:
        """The format's name, as ``timeline export --to`` takes it."""
        ...

    @property
    def suffix(self) -> str:
        """The usual file name suffix, with its dot."""
        ...

    @property
    def media_type(self) -> str:
        """The format's media type."""
        ...

    def render(self, dataset: Dataset) -> bytes:
        """The dataset in this format, deterministic: the same dataset gives the same bytes."""
        ...


#: Every export format by name.
FORMATS: dict[str, Exporter] = {
    exporter.name: exporter for exporter in (jsonl.EXPORTER, csv.EXPORTER, geojson.EXPORTER)
}
