"""A dataset's events, or their participants, as a typed pandas data frame in one line.

:func:`to_pandas` is :func:`timeline.to_pandas`. The frames are the tables of
:mod:`timeline.publishing.exports.tables`, the ones the Parquet export writes (the CSV's
columns, typed; one row per participant), with pandas' nullable types: text as ``string``
(so CAMEO's ``057`` stays ``057``), days as ``datetime64[s]`` (midnight; seconds reach any
year, where nanoseconds stop at 1677 and 2262), counts and precision codes as ``Int64`` and
coordinates as ``Float64``; an absent value is ``<NA>`` (``NaT`` for a day). pandas is the
optional group ``pandas`` of the package (``pip install 'pandas>=2'``; in a checkout, ``pip
install '.[pandas]'``), imported when a frame is made, never by ``import timeline``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from timeline.publishing.extras import require

if TYPE_CHECKING:
    from timeline.model import Dataset
    from timeline.query.views import Timeline

__all__ = ["DTYPES", "to_pandas"]

#: The pandas dtype of each type of column (see
#: :class:`~timeline.publishing.exports.tables.ColumnType`), by the type's name.
DTYPES: dict[str, str] = {
    "string": "string",
    "date": "datetime64[s]",
    "integer": "Int64",
    "number": "Float64",
}


def to_pandas(data: Dataset | Timeline, table: Literal["events", "participants"] = "events") -> Any:
    """The events of ``data`` (a dataset, or the :class:`~timeline.Timeline` of one) as a
    ``pandas.DataFrame``, one row per event in the documented order with the CSV export's
    columns, typed; with ``table="participants"``, its participants, one row per actor in an
    event's role (``event_id``, ``actor``, ``name``, ``role``, ``attribution``, ``claim``).

    Raises :class:`~timeline.errors.MissingExtraError` when pandas is not installed, and
    :class:`ValueError` for another ``table``."""
    if table not in ("events", "participants"):
        raise ValueError(f"table must be 'events' or 'participants', not {table!r}")
    pandas = require("pandas", "timeline.to_pandas")
    # The exports are imported only here: `import timeline` does not need them.
    from timeline.publishing.exports.tables import (
        EVENT_COLUMNS,
        PARTICIPANT_COLUMNS,
        event_tables,
    )

    tables = event_tables(data)
    columns, types = (
        (tables.events, EVENT_COLUMNS)
        if table == "events"
        else (tables.participants, PARTICIPANT_COLUMNS)
    )
    return pandas.DataFrame(
        {
            name: pandas.Series(columns[name], dtype=DTYPES[kind.value])
            for name, kind in types.items()
        }
    )
