"""Tests of :mod:`timeline.dates`: the EDTF subset, bounds, order, overlap and date phrases."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline.dates as dates_module
from tests.strategies_dates import calendar_dates, edtf_points, edtf_strings
from timeline.dates import (
    SUPPORTED_PHRASES,
    EdtfDate,
    Overlap,
    Precision,
    is_edtf,
    parse_edtf,
    resolve_phrase,
    span_precision,
)
from timeline.errors import DatePhraseError, EdtfError, TimelineError

D = datetime.date
UTC = datetime.UTC


def tz(hours: int, minutes: int = 0) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))


# --------------------------------------------------------------------------------------------
# Valid EDTF
# --------------------------------------------------------------------------------------------

# text, earliest, latest, precision, approximate, uncertain, is_interval, time
VALID = [
    ("2021-08-26", D(2021, 8, 26), D(2021, 8, 26), Precision.DAY, False, False, False, None),
    ("2020-02", D(2020, 2, 1), D(2020, 2, 29), Precision.MONTH, False, False, False, None),
    ("2021-02", D(2021, 2, 1), D(2021, 2, 28), Precision.MONTH, False, False, False, None),
    ("2021", D(2021, 1, 1), D(2021, 12, 31), Precision.YEAR, False, False, False, None),
    ("0001", D(1, 1, 1), D(1, 12, 31), Precision.YEAR, False, False, False, None),
    ("9999-12", D(9999, 12, 1), D(9999, 12, 31), Precision.MONTH, False, False, False, None),
    (
        "2021-08-26T17:50:00",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(17, 50),
    ),
    (
        "2021-08-26T17:50:00Z",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(17, 50, tzinfo=UTC),
    ),
    (
        "2021-08-26T17:50:00+04:30",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(17, 50, tzinfo=tz(4, 30)),
    ),
    (
        "2021-08-26T23:59:59-05:00",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(23, 59, 59, tzinfo=tz(-5)),
    ),
    (
        "2021-08-26T00:00:00-00:00",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(0, 0, tzinfo=UTC),
    ),
    (
        "2021-08-26T00:00:00+14:59",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        False,
        datetime.time(0, 0, tzinfo=tz(14, 59)),
    ),
    (
        "2021-08-26/2021-08-30",
        D(2021, 8, 26),
        D(2021, 8, 30),
        Precision.WEEK,
        False,
        False,
        True,
        None,
    ),
    ("2020-02/2020-03", D(2020, 2, 1), D(2020, 3, 31), Precision.YEAR, False, False, True, None),
    ("2019/2021-08-26", D(2019, 1, 1), D(2021, 8, 26), Precision.YEARS, False, False, True, None),
    (
        "2021-08-26/2021-08",
        D(2021, 8, 26),
        D(2021, 8, 31),
        Precision.WEEK,
        False,
        False,
        True,
        None,
    ),
    (
        "2021-08-26/2021-08-26",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.DAY,
        False,
        False,
        True,
        None,
    ),
    (
        "2021-08-26T17:50:00/2021-08-27",
        D(2021, 8, 26),
        D(2021, 8, 27),
        Precision.WEEK,
        False,
        False,
        True,
        datetime.time(17, 50),
    ),
    (
        "2021-08-26T18:00:00+02:00/2021-08-26T17:00:00Z",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        True,
        datetime.time(18, 0, tzinfo=tz(2)),
    ),
    (
        "2021-08-26T10:00:00/2021-08-26T10:00:00",
        D(2021, 8, 26),
        D(2021, 8, 26),
        Precision.TIME,
        False,
        False,
        True,
        datetime.time(10, 0),
    ),
    ("../2021-08-30", None, D(2021, 8, 30), Precision.OPEN, False, False, True, None),
    ("2021-08-30/..", D(2021, 8, 30), None, Precision.OPEN, False, False, True, None),
    ("/2021-08-30", None, D(2021, 8, 30), Precision.OPEN, False, False, True, None),
    ("2021-08/", D(2021, 8, 1), None, Precision.OPEN, False, False, True, None),
    ("../2021-08-30T12:00:00Z", None, D(2021, 8, 30), Precision.OPEN, False, False, True, None),
    ("2021-08-26~", D(2021, 8, 26), D(2021, 8, 26), Precision.DAY, True, False, False, None),
    ("2020-02?", D(2020, 2, 1), D(2020, 2, 29), Precision.MONTH, False, True, False, None),
    ("2021%", D(2021, 1, 1), D(2021, 12, 31), Precision.YEAR, True, True, False, None),
    ("2021?/2022-03~", D(2021, 1, 1), D(2022, 3, 31), Precision.YEARS, True, True, True, None),
    ("2021-08-26?/..", D(2021, 8, 26), None, Precision.OPEN, False, True, True, None),
    ("/2021-08%", None, D(2021, 8, 31), Precision.OPEN, True, True, True, None),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "approximate", "uncertain", "interval", "time"),
    VALID,
)
def test_parse_valid(text, earliest, latest, precision, approximate, uncertain, interval, time):
    date = parse_edtf(text)
    assert date.text == text
    assert str(date) == text
    assert date.earliest == earliest
    assert date.latest == latest
    assert date.precision is precision
    assert date.approximate is approximate
    assert date.uncertain is uncertain
    assert date.is_interval is interval
    assert date.time == time
    if time is not None:
        assert date.time is not None
        assert (date.time.utcoffset() is None) == (time.utcoffset() is None)
    assert is_edtf(text)


def test_open_and_unknown_ends_differ_only_in_text():
    open_end, unknown_end = parse_edtf("../2021-08-30"), parse_edtf("/2021-08-30")
    assert (open_end.earliest, open_end.latest) == (unknown_end.earliest, unknown_end.latest)
    assert open_end != unknown_end
    assert open_end.text.startswith("..")
    assert unknown_end.text.startswith("/")


def test_parsed_dates_are_frozen_and_hashable():
    date = parse_edtf("2021-08-26")
    assert hash(date) == hash(parse_edtf("2021-08-26"))
    with pytest.raises(AttributeError):
        date.text = "2021"  # type: ignore[misc]


def test_edtf_date_has_no_ordering():
    with pytest.raises(TypeError):
        _ = parse_edtf("2021") < parse_edtf("2022")  # type: ignore[operator]


def test_constructor_rejects_reversed_bounds_and_datetimes():
    with pytest.raises(ValueError, match="latest 2021-08-01 is before earliest 2021-08-02"):
        EdtfDate("x", D(2021, 8, 2), D(2021, 8, 1), Precision.DAY)
    with pytest.raises(TypeError, match="not datetime"):
        EdtfDate("x", datetime.datetime(2021, 8, 2, tzinfo=UTC), None, Precision.DAY)


# --------------------------------------------------------------------------------------------
# Invalid EDTF
# --------------------------------------------------------------------------------------------

INVALID = [
    ("2021-8-26", "'2021-8-26': month 8 must have exactly 2 digits"),
    ("2021-08-6", "'2021-08-6': day 6 must have exactly 2 digits"),
    ("21", "'21': year 21 must have exactly 4 digits"),
    ("26.08.2021", "'26.08.2021': not a supported EDTF date: expected YYYY, YYYY-MM"),
    ("2021-02-30", "'2021-02-30': day 30 is out of range (February 2021 has 28 days)"),
    ("2021-02-29", "'2021-02-29': day 29 is out of range (February 2021 has 28 days)"),
    ("1900-02-29", "'1900-02-29': day 29 is out of range (February 1900 has 28 days)"),
    ("2021-04-31", "'2021-04-31': day 31 is out of range (April 2021 has 30 days)"),
    ("2021-08-00", "'2021-08-00': day 00 is out of range (August 2021 has 31 days)"),
    ("2021-13", "'2021-13': month 13 is out of range (01-12)"),
    ("2021-00", "'2021-00': month 00 is out of range (01-12)"),
    ("2021-21", "'2021-21': month 21 is a season (21-41), which is not supported"),
    ("2021-XX", "'2021-XX': unspecified digits ('X') are not supported"),
    ("20XX", "'20XX': unspecified digits ('X') are not supported"),
    ("Y170000002", "'Y170000002': years with a 'Y' prefix are not supported"),
    ("-0100", "'-0100': negative years are not supported"),
    ("0000", "'0000': year 0000 is not supported (the earliest supported year is 0001)"),
    (" 2021", "' 2021': EDTF dates contain no whitespace"),
    ("2021-08-26 ", "'2021-08-26 ': EDTF dates contain no whitespace"),
    ("2021-08-26 / 2021-08-30", "EDTF dates contain no whitespace"),
    ("2021\n", "'2021\\n': EDTF dates contain no whitespace"),
    ("", "'': an empty string is not a date"),
    ("\uff12\uff10\uff12\uff11", "EDTF dates contain only ASCII characters"),
    ("2021-08-26T17:50", "'2021-08-26T17:50': a date-time needs seconds (hh:mm:ss)"),
    ("2021-08-26T17:50Z", "'2021-08-26T17:50Z': a date-time needs seconds (hh:mm:ss)"),
    ("2021-08-26T17:50:00.5", "'2021-08-26T17:50:00.5': fractional seconds are not supported"),
    ("2021-08-26T17:50:00,25Z", "fractional seconds are not supported"),
    ("2021-08-26T", "'2021-08-26T': a time must be hh:mm:ss"),
    ("2021-08-26t17:50:00", "needs an upper-case 'T' between the date and the time"),
    ("2021-08T17:50:00", "a date-time needs a complete date YYYY-MM-DD before the 'T'"),
    ("2021-08-26T24:00:00", "'2021-08-26T24:00:00': hour 24 is out of range (00-23)"),
    ("2021-08-26T23:60:00", "minute 60 is out of range (00-59)"),
    ("2021-08-26T23:59:60", "second 60 is out of range (00-59; leap seconds are not supported)"),
    ("2021-08-26T17:50:00+15:00", "time zone offset hour 15 is out of range (00-14)"),
    ("2021-08-26T17:50:00+04:60", "time zone offset minute 60 is out of range (00-59)"),
    ("2021-08-26T17:50:00+04", "a time zone must be Z or an offset ±hh:mm"),
    ("2021-08-26T17:50:00+0430", "a time zone must be Z or an offset ±hh:mm"),
    ("2021-08-26T17:50:00z", "a time zone must be Z or an offset ±hh:mm"),
    ("2021-08-26T17:50:00~", "qualifiers ?, ~ and % are not allowed on a date-time"),
    ("2021?~", "'2021?~': a date takes one qualifier; use '%' for uncertain and approximate"),
    ("?2021", "'?2021': qualifiers ?, ~ and % are supported only at the end of a date"),
    ("2021-08?-26", "qualifiers ?, ~ and % are supported only at the end of a date"),
    ("~", "'~': not a supported EDTF date"),
    ("2021-08-30/2021-08-26", "'2021-08-30/2021-08-26': interval ends before it starts"),
    ("2021/2020-12-31", "'2021/2020-12-31': interval ends before it starts"),
    ("2021-08-26T17:00:00/2021-08-26T16:59:59", "interval ends before it starts"),
    ("2021-08-26T17:00:00Z/2021-08-26T18:00:00+02:00", "interval ends before it starts"),
    (
        "2021-02-30/2021-03-01",
        "'2021-02-30/2021-03-01': interval start '2021-02-30': day 30 is out of range",
    ),
    ("2021-03-01/2021-13", "'2021-03-01/2021-13': interval end '2021-13': month 13 is out of"),
    ("../..", "'../..': an interval needs a date on at least one end"),
    ("/", "'/': an interval needs a date on at least one end"),
    ("../", "an interval needs a date on at least one end"),
    ("..", "'..': '..' (open end) is allowed only as an end of an interval"),
    ("2021/2022/2023", "'2021/2022/2023': an interval has exactly one '/'"),
    ("2021-08-26/...", "interval end '...': not a supported EDTF date"),
    ("2021-08-26T17:50:00+04:30?", "not allowed on a date-time"),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_parse_invalid(text, message):
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert message in str(info.value)
    assert str(info.value).startswith(repr(text) + ": ")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, TimelineError)
    assert not is_edtf(text)


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError, match="must be a str, not int"):
        parse_edtf(2021)  # type: ignore[arg-type]
    assert is_edtf(2021) is False  # type: ignore[arg-type]
    assert is_edtf(None) is False  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "leap"),
    [(2020, True), (2021, False), (1900, False), (2000, True), (2400, True), (2100, False)],
)
def test_leap_years(year, leap):
    assert parse_edtf(f"{year}-02").latest == D(year, 2, 29 if leap else 28)
    assert is_edtf(f"{year}-02-29") is leap
    assert parse_edtf(f"{year:04d}").day_span() == (366 if leap else 365)


DAYS_IN_MONTH_2021 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_months_last_day(month):
    last = DAYS_IN_MONTH_2021[month - 1]
    assert parse_edtf(f"2021-{month:02d}").latest == D(2021, month, last)
    assert parse_edtf(f"2021-{month:02d}").day_span() == last
    assert parse_edtf(f"2021-{month:02d}-{last:02d}").earliest == D(2021, month, last)
    with pytest.raises(EdtfError, match=rf"day {last + 1} is out of range \(.* has {last} days\)"):
        parse_edtf(f"2021-{month:02d}-{last + 1:02d}")


@given(calendar_dates())
def test_every_calendar_day_parses_to_itself(day):
    parsed = parse_edtf(day.isoformat())
    assert parsed.earliest == parsed.latest == day
    assert parsed.precision is Precision.DAY
    assert parsed.day_span() == 1


# --------------------------------------------------------------------------------------------
# Precision, day_span
# --------------------------------------------------------------------------------------------


def test_precision_rank_and_order():
    ordered = list(Precision)
    assert [p.rank for p in ordered] == list(range(7))
    assert [p.value for p in ordered] == ["open", "years", "year", "month", "week", "day", "time"]
    assert Precision.YEAR.is_coarser_than(Precision.DAY)
    assert Precision.MONTH.is_coarser_than(Precision.WEEK)
    assert Precision.WEEK.is_coarser_than(Precision.DAY)
    assert Precision.OPEN.is_coarser_than(Precision.YEARS)
    assert Precision.YEARS.is_coarser_than(Precision.YEAR)
    assert not Precision.DAY.is_coarser_than(Precision.DAY)
    assert not Precision.TIME.is_coarser_than(Precision.MONTH)


# The width of an interval, in days, at which each precision ends: the brief's table, kept
# apart from the module's own.
WIDTHS = [
    (1, Precision.DAY),
    (2, Precision.WEEK),
    (7, Precision.WEEK),
    (8, Precision.MONTH),
    (28, Precision.MONTH),
    (31, Precision.MONTH),
    (32, Precision.YEAR),
    (365, Precision.YEAR),
    (366, Precision.YEAR),
    (367, Precision.YEARS),
    (3000, Precision.YEARS),
]


@pytest.mark.parametrize(("days", "precision"), WIDTHS)
def test_an_interval_has_the_precision_of_its_width(days, precision):
    start = D(2021, 8, 26)
    end = start + datetime.timedelta(days=days - 1)
    date = parse_edtf(f"{start}/{end}")
    assert date.day_span() == days
    assert date.precision is precision
    assert span_precision(start, end) is precision


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        # A single value keeps its notation's precision; a date-time is time.
        ("2021", Precision.YEAR),
        ("2021-08", Precision.MONTH),
        ("2021-02~", Precision.MONTH),
        ("2021-08-26?", Precision.DAY),
        ("2021-08-26T17:50:00Z", Precision.TIME),
        # Open and unknown ends, whatever the precision of the given end.
        ("../2021-08-30", Precision.OPEN),
        ("2021/..", Precision.OPEN),
        ("/2021-08-26T17:50:00", Precision.OPEN),
        # A whole month or year spelled as an interval is a month or a year.
        ("2021-02-01/2021-02-28", Precision.MONTH),
        ("2020-01-01/2020-12-31", Precision.YEAR),
        ("2021-08/2021-08", Precision.MONTH),
        # Two date-times on one day: time; on two days: the width.
        ("2021-08-26T10:00:00/2021-08-26T18:00:00", Precision.TIME),
        ("2021-08-26T23:00:00/2021-08-27T01:00:00", Precision.WEEK),
        ("2021-08-26T10:00:00/2021-08-26", Precision.DAY),
    ],
)
def test_precision_of_notation_and_of_width(text, precision):
    assert parse_edtf(text).precision is precision


def _width_rank(date: EdtfDate) -> tuple[int, int]:
    """Wider first: an open date before every closed one, then by the number of days."""
    span = date.day_span()
    return (0, 0) if span is None else (1, -span)


@given(edtf_strings(), edtf_strings())
def test_precision_is_monotone_in_width(first, second):
    """A date that is wider (an open one is wider than any) is never finer."""
    a, b = sorted((parse_edtf(first), parse_edtf(second)), key=_width_rank)
    if _width_rank(a) < _width_rank(b):
        assert not b.precision.is_coarser_than(a.precision)
    if a.day_span() is None:
        assert a.precision is Precision.OPEN


@given(edtf_strings())
def test_precision_follows_the_width_or_the_notation(text):
    date = parse_edtf(text)
    if date.is_interval and date.precision is not Precision.TIME:
        assert date.precision is span_precision(date.earliest, date.latest)
    elif date.precision is Precision.TIME:
        assert date.day_span() == 1
        assert date.time is not None
    else:  # a single value: its notation, which covers its days
        assert date.precision in (Precision.YEAR, Precision.MONTH, Precision.DAY)
        assert not date.precision.is_coarser_than(span_precision(date.earliest, date.latest))


def _by_width(days: int) -> Precision:
    """The brief's rule, restated: the tightest of a day, a week, a month, a year."""
    for widest, precision in ((1, Precision.DAY), (7, Precision.WEEK), (31, Precision.MONTH)):
        if days <= widest:
            return precision
    return Precision.YEAR if days <= 366 else Precision.YEARS


