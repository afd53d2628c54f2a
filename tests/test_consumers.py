"""Each export opens in the tools its readers use: pandas for the CSV and the JSON Lines,
DuckDB for the JSON Lines, and a check of the GeoJSON against RFC 7946's shape."""

from __future__ import annotations

import io
import json

import pytest

import timeline
from tests.conftest import DATA
from timeline.publishing.exports import FORMATS

pandas = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

SEED = timeline.load_default()
MINIMAL = timeline.load(DATA / "valid" / "minimal.json")


@pytest.mark.parametrize("dataset", [SEED, MINIMAL], ids=["seed", "minimal"])
def test_pandas_reads_the_csv(dataset):
    frame = pandas.read_csv(
        io.BytesIO(FORMATS["csv"].render(dataset)), dtype=str, keep_default_na=False
    )
    assert len(frame) == len(dataset.events)
    assert set(frame["event_id"]) == {e.id for e in dataset.events}
    titles = dict(zip(frame["event_id"], frame["title"], strict=True))
    assert all(titles[e.id] == e.title for e in dataset.events)
    quotes = dict(zip(frame["event_id"], frame["quotes"], strict=True))
    assert all(e.evidence[0].quote in quotes[e.id] for e in dataset.events)


@pytest.mark.parametrize("dataset", [SEED, MINIMAL], ids=["seed", "minimal"])
def test_pandas_reads_the_json_lines(dataset):
    frame = pandas.read_json(io.BytesIO(FORMATS["jsonl"].render(dataset)), lines=True)
    assert list(frame["id"]) == [e.id for e in timeline.Timeline(dataset)]
    assert set(frame.columns) >= {"date", "date_start", "date_end", "date_precision", "type"}


def test_duckdb_queries_the_json_lines(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(FORMATS["jsonl"].render(SEED))
    connection = duckdb.connect()
    rows = connection.execute(
        "SELECT type, count(*) FROM read_json_auto(?) GROUP BY type ORDER BY type",
        [str(path)],
    ).fetchall()
    connection.close()
    counted = {}
    for event in SEED.events:
        counted[event.type.value] = counted.get(event.type.value, 0) + 1
    assert dict(rows) == counted


def test_the_geojson_is_a_feature_collection():
    collection = json.loads(FORMATS["geojson"].render(MINIMAL))
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    assert len(collection["features"]) == len(MINIMAL.events)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        if feature["geometry"] is None:  # an event without coordinates (RFC 7946, 3.2)
            continue
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


COMPLETE = timeline.load(DATA / "valid" / "complete.json")


def test_pandas_filters_the_csv_on_attribution_and_counts():
    frame = pandas.read_csv(io.BytesIO(FORMATS["csv"].render(COMPLETE)), keep_default_na=False)
    assert frame["source_count"].dtype.kind == "i"
    assert frame["report_count"].dtype.kind == "i"
    claimed = frame[frame["attribution"].str.contains("claimed")]
    assert list(claimed["event_id"]) == ["kabul-airport-bombing"]
    assert list(frame[frame["source_count"] >= 2]["event_id"]) == ["kabul-airport-bombing"]


def test_duckdb_unnests_the_reports_of_the_json_lines(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(FORMATS["jsonl"].render(COMPLETE))
    connection = duckdb.connect()
    rows = connection.execute(
        "SELECT id, r.source, r.reported, r.fatalities.best FROM "
        "(SELECT id, unnest(reports) AS r FROM read_json_auto(?)) ORDER BY r.reported",
        [str(path)],
    ).fetchall()
    connection.close()
    assert rows == [
        ("kabul-airport-bombing", "wire", "2021-08", 183),
        ("kabul-airport-bombing", "report", "2021-08-28", None),
    ]
