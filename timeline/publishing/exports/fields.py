"""The fields of the JSON Lines and CSV exports, and their Table Schemas.

:data:`FIELDS` says, once, what each field of an exported event holds: its name in the JSON
Lines (in the order of a line's keys), its column in the CSV (``None`` where the CSV leaves
it out), its type in the terms of a Frictionless Table Schema, and the values it may take.
:data:`COLUMNS` orders the CSV's columns (the CSV exporter writes them so); a few of them
exist only in the CSV (the participants and evidence flattened into texts), and
:data:`FIELDS` lists them last, marked ``in_jsonl=False``.

:func:`csv_table_schema` and :func:`jsonl_table_schema` give the Table Schemas that a
release's ``datapackage.json`` carries for the two files, so that a Data Package reader
(Frictionless) reads each value as what it is: the codes as strings (the CAMEO code ``057``
keeps its zero), the days as dates, the counts as integers, the coordinates as numbers, and
the CSV's joined lists as ``list`` fields split at their separator:

>>> schema = csv_table_schema()
>>> [field["type"] for field in schema["fields"] if field["name"] == "cameo_code"]
['string']
>>> schema["primaryKey"], schema["missingValues"]
(['event_id'], [''])
>>> [f for f in schema["fields"] if f["name"] == "source_ids"][0]["delimiter"]
'; '
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from timeline.dates import Precision
from timeline.model import DateBasis, EventSubtype, EventType, GeoPrecision, Responsibility, Status
from timeline.publishing.crosswalk import CROSSWALK

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "COLUMNS",
    "FIELDS",
    "LIST_SEPARATOR",
    "NEUTRALISED_NOTE",
    "QUOTE_SEPARATOR",
    "Field",
    "csv_table_schema",
    "jsonl_table_schema",
]

#: The columns of the CSV, in order (each is the ``csv`` of one of :data:`FIELDS`).
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
    "date_basis",
    "date_source",
    "perpetrators",
    "attribution",
    "source_count",
    "report_count",
    "citations",
    "report_sources",
    "time_precision",
    "date_prec",
    "derived_earliest",
    "derived_latest",
    "derived_earliest_basis",
    "derived_latest_basis",
)

#: What joins the items of a list in one field.
LIST_SEPARATOR = "; "
#: What joins the quotes of an event (quotes hold semicolons more often than bars).
QUOTE_SEPARATOR = " | "


@attrs.frozen(kw_only=True)
class Field:
    """One field of an exported event.

    ``type`` is the Table Schema type of its value in the JSON Lines (``array`` and
    ``object`` for the lists and objects there); an ``array`` with a ``separator`` is a CSV
    column of the items joined with it (a Table Schema ``list`` of strings).
    """

    name: str  # the JSON Lines key (for a field only in the CSV, its column)
    type: str
    description: str
    csv: str | None  # the CSV column, None where the CSV leaves the field out
    in_jsonl: bool = True
    separator: str | None = None
    values: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    pattern: str | None = None  # XML Schema regular expression: the whole value matches
    key: bool = False  # the event's id: required, unique, the primary key
    free_text: bool = False  # words from news or the curator, which may start with anything


def _values(members: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in members)


def _acled(kind: str) -> tuple[str, ...]:
    found = {getattr(codes, kind) for codes in CROSSWALK.values()} - {None}
    return tuple(sorted(str(value) for value in found))


_ID = "[a-z0-9]+(-[a-z0-9]+)*"
_BASIS = "the basis of the derived {}: date, publication:<source> or relation:<type>:<event>"
_DAY = "the {} possible day of the event's date (ISO 8601); empty for an open or unknown end"

#: Every field of an exported event, in the order of a JSON Lines line's keys; the fields
#: only the CSV has come last.
FIELDS: tuple[Field, ...] = (
    Field(name="id", type="string", description="the event's id", csv="event_id", key=True),
    Field(
        name="type",
        type="string",
        description="the event type",
        csv="type",
        values=_values(EventType),
    ),
    Field(
        name="subtype",
        type="string",
        description="the event subtype",
        csv="subtype",
        values=_values(EventSubtype),
    ),
    Field(name="title", type="string", description="a one-line title", csv="title", free_text=True),
    Field(name="summary", type="string", description="a short summary", csv=None),
    Field(name="date", type="string", description="the event's date as EDTF text", csv="date"),
    Field(name="date_start", type="date", description=_DAY.format("first"), csv="date_start"),
    Field(name="date_end", type="date", description=_DAY.format("last"), csv="date_end"),
    Field(
        name="date_precision",
        type="string",
        description="the precision of the date, by its width",
        csv="date_precision",
        values=_values(Precision),
    ),
    Field(
        name="date_basis",
        type="string",
        description="what the date rests on",
        csv="date_basis",
        values=_values(DateBasis),
    ),
    Field(
        name="date_source",
        type="string",
        description="the id of the source the date is taken from",
        csv="date_source",
    ),
    Field(
        name="status",
        type="string",
        description="whether the event happened as reported",
        csv="status",
        values=_values(Status),
    ),
    Field(name="place", type="string", description="the place's name", csv="place", free_text=True),
    Field(
        name="country",
        type="string",
        description="the place's country (ISO 3166-1 alpha-2)",
        csv="country",
        pattern="[A-Z]{2}",
    ),
    Field(
        name="latitude",
        type="number",
        description="WGS 84 latitude in degrees",
        csv="latitude",
        minimum=-90,
        maximum=90,
    ),
    Field(
        name="longitude",
        type="number",
        description="WGS 84 longitude in degrees",
        csv="longitude",
        minimum=-180,
        maximum=180,
    ),
    Field(
        name="geo_precision",
        type="string",
        description="how precise the coordinates are",
        csv="geo_precision",
        values=_values(GeoPrecision),
    ),
    Field(
        name="participants",
        type="array",
        description='the participants: {"actor", "name", "role", "attribution", "claim"}',
        csv=None,
    ),
    *(
        Field(
            name=f"fatalities_{bound}",
            type="integer",
            description=f"the {bound} count of the dead",
            csv=f"fatalities_{bound}",
            minimum=0,
        )
        for bound in ("low", "best", "high")
    ),
    Field(
        name="fatalities_text",
        type="string",
        description="the fatalities as the sources word them",
        csv="fatalities_text",
        free_text=True,
    ),
    Field(
        name="fatality_subsets",
        type="array",
        description="the dead of one actor or description among the event's",
        csv=None,
    ),
    Field(
        name="source_ids",
        type="array",
        description="the ids of the sources behind the event, each once",
        csv="source_ids",
        separator=LIST_SEPARATOR,
    ),
    Field(
        name="source_count",
        type="integer",
        description="how many distinct sources report the event or one of its values",
        csv="source_count",
        minimum=0,
    ),
    Field(
        name="quotes",
        type="array",
        description="the quotes checked against their source's text",
        csv="quotes",
        free_text=True,
        separator=QUOTE_SEPARATOR,
    ),
    Field(name="evidence", type="array", description="every piece of evidence", csv=None),
    Field(
        name="report_count",
        type="integer",
        description="how many reports of its values the event has",
        csv="report_count",
        minimum=0,
    ),
    Field(
        name="report_sources",
        type="array",
        description="the sources that report one of the event's values, in order of report",
        csv="report_sources",
        separator=LIST_SEPARATOR,
    ),
    Field(name="reports", type="array", description="the reports, in order of report", csv=None),
    Field(
        name="relations",
        type="array",
        description='the relations to other events: {"type", "event"}',
        csv=None,
    ),
    Field(
        name="cameo_code",
        type="string",
        description="the CAMEO event code (a string: 057 is not 57)",
        csv="cameo_code",
        pattern="[0-9]{2,4}",
    ),
    Field(
        name="acled_event_type",
        type="string",
        description="the ACLED event type",
        csv="acled_event_type",
        values=_acled("acled_event_type"),
    ),
    Field(
        name="acled_sub_event_type",
        type="string",
        description="the ACLED sub-event type",
        csv="acled_sub_event_type",
        values=_acled("acled_sub_event_type"),
    ),
    Field(
        name="derived_earliest",
        type="date",
        description="the first day the event's relations and sources leave its date",
        csv="derived_earliest",
    ),
    Field(
        name="derived_latest",
        type="date",
        description="the last day the event's relations and sources leave its date",
        csv="derived_latest",
    ),
    Field(
        name="derived_earliest_basis",
        type="string",
        description=_BASIS.format("earliest day"),
        csv="derived_earliest_basis",
    ),
    Field(
        name="derived_latest_basis",
        type="string",
        description=_BASIS.format("latest day"),
        csv="derived_latest_basis",
    ),
    Field(
        name="time_precision",
        type="integer",
        description="ACLED's time_precision of the derived bounds (1 to 3)",
        csv="time_precision",
        minimum=1,
        maximum=3,
    ),
    Field(
        name="date_prec",
        type="integer",
        description="UCDP GED's date_prec of the derived bounds (1 to 5)",
        csv="date_prec",
        minimum=1,
        maximum=5,
    ),
    Field(
        name="actors",
        type="array",
        description="the participants' names, each with its role in brackets",
        csv="actors",
        free_text=True,
        in_jsonl=False,
        separator=LIST_SEPARATOR,
    ),
    Field(
        name="actor_ids",
        type="array",
        description="the participants' actor ids",
        csv="actor_ids",
        in_jsonl=False,
        separator=LIST_SEPARATOR,
    ),
    Field(
        name="perpetrators",
        type="array",
        description="the perpetrators' ids, each with how firmly it is held responsible",
        csv="perpetrators",
        in_jsonl=False,
        separator=LIST_SEPARATOR,
    ),
    Field(
        name="attribution",
        type="array",
        description="how firmly the perpetrators are held responsible: "
        + ", ".join(_values(Responsibility)),
        csv="attribution",
        in_jsonl=False,
        separator=LIST_SEPARATOR,
    ),
    Field(
        name="citations",
        type="array",
        description="the evidence by a locator, each after the value it backs (not verified)",
        csv="citations",
        free_text=True,
        in_jsonl=False,
        separator=QUOTE_SEPARATOR,
    ),
)


def _constraints(field: Field, *, csv: bool) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if field.key:
        constraints.update(required=True, unique=True, pattern=_ID)
    if field.values:
        constraints["enum"] = list(field.values)
    if field.pattern is not None:
        constraints["pattern"] = field.pattern
    if field.minimum is not None:
        constraints["minimum"] = field.minimum
    if field.maximum is not None:
        constraints["maximum"] = field.maximum
    if csv and field.type == "array":
        constraints = {}  # a list's items are texts, as the CSV joins them
    return constraints


#: What the CSV's Table Schema adds to the description of a column of free text, whose cells
#: the CSV neutralises for spreadsheets (see :mod:`timeline.publishing.exports.csv`).
NEUTRALISED_NOTE = (
    "; a cell that starts with ' has had that single quote put in front, so that a "
    "spreadsheet cannot read it as a formula (=, +, -, @): take it off to get the value"
)


def _descriptor(field: Field, *, csv: bool) -> dict[str, Any]:
    name = field.csv if csv else field.name
    note = NEUTRALISED_NOTE if csv and field.free_text else ""
    descriptor: dict[str, Any] = {"name": name, "description": field.description + note}
    if csv and field.separator is not None:
        descriptor.update(type="list", delimiter=field.separator, itemType="string")
    else:
        descriptor["type"] = field.type
    if field.type == "date":
        descriptor["format"] = "default"  # ISO 8601, YYYY-MM-DD
    constraints = _constraints(field, csv=csv)
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


_BY_COLUMN = {field.csv: field for field in FIELDS if field.csv is not None}


def csv_table_schema() -> dict[str, Any]:
    """The Table Schema of the CSV export: one field per column of
    :data:`~timeline.publishing.exports.csv.COLUMNS`, in order."""
    return {
        "fields": [_descriptor(_BY_COLUMN[column], csv=True) for column in COLUMNS],
        "missingValues": [""],
        "primaryKey": ["event_id"],
    }


def jsonl_table_schema() -> dict[str, Any]:
    """The Table Schema of the JSON Lines export: one field per key of a line, in order
    (``null`` is a missing value)."""
    return {
        "fields": [_descriptor(field, csv=False) for field in FIELDS if field.in_jsonl],
        "missingValues": [],
        "primaryKey": ["id"],
    }