@given(calendar_dates(max_value=D(9997, 12, 31)), st.integers(0, 800))
def test_precision_of_generated_intervals(start, extra):
    end = start + datetime.timedelta(days=extra)
    date = parse_edtf(f"{start.isoformat()}/{end.isoformat()}")
    assert date.precision is _by_width(extra + 1) is span_precision(start, end)
    if extra == 0:
        assert date.precision is Precision.DAY  # a one-day interval is a day


@given(edtf_points())
def test_a_value_as_an_interval_of_itself_keeps_its_precision(point):
    """``X/X`` covers exactly the days of ``X``, so it has ``X``'s precision."""
    assert parse_edtf(f"{point.text}/{point.text}").precision is parse_edtf(point.text).precision


@given(calendar_dates(), st.sampled_from(["..", ""]), st.booleans())
def test_an_open_interval_is_open(day, missing, open_start):
    text = f"{missing}/{day}" if open_start else f"{day}/{missing}"
    assert parse_edtf(text).precision is Precision.OPEN


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2021-08-26", 1),
        ("2021-08-26T10:00:00Z", 1),
        ("2021-08", 31),
        ("2021-08-26/2021-08-30", 5),
        ("2020", 366),
        ("../2021", None),
        ("2021/", None),
    ],
)
def test_day_span(text, span):
    assert parse_edtf(text).day_span() == span


