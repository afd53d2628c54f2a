"""Dates of events: a subset of EDTF, their bounds, their order, and relative phrases of news text.

Every date in a dataset is an EDTF string (the Library of Congress *Extended Date/Time Format*).
This module supports EDTF level 0 and the level-1 parts that news timelines need:

* calendar dates at reduced precision: ``2021-08-26``, ``2020-02``, ``2021``;
* date-times with seconds: ``2021-08-26T17:50:00``, with ``Z`` or an offset ``+04:30``;
* intervals ``A/B`` of any two of those, with open (``..``) or unknown (empty) ends;
* the qualifiers ``?`` (uncertain), ``~`` (approximate) and ``%`` (both) at the end of a date.

:func:`parse_edtf` turns a string into an :class:`EdtfDate`, which knows the earliest and latest
possible day, a total order (:attr:`EdtfDate.sort_key`) and range overlap
(:meth:`EdtfDate.overlaps`). :func:`resolve_phrase` resolves the relative expressions of news text
("on Thursday", "last week") against the publication date. Parsing is exact: every string is
matched by a regular expression and checked against the calendar; nothing is guessed.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import re
from typing import TYPE_CHECKING, NamedTuple

import attrs
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta, weekday

from timeline.errors import DatePhraseError, EdtfError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
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

#: The English names of the months, January first.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Precision(enum.Enum):
    """How precisely a date is known, coarse to fine.

    A single value has the precision of its notation: ``2021`` is ``YEAR``, ``2021-08``
    ``MONTH``, ``2021-08-26`` ``DAY`` and a date-time ``TIME``. An interval has the precision
    of its width, the tightest unit that covers its days (see :func:`span_precision`): one day
    is ``DAY`` (``TIME`` when both ends are date-times), up to 7 days ``WEEK``, up to 31
    ``MONTH``, up to 366 ``YEAR``, wider ``YEARS``; an open or unknown end makes it ``OPEN``.
    """

    OPEN = "open"
    """An interval with an open (``..``) or unknown (empty) end: no width at all."""
    YEARS = "years"
    """An interval wider than a year (more than 366 days)."""
    YEAR = "year"
    """A year, or an interval of 32 to 366 days."""
    MONTH = "month"
    """A month, or an interval of 8 to 31 days."""
    WEEK = "week"
    """An interval of 2 to 7 days (a week is no notation of EDTF: only an interval has it)."""
    DAY = "day"
    """A day, or an interval of one day."""
    TIME = "time"
    """A date-time (to the second), or an interval of two date-times on one day."""

    @property
    def rank(self) -> int:
        """0 for ``OPEN`` up to 6 for ``TIME``, in the order of the members: coarser is
        smaller."""
        return _PRECISION_RANK[self._value_]  # (by value: a string hashes in C, a member not)

    def is_coarser_than(self, other: Precision) -> bool:
        """Whether this precision is strictly coarser than ``other`` (``YEAR`` before ``DAY``)."""
        return self.rank < other.rank


_PRECISION_RANK = {precision.value: rank for rank, precision in enumerate(Precision)}

#: The widest interval, in days, of each precision below ``OPEN`` and ``YEARS``: the longest
#: week, month and year, so that an interval spelling out a whole month or year has the
#: precision of the month or year itself.
_WIDEST = ((1, Precision.DAY), (7, Precision.WEEK), (31, Precision.MONTH), (366, Precision.YEAR))


def span_precision(earliest: datetime.date | None, latest: datetime.date | None) -> Precision:
    """The precision of the days ``earliest`` to ``latest`` (both inclusive) by their width:
    the tightest unit that covers them; ``OPEN`` when either is ``None``.

    >>> day = datetime.date(2021, 8, 26)
    >>> span_precision(day, day), span_precision(day, datetime.date(2021, 8, 30))
    (<Precision.DAY: 'day'>, <Precision.WEEK: 'week'>)
    >>> span_precision(None, day)
    <Precision.OPEN: 'open'>
    """
    if earliest is None or latest is None:
        return Precision.OPEN
    days = (latest - earliest).days + 1
    if days < 1:
        raise ValueError(f"latest {latest} is before earliest {earliest}")
    for widest, precision in _WIDEST:
        if days <= widest:
            return precision
    return Precision.YEARS


class Overlap(enum.Enum):
    """How a date overlaps a range of days; "no overlap" is ``None``, not a member."""

    CERTAIN = "certain"
    """Every possible day of the date lies in the range."""
    POSSIBLE = "possible"
    """Some possible day of the date lies in the range, but not every one."""


_SortKey = tuple[int, int, int, int, int, int, str]


@attrs.frozen(order=False)
class EdtfDate:
    """A parsed EDTF date: its text, the range of days it may denote, its precision and flags.

    Build one with :func:`parse_edtf` (or :func:`resolve_phrase`); the constructor does not parse
    ``text`` and trusts the fields it is given.
    """

    text: str
    """The exact EDTF string that was parsed."""
    earliest: datetime.date | None
    """The earliest possible day; ``None`` when the start is open (``..``) or unknown (empty)."""
    latest: datetime.date | None
    """The latest possible day; ``None`` when the end is open (``..``) or unknown (empty)."""
    precision: Precision
    """How precisely the date is known: a single value's notation (``2021-08`` is a month), an
    interval's width (see :class:`Precision`; an open or unknown end is ``OPEN``)."""
    approximate: bool = False
    """``~`` or ``%`` on the date (on either end of an interval)."""
    uncertain: bool = False
    """``?`` or ``%`` on the date (on either end of an interval)."""
    is_interval: bool = False
    """Whether the text is an interval ``A/B``."""
    time: datetime.time | None = None
    """The time of day when the value (the start of an interval) is a date-time.

    It is timezone-aware when the text gives ``Z`` or an offset, naive otherwise."""

    def __attrs_post_init__(self) -> None:
        for bound in (self.earliest, self.latest):
            if isinstance(bound, datetime.datetime):
                raise TypeError(f"EdtfDate bounds must be datetime.date, not datetime: {bound!r}")
        if self.earliest is not None and self.latest is not None and self.latest < self.earliest:
            raise ValueError(
                f"EdtfDate {self.text!r}: latest {self.latest} is before earliest {self.earliest}"
            )

    def __str__(self) -> str:
        return self.text

    @property
    def sort_key(self) -> _SortKey:
        """The total order of dates alone (docs/dates.md): events are not sorted by it, but by
        their derived bounds (:func:`timeline.query.views.chronological_key`).

        Dates sort by earliest day (``None`` before every day), then by latest day (``None``
        after every day), then by time of day where known (an unknown time sorts before every
        known time; times compare as written, in seconds since local midnight, ignoring any
        offset), and last by :attr:`text`, so that the order is total and deterministic.
        """
        earliest = self.earliest
        latest = self.latest
        time = self.time
        return (
            0 if earliest is None else 1,
            0 if earliest is None else earliest.toordinal(),
            1 if latest is None else 0,
            0 if latest is None else latest.toordinal(),
            0 if time is None else 1,
            0 if time is None else time.hour * 3600 + time.minute * 60 + time.second,
            self.text,
        )

    def overlaps(self, start: datetime.date | None, end: datetime.date | None) -> Overlap | None:
        """How this date overlaps the days ``start`` to ``end``, both inclusive.

        ``None`` for ``start`` or ``end`` leaves that side of the range unbounded. The result is
        :attr:`Overlap.CERTAIN` when every possible day of the date lies in the range (an open
        or unknown end of the date counts as unbounded, so it is certain only when the range is
        unbounded on that side), :attr:`Overlap.POSSIBLE` when some but not all do, and ``None``
        when none does.
        """
        for name, bound in (("start", start), ("end", end)):
            if bound is not None and (
                isinstance(bound, datetime.datetime) or not isinstance(bound, datetime.date)
            ):
                raise TypeError(f"{name} must be a datetime.date or None, not {bound!r}")
        if start is not None and end is not None and start > end:
            raise ValueError(f"range start {start} is after range end {end}")
        earliest = self.earliest
        latest = self.latest
        if start is not None and latest is not None and latest < start:
            return None
        if end is not None and earliest is not None and earliest > end:
            return None
        starts_inside = start is None or (earliest is not None and earliest >= start)
        ends_inside = end is None or (latest is not None and latest <= end)
        return Overlap.CERTAIN if starts_inside and ends_inside else Overlap.POSSIBLE

    def day_span(self) -> int | None:
        """The number of possible days (1 for a day or a date-time), ``None`` if open-ended."""
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

