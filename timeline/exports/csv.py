"""CSV: one row per event, in chronological order, in the manner of UCDP GED and ACLED.

RFC 4180: a header row, fields quoted where they hold a comma, a double quote or a line break
(a double quote doubled), ``\\r\\n`` line ends, UTF-8 without a byte order mark. Lists are
joined into one field: actors and actor and source ids with ``"; "``, quotes with ``" | "``.
An absent value is an empty field. The last three columns give the event's CAMEO code and ACLED
event and sub-event types (see :mod:`timeline.crosswalk`), empty where the mapping is not clear.

This module is ``timeline.exports.csv``; its ``import csv`` is the standard library's (imports
are absolute).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from timeline.exports._exporter import Exporter
from timeline.exports.jsonl import event_record
from timeline.query import Timeline

if TYPE_CHECKING:
    from collections.abc import Mapping

    from timeline.model import Actor, Dataset, Event

__all__ = ["COLUMNS", "EXPORTER", "event_row", "render"]

#: The columns, in order.
COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "type",
    "subtype",
    "title",
    "actors",
    "actor_ids",
    "place",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "fatalities_text",
    "status",
    "source_ids",
    "quotes",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
)

#: What joins the items of a list in one field.
LIST_SEPARATOR = "; "
#: What joins the quotes of an event (quotes hold semicolons more often than bars).
QUOTE_SEPARATOR = " | "


def _text(value: object) -> str:
    return "" if value is None else str(value)


def event_row(event: Event, actors: Mapping[str, Actor]) -> list[str]:
    """An event as a CSV row, its fields in the order of :data:`COLUMNS`: the JSON Lines
    record of the event, its lists joined into single fields."""
    record = event_record(event, actors)
    participants = record.pop("participants")
    values: dict[str, object] = {
        **record,
        "event_id": record["id"],
        "actors": LIST_SEPARATOR.join(f"{p['name']} ({p['role']})" for p in participants),
        "actor_ids": LIST_SEPARATOR.join(p["actor"] for p in participants),
        "source_ids": LIST_SEPARATOR.join(record["source_ids"]),
        "quotes": QUOTE_SEPARATOR.join(record["quotes"]),
    }
    return [_text(values[column]) for column in COLUMNS]


def render(dataset: Dataset) -> bytes:
    """The dataset's events as CSV (RFC 4180, UTF-8, a header row)."""
    view = Timeline(dataset)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(event_row(event, view.actors) for event in view)
    return buffer.getvalue().encode("utf-8")


#: The CSV exporter.
EXPORTER = Exporter(
    name="csv", suffix=".csv", media_type="text/csv; charset=utf-8; header=present", render=render
)