# --------------------------------------------------------------------------------------------
# Properties of generated dates
# --------------------------------------------------------------------------------------------


@given(edtf_strings())
def test_generated_strings_round_trip(text):
    date = parse_edtf(text)
    assert date.text == text
    assert str(date) == text
    assert is_edtf(text)
    assert date.is_interval == ("/" in text)
    if date.earliest is not None and date.latest is not None:
        assert date.earliest <= date.latest


@given(st.lists(edtf_strings(), min_size=2, max_size=12))
def test_sort_key_orders_by_earliest_with_none_first(texts):
    ordered = sorted((parse_edtf(t) for t in texts), key=lambda d: d.sort_key)
    positions = [(0, D.min) if d.earliest is None else (1, d.earliest) for d in ordered]
    assert positions == sorted(positions)


@given(edtf_strings(), edtf_strings())
def test_sort_key_is_a_total_order(first, second):
    a, b = parse_edtf(first), parse_edtf(second)
    assert (a.sort_key == b.sort_key) == (first == second)
    assert (a.sort_key < b.sort_key) + (a.sort_key == b.sort_key) + (a.sort_key > b.sort_key) == 1
    if a.earliest is not None and b.earliest is not None and a.earliest < b.earliest:
        assert a.sort_key < b.sort_key


@given(edtf_strings())
def test_overlaps_own_bounds_is_certain_and_outside_is_none(text):
    date = parse_edtf(text)
    assert date.overlaps(date.earliest, date.latest) is Overlap.CERTAIN
    assert date.overlaps(None, None) is Overlap.CERTAIN
    if date.latest is not None and date.latest < D.max:
        after = date.latest + datetime.timedelta(days=1)
        assert date.overlaps(after, after) is None
        assert date.overlaps(after, None) is None
    if date.earliest is not None and date.earliest > D.min:
        before = date.earliest - datetime.timedelta(days=1)
        assert date.overlaps(before, before) is None
        assert date.overlaps(None, before) is None


