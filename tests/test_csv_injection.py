"""CSV export: no text of a dataset becomes a spreadsheet formula, unless raw cells are asked.

The texts are put into every text field of the records the CSV reads (found by walking the
records' attrs fields, not listed by hand), and the columns they reach are found from what the
exporter writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from timeline import Timeline, load
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports.csv import COLUMNS, FORMULA_STARTS, QUOTE, event_cells, render
from timeline.reading.result import ExitCode

MINIMAL = DATA / "valid" / "minimal.json"

# What a spreadsheet may skip before a formula character, and what OWASP says no cell may
# start with: every one is put in front of the texts.
BLANKS = [" ", "\t", "\r", "\n", "\0", "\u00a0", "\u200b", "\u3000"]
STARTS = sorted(FORMULA_STARTS) + [blank + char for blank in BLANKS for char in FORMULA_STARTS]
JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
STARTS += ["\t", "\r", "\n", "\0", QUOTE, QUOTE + "=", ""]


def _reads_as_formula(cell: str) -> bool:
    """Whether a spreadsheet could take the cell for a formula (checked independently of the
    exporter's own rule). A plain number such as ``-69.2`` is a number, not a formula."""
    if JSON_NUMBER.fullmatch(cell):
        return False
    if cell[:1] in ("\t", "\r", "\n", "\0"):
        return True
    rest = cell.lstrip("".join(BLANKS))
    while rest and (rest[0].isspace() or unicodedata.category(rest[0]) in ("Cc", "Cf")):
        rest = rest[1:]
    return rest[:1] in FORMULA_STARTS


def _with_text(value: object, text: str) -> object:
    """``value`` with every string in it, however deep in attrs records and tuples, replaced
    by ``text``."""
    if isinstance(value, str):
        return text
    if isinstance(value, tuple):
        return tuple(_with_text(item, text) for item in value)
    if attrs.has(type(value)):
        changes = {
            field.name: _with_text(getattr(value, field.name), text)
            for field in attrs.fields(type(value))
            if field.init
        }
        if changes.get("start") is not None:  # evidence offsets span the quote
            changes["end"] = changes["start"] + len(text)  # type: ignore[operator]
        return attrs.evolve(value, **changes)  # type: ignore[misc]
    return value


def _texts_everywhere(text: str, path=MINIMAL):
    """The minimal dataset (or the one at ``path``) with every text of its events, actors and
    sources set to ``text``."""
    dataset = load(path)
    return attrs.evolve(
        dataset,
        events=_with_text(dataset.events, text),
        actors=_with_text(dataset.actors, text),
        sources=_with_text(dataset.sources, text),
    )


def _rows(data: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == list(COLUMNS)
    return rows[1:]


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith(QUOTE) else cell


def _text_columns(dataset, text: str) -> set[str]:
    """The columns the exporter fills from the dataset's texts: those ``text`` reaches."""
    view = Timeline(dataset)
    reached = set()
    for event in view:
        for column, value in zip(
            COLUMNS, event_cells(event, view.actors, view.sources), strict=True
        ):
            if isinstance(value, str) and text in value:
                reached.add(column)
    return reached


@settings(max_examples=200, deadline=None)
@given(
    start=st.sampled_from(STARTS),
    rest=st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
def test_no_cell_reads_as_a_formula_unless_raw_cells(start, rest):
    text = start + rest
    dataset = _texts_everywhere(text)
    columns = _text_columns(dataset, text)
    # The texts reach every free-text column (at least these) and no number column.
    assert {"title", "place", "actors", "fatalities_text", "quotes"} <= columns
    assert not columns & {"latitude", "longitude", "fatalities_low"}

    safe = _rows(render(dataset))
    raw = _rows(render(dataset, raw_cells=True))
    assert FORMATS["csv"].render(dataset) == render(dataset)  # the default is the safe one
    for safe_row, raw_row in zip(safe, raw, strict=True):
        for column, safe_cell, raw_cell in zip(COLUMNS, safe_row, raw_row, strict=True):
            assert not _reads_as_formula(safe_cell), (column, safe_cell)
            assert _unquote(safe_cell) == raw_cell  # one leading quote off gives the value
    # Raw cells are the values as they are, dangerous ones included.
    title = COLUMNS.index("title")
    assert [row[title] for row in raw] == [text] * len(raw)
    if _reads_as_formula(text) or text.startswith(QUOTE):
        assert [row[title] for row in safe] == [QUOTE + text] * len(safe)


@settings(max_examples=100, deadline=None)
@given(rest=st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_raw_cells_round_trip_exactly(rest):
    view = Timeline(_texts_everywhere("=" + rest))
    expected = [
        [
            "" if value is None else str(value)
            for value in event_cells(event, view.actors, view.sources, bounds=view.bounds(event.id))
        ]
        for event in view
    ]
    data = render(view.dataset, raw_cells=True)
    assert _rows(data) == expected
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    assert frame.to_numpy().tolist() == expected


@settings(max_examples=100, deadline=None)
@given(
    latitude=st.floats(-90, 90, allow_nan=False),
    longitude=st.floats(-180, 180, allow_nan=False),
    low=st.integers(13, 10**6),  # the minimal bombing counts a subset of 13
)
def test_numbers_are_written_as_they_are(latitude, longitude, low):
    dataset = load(MINIMAL)
    bombing = dataset.events[0]
    assert bombing.place is not None
    assert bombing.fatalities is not None
    bombing = attrs.evolve(
        bombing,
        place=attrs.evolve(bombing.place, latitude=latitude, longitude=longitude),
        fatalities=attrs.evolve(bombing.fatalities, low=low),
    )
    dataset = attrs.evolve(dataset, events=(bombing, *dataset.events[1:]))
    view = Timeline(dataset)
    cells = event_cells(bombing, view.actors)
    numbers = {
        column: str(value)
        for column, value in zip(COLUMNS, cells, strict=True)
        if isinstance(value, int | float)
    }
    assert set(numbers) >= {"latitude", "longitude", "fatalities_low"}
    row = dict(zip(COLUMNS, _rows(render(dataset))[0], strict=True))
    assert {column: row[column] for column in numbers} == numbers  # -69.2 stays -69.2


def _dataset_file(tmp_path, text: str):
    """A valid dataset file whose free texts (titles, place, actor names, death toll) all start
    with ``text``."""
    document = json.loads(MINIMAL.read_text(encoding="utf-8"))
    for event in document["events"]:
        event["title"] = f"{text} {event['title']}"
        if "place" in event:
            event["place"]["name"] = f"{text}{event['place']['name']}"
            event["place"]["longitude"] = -abs(event["place"]["longitude"])
        if "fatalities" in event:
            event["fatalities"]["text"] = f"{text}{event['fatalities']['text']}"
    for actor in document["actors"]:
        actor["name"] = f"{text}{actor['name']}"
    shutil.copy(MINIMAL.with_name("minimal.txt"), tmp_path / "minimal.txt")
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_export_neutralises_every_formula_start_and_raw_cells_keeps_them(run_cli, tmp_path):
    for index, start in enumerate(sorted(FORMULA_STARTS)):
        folder = tmp_path / str(index)
        folder.mkdir()
        text = f"{start}HYPERLINK(1)"
        dataset = _dataset_file(folder, text)
        safe = run_cli("export", "--to", "csv", str(dataset))
        raw = run_cli("export", "--to", "csv", "--raw-cells", str(dataset))
        assert safe.returncode == raw.returncode == ExitCode.VALID, safe.stderr
        safe_rows, raw_rows = _rows(safe.stdout), _rows(raw.stdout)
        assert not any(_reads_as_formula(cell) for row in safe_rows for cell in row)
        assert [[_unquote(c) for c in row] for row in safe_rows] == raw_rows
        titles = [dict(zip(COLUMNS, row, strict=True))["title"] for row in raw_rows]
        assert all(title.startswith(text) for title in titles)
        longitude = dict(zip(COLUMNS, safe_rows[0], strict=True))["longitude"]
        assert longitude.startswith("-")  # a number the exporter wrote is left alone
        assert raw.stdout == render(load(dataset), raw_cells=True)


def test_cli_raw_cells_is_for_csv_only(run_cli):
    result = run_cli("export", "--to", "jsonl", "--raw-cells")
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == b""
    assert b"--raw-cells applies to --to csv only" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("start", ["=", "@", " -", "\t"])
def test_the_columns_of_schema_1_1_0_are_neutralised_too(start):
    text = start + "HYPERLINK(1)"
    dataset = _texts_everywhere(text, DATA / "valid" / "complete.json")
    columns = _text_columns(dataset, text)
    assert {"citations", "perpetrators", "date_source", "quotes"} <= columns
    assert not columns & {"source_count", "report_count"}
    for row in _rows(render(dataset)):
        assert not any(_reads_as_formula(cell) for cell in row)
