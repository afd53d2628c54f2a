"""CSV: one row per event, in chronological order, in the manner of UCDP GED and ACLED.

RFC 4180: a header row, fields quoted where they hold a comma, a double quote or a line break (a
double quote doubled), ``\\r\\n`` line ends, UTF-8 without a byte order mark. Lists are joined
into one field: actors and actor and source ids with ``"; "``, quotes and citations with
``" | "``. An absent value is an empty field. The three columns after ``quotes`` give the
event's CAMEO code and ACLED event and sub-event types (see
:mod:`timeline.publishing.crosswalk`), empty where the mapping is not clear. The columns of
schema 1.1.0 come last, so the earlier ones keep their places: the date's basis and source,
the perpetrators with their attribution and the attributions alone (to filter on), the number
of sources and of reports behind the event, the citations (evidence by a locator, which could
not be checked against a text: the event's and its reports', each after the value it backs)
and the sources that report one of the event's values. After them come ACLED's
``time_precision`` and UCDP GED's ``date_prec`` (see :mod:`timeline.publishing.crosswalk`,
empty where the scheme has no code), both of the event's derived bounds, and last those
bounds: ``derived_earliest``, ``derived_latest`` (empty when not known) and the basis of
each (``date``, ``publication:<source>`` or ``relation:<type>:<event>``; see
:func:`timeline.temporal.derive_bounds`).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, which a
dataset's text must never become (CSV or formula injection). So a text cell that a spreadsheet
could read as one gets a single quote in front (see :func:`neutralise`); numbers the exporter
writes itself (coordinates, fatality counts) are left as they are, so ``-69.2`` stays a
number. ``render(dataset, raw_cells=True)`` writes every cell as it is.

This module is ``timeline.publishing.exports.csv``; its ``import csv`` is the standard library's
(imports are absolute).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import TYPE_CHECKING

from timeline.model import Responsibility, Role
from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.fields import (
    COLUMNS,
    LIST_SEPARATOR,
    QUOTE_SEPARATOR,
    csv_table_schema,
)
from timeline.publishing.exports.jsonl import event_record
from timeline.query.provenance import according_to, backed_evidence, evidence_text
from timeline.query.views import Timeline

if TYPE_CHECKING:
    from collections.abc import Mapping

    from timeline.model import Actor, Dataset, Event, Source
    from timeline.temporal import Bounds

__all__ = [
    "COLUMNS",
    "EXPORTER",
    "FORMULA_STARTS",
    "QUOTE",
    "event_cells",
    "event_row",
    "neutralise",
    "render",
]


#: What makes a spreadsheet read a cell as a formula: one of these as its first character, or
#: as its first character after blanks (whitespace, control and format characters).
FORMULA_STARTS = frozenset("=+-@")
#: What goes in front of a text cell a spreadsheet could read as a formula.
QUOTE = "'"
# A cell starting with one of these is quoted whatever follows: tab, carriage return, line feed
# and NUL (which spreadsheets may skip before a formula), and the quote itself, so that one
# leading quote can always be taken off to get the value back.
_UNSAFE_FIRST = frozenset("\t\r\n\0" + QUOTE)


def _blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def neutralise(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet reads as text, never as a formula.

    A text that starts with ``=``, ``+``, ``-`` or ``@``, also after leading blanks, or that
    starts with a tab, a carriage return, a line feed, a NUL or a single quote gets a single
    quote in front; any other text is returned as it is. The quote is what the OWASP advice
    on CSV injection prescribes; the value is the cell without its first character whenever
    the cell starts with a single quote:

    >>> neutralise("=SUM(A1:A9)"), neutralise("@cmd"), neutralise("+1")
    ("'=SUM(A1:A9)", "'@cmd", "'+1")
    >>> neutralise("  -5 dead"), neutralise("'quoted'"), neutralise("Kabul")
    ("'  -5 dead", "''quoted'", 'Kabul')
    """
    if not text:
        return text
    if text[0] in _UNSAFE_FIRST:
        return QUOTE + text
    for char in text:
        if not _blank(char):
            return QUOTE + text if char in FORMULA_STARTS else text
    return text


def _quotes(event: Event, actors: Mapping[str, Actor], sources: Mapping[str, Source]) -> str:
    """The quotes checked against their texts, each followed by its attribution if any."""
    quotes = []
    for evidence in event.evidence:
        if evidence.has_offsets and evidence.quote is not None:
            quote = evidence.quote
            if evidence.attribution is not None:
                quote += f" ({according_to(evidence.attribution, actors, sources)})"
            quotes.append(quote)
    return QUOTE_SEPARATOR.join(quotes)