@given(edtf_points(), edtf_points())
def test_reversed_intervals_are_rejected(first, second):
    if first.latest < second.earliest:
        assert is_edtf(f"{first.text}/{second.text}")
        with pytest.raises(EdtfError, match="interval ends before it starts"):
            parse_edtf(f"{second.text}/{first.text}")


@given(st.text(alphabet="0123456789-/:.TZXY?~%+ ", max_size=30))
def test_any_string_parses_or_raises_edtf_error(text):
    if is_edtf(text):
        assert parse_edtf(text).text == text
    else:
        with pytest.raises(EdtfError) as info:
            parse_edtf(text)
        assert str(info.value).startswith(repr(text) + ": ")


# --------------------------------------------------------------------------------------------
# The order, explicitly
# --------------------------------------------------------------------------------------------


def test_sort_key_examples():
    texts = [
        "2021-08-27",
        "2021-08-26T09:00:00",
        "2021-08",
        "2021-08-26",
        "/2021-08-26",
        "../2021-08-26",
        "../2021-08-27",
        "2021-08-26/..",
        "2021-08-26T08:00:00+05:00",
        "2021-08-26T08:30:00Z",
        "2021",
    ]
    ordered = [d.text for d in sorted(map(parse_edtf, texts), key=lambda d: d.sort_key)]
    assert ordered == [
        "../2021-08-26",  # no earliest: first; then by latest, then text ("." < "/")
        "/2021-08-26",
        "../2021-08-27",
        "2021",  # 2021-01-01
        "2021-08",  # 2021-08-01
        "2021-08-26",  # no time before known times
        "2021-08-26T08:00:00+05:00",  # times as written, offsets ignored
        "2021-08-26T08:30:00Z",
        "2021-08-26T09:00:00",
        "2021-08-26/..",  # latest None sorts after every latest
        "2021-08-27",
    ]


