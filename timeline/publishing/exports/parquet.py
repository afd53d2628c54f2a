"""Parquet: the events and participants tables, partitioned by year, for engines past one
machine (DuckDB, Polars, Spark).

``timeline export --to parquet -o DIR`` writes a folder in the hive layout::

    DIR/events/year=2021/part-0.parquet
    DIR/participants/year=2021/part-0.parquet

The tables are those of :mod:`timeline.publishing.exports.tables` (the CSV's columns, typed;
one row per participant), with Parquet's types: ``string``, ``date32``, ``int64`` and
``double``. The ``year`` is the year of the day each event is placed by (``derived_earliest``,
else ``derived_latest``), and a participant is filed under its event's year. It is not a
column of the files: readers take it from the folder names (hive partitioning), and a query
that filters on it reads only the folders it names. Every event has a year (a date has a day
on at least one end, which its derived bounds keep); one with neither end known would be filed
under ``year=__HIVE_DEFAULT_PARTITION__``, the name Hive, Spark, DuckDB, Polars and pyarrow
read as a null year. Each file lists its rows in the documented order.

The folder is written atomically (a temporary folder beside it, renamed once complete), and a
folder that already holds files is replaced only when asked (``--overwrite``). pyarrow is the
optional group ``parquet`` of the package: ``pip install 'pyarrow>=14'`` (in a checkout,
``pip install '.[parquet]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from timeline.files.atomic import write_folder_atomic
from timeline.publishing.exports._exporter import FolderExporter
from timeline.publishing.exports.tables import (
    EVENT_COLUMNS,
    PARTICIPANT_COLUMNS,
    ColumnType,
    Value,
    event_tables,
)
from timeline.publishing.extras import require

if TYPE_CHECKING:
    from pathlib import Path

    from timeline.model import Dataset

__all__ = ["EXPORTER", "NULL_PARTITION", "PART_NAME", "TABLES", "partition_folder", "write"]

#: The folder name of the partition of rows with no year: what Hive and its readers take as null.
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
#: The name of the one file of each partition.
PART_NAME = "part-0.parquet"
#: The tables, each a folder of the export.
TABLES = ("events", "participants")


def partition_folder(year: int | None) -> str:
    """The folder name of a year's partition.

    >>> partition_folder(2021), partition_folder(None)
    ('year=2021', 'year=__HIVE_DEFAULT_PARTITION__')
    """
    return f"year={NULL_PARTITION if year is None else year}"


def _arrow_type(pa: Any, kind: ColumnType) -> Any:
    return {
        ColumnType.STRING: pa.string(),
        ColumnType.DATE: pa.date32(),
        ColumnType.INTEGER: pa.int64(),
        ColumnType.NUMBER: pa.float64(),
    }[kind]


def _write_table(
    folder: Path,
    columns: dict[str, list[Value]],
    types: dict[str, ColumnType],
    years: list[int | None],
) -> None:
    pa = require("pyarrow", "the Parquet export")
    pq = require("pyarrow.parquet", "the Parquet export")
    schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in types.items()])
    rows_of: dict[int | None, list[int]] = {}
    for row, year in enumerate(years):
        rows_of.setdefault(year, []).append(row)
    for year, rows in rows_of.items():
        table = pa.table(
            {
                name: pa.array([columns[name][row] for row in rows], schema.field(name).type)
                for name in types
            },
            schema=schema,
        )
        partition = folder / partition_folder(year)
        partition.mkdir(parents=True)
        pq.write_table(table, partition / PART_NAME)


def write(dataset: Dataset, folder: Path, replace: bool = False) -> None:
    """Write the Parquet export of ``dataset`` into the folder ``folder``, atomically; a folder
    that holds files is refused (an :class:`OSError`) unless ``replace``. Raises
    :class:`~timeline.errors.MissingExtraError` when pyarrow is not installed."""
    require("pyarrow.parquet", "the Parquet export")  # before anything is written
    tables = event_tables(dataset)

    def fill(root: Path) -> None:
        _write_table(root / "events", tables.events, EVENT_COLUMNS, tables.event_years)
        _write_table(
            root / "participants",
            tables.participants,
            PARTICIPANT_COLUMNS,
            tables.participant_years,
        )

    write_folder_atomic(folder, fill, replace=replace)


#: The Parquet exporter.
EXPORTER = FolderExporter(
    name="parquet",
    summary="the events and participants tables",
    media_type="application/vnd.apache.parquet",
    extra="parquet",
    write=write,
)
