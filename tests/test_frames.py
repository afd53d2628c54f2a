"""timeline.to_pandas: the events and participants as typed data frames, with the values of
the CSV and JSON Lines exports; pandas an optional extra that `import timeline` never loads."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import timeline
from tests.conftest import DATA
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports.csv import COLUMNS
from timeline.publishing.exports.csv import render as render_csv

pandas = pytest.importorskip("pandas")

DATASETS = {
    "seed": timeline.load_default(),
    "minimal": timeline.load(DATA / "valid" / "minimal.json"),
    "complete": timeline.load(DATA / "valid" / "complete.json"),
}


def _cell(value):
    """A frame's value as the raw CSV writes it."""
    if value is pandas.NA or value is pandas.NaT or value is None:
        return ""
    if isinstance(value, pandas.Timestamp):
        return value.date().isoformat()
    return str(value)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_the_events_frame_has_the_csv_columns_and_values(name):
    dataset = DATASETS[name]
    frame = timeline.to_pandas(dataset)
    rows = list(csv.reader(io.StringIO(render_csv(dataset, raw_cells=True).decode(), newline="")))
    assert tuple(frame.columns) == COLUMNS == tuple(rows[0])
    assert [[_cell(v) for v in row] for row in frame.itertuples(index=False)] == rows[1:]


def test_the_columns_are_typed():
    frame = timeline.to_pandas(DATASETS["seed"])
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    for day in ("date_start", "date_end", "derived_earliest", "derived_latest"):
        assert dtypes[day] == "datetime64[s]"
    for count in ("fatalities_low", "fatalities_best", "source_count", "time_precision"):
        assert dtypes[count] == "Int64"
    assert dtypes["latitude"] == dtypes["longitude"] == "Float64"
    assert (
        dtypes["cameo_code"] == dtypes["event_id"] == dtypes["date_prec"].replace("Int64", "string")
    )
    codes = frame.set_index("event_id")["cameo_code"]
    assert codes["us-taliban-agreement"] == "057"
    assert frame["fatalities_best"].isna().sum() == len(frame)  # absent is <NA>, not 0 or NaN


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_the_participants_frame_is_the_json_lines_participants_exploded(name):
    dataset = DATASETS[name]
    frame = timeline.to_pandas(dataset, table="participants")
    lines = FORMATS["jsonl"].render(dataset).decode().splitlines()
    expected = [
        [record["id"], p["actor"], p["name"], p["role"], p["attribution"], p["claim"]]
        for record in map(json.loads, lines)
        for p in record["participants"]
    ]
    got = [[None if v is pandas.NA else v for v in row] for row in frame.itertuples(index=False)]
    assert got == expected
    assert list(frame.columns) == ["event_id", "actor", "name", "role", "attribution", "claim"]
    assert set(map(str, frame.dtypes)) == {"string"}


def test_a_timeline_gives_the_same_frame():
    view = timeline.Timeline(DATASETS["complete"])
    frame = timeline.to_pandas(view)
    assert frame.equals(timeline.to_pandas(DATASETS["complete"]))


def test_an_unknown_table_is_refused():
    with pytest.raises(ValueError, match="'events' or 'participants'"):
        timeline.to_pandas(DATASETS["minimal"], table="actors")


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(timeline.MissingExtraError) as caught:
        timeline.to_pandas(DATASETS["minimal"])
    assert isinstance(caught.value, ImportError)
    assert caught.value.extra == "pandas"
    assert str(caught.value) == (
        "timeline.to_pandas needs pandas, which is not installed: pip install 'pandas>=2' "
        "(the pandas extra: pip install '.[pandas]' in a checkout)"
    )


def test_import_timeline_loads_neither_pandas_nor_pyarrow():
    code = "import sys, timeline; print(sorted({'pandas', 'pyarrow'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, check=True, timeout=120
    )
    assert result.stdout == b"[]\n"