# --------------------------------------------------------------------------------------------
# Overlap
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("2021-08-26", D(2021, 8, 26), D(2021, 8, 26), Overlap.CERTAIN),
        ("2021-08-26", D(2021, 8, 1), D(2021, 8, 31), Overlap.CERTAIN),
        ("2021-08-26", D(2021, 8, 27), D(2021, 8, 31), None),
        ("2021-08-26", None, D(2021, 8, 25), None),
        ("2021-08", D(2021, 8, 26), D(2021, 9, 30), Overlap.POSSIBLE),
        ("2021-08", D(2021, 7, 1), D(2021, 8, 1), Overlap.POSSIBLE),
        ("2021-08", D(2021, 7, 1), D(2021, 7, 31), None),
        ("2021-08", None, None, Overlap.CERTAIN),
        ("2021", D(2021, 6, 1), None, Overlap.POSSIBLE),
        ("2021-08-26/2021-08-30", D(2021, 8, 30), D(2021, 9, 5), Overlap.POSSIBLE),
        ("2021-08-26/2021-08-30", D(2021, 8, 31), None, None),
        ("../2021-08-30", D(2021, 1, 1), D(2021, 12, 31), Overlap.POSSIBLE),
        ("../2021-08-30", None, D(2021, 12, 31), Overlap.CERTAIN),
        ("../2021-08-30", D(2021, 8, 31), None, None),
        ("2021-08-30/", D(2021, 8, 30), None, Overlap.CERTAIN),
        ("2021-08-30/", D(2021, 9, 1), None, Overlap.POSSIBLE),
        ("2021-08-30/", D(2021, 1, 1), D(2021, 12, 31), Overlap.POSSIBLE),
        ("2021-08-30/", None, D(2021, 8, 29), None),
        ("2021-08-26T23:00:00-05:00", D(2021, 8, 26), D(2021, 8, 26), Overlap.CERTAIN),
    ],
)
def test_overlaps(text, start, end, expected):
    assert parse_edtf(text).overlaps(start, end) is expected