_QUALIFIERS = "?~%"

_VALUE_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?P<tz>Z|[+-][0-9]{2}:[0-9]{2})?"
    r")?)?)?"
)
_LOOSE_DATE_RE = re.compile(r"(?P<year>[0-9]+)(?:-(?P<month>[0-9]+)(?:-(?P<day>[0-9]+))?)?")
_UNSPECIFIED_RE = re.compile(r"[0-9X]{4}(?:-[0-9X]{2}){0,2}")
_TIME_RE = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_NO_SECONDS_RE = re.compile(r"[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?")
_FRACTION_RE = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]+.*")
_BAD_OFFSET_RE = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[+-].*")

_FORMS = (
    "not a supported EDTF date: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss "
    "(optionally with Z or ±hh:mm), optionally followed by ?, ~ or %, "
    "or an interval A/B of two of those"
)


class _Point(NamedTuple):
    """One parsed value: a date at some precision, or a date-time."""

    earliest: datetime.date
    latest: datetime.date
    precision: Precision
    time: datetime.time | None
    approximate: bool
    uncertain: bool


class _Reject(Exception):
    """Why one value is not valid; the caller adds the quoted input."""


def _month_label(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year:04d}"


def _check_month(month: int) -> None:
    if 21 <= month <= 41:
        raise _Reject(f"month {month:02d} is a season (21-41), which is not supported")
    if not 1 <= month <= 12:
        raise _Reject(f"month {month:02d} is out of range (01-12)")


def _check_day(year: int, month: int, day: int) -> None:
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _Reject(
            f"day {day:02d} is out of range ({_month_label(year, month)} has {days} days)"
        )


def _parse_tz(tz: str) -> datetime.timezone:
    if tz == "Z":
        return datetime.UTC
    hours = int(tz[1:3])
    minutes = int(tz[4:6])
    if hours > 14:
        raise _Reject(f"time zone offset hour {hours:02d} is out of range (00-14)")
    if minutes > 59:
        raise _Reject(f"time zone offset minute {minutes:02d} is out of range (00-59)")
    delta = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-delta if tz[0] == "-" else delta)


