"""Hypothesis strategies for the EDTF dates of :mod:`timeline.dates`.

``edtf_strings()`` draws valid EDTF strings of every supported form: years, months, days and
date-times (naive, ``Z`` or an offset), the qualifiers ``?``, ``~`` and ``%`` on dates, and
ordered intervals with open (``..``) or unknown (empty) ends. Other tests import it as
``from tests.strategies_dates import edtf_strings``.

The strategies build the strings from calendar values on their own; they do not call the parser.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from hypothesis import strategies as st

__all__ = ["Point", "calendar_dates", "edtf_points", "edtf_strings"]

_MIN_DATE = datetime.date(1, 1, 1)
_MAX_DATE = datetime.date(9999, 12, 31)


class Point(NamedTuple):
    """A drawn single value: its text and the day range and time it denotes."""

    text: str
    earliest: datetime.date
    latest: datetime.date
    time: datetime.time | None


def calendar_dates(
    min_value: datetime.date = _MIN_DATE, max_value: datetime.date = _MAX_DATE
) -> st.SearchStrategy[datetime.date]:
    """Days between ``min_value`` and ``max_value``, shrinking towards 2000-01-01."""
    return st.dates(min_value=min_value, max_value=max_value)


def _last_day(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


_offsets = st.one_of(
    st.none(),
    st.just("Z"),
    st.builds(
        lambda sign, hours, minutes: f"{sign}{hours:02d}:{minutes:02d}",
        st.sampled_from("+-"),
        st.integers(0, 14),
        st.integers(0, 59),
    ),
)


def _offset_tz(offset: str | None) -> datetime.timezone | None:
    if offset is None:
        return None
    if offset == "Z":
        return datetime.UTC
    delta = datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    return datetime.timezone(-delta if offset[0] == "-" else delta)


@st.composite
def edtf_points(draw: st.DrawFn, *, qualifiers: bool = True, times: bool = True) -> Point:
    """One value (not an interval) at a drawn precision, with a qualifier sometimes."""
    day = draw(calendar_dates())
    kinds = ["year", "month", "day", "time"] if times else ["year", "month", "day"]
    kind = draw(st.sampled_from(kinds))
    time: datetime.time | None = None
    if kind == "year":
        text = f"{day.year:04d}"
        earliest, latest = datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    elif kind == "month":
        text = f"{day.year:04d}-{day.month:02d}"
        earliest, latest = day.replace(day=1), _last_day(day.year, day.month)
    else:
        text = day.isoformat()
        earliest = latest = day
    if kind == "time":
        clock = draw(st.times()).replace(microsecond=0)
        offset = draw(_offsets)
        time = clock.replace(tzinfo=_offset_tz(offset))
        text += f"T{clock:%H:%M:%S}{offset or ''}"
    elif qualifiers:
        text += draw(st.sampled_from(["", "", "?", "~", "%"]))
    return Point(text, earliest, latest, time)


def _comes_first(a: Point, b: Point) -> bool:
    """Whether ``a/b`` is a valid order (the parser's rule, restated for drawn values)."""
    if a.earliest != b.earliest:
        return a.earliest < b.earliest
    if a.time is None or b.time is None:
        return True
    if a.time.tzinfo is not None and b.time.tzinfo is not None:
        day = a.earliest
        return datetime.datetime.combine(day, a.time) <= datetime.datetime.combine(day, b.time)
    return a.time.replace(tzinfo=None) <= b.time.replace(tzinfo=None)


@st.composite
def _intervals(draw: st.DrawFn, *, qualifiers: bool, times: bool) -> str:
    points = edtf_points(qualifiers=qualifiers, times=times)
    shape = draw(st.sampled_from(["closed", "closed", "open_start", "open_end"]))
    if shape == "closed":
        a, b = draw(points), draw(points)
        if not _comes_first(a, b):
            a, b = b, a
        return f"{a.text}/{b.text}"
    missing = draw(st.sampled_from(["..", ""]))
    known = draw(points).text
    return f"{missing}/{known}" if shape == "open_start" else f"{known}/{missing}"


def edtf_strings(
    *, intervals: bool = True, qualifiers: bool = True, times: bool = True
) -> st.SearchStrategy[str]:
    """Valid EDTF strings of every supported form (switch off intervals, qualifiers, times)."""
    singles = edtf_points(qualifiers=qualifiers, times=times).map(lambda point: point.text)
    if not intervals:
        return singles
    return st.one_of(singles, _intervals(qualifiers=qualifiers, times=times))
