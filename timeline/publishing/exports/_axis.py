"""The time axis of the HTML page: where a day stands along it, and the ticks it is labelled by.

The axis is to scale: one width per day along all of it, so that equal stretches of time are
drawn equally wide and the bars of two events can be compared. Only a long gap in which no
event is known to begin or end is cut out (a reader of news does not need a year and a half of
nothing drawn to scale between an agreement and the week it ends in): a gap is long when it is
more than :func:`long_gap` days, a share of the span of the whole axis. A cut gap takes
:data:`CUT` percent of the axis, whatever its length, and the page marks it ``//``. The days
between two cuts form a stretch, drawn to the one scale. An open end, which no date closes,
runs to the edge of the axis.

>>> import datetime
>>> axis = Axis.through([datetime.date(2021, 8, 26), datetime.date(2021, 8, 30)])
>>> [axis.x(datetime.date(2021, 8, day)) for day in (26, 27, 28, 29, 30)]
[16.4, 33.2, 50.0, 66.8, 83.6]
>>> axis.x(None), axis.x(None, end=True)
(0.0, 100.0)

The seed's agreement of February 2020 stands eighteen months before everything else: that gap
is cut, and the days of August 2021 get the room.

>>> axis = Axis.through([datetime.date(2020, 2, 29), datetime.date(2021, 8, 14),
...                      datetime.date(2021, 8, 26), datetime.date(2021, 8, 30)])
>>> axis.long_days, [(c.days, c.x) for c in axis.cuts()]
(91, [(532, 14.444)])
>>> round(axis.x(datetime.date(2021, 8, 27)) - axis.x(datetime.date(2021, 8, 26)), 3)
4.444
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from timeline.dates import MONTH_NAMES

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["CUT", "EDGE", "Axis", "Cut", "Step", "Tick", "long_gap"]

EDGE = 8.0
"""The room (in percent of the axis) left at each end for open ends to run into."""

CUT = 4.0
"""The room (in percent of the axis) a cut gap takes, whatever its length."""

PAD = 0.5
"""Each stretch runs half a day beyond its first and last day, so that one day has a width."""

LONG_SHARE = 6
"""A gap is long when it is longer than the span of the axis divided by this..."""

LONG_LEAST = 30
"""...and longer than this many days: a month's gap is never cut."""


