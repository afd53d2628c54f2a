"""ACLED's ``time_precision`` and UCDP GED's ``date_prec``: the codes by the width of a date,
and their columns in the CSV and JSON Lines exports and in ``show --format json``."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies_dates import calendar_dates, edtf_strings
from timeline.dates import Precision, parse_edtf, span_precision
from timeline.publishing.crosswalk import acled_time_precision, ucdp_date_prec
from timeline.publishing.exports.csv import COLUMNS

D = datetime.date

# days of the range (both ends inclusive), ACLED time_precision, UCDP date_prec; the codebooks'
# tables restated (docs/exports.md cites them).
CODES = [
    (1, 1, 1),
    (2, 2, 2),
    (6, 2, 2),
    (7, 2, 3),
    (8, 3, 4),
    (30, 3, 4),
    (31, 3, 4),
    (32, None, 5),
    (365, None, 5),
    (366, None, 5),
    (367, None, None),
    (5000, None, None),
]


@pytest.mark.parametrize(("days", "acled", "ucdp"), CODES)
def test_codes_by_the_number_of_days(days, acled, ucdp):
    start = D(2021, 8, 26)
    end = start + datetime.timedelta(days=days - 1)
    assert acled_time_precision(start, end) == acled
    assert ucdp_date_prec(start, end) == ucdp


@pytest.mark.parametrize("ends", [(None, D(2021, 8, 30)), (D(2021, 8, 30), None), (None, None)])
def test_an_open_range_has_no_code(ends):
    assert acled_time_precision(*ends) is None
    assert ucdp_date_prec(*ends) is None


def test_a_reversed_range_is_refused():
    with pytest.raises(ValueError, match="before"):
        acled_time_precision(D(2021, 8, 30), D(2021, 8, 26))
    with pytest.raises(ValueError, match="before"):
        ucdp_date_prec(D(2021, 8, 30), D(2021, 8, 26))


def _rank(code: int | None) -> int:
    """A code as a rank, coarser larger: no code is beyond every code."""
    return 99 if code is None else code


@given(calendar_dates(max_value=D(9990, 1, 1)), st.integers(0, 900), st.integers(0, 900))
def test_codes_are_monotone_in_width(start, a, b):
    narrow, wide = sorted((a, b))
    for code in (acled_time_precision, ucdp_date_prec):
        narrower = code(start, start + datetime.timedelta(days=narrow))
        wider = code(start, start + datetime.timedelta(days=wide))
        assert _rank(narrower) <= _rank(wider)


@given(edtf_strings())
def test_codes_agree_with_the_precision_of_a_date(text):
    """ACLED's three codes are the day, the week and the month of :class:`Precision`; UCDP's
    1 is a day, and it has a code wherever the date is no wider than a year."""
    date = parse_edtf(text)
    acled = acled_time_precision(date.earliest, date.latest)
    ucdp = ucdp_date_prec(date.earliest, date.latest)
    width = span_precision(date.earliest, date.latest)
    assert acled == {Precision.DAY: 1, Precision.WEEK: 2, Precision.MONTH: 3}.get(width)
    assert (ucdp == 1) == (width is Precision.DAY)
    assert (ucdp is None) == width.is_coarser_than(Precision.YEAR)


# The seed dataset's dates: id, date, date_precision, time_precision, date_prec.
SEED = [
    ("kabul-airport-suicide-bombing", "2021-08-26", "day", 1, 1),
    ("kabul-airport-suicide-bombing-claim", "2021-08-26/2021-08-30", "week", 2, 2),
    ("is-vows-to-continue-fighting", "2021-08-15/2021-08-30", "month", 3, 4),
    ("is-criticises-us-taliban-agreement", "2020-02-29/2021-08-30", "years", None, None),
    # An open start a chain of relations closes (the consultations it refers to follow the
    # takeover of 15 August): the codes are of the derived bounds.
    ("mujahid-admits-technical-problems", "../2021-08-30", "open", 3, 4),
    ("foreign-troop-withdrawal", "2021-08-30/..", "open", None, None),
    # An open start its relation to the rocket attack closes: the codes are of the derived
    # bounds (30 August), not of the stated date.
    ("taliban-threaten-countermeasures", "../2021-08-30", "open", 1, 1),
]


def test_the_seed_in_the_csv(run_cli):
    result = run_cli("export", "--to", "csv")
    assert result.returncode == 0, result.stderr
    header, *rows = csv.reader(io.StringIO(result.stdout.decode("utf-8"), newline=""))
    assert tuple(header) == COLUMNS
    assert header[-6:] == [  # after the earlier columns
        "time_precision",
        "date_prec",
        "derived_earliest",
        "derived_latest",
        "derived_earliest_basis",
        "derived_latest_basis",
    ]
    records = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for event_id, date, precision, acled, ucdp in SEED:
        record = records[event_id]
        assert (record["date"], record["date_precision"]) == (date, precision)
        assert record["time_precision"] == ("" if acled is None else str(acled))
        assert record["date_prec"] == ("" if ucdp is None else str(ucdp))


@pytest.mark.parametrize("command", [("export", "--to", "jsonl"), ("export", "--to", "geojson")])
def test_the_seed_in_json_lines_and_geojson(run_cli, command):
    result = run_cli(*command)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    if command[-1] == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
    else:
        records = [feature["properties"] for feature in json.loads(text)["features"]]
    by_id = {record["id"]: record for record in records}
    for event_id, date, precision, acled, ucdp in SEED:
        if event_id not in by_id:
            continue
        record = by_id[event_id]
        assert (record["date"], record["date_precision"]) == (date, precision)
        assert (record["time_precision"], record["date_prec"]) == (acled, ucdp)
    assert "kabul-airport-suicide-bombing" in by_id


def test_the_seed_in_show_json(run_cli):
    result = run_cli("show", "--format", "json")
    assert result.returncode == 0, result.stderr
    by_id = {event["id"]: event for event in json.loads(result.stdout)["events"]}
    for event_id, date, precision, acled, ucdp in SEED:
        event = by_id[event_id]
        assert (event["date"], event["date_precision"]) == (date, precision)
        assert (event["time_precision"], event["date_prec"]) == (acled, ucdp)