def _diagnose(core: str) -> str:
    """Explain why ``core`` (a value without its qualifier) does not match the grammar."""
    if core.startswith("Y"):
        return "years with a 'Y' prefix are not supported; a year has exactly 4 digits"
    if _UNSPECIFIED_RE.fullmatch(core):
        return "unspecified digits ('X') are not supported"
    if core.startswith("-"):
        return "negative years are not supported; a year has exactly 4 digits (0001-9999)"
    date_part, sep, time_part = core.partition("T")
    if not sep and " " not in core and ("t" in core or ":" in core):
        return "a date-time needs an upper-case 'T' between the date and the time"
    loose = _LOOSE_DATE_RE.fullmatch(date_part)
    if loose is None:
        return _FORMS
    if len(loose["year"]) != 4:
        return f"year {loose['year']} must have exactly 4 digits"
    if loose["month"] is not None and len(loose["month"]) != 2:
        return f"month {loose['month']} must have exactly 2 digits"
    if loose["day"] is not None and len(loose["day"]) != 2:
        return f"day {loose['day']} must have exactly 2 digits"
    if not sep:
        return _FORMS
    if loose["day"] is None:
        return "a date-time needs a complete date YYYY-MM-DD before the 'T'"
    if _NO_SECONDS_RE.fullmatch(time_part):
        return "a date-time needs seconds (hh:mm:ss), as EDTF requires"
    if _FRACTION_RE.fullmatch(time_part):
        return "fractional seconds are not supported"
    if _BAD_OFFSET_RE.fullmatch(time_part) or time_part.endswith("z"):
        return "a time zone must be Z or an offset ±hh:mm"
    if _TIME_RE.fullmatch(time_part) is None:
        return "a time must be hh:mm:ss, optionally followed by Z or ±hh:mm"
    return _FORMS  # pragma: no cover - every other string matches the grammar