def long_gap(span: int) -> int:
    """The number of days without an event beyond which a gap is cut, for an axis that spans
    ``span`` days (from its first day to its last).

    >>> long_gap(548), long_gap(730), long_gap(60)
    (91, 121, 30)
    """
    return max(LONG_LEAST, span // LONG_SHARE)


def _month_starts(months: int) -> Callable[[datetime.date, datetime.date], Iterator[datetime.date]]:
    """The first days of every ``months``-th month of the year (January first), within the
    calendar (years 1 to 9999):

    >>> first, last = datetime.date(1, 1, 1), datetime.date(3, 12, 31)
    >>> [day.isoformat() for day in _month_starts(24)(first, last)]
    ['0002-01-01']
    >>> list(_month_starts(12)(datetime.date(9999, 6, 1), datetime.date(9999, 12, 31)))
    []
    """

    def days(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
        index = (first.year * 12 + first.month - 1) // months * months
        while index // 12 <= datetime.MAXYEAR:  # the calendar's last year ends the steps
            if index // 12 >= datetime.MINYEAR:  # a step aligned before year 1 is no day
                day = datetime.date(index // 12, index % 12 + 1, 1)
                if day > last:
                    return
                if day >= first:
                    yield day
            index += months

    return days


def _year_starts(years: int) -> Callable[[datetime.date, datetime.date], Iterator[datetime.date]]:
    return _month_starts(12 * years)


def _every(days: int) -> Callable[[datetime.date, datetime.date], Iterator[datetime.date]]:
    """Every ``days``-th day: 1 every day, 2 every other (counted from day one of the calendar),
    7 every Monday."""

    def each(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
        ordinal = first.toordinal()
        ordinal += -(ordinal - 1) % days  # ordinal 1 (1 January 1) is a Monday
        while ordinal <= last.toordinal():
            yield datetime.date.fromordinal(ordinal)
            ordinal += days

    return each


def _half_months(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """The 1st and the 16th of every month."""
    for day in _month_starts(1)(first.replace(day=1), last):
        for on in (day, day.replace(day=16)):
            if first <= on <= last:
                yield on


@attrs.frozen
class Step:
    """A calendar step of the ticks: the least number of days between two of its ticks, the
    days it falls on, and whether its labels name the day (``26 Aug``), the month (``Aug``)
    or only the year."""

    least: int
    days: Callable[[datetime.date, datetime.date], Iterator[datetime.date]]
    unit: str  # "day", "month" or "year"


#: The steps the ticks may take, finest first: days, weeks, half months, months, quarters,
#: half years, years and their multiples.
STEPS = (
    Step(1, _every(1), "day"),
    Step(2, _every(2), "day"),
    Step(7, _every(7), "day"),
    Step(13, _half_months, "day"),
    Step(28, _month_starts(1), "month"),
    Step(89, _month_starts(3), "month"),
    Step(181, _month_starts(6), "month"),
    *(Step(365 * n, _year_starts(n), "year") for n in (1, 2, 5, 10, 20, 50, 100, 200, 500)),
)


@attrs.frozen
class Tick:
    """A labelled day of the axis: its place, its day, how its label reads (``day``,
    ``month`` or ``year``), and on which screens it is shown."""

    x: float
    day: datetime.date
    unit: str
    wide: bool
    narrow: bool

    def label(self) -> tuple[str, str]:
        """The label's two lines: ``("26 Aug", "2021")``, ``("Aug", "2021")``,
        ``("2021", "")``."""
        month = MONTH_NAMES[self.day.month - 1][:3]
        if self.unit == "year":
            return str(self.day.year), ""
        if self.unit == "month":
            return month, str(self.day.year)
        return f"{self.day.day} {month}", str(self.day.year)


@attrs.frozen
class Cut:
    """A cut gap: the middle of its room (in percent) and how many days it leaves out."""

    x: float
    days: int


@attrs.frozen
class Stretch:
    """Days drawn to scale between two cuts: the first and last (ordinals) and where the
    stretch begins along the axis (half a day before its first day, in percent)."""

    first: int
    last: int
    start: float


@attrs.frozen
class Axis:
    """The stretches of the axis, drawn at one scale (percent per day), and the least length
    of a cut gap (``long_days``: gaps of more days are cut)."""

    stretches: tuple[Stretch, ...]
    scale: float
    long_days: int

    @classmethod
    def through(cls, days: Iterable[datetime.date]) -> Axis:
        """The axis through these days: every gap of more than :func:`long_gap` days between
        two of them cut."""
        ordinals = sorted({day.toordinal() for day in days})
        if not ordinals:
            return cls((), 0.0, LONG_LEAST)
        long_days = long_gap(ordinals[-1] - ordinals[0])
        runs = [[ordinals[0], ordinals[0]]]
        for ordinal in ordinals[1:]:
            if ordinal - runs[-1][1] > long_days:
                runs.append([ordinal, ordinal])
            else:
                runs[-1][1] = ordinal
        width = sum(last - first + 2 * PAD for first, last in runs)
        scale = (100 - 2 * EDGE - CUT * (len(runs) - 1)) / width
        stretches = []
        start = EDGE
        for first, last in runs:
            stretches.append(Stretch(first, last, start))
            start += (last - first + 2 * PAD) * scale + CUT
        return cls(tuple(stretches), scale, long_days)

    def _end(self, stretch: Stretch) -> float:
        return stretch.start + (stretch.last - stretch.first + 2 * PAD) * self.scale

    def x(self, day: datetime.date | None, *, end: bool = False) -> float:
        """Where a day stands, in percent (the middle of the day); ``None`` (an open end) at
        the edge: the start's at 0, the end's (``end=True``) at 100. A day in a cut gap
        stands in the gap's room, in the order of days."""
        if day is None:
            return 100.0 if end else 0.0
        if not self.stretches:
            return 50.0
        ordinal = day.toordinal()
        i = bisect.bisect_right([s.first for s in self.stretches], ordinal) - 1
        if i < 0:
            return round(self.stretches[0].start, 3)
        stretch = self.stretches[i]
        if ordinal <= stretch.last:
            return round(stretch.start + (ordinal - stretch.first + PAD) * self.scale, 3)
        if i + 1 == len(self.stretches):
            return round(self._end(stretch), 3)
        after = self.stretches[i + 1]
        share = (ordinal - stretch.last) / (after.first - stretch.last)
        return round(self._end(stretch) + share * (after.start - self._end(stretch)), 3)

    def cuts(self) -> list[Cut]:
        """The cut gaps, in order."""
        return [
            Cut(round((self._end(a) + b.start) / 2, 3), b.first - a.last)
            for a, b in zip(self.stretches, self.stretches[1:], strict=False)
        ]

    def ticks(self, *, wide: float = 7.5, narrow: float = 17.0) -> list[Tick]:
        """The days to label: at one calendar step for each screen, the finest whose ticks
        stand at least ``wide`` (on a wide screen) or ``narrow`` (on a narrow one) percent
        apart, in every stretch; a stretch that no tick falls in is labelled by its first day.
        No two labels of a screen stand closer than its distance (a stretch's first day
        first)."""
        shown: dict[tuple[datetime.date, str], Tick] = {}
        for screen, apart in (("wide", wide), ("narrow", narrow)):
            for tick in self._screen_ticks(apart):
                held = shown.get((tick.day, tick.unit), tick)
                if screen == "wide":
                    held = attrs.evolve(held, wide=True)
                else:
                    held = attrs.evolve(held, narrow=True)
                shown[(tick.day, tick.unit)] = held
        return sorted(shown.values(), key=lambda t: (t.x, t.unit))

    def _screen_ticks(self, apart: float) -> list[Tick]:
        if not self.stretches:
            return []
        step = next((s for s in STEPS if s.least * self.scale >= apart), STEPS[-1])
        first_days = []
        calendar = []
        for stretch in self.stretches:
            first = datetime.date.fromordinal(stretch.first)
            last = datetime.date.fromordinal(stretch.last)
            inside = [Tick(self.x(d), d, step.unit, False, False) for d in step.days(first, last)]
            if not inside:
                first_days.append(Tick(self.x(first), first, "day", False, False))
            calendar += inside
        kept: list[Tick] = []
        for tick in first_days + calendar:
            if all(abs(tick.x - other.x) >= apart for other in kept):
                kept.append(tick)
        return sorted(kept, key=lambda t: t.x)