def _citations(event: Event, actors: Mapping[str, Actor], sources: Mapping[str, Source]) -> str:
    """Every citation behind the event, its reports' included, each after what it backs:
    ``fatalities: source-id, p. 1: the note “a quote” (according to …) (not verified against a
    text)`` (see :func:`~timeline.query.provenance.backed_evidence`)."""
    return QUOTE_SEPARATOR.join(
        f"{backs}: {evidence.source}, {evidence_text(evidence, actors, sources)}"
        for backs, evidence in backed_evidence(event, sources)
        if not evidence.has_offsets
    )


def _attributions(event: Event) -> str:
    """How firmly the perpetrators are held responsible, by the event or by any of its
    reports, each value once, in the order of :class:`~timeline.model.Responsibility`."""
    given = {p.attribution for p in event.participants if p.role is Role.PERPETRATOR}
    given.update(p.attribution for report in event.reports for p in report.perpetrators)
    return LIST_SEPARATOR.join(r.value for r in Responsibility if r in given)


def event_cells(
    event: Event,
    actors: Mapping[str, Actor],
    sources: Mapping[str, Source] | None = None,
    *,
    bounds: Bounds | None = None,
) -> list[str | int | float | None]:
    """An event's values in the order of :data:`COLUMNS`, as the JSON Lines record has them
    (``bounds``: its derived bounds, see :func:`~timeline.publishing.exports.jsonl.event_record`):
    texts as ``str``, numbers (coordinates, fatality counts, the counts of sources and
    reports) as ``int`` or ``float``, an absent value as ``None``; lists are joined into
    single texts."""
    sources = sources or {}
    record = event_record(event, actors, sources, history=False, bounds=bounds)
    participants = record.pop("participants")
    perpetrators = [p for p in participants if p["role"] == Role.PERPETRATOR.value]
    values: dict[str, object] = {
        **record,
        "event_id": record["id"],
        "actors": LIST_SEPARATOR.join(f"{p['name']} ({p['role']})" for p in participants),
        "actor_ids": LIST_SEPARATOR.join(p["actor"] for p in participants),
        "source_ids": LIST_SEPARATOR.join(record["source_ids"]),
        "report_sources": LIST_SEPARATOR.join(record["report_sources"]),
        "quotes": _quotes(event, actors, sources),
        "perpetrators": LIST_SEPARATOR.join(
            p["actor"] + (f" ({p['attribution']})" if p["attribution"] else "")
            for p in perpetrators
        ),
        "attribution": _attributions(event),
        "citations": _citations(event, actors, sources),
    }
    cells: list[str | int | float | None] = []
    for column in COLUMNS:
        value = values[column]
        if isinstance(value, bool) or not isinstance(value, str | int | float | None):
            value = str(value)
        cells.append(value)
    return cells


def _cell(value: str | int | float | None, *, raw: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value if raw else neutralise(value)
    return str(value)  # a number the exporter writes: never a formula


def event_row(
    event: Event,
    actors: Mapping[str, Actor],
    sources: Mapping[str, Source] | None = None,
    *,
    raw_cells: bool = False,
    bounds: Bounds | None = None,
) -> list[str]:
    """An event as a CSV row, its fields in the order of :data:`COLUMNS`: the JSON Lines
    record of the event (``bounds``: its derived bounds), its lists joined into single
    fields, its texts passed through :func:`neutralise` unless ``raw_cells``."""
    cells = event_cells(event, actors, sources, bounds=bounds)
    return [_cell(value, raw=raw_cells) for value in cells]


def render(dataset: Dataset, *, raw_cells: bool = False) -> bytes:
    """The dataset's events as CSV (RFC 4180, UTF-8, a header row).

    Text cells a spreadsheet could read as a formula get a single quote in front (see
    :func:`neutralise`); with ``raw_cells`` every cell is written as it is.
    """
    view = Timeline(dataset)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(
        event_row(
            event, view.actors, view.sources, raw_cells=raw_cells, bounds=view.bounds(event.id)
        )
        for event in view
    )
    return buffer.getvalue().encode("utf-8")


#: The CSV exporter.
EXPORTER = Exporter(
    name="csv",
    summary="one row per event",
    suffix=".csv",
    media_type="text/csv; charset=utf-8; header=present",
    render=render,
    table_schema=csv_table_schema,
    notes="Text cells are neutralised for spreadsheets: a cell that starts with =, +, - or @ "
    "(after blanks or not), a tab, a line break or a single quote has a single quote ' put in "
    "front, and no other cell starts with one; take the first character off a cell that starts "
    "with ' to get the value. For analysis, `timeline export --to csv --raw-cells` writes every "
    "cell as it is; the JSON Lines resource holds the same values as they are.",
)