def _parse_point(value: str) -> _Point:
    """Parse one value (not an interval); raise :class:`_Reject` with the reason."""
    core = value
    qualifier = ""
    if core and core[-1] in _QUALIFIERS:
        qualifier = core[-1]
        core = core[:-1]
        if core and core[-1] in _QUALIFIERS:
            raise _Reject("a date takes one qualifier; use '%' for uncertain and approximate")
    if any(q in core for q in _QUALIFIERS):
        raise _Reject("qualifiers ?, ~ and % are supported only at the end of a date")
    if not core:
        raise _Reject(_FORMS)
    match = _VALUE_RE.fullmatch(core)
    if match is None:
        raise _Reject(_diagnose(core))
    year = int(match["year"])
    if year == 0:
        raise _Reject("year 0000 is not supported (the earliest supported year is 0001)")
    time: datetime.time | None = None
    if match["month"] is None:
        precision = Precision.YEAR
        earliest = datetime.date(year, 1, 1)
        latest = datetime.date(year, 12, 31)
    else:
        month = int(match["month"])
        _check_month(month)
        if match["day"] is None:
            precision = Precision.MONTH
            earliest = datetime.date(year, month, 1)
            latest = datetime.date(year, month, calendar.monthrange(year, month)[1])
        else:
            day = int(match["day"])
            _check_day(year, month, day)
            earliest = latest = datetime.date(year, month, day)
            precision = Precision.DAY
            if match["hour"] is not None:
                precision = Precision.TIME
                time = _parse_time(match)
    if qualifier and time is not None:
        raise _Reject("qualifiers ?, ~ and % are not allowed on a date-time, only on a date")
    return _Point(
        earliest=earliest,
        latest=latest,
        precision=precision,
        time=time,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def _parse_time(match: re.Match[str]) -> datetime.time:
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if hour > 23:
        raise _Reject(f"hour {hour:02d} is out of range (00-23)")
    if minute > 59:
        raise _Reject(f"minute {minute:02d} is out of range (00-59)")
    if second > 59:
        raise _Reject(
            f"second {second:02d} is out of range (00-59; leap seconds are not supported)"
        )
    tz = match["tz"]
    return datetime.time(hour, minute, second, tzinfo=None if tz is None else _parse_tz(tz))


def _ends_before_start(start: _Point, end: _Point) -> bool:
    if end.latest < start.earliest:
        return True
    if end.latest > start.earliest or start.time is None or end.time is None:
        return False
    # Two date-times on the same day (as written).
    if start.time.tzinfo is not None and end.time.tzinfo is not None:
        return datetime.datetime.combine(end.latest, end.time) < datetime.datetime.combine(
            start.earliest, start.time
        )
    return end.time.replace(tzinfo=None) < start.time.replace(tzinfo=None)


def _point_date(text: str, point: _Point) -> EdtfDate:
    return EdtfDate(
        text=text,
        earliest=point.earliest,
        latest=point.latest,
        precision=point.precision,
        approximate=point.approximate,
        uncertain=point.uncertain,
        is_interval=False,
        time=point.time,
    )


_PLAIN_DAY = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
#: A plain day with at most a qualifier, or an interval of plain days, either end of which may
#: be open (``..``) or unknown (empty): most dates of a dataset.
_PLAIN_DAYS = re.compile(rf"{_PLAIN_DAY}([?~%])?|(?:{_PLAIN_DAY}|\.\.)?/(?:{_PLAIN_DAY}|\.\.)?")
_WHITESPACE = re.compile(r"\s")


@functools.lru_cache(maxsize=1 << 16)  # a dataset of a million events has tens of thousands
def _parse_cached(text: str) -> EdtfDate:
    return _parse_plain(text) or _parse_general(text)


def _plain_day(year: str | None, month: str, day: str) -> datetime.date | None:
    """The day, or None when there is none (year 0000 and days not in the calendar are
    left to the general parser, which says why)."""
    if year is None or year == "0000":
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _parse_plain(text: str) -> EdtfDate | None:
    """Most dates of a dataset are plain days, qualified or not, or intervals of plain days
    with perhaps an open or unknown end: take them without the general parser, which still
    explains every date that is not one of them or not in the calendar (None)."""
    plain = _PLAIN_DAYS.fullmatch(text)
    if plain is None:
        return None
    if plain[1] is not None:  # one day
        day = _plain_day(plain[1], plain[2], plain[3])
        if day is None:
            return None
        qualifier = plain[4]
        if qualifier is None:
            return EdtfDate(text=text, earliest=day, latest=day, precision=Precision.DAY)
        return EdtfDate(
            text=text,
            earliest=day,
            latest=day,
            precision=Precision.DAY,
            approximate=qualifier in "~%",
            uncertain=qualifier in "?%",
        )
    start, end = plain.group(5, 6, 7), plain.group(8, 9, 10)
    earliest = _plain_day(*start) if start[0] is not None else None
    latest = _plain_day(*end) if end[0] is not None else None
    if (start[0] is not None and earliest is None) or (end[0] is not None and latest is None):
        return None  # a day not in the calendar
    if earliest is None and latest is None:
        return None  # no day at all: the general parser says why
    if earliest is not None and latest is not None and latest < earliest:
        return None
    return EdtfDate(
        text=text,
        earliest=earliest,
        latest=latest,
        precision=span_precision(earliest, latest),
        is_interval=True,
    )


def _parse_general(text: str) -> EdtfDate:
    quoted = repr(text)
    if not text:
        raise EdtfError(f"{quoted}: an empty string is not a date; {_FORMS}")
    if _WHITESPACE.search(text):
        raise EdtfError(f"{quoted}: EDTF dates contain no whitespace")
    if not text.isascii():
        raise EdtfError(f"{quoted}: EDTF dates contain only ASCII characters; {_FORMS}")
    parts = text.split("/")
    if len(parts) > 2:
        raise EdtfError(f"{quoted}: an interval has exactly one '/'")
    if len(parts) == 1:
        if text == "..":
            raise EdtfError(f"{quoted}: '..' (open end) is allowed only as an end of an interval")
        try:
            return _point_date(text, _parse_point(text))
        except _Reject as reject:
            raise EdtfError(f"{quoted}: {reject}") from None
    points: list[_Point | None] = []
    for label, side in (("start", parts[0]), ("end", parts[1])):
        if side in ("", ".."):
            points.append(None)
            continue
        try:
            points.append(_parse_point(side))
        except _Reject as reject:
            raise EdtfError(f"{quoted}: interval {label} {side!r}: {reject}") from None
    start, end = points
    if start is None and end is None:
        raise EdtfError(f"{quoted}: an interval needs a date on at least one end")
    if start is not None and end is not None and _ends_before_start(start, end):
        raise EdtfError(f"{quoted}: interval ends before it starts", code="date-reversed")
    given = [p for p in (start, end) if p is not None]
    earliest = None if start is None else start.earliest
    latest = None if end is None else end.latest
    precision = span_precision(earliest, latest)
    times = [p.time for p in (start, end) if p is not None and p.time is not None]
    if precision is Precision.DAY and len(times) == 2:  # two date-times on one day
        precision = Precision.TIME
    return EdtfDate(
        text=text,
        earliest=earliest,
        latest=latest,
        precision=precision,
        approximate=any(p.approximate for p in given),
        uncertain=any(p.uncertain for p in given),
        is_interval=True,
        time=None if start is None else start.time,
    )


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF string of the supported subset; raise :class:`EdtfError` if it is not one.

    >>> date = parse_edtf("2020-02~")
    >>> date.earliest, date.latest, date.precision, date.approximate
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29), <Precision.MONTH: 'month'>, True)
    """
    if not isinstance(text, str):
        raise TypeError(f"an EDTF date must be a str, not {type(text).__name__}")
    return _parse_cached(text)


def is_edtf(text: str) -> bool:
    """Whether :func:`parse_edtf` accepts ``text`` (``False`` for anything but a ``str``)."""
    if not isinstance(text, str):
        return False
    try:
        _parse_cached(text)
    except EdtfError:
        return False
    return True


def describe_date(date: EdtfDate) -> str:
    """A date as a person reads it, as precise as its source allows.

    >>> describe_date(parse_edtf("../2021-08-30"))
    'by 2021-08-30'
    >>> describe_date(parse_edtf("2021-08-30/.."))
    'from 2021-08-30'
    >>> describe_date(parse_edtf("2021-08-26/2021-08-30"))
    '2021-08-26 to 2021-08-30'
    >>> describe_date(parse_edtf("2020-02"))
    '2020-02'
    """
    text = date.text
    if "/" not in text:
        return text
    first, last = text.split("/")
    if first in ("", ".."):
        return f"by {last}"
    if last in ("", ".."):
        return f"from {first}"
    return f"{first} to {last}"


# --------------------------------------------------------------------------------------------
# Relative phrases
# --------------------------------------------------------------------------------------------

_WEEKDAYS: dict[str, weekday] = {
    name: day
    for names, day in (
        (("monday", "mon"), MO),
        (("tuesday", "tue", "tues"), TU),
        (("wednesday", "wed"), WE),
        (("thursday", "thu", "thur", "thurs"), TH),
        (("friday", "fri"), FR),
        (("saturday", "sat"), SA),
        (("sunday", "sun"), SU),
    )
    for name in names
}

_MONTHS: dict[str, int] = {
    name: number
    for number, full in enumerate(MONTH_NAMES, start=1)
    for name in (full.lower(), full[:3].lower())
} | {"sept": 9}

#: Small numbers in words ("two days ago"); numbers in digits are taken too ("3 days ago").
_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: The parts of a month a phrase may name ("early", "mid", "late", "at the end of"): the first
#: and the last day of the part, ``None`` for the month's last day.
_MONTH_PARTS: dict[str, tuple[int, int | None]] = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "mid": (11, 20),
    "late": (21, None),
    "end": (21, None),
}


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_WD = rf"(?P<weekday>{_alternatives(_WEEKDAYS)})\.?"
_MON = rf"(?P<month>{_alternatives(_MONTHS)})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_NUMBER = rf"(?P<number>{_alternatives(_NUMBER_WORDS)}|[0-9]{{1,3}})"
#: The month a part of a month belongs to: last, this or next month, or a month by its name.
_WHICH_MONTH = rf"(?:(?P<rel>last|this|next) month|{_MON}(?: {_YEAR})?)"

_ONE_DAY = datetime.timedelta(days=1)


class _PhraseProblem(Exception):
    """Why a phrase that matched a pattern cannot be resolved; the caller adds the phrase."""


def _day_text(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _days_text(first: datetime.date, last: datetime.date) -> str:
    """The EDTF of the days ``first`` to ``last``: one day is written as a day, not as an
    interval from it to itself ("earlier this week" published on a Tuesday is its Monday)."""
    if first == last:
        return _day_text(first)
    return f"{_day_text(first)}/{_day_text(last)}"


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _valid_day(year: int, month: int, day: int) -> datetime.date | None:
    if not 1 <= year <= 9999 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return datetime.date(year, month, day)


def _monday(day: datetime.date) -> datetime.date:
    """The Monday of the (Monday to Sunday) week of ``day``."""
    return day - day.weekday() * _ONE_DAY


def _relative_month(published: datetime.date, rel: str) -> tuple[int, int]:
    """The year and month of "last", "this" or "next" month."""
    first = published.replace(day=1) + relativedelta(months={"last": -1, "this": 0, "next": 1}[rel])
    return first.year, first.month


def _number(match: re.Match[str]) -> int:
    number = match["number"]
    count = _NUMBER_WORDS.get(number) or int(number)
    if count == 0:
        raise _PhraseProblem("a count of zero denotes no earlier day; say 'today'")
    return count


# One function per form of phrase: the EDTF text the matched phrase denotes, resolved against
# the publication day (looking forward when ``future``); :class:`_PhraseProblem` if it has none.


def _weekday(match: re.Match[str], published: datetime.date, future: bool) -> str:
    target = _WEEKDAYS[match["weekday"]]
    return _day_text(published + relativedelta(weekday=target(+1 if future else -1)))


def _last_or_next_weekday(match: re.Match[str], published: datetime.date, future: bool) -> str:
    target = _WEEKDAYS[match["weekday"]]
    if match["rel"] == "last":
        return _day_text(published - _ONE_DAY + relativedelta(weekday=target(-1)))
    return _day_text(published + _ONE_DAY + relativedelta(weekday=target(+1)))


def _named_day(match: re.Match[str], published: datetime.date, future: bool) -> str:
    shift = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }[match["word"]]
    return _day_text(published + shift * _ONE_DAY)


def _days_ago(match: re.Match[str], published: datetime.date, future: bool) -> str:
    return _day_text(published - _number(match) * _ONE_DAY)


def _weeks_ago(match: re.Match[str], published: datetime.date, future: bool) -> str:
    day = published - 7 * _number(match) * _ONE_DAY
    return _days_text(day - 3 * _ONE_DAY, day + 3 * _ONE_DAY)


def _week(match: re.Match[str], published: datetime.date, future: bool) -> str:
    step = {"last": -1, "this": 0, "next": 1}[match["rel"]]
    monday = _monday(published) + step * 7 * _ONE_DAY
    if step == 0 and not future:
        return _days_text(monday, published)
    return _days_text(monday, monday + 6 * _ONE_DAY)


def _earlier_this_week(match: re.Match[str], published: datetime.date, future: bool) -> str:
    monday = _monday(published)
    if published == monday:
        raise _PhraseProblem(
            f"nothing of the week is earlier than the publication date {published}, a Monday"
        )
    return _days_text(monday, published - _ONE_DAY)


def _last_weekend(match: re.Match[str], published: datetime.date, future: bool) -> str:
    monday = _monday(published)
    return _days_text(monday - 2 * _ONE_DAY, monday - _ONE_DAY)


def _over_the_weekend(match: re.Match[str], published: datetime.date, future: bool) -> str:
    if future:  # the first weekend not over by the publication day, from that day on
        sunday = published + (6 - published.weekday()) * _ONE_DAY
        return _days_text(max(sunday - _ONE_DAY, published), sunday)
    saturday = published - (published.weekday() - 5) % 7 * _ONE_DAY
    return _days_text(saturday, min(saturday + _ONE_DAY, published))


def _month(match: re.Match[str], published: datetime.date, future: bool) -> str:
    return _month_text(*_relative_month(published, match["rel"]))


def _earlier_this_month(match: re.Match[str], published: datetime.date, future: bool) -> str:
    if published.day == 1:
        raise _PhraseProblem(
            f"nothing of the month is earlier than the publication date {published}"
        )
    return _days_text(published.replace(day=1), published - _ONE_DAY)


def _month_part(match: re.Match[str], published: datetime.date, future: bool) -> str:
    first_day, last_day = _MONTH_PARTS[match["part"]]

    def part(year: int, month: int) -> tuple[datetime.date, datetime.date]:
        last = calendar.monthrange(year, month)[1] if last_day is None else last_day
        return datetime.date(year, month, first_day), datetime.date(year, month, last)

    if match["rel"] is not None:
        first, last = part(*_relative_month(published, match["rel"]))
    else:
        month = _MONTHS[match["month"]]
        year = published.year if match["year"] is None else int(match["year"])
        first, last = part(year, month)
        if match["year"] is None and not future and first > published:
            first, last = part(year - 1, month)  # the latest one begun by the publication
        elif match["year"] is None and future and last < published:
            first, last = part(year + 1, month)  # the first one not over by the publication
    return _days_text(first, last)


def _year(match: re.Match[str], published: datetime.date, future: bool) -> str:
    return f"{published.year + {'last': -1, 'this': 0, 'next': 1}[match['rel']]:04d}"


def _named_month(match: re.Match[str], published: datetime.date, future: bool) -> str:
    month = _MONTHS[match["month"]]
    if match["year"] is not None:
        return _month_text(int(match["year"]), month)
    if future:
        year = published.year if month >= published.month else published.year + 1
    else:
        year = published.year if month <= published.month else published.year - 1
    return _month_text(year, month)


def _named_year(match: re.Match[str], published: datetime.date, future: bool) -> str:
    return match["year"]


def _day_of_month(match: re.Match[str], published: datetime.date, future: bool) -> str:
    month = _MONTHS[match["month"]]
    day_number = int(match["day"])
    month_name = MONTH_NAMES[month - 1]
    if not 1 <= day_number <= calendar.monthrange(2000, month)[1]:
        raise _PhraseProblem(f"{month_name} has no day {day_number}")
    year_text = match["year"]
    if year_text is not None:
        date = _valid_day(int(year_text), month, day_number)
        if date is None:
            raise _PhraseProblem(f"{month_name} {year_text} has no day {day_number}")
        return _day_text(date)
    step = 1 if future else -1
    year = published.year
    for _ in range(9):  # February 29 recurs at least every 8 years
        date = _valid_day(year, month, day_number)
        if date is not None and (date >= published if future else date <= published):
            return _day_text(date)
        year += step
    raise _PhraseProblem(f"no {month_name} {day_number} near the publication date {published}")


class _PhraseForm(NamedTuple):
    """One form of phrase: how messages and docs name it, examples, its pattern (matched
    against the normalized phrase) and how it resolves."""

    kind: str
    examples: tuple[str, ...]
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], datetime.date, bool], str]


def _form(
    kind: str,
    examples: tuple[str, ...],
    pattern: str,
    resolve: Callable[[re.Match[str], datetime.date, bool], str],
) -> _PhraseForm:
    return _PhraseForm(kind, examples, re.compile(pattern), resolve)


#: Every form of phrase :func:`resolve_phrase` understands, tried in this order; the first
#: whose pattern matches the whole normalized phrase resolves it. A new form is one more row.
_PHRASE_FORMS: tuple[_PhraseForm, ...] = (
    _form("a weekday", ("on Thursday",), _WD, _weekday),
    _form('"last" or "next" and a weekday', ("last Monday",), rf"(?P<rel>last|next) {_WD}",
          _last_or_next_weekday),
    _form('"yesterday", "today" or "tomorrow"', ("yesterday",),
          r"(?P<word>yesterday|today|tomorrow)", _named_day),
    _form('"the day before yesterday" or "the day after tomorrow"',
          ("the day before yesterday",),
          r"(?P<word>the day before yesterday|the day after tomorrow)", _named_day),
    _form("a number of days ago, in words up to twelve or in digits",
          ("two days ago", "3 days ago"), rf"{_NUMBER} days? ago", _days_ago),
    _form("a number of weeks ago", ("a week ago",), rf"{_NUMBER} weeks? ago", _weeks_ago),
    _form('"last", "this" or "next" week', ("last week",), r"(?P<rel>last|this|next) week",
          _week),
    _form('"earlier this week"', ("earlier this week",), r"earlier this week",
          _earlier_this_week),
    _form('"last weekend"', ("last weekend",), r"last weekend", _last_weekend),
    _form('"over the weekend"', ("over the weekend",), r"over the weekend", _over_the_weekend),
    _form('"last", "this" or "next" month', ("this month",), r"(?P<rel>last|this|next) month",
          _month),
    _form('"earlier this month"', ("earlier this month",), r"earlier this month",
          _earlier_this_month),
    _form('"early", "mid" or "late" and a month', ("in mid-August", "late last month"),
          rf"(?P<part>early|mid|late)[- ]{_WHICH_MONTH}", _month_part),
    _form('"at the beginning of", "at the start of" or "at the end of" a month',
          ("at the end of August",),
          rf"at the (?P<part>beginning|start|end) of {_WHICH_MONTH}", _month_part),
    _form('"last", "this" or "next" year', ("last year",), r"(?P<rel>last|this|next) year",
          _year),
    _form("a month, with or without a year", ("in February 2020", "in February"),
          rf"{_MON}(?: {_YEAR})?", _named_month),
    _form("a year", ("in 2021",), _YEAR, _named_year),
    _form("a day and month, with or without a year", ("on 26 August", "26 August 2021"),
          rf"{_DAY} (?:of )?{_MON}(?:,? {_YEAR})?", _day_of_month),
    _form("a month and day, with or without a year", ("on August 26", "August 26, 2021"),
          rf"{_MON} {_DAY}(?:,? {_YEAR})?", _day_of_month),
)  # fmt: skip


def _quoted(example: str) -> str:
    return f'"{example}"'


SUPPORTED_PHRASES: tuple[str, ...] = tuple(
    example for form in _PHRASE_FORMS for example in form.examples
)
"""Examples of the phrases :func:`resolve_phrase` understands, at least one per form."""

_SUPPORTED_TEXT = ", ".join(
    f"{form.kind} ({', '.join(map(_quoted, form.examples))})" for form in _PHRASE_FORMS
)


def _normalize_phrase(phrase: str) -> str:
    text = " ".join(phrase.split()).lower()
    text = text.rstrip(".,").rstrip()
    return re.sub(r"^(?:on|in) ", "", text)


#: Each form of :data:`_PHRASE_FORMS` as it is looked for inside a longer text (a quote): any
#: case, standing as whole words.
_FORMS_IN_TEXT: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"(?<![\w-])(?:{form.pattern.pattern})(?![\w-])", re.IGNORECASE)
    for form in _PHRASE_FORMS
)
_FORMS_IN_LOWERED: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"(?<![\w-])(?:{form.pattern.pattern})(?![\w-])") for form in _PHRASE_FORMS
)
_ANY_FORM = "|".join(re.sub(r"\(\?P<\w+>", "(?:", form.pattern.pattern) for form in _PHRASE_FORMS)
#: All of them at once, to find where one may begin: in the lowercased text (the forms are
#: written in lower case; many times faster than ignoring case), or in any case for a text
#: that lowercasing makes longer or shorter.
_ANY_FORM_IN_LOWERED = re.compile(rf"(?<![\w-])(?:{_ANY_FORM})(?![\w-])")
_ANY_FORM_IN_TEXT = re.compile(rf"(?<![\w-])(?:{_ANY_FORM})(?![\w-])", re.IGNORECASE)
#: A word that every form but a bare year holds, at least one (tests/test_phrases.py checks
#: each form's examples): a text without one of these or four digits states no date, which
#: is found without looking for every form at every place.
_SAID_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS) | {
    "yesterday", "today", "tomorrow", "ago", "week", "weekend", "month", "year",
}  # fmt: skip
#: The words of a lowercased text (runs of ``a``-``z``) as long as the shortest of
#: :data:`_SAID_WORDS`, or longer: the shorter ones are not listed (fewer strings made).
_LOWER_WORDS = re.compile(rf"[a-z]{{{min(len(word) for word in _SAID_WORDS)},}}")
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def _may_state_a_date(text: str) -> bool:
    """Whether ``text`` holds a word that a date phrase holds (a month's or a weekday's name,
    "yesterday", "ago", "week"…) or four digits: False means :func:`stated_dates` finds
    nothing in it."""
    lowered = text.lower()
    return (
        not _SAID_WORDS.isdisjoint(_LOWER_WORDS.findall(lowered))
        or _FOUR_DIGITS.search(lowered) is not None
    )


#: How far a phrase begins before the first word of it that :data:`_SAID_WORDS` holds ("at
#: the beginning of last month"), and ends after the last ("August 26th.").
_BEFORE_SAID, _AFTER_SAID = 32, 8


def _where_said(lowered: str) -> tuple[int, int]:
    """Where in a lowercased text the phrases may stand: from a little before the first of
    its words of :data:`_SAID_WORDS` (or four digits) to a little after the last; every
    phrase holds one, so the search for them skips the rest (a match found is checked)."""
    places = [
        (match.start(), match.end())
        for match in _LOWER_WORDS.finditer(lowered)
        if match[0] in _SAID_WORDS
    ]
    places.extend((match.start(), match.end()) for match in _FOUR_DIGITS.finditer(lowered))
    if not places:
        return 0, 0
    first = min(start for start, _ in places)
    last = max(end for _, end in places)
    return max(0, first - _BEFORE_SAID), min(len(lowered), last + _AFTER_SAID)


#: The groups of a form that hold a name, capitalized in English text ("in May", not "may").
_NAMES = ("month", "weekday")


def _named_as_names(match: re.Match[str], text: str) -> bool:
    """Whether the names a match of ``text`` (or of its lowercased copy) holds are
    capitalized in ``text``."""
    return all(
        match.start(group) < 0 or text[match.start(group)].isupper()
        for group in _NAMES
        if group in match.re.groupindex
    )


@functools.lru_cache(maxsize=4096)
def _stated(phrase: str, published: datetime.date) -> EdtfDate | None:
    """A phrase found in a text, resolved (None for one that denotes no date); asked once per
    phrase and day (quotes repeat their phrases: "on Thursday", "last week")."""
    try:
        return resolve_phrase(phrase, published)
    except DatePhraseError:
        return None


def stated_dates(
    text: str, published: datetime.date, *, screened: bool = False
) -> tuple[tuple[str, EdtfDate], ...]:
    """The date phrases a text states (a quote: "signed in February 2020", "on Thursday"),
    each with what it denotes resolved against ``published`` by :func:`resolve_phrase`, in
    the order of the text.

    A phrase is any of the forms :func:`resolve_phrase` understands, standing as whole words,
    the longest one where several begin ("26 August 2021", not "August"); the name of a month
    or a weekday is capitalized, as English writes it (so "may" and "sat" are no dates). A
    phrase of a known form that denotes no date ("30 February") is left out.

    >>> [(phrase, date.text) for phrase, date in stated_dates(
    ...     "The deal was signed in February 2020; talks resumed on Thursday.",
    ...     datetime.date(2021, 8, 30),
    ... )]
    [('February 2020', '2020-02'), ('Thursday', '2021-08-26')]

    ``screened``: the caller has found a word that a phrase holds in the text (the first
    test made, which finds nothing when there is none; the answer is the same either way).
    """
    if not (screened or _may_state_a_date(text)):
        return ()
    text = " ".join(text.split())
    lowered = text.lower()
    if len(lowered) == len(text):
        searched, anywhere, forms = lowered, _ANY_FORM_IN_LOWERED, _FORMS_IN_LOWERED
        at, end_of_search = _where_said(lowered)
    else:  # the places of the lowercased text are not those of the text
        searched, anywhere, forms = text, _ANY_FORM_IN_TEXT, _FORMS_IN_TEXT
        at, end_of_search = 0, len(text)
    found: list[tuple[str, EdtfDate]] = []
    while (hit := anywhere.search(searched, at, end_of_search)) is not None:
        start = hit.start()
        end = -1
        for pattern in forms:
            match = pattern.match(searched, start)
            if match is not None and match.end() > end and _named_as_names(match, text):
                end = match.end()
        if end < 0:
            at = start + 1
            continue
        at = end
        phrase = text[start:end].rstrip(".")  # the dot of "Aug." or of the sentence
        date = _stated(phrase, published)
        if date is not None:
            found.append((phrase, date))
    return tuple(found)


def resolve_phrase(phrase: str, published: datetime.date, *, future: bool = False) -> EdtfDate:
    """Resolve a relative date phrase of news text against the publication date.

    A bare weekday ("on Thursday") is the most recent such day on or before ``published``, or
    the nearest on or after it when ``future`` is true; "last Monday" is strictly before and
    "next Friday" strictly after. A month or day without a year is the most recent one on or
    before ``published`` (the next one on or after it when ``future``). docs/dates.md gives the
    range of every form. The result's ``text`` is the EDTF string, checked by
    :func:`parse_edtf`. Unknown phrases raise :class:`DatePhraseError`, which lists the forms
    understood; nothing is guessed.

    >>> resolve_phrase("on Thursday", datetime.date(2021, 8, 30)).text
    '2021-08-26'
    """
    if isinstance(published, datetime.datetime) or not isinstance(published, datetime.date):
        raise TypeError(
            f"published must be a datetime.date (not a datetime), not {type(published).__name__}"
        )
    if not isinstance(phrase, str):
        raise TypeError(f"a date phrase must be a str, not {type(phrase).__name__}")
    normalized = _normalize_phrase(phrase)
    for form in _PHRASE_FORMS:
        match = form.pattern.fullmatch(normalized)
        if match is None:
            continue
        try:
            return parse_edtf(form.resolve(match, published, future))
        except _PhraseProblem as problem:
            raise DatePhraseError(f"cannot resolve date phrase {phrase!r}: {problem}") from None
        except (ValueError, OverflowError):
            # Date arithmetic past year 9999 or before year 1, or an EDTF year 0000.
            raise DatePhraseError(
                f"cannot resolve date phrase {phrase!r}: the date it denotes falls outside"
                " the supported years 0001-9999"
            ) from None
    raise DatePhraseError(f"cannot resolve date phrase {phrase!r}: use one of: {_SUPPORTED_TEXT}")
