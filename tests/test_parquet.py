"""`timeline export --to parquet`: the events and participants tables, partitioned by year,
read back by DuckDB and pyarrow and compared with the JSON Lines export; the folder written
atomically; the recipes of docs/exports.md run as they are written there."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA, timeline_command
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports.tables import EVENT_COLUMNS, PARTICIPANT_COLUMNS, ColumnType

duckdb = pytest.importorskip("duckdb")
pa_dataset = pytest.importorskip("pyarrow.dataset")

DOCS = Path(__file__).parent.parent / "docs"
DATASETS = {"seed": None, "complete": DATA / "valid" / "complete.json"}


def _export(run_cli, tmp_path, name="seed", folder="events-parquet", *extra):
    out = tmp_path / folder
    path = DATASETS[name]
    result = run_cli(
        "export", *([str(path)] if path else []), "--to", "parquet", "-o", str(out), *extra
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    return out


def _dataset(name):
    path = DATASETS[name]
    return timeline.load_default() if path is None else timeline.load(path)


def _json_lines(name):
    data = FORMATS["jsonl"].render(_dataset(name)).decode("utf-8")
    return [json.loads(line) for line in data.splitlines()]


def _duckdb_rows(folder, table):
    connection = duckdb.connect()
    try:
        cursor = connection.execute(
            f"SELECT * FROM read_parquet('{folder}/{table}/*/*.parquet', hive_partitioning = true)"
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        connection.close()


def _names(folder):
    return sorted(path.name for path in folder.iterdir())


def _year(record):
    day = record["derived_earliest"] or record["derived_latest"]
    return int(day[:4])


def _as_json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_duckdb_reads_the_events_as_the_json_lines_give_them(run_cli, tmp_path, name):
    folder = _export(run_cli, tmp_path, name)
    records = {record["id"]: record for record in _json_lines(name)}
    rows = _duckdb_rows(folder, "events")
    assert sorted(row["event_id"] for row in rows) == sorted(records)
    for row in rows:
        record = records[row["event_id"]]
        assert row["year"] == _year(record)
        for column in EVENT_COLUMNS:
            if column in record and not isinstance(record[column], list):
                assert _as_json(row[column]) == record[column], column
        assert row["actor_ids"] == "; ".join(p["actor"] for p in record["participants"])


def test_the_columns_are_typed_and_codes_keep_their_leading_zeros(run_cli, tmp_path):
    folder = _export(run_cli, tmp_path)
    table = pa_dataset.dataset(folder / "events", format="parquet", partitioning="hive").to_table()
    types = {field.name: str(field.type) for field in table.schema}
    expected = {"string": "string", "date": "date32[day]", "integer": "int64", "number": "double"}
    assert {k: v for k, v in types.items() if k != "year"} == {
        name: expected[kind.value] for name, kind in EVENT_COLUMNS.items()
    }
    assert list(table.schema.names[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    codes = dict(zip(table["event_id"].to_pylist(), table["cameo_code"].to_pylist(), strict=True))
    assert codes["us-taliban-agreement"] == "057"


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_the_participants_are_the_json_lines_participants_exploded(run_cli, tmp_path, name):
    folder = _export(run_cli, tmp_path, name)
    expected = sorted(
        (record["id"], _year(record), *(p[c] for c in tuple(PARTICIPANT_COLUMNS)[1:]))
        for record in _json_lines(name)
        for p in record["participants"]
    )
    rows = _duckdb_rows(folder, "participants")
    got = sorted(
        (row["event_id"], row["year"], *(row[c] for c in tuple(PARTICIPANT_COLUMNS)[1:]))
        for row in rows
    )
    assert got == expected
    assert all(kind is ColumnType.STRING for kind in PARTICIPANT_COLUMNS.values())


def test_hive_layout_one_folder_per_year_rows_in_the_documented_order(run_cli, tmp_path):
    folder = _export(run_cli, tmp_path)
    records = _json_lines("seed")
    years = sorted({_year(record) for record in records})
    for table in ("events", "participants"):
        found = sorted(
            p.relative_to(folder / table).as_posix() for p in (folder / table).rglob("*")
        )
        expected = sorted(
            [f"year={y}" for y in years] + [f"year={y}/part-0.parquet" for y in years]
        )
        assert found == expected
    for year in years:
        part = pa_dataset.dataset(folder / "events" / f"year={year}" / "part-0.parquet")
        ids = part.to_table()["event_id"].to_pylist()
        assert ids == [r["id"] for r in records if _year(r) == year]
    assert _names(tmp_path) == ["events-parquet"]  # no temporary folder left


def test_a_folder_that_holds_files_is_replaced_only_when_asked(run_cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    refused = run_cli("export", "--to", "parquet", "-o", str(out))
    assert refused.returncode == 2
    assert b"is a folder that is not empty (--overwrite replaces it)" in refused.stderr
    assert b"Traceback" not in refused.stderr
    assert _names(out) == ["keep.txt"]
    replaced = run_cli("export", "--to", "parquet", "-o", str(out), "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert _names(out) == ["events", "participants"]
    assert _names(tmp_path) == ["out"]


def test_an_empty_folder_is_written_into(run_cli, tmp_path):
    (tmp_path / "out").mkdir()
    folder = _export(run_cli, tmp_path, "seed", "out")
    assert _names(folder) == ["events", "participants"]


@pytest.mark.parametrize("kind", ["file", "link"])
def test_a_file_or_a_link_is_refused(run_cli, tmp_path, kind):
    target = tmp_path / "out"
    if kind == "file":
        target.write_text("a file")
    else:
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real")
    result = run_cli("export", "--to", "parquet", "-o", str(target), "--overwrite")
    assert result.returncode == 2
    assert re.search(rb"cannot write .*out: (is not a folder|is a symbolic link)", result.stderr)
    assert b"Traceback" not in result.stderr
    assert target.is_symlink() if kind == "link" else target.read_text() == "a file"


def test_parquet_needs_an_output_folder_and_overwrite_needs_parquet(run_cli):
    result = run_cli("export", "--to", "parquet")
    assert result.returncode == 2
    assert b"--to parquet writes a folder: give it with -o DIR" in result.stderr
    result = run_cli("export", "--to", "csv", "--overwrite")
    assert result.returncode == 2
    assert b"--overwrite applies to --to parquet only" in result.stderr


def test_without_pyarrow_the_command_names_the_extra(tmp_path):
    hidden = tmp_path / "hide"
    (hidden / "pyarrow").mkdir(parents=True)
    (hidden / "pyarrow" / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    env = {**os.environ, "PYTHONPATH": str(hidden), "PYTHONWARNINGS": "error"}
    out = tmp_path / "out"
    result = subprocess.run(
        [*timeline_command(), "export", "--to", "parquet", "-o", str(out)],
        capture_output=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr == (
        b"timeline export: the Parquet export needs pyarrow, which is not installed: "
        b"pip install 'pyarrow>=14' (the parquet extra: pip install '.[parquet]' in a checkout)"
        b"\n"
    )
    assert not out.exists()


def test_help_lists_parquet(run_cli):
    assert b"parquet" in run_cli("--help").stdout
    usage = run_cli("export", "--help").stdout
    hint = b"needs pip install 'pyarrow>=14' or '.[parquet]' in a checkout"
    assert hint in b" ".join(usage.split())
    assert re.search(rb"\{csv,geojson,html,jsonl,parquet,timelinejs\}", usage)


def _recipe(heading, language):
    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return re.search(rf"```{language}\n(.*?)```", section, re.DOTALL).group(1)


def _august(name="seed"):
    return sorted(
        (r["derived_earliest"], r["id"])
        for r in _json_lines(name)
        if r["derived_earliest"] and r["derived_earliest"].startswith("2021-08")
    )


def test_the_duckdb_recipe_reads_one_month_and_never_the_other_years(
    run_cli, tmp_path, monkeypatch
):
    folder = _export(run_cli, tmp_path)
    # A year the query does not name, whose file is unreadable: the recipe must not open it.
    (folder / "events" / "year=2099").mkdir()
    (folder / "events" / "year=2099" / "part-0.parquet").write_bytes(b"not parquet")
    monkeypatch.chdir(tmp_path)
    connection = duckdb.connect()
    try:
        rows = connection.execute(
            _recipe("### One month of a very large dataset", "sql")
        ).fetchall()
        with pytest.raises(duckdb.Error):
            connection.execute(
                "SELECT count(*) FROM read_parquet('events-parquet/events/*/*.parquet',"
                " hive_partitioning = true)"
            ).fetchall()
    finally:
        connection.close()
    assert [(day.isoformat(), event_id) for event_id, day, _, _ in rows] == _august()
    assert len(rows) == 13


def test_the_spark_recipe_reads_one_month(run_cli, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs java")
    _export(run_cli, tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    code = _recipe("and with Spark (PySpark)", "python")
    try:
        exec(code, namespace)
        rows = namespace["august"].select("event_id", "derived_earliest").collect()
    finally:
        if "spark" in namespace:
            namespace["spark"].stop()
    assert sorted((row[1].isoformat(), row[0]) for row in rows) == _august()


def test_the_polars_recipe_reads_one_month_and_never_the_other_years(
    run_cli, tmp_path, monkeypatch
):
    pytest.importorskip("polars")
    folder = _export(run_cli, tmp_path)
    # A year the query does not name, whose file is unreadable: the recipe must not open it.
    (folder / "events" / "year=2099").mkdir()
    (folder / "events" / "year=2099" / "part-0.parquet").write_bytes(b"not parquet")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(_recipe("and with Polars", "python"), namespace)
    rows = namespace["august"].rows()  # type: ignore[attr-defined]
    assert [(day.isoformat(), event_id) for event_id, day, _, _ in rows] == _august()