def test_overlaps_rejects_bad_ranges():
    date = parse_edtf("2021")
    with pytest.raises(ValueError, match="range start 2021-02-01 is after range end 2021-01-01"):
        date.overlaps(D(2021, 2, 1), D(2021, 1, 1))
    with pytest.raises(TypeError, match=r"start must be a datetime\.date or None"):
        date.overlaps(datetime.datetime(2021, 1, 1, tzinfo=UTC), None)
    with pytest.raises(TypeError, match=r"end must be a datetime\.date or None"):
        date.overlaps(None, "2021-01-01")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# resolve_phrase
# --------------------------------------------------------------------------------------------

PUBLISHED = D(2021, 8, 30)  # a Monday


@pytest.mark.parametrize(
    ("phrase", "future", "expected"),
    [
        # The seed article, published on Monday 2021-08-30.
        ("on Thursday", False, "2021-08-26"),
        ("On Monday", False, "2021-08-30"),
        ("in February 2020", False, "2020-02"),
        ("last Monday", False, "2021-08-23"),
        ("next Friday", False, "2021-09-03"),
        ("on Friday", True, "2021-09-03"),
        ("yesterday", False, "2021-08-29"),
        ("last week", False, "2021-08-23/2021-08-29"),
        ("earlier this month", False, "2021-08-01/2021-08-29"),
        ("in February", False, "2021-02"),
        ("in September", False, "2020-09"),
        # More forms.
        ("Thursday", False, "2021-08-26"),
        ("on Monday", True, "2021-08-30"),
        ("on Sunday", False, "2021-08-29"),
        ("on Tuesday", False, "2021-08-24"),
        ("on Thurs.", False, "2021-08-26"),
        ("  ON THURSDAY,  ", False, "2021-08-26"),
        ("last Sunday", False, "2021-08-29"),
        ("next Monday", False, "2021-09-06"),
        ("next Monday", True, "2021-09-06"),
        ("last Friday", True, "2021-08-27"),
        ("today", False, "2021-08-30"),
        ("tomorrow", False, "2021-08-31"),
        ("this week", False, "2021-08-30"),
        ("this week", True, "2021-08-30/2021-09-05"),
        ("next week", False, "2021-09-06/2021-09-12"),
        ("last month", False, "2021-07"),
        ("this month", False, "2021-08"),
        ("next month", False, "2021-09"),
        ("last year", False, "2020"),
        ("this year.", False, "2021"),
        ("next year", False, "2022"),
        ("in 2019", False, "2019"),
        ("February 2020", False, "2020-02"),
        ("in Sept. 2020", False, "2020-09"),
        ("in August", False, "2021-08"),
        ("in August", True, "2021-08"),
        ("in September", True, "2021-09"),
        ("in February", True, "2022-02"),
        ("in jan", False, "2021-01"),
        ("on 26 August", False, "2021-08-26"),
        ("on August 26", False, "2021-08-26"),
        ("on August 31", False, "2020-08-31"),
        ("on August 31", True, "2021-08-31"),
        ("on August 30", True, "2021-08-30"),
        ("on August 30", False, "2021-08-30"),
        ("on 26 August", True, "2022-08-26"),
        ("August 26, 2021", False, "2021-08-26"),
        ("26 August 2021", False, "2021-08-26"),
        ("on the 26th of August", False, None),
        ("on 26th of August", False, "2021-08-26"),
        ("Aug. 26th, 2021.", False, "2021-08-26"),
        ("on 29 February", False, "2020-02-29"),
        ("on 29 February", True, "2024-02-29"),
        ("29 February 2020", False, "2020-02-29"),
    ],
)
def test_resolve_phrase(phrase, future, expected):
    if expected is None:
        with pytest.raises(DatePhraseError, match="cannot resolve date phrase"):
            resolve_phrase(phrase, PUBLISHED, future=future)
        return
    date = resolve_phrase(phrase, PUBLISHED, future=future)
    assert date.text == expected
    assert date == parse_edtf(expected)


