"""The events and their participants as two typed tables: what a data frame and the Parquet
export are made of.

The events table has the CSV's columns (:data:`timeline.publishing.exports.csv.COLUMNS`), in
its order, with the values of :func:`~timeline.publishing.exports.csv.event_cells` (the rows
of the CSV and of the JSON Lines export, lists joined with ``"; "`` or ``" | "``), as they are
(never neutralised: a table is read by programs) and typed by :data:`EVENT_COLUMNS`: days as
dates, ids, codes and vocabulary values as strings (CAMEO's ``057`` stays ``057``), counts and
precision codes as integers, coordinates as numbers; an absent value is null. The
participants table has one row per participant of each event (the JSON Lines
``participants``, exploded), typed by :data:`PARTICIPANT_COLUMNS`. Both list the events in the
documented order of every view, and the participants in their event's order.

Each row also has a :func:`partition year <partition_year>`, the year of the day the event is
placed by (``derived_earliest``, else ``derived_latest``; ``None`` when neither is known),
which the Parquet export partitions both tables by.

>>> import timeline
>>> tables = event_tables(timeline.load_default())
>>> tables.events["cameo_code"][:3], tables.events["date_start"][0]
(['057', '111', None], datetime.date(2020, 2, 29))
>>> tables.participants["event_id"][:2], tables.participants["role"][:2]
(['us-taliban-agreement', 'us-taliban-agreement'], ['signatory', 'signatory'])
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING

import attrs

from timeline.publishing.exports.csv import COLUMNS, event_cells
from timeline.publishing.exports.fields import FIELDS
from timeline.publishing.exports.jsonl import participant_records
from timeline.query.views import Timeline

if TYPE_CHECKING:
    from timeline.model import Dataset

__all__ = [
    "EVENT_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "ColumnType",
    "Tables",
    "event_tables",
    "partition_year",
]

#: A value of a table: a text, a day, a count or code, a coordinate, or null.
Value = str | datetime.date | int | float | None


class ColumnType(enum.Enum):
    """The type of a column of a table."""

    STRING = "string"  # text: ids, codes, vocabulary values, joined lists
    DATE = "date"  # a day
    INTEGER = "integer"  # a count or a code that is a number (nullable)
    NUMBER = "number"  # a coordinate


_S, _D, _I, _N = ColumnType.STRING, ColumnType.DATE, ColumnType.INTEGER, ColumnType.NUMBER

#: The Table Schema types of :data:`~timeline.publishing.exports.fields.FIELDS` that are not
#: text (a list is joined into one text, as in the CSV).
_BY_TABLE_TYPE = {"date": _D, "integer": _I, "number": _N}
_CSV_TYPES = {field.csv: field.type for field in FIELDS if field.csv is not None}

#: The type of each column of the events table, in the order of the CSV's columns: the type
#: :data:`~timeline.publishing.exports.fields.FIELDS` gives it (one definition, which the
#: release's Table Schema reads too).
EVENT_COLUMNS: dict[str, ColumnType] = {
    column: _BY_TABLE_TYPE.get(_CSV_TYPES[column], _S) for column in COLUMNS
}

#: The type of each column of the participants table: the event, the actor's id and name,
#: its role, how firmly it is held responsible, and the claim that claims it.
PARTICIPANT_COLUMNS: dict[str, ColumnType] = {
    "event_id": _S,
    "actor": _S,
    "name": _S,
    "role": _S,
    "attribution": _S,
    "claim": _S,
}


_PARTICIPANT_FIELDS = tuple(PARTICIPANT_COLUMNS)[1:]  # after event_id: the JSON Lines keys


@attrs.frozen
class Tables:
    """The two tables, column by column (each column a list, one value a row), and the
    partition year of each row."""

    events: dict[str, list[Value]]
    event_years: list[int | None]
    participants: dict[str, list[Value]]
    participant_years: list[int | None]


def partition_year(
    derived_earliest: datetime.date | None, derived_latest: datetime.date | None
) -> int | None:
    """The year an event's rows are filed under: that of the day it is placed by, its
    derived earliest day, else its derived latest day; ``None`` when neither is known.

    >>> partition_year(None, datetime.date(2021, 8, 30))
    2021
    """
    day = derived_earliest if derived_earliest is not None else derived_latest
    return None if day is None else day.year


def _typed(value: object, kind: ColumnType) -> Value:
    if value is None:
        return None
    if kind is ColumnType.DATE:
        return datetime.date.fromisoformat(str(value))
    if kind is ColumnType.INTEGER:
        return int(str(value))
    if kind is ColumnType.NUMBER:
        return float(str(value))
    return str(value)


def event_tables(data: Dataset | Timeline) -> Tables:
    """The events and participants tables of a dataset (or of the view of one)."""
    view = data if isinstance(data, Timeline) else Timeline(data)
    events: dict[str, list[Value]] = {column: [] for column in EVENT_COLUMNS}
    participants: dict[str, list[Value]] = {column: [] for column in PARTICIPANT_COLUMNS}
    event_years: list[int | None] = []
    participant_years: list[int | None] = []
    kinds = list(EVENT_COLUMNS.items())
    for event in view:
        cells = event_cells(event, view.actors, view.sources, bounds=view.bounds(event.id))
        row = {
            column: _typed(cell, kind) for (column, kind), cell in zip(kinds, cells, strict=True)
        }
        for column, value in row.items():
            events[column].append(value)
        earliest, latest = row["derived_earliest"], row["derived_latest"]
        assert not isinstance(earliest, str | int | float)  # a date or None, by EVENT_COLUMNS
        assert not isinstance(latest, str | int | float)
        year = partition_year(earliest, latest)
        event_years.append(year)
        for participant in participant_records(event, view.actors):
            participants["event_id"].append(event.id)
            for column in _PARTICIPANT_FIELDS:
                participants[column].append(participant[column])
            participant_years.append(year)
    return Tables(events, event_years, participants, participant_years)