def test_earlier_this_month_needs_an_earlier_day():
    assert resolve_phrase("earlier this month", D(2021, 8, 2)).text == "2021-08-01"
    with pytest.raises(DatePhraseError, match="nothing of the month is earlier than"):
        resolve_phrase("earlier this month", D(2021, 8, 1))


def test_weeks_and_months_across_year_boundaries():
    assert resolve_phrase("last week", D(2021, 1, 3)).text == "2020-12-21/2020-12-27"
    assert resolve_phrase("last month", D(2021, 1, 15)).text == "2020-12"
    assert resolve_phrase("next month", D(2021, 12, 15)).text == "2022-01"
    assert resolve_phrase("in December", D(2021, 1, 15)).text == "2020-12"


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("the other day", "cannot resolve date phrase 'the other day': use one of: a weekday"),
        ("this Thursday", "cannot resolve date phrase 'this Thursday': use one of:"),
        ("recently", "use one of:"),
        ("2021-08-26", "use one of:"),
        ("on 31 February", "cannot resolve date phrase 'on 31 February': February has no day 31"),
        ("on 31 April", "April has no day 31"),
        ("on 0 May", "May has no day 0"),
        ("29 February 2021", "'29 February 2021': February 2021 has no day 29"),
        ("in 0000", "falls outside the supported years 0001-9999"),
    ],
)
def test_resolve_phrase_errors(phrase, message):
    with pytest.raises(DatePhraseError) as info:
        resolve_phrase(phrase, PUBLISHED)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_phrase_lists_every_supported_phrase():
    with pytest.raises(DatePhraseError) as info:
        resolve_phrase("the other day", PUBLISHED)
    for example in SUPPORTED_PHRASES:
        assert f'"{example}"' in str(info.value)


@pytest.mark.parametrize("phrase", SUPPORTED_PHRASES)
def test_supported_phrases_resolve(phrase):
    for future in (False, True):  # on a Thursday: "earlier this week" has days before it
        assert is_edtf(resolve_phrase(phrase, D(2021, 8, 26), future=future).text)


def test_resolve_phrase_at_the_edges_of_the_calendar():
    with pytest.raises(DatePhraseError, match="falls outside the supported years 0001-9999"):
        resolve_phrase("yesterday", D(1, 1, 1))
    with pytest.raises(DatePhraseError, match="falls outside the supported years 0001-9999"):
        resolve_phrase("next week", D(9999, 12, 31))


def test_resolve_phrase_rejects_datetimes_and_non_strings():
    with pytest.raises(TypeError, match=r"published must be a datetime\.date \(not a datetime\)"):
        resolve_phrase("yesterday", datetime.datetime(2021, 8, 30, tzinfo=UTC))
    with pytest.raises(TypeError, match="published must be"):
        resolve_phrase("yesterday", "2021-08-30")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a date phrase must be a str"):
        resolve_phrase(None, PUBLISHED)  # type: ignore[arg-type]


WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    calendar_dates(D(2, 1, 1), D(9998, 12, 31)),
    st.sampled_from(WEEKDAY_NAMES),
    st.booleans(),
)
def test_bare_weekday_is_within_a_week(published, name, future):
    date = resolve_phrase(f"on {name}", published, future=future)
    assert date.precision is Precision.DAY
    assert date.earliest is not None
    assert date.earliest.weekday() == WEEKDAY_NAMES.index(name)
    offset = (date.earliest - published).days
    assert (0 <= offset <= 6) if future else (-6 <= offset <= 0)


@given(calendar_dates(D(2, 1, 1), D(9998, 12, 31)), st.sampled_from(WEEKDAY_NAMES))
def test_last_and_next_weekday_are_strictly_before_and_after(published, name):
    last = resolve_phrase(f"last {name}", published).earliest
    following = resolve_phrase(f"next {name}", published).earliest
    assert last is not None
    assert following is not None
    assert 1 <= (published - last).days <= 7
    assert 1 <= (following - published).days <= 7
    assert last.weekday() == following.weekday() == WEEKDAY_NAMES.index(name)


@given(calendar_dates(D(2, 1, 1), D(9998, 12, 31)), st.booleans())
def test_weeks_are_monday_to_sunday(published, future):
    last = resolve_phrase("last week", published, future=future)
    this = resolve_phrase("this week", published, future=future)
    assert last.earliest is not None
    assert last.latest is not None
    assert this.earliest is not None
    assert last.earliest.weekday() == 0
    assert last.day_span() == 7
    assert last.latest + datetime.timedelta(days=1) == this.earliest
    assert this.latest == (this.earliest + datetime.timedelta(days=6) if future else published)


# --------------------------------------------------------------------------------------------
# The module's surface
# --------------------------------------------------------------------------------------------


def test_public_names():
    # Sorted as ruff (RUF022) sorts: constants, then classes, then functions.
    assert dates_module.__all__ == [
        "MONTH_NAMES",
        "SUPPORTED_PHRASES",
        "EdtfDate",
        "Overlap",
        "Precision",
        "describe_date",
        "is_edtf",
        "parse_edtf",
        "resolve_phrase",
        "span_precision",
        "stated_dates",
    ]
    assert {member.value for member in Overlap} == {"certain", "possible"}


@given(
    st.one_of(
        edtf_strings(),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(/[0-9]{4}-[0-9]{2}-[0-9]{2})?", fullmatch=True),
        st.from_regex(
            r"([0-9]{4}-[0-9]{2}-[0-9]{2}|\.\.)?/([0-9]{4}-[0-9]{2}-[0-9]{2}|\.\.)?", fullmatch=True
        ),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[?~%]?", fullmatch=True),
    )
)
def test_the_shortcut_for_plain_days_agrees_with_the_general_parser(text):
    plain = dates_module._parse_plain(text)
    try:
        general = dates_module._parse_general(text)
    except EdtfError:
        assert plain is None
        return
    assert plain is None or plain == general


@pytest.mark.parametrize(
    "text",
    [
        "2021-08-30",
        "2021-08-15/2021-08-30",
        "2020-02-29/2020-02-29",
        "2021-08-30~",
        "2021-08-30?",
        "2021-08-30%",
        "../2021-08-30",
        "/2021-08-30",
        "2021-08-26/..",
        "2021-08-26/",
    ],
)
def test_plain_days_and_intervals_take_the_shortcut(text):
    plain = dates_module._parse_plain(text)
    assert plain is not None
    assert plain == dates_module._parse_general(text)


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-30",
        "2021-08-30/2021-08-15",
        "0000-01-01",
        "2021-08",
        "2021-02-30~",
        "../..",
        "/",
        "2021-02-30/..",
        "2021-08-26~/..",
        "2021-08-26T10:00:00",
    ],
)
def test_other_dates_go_to_the_general_parser(text):
    assert dates_module._parse_plain(text) is None
