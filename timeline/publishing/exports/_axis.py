"""The time axis of the HTML page: where a day stands along it, and the ticks it is labelled by.

News timelines cluster: a week with ten events after a year and a half with two. A linear axis
would crowd the week into a sliver, so the axis runs through the days the events are known by
(the ends of their derived bounds), and each stretch between two such days is drawn as wide as
one plus the binary logarithm of its length in days. The axis keeps the order of days (a later
day always stands further along) and shortens long stretches; a stretch longer than
:data:`BREAK_DAYS` is marked as shortened. An open end, which no date closes, runs to the
edge of the axis.

>>> import datetime
>>> axis = Axis.through([datetime.date(2021, 8, 26), datetime.date(2021, 8, 30)])
>>> axis.x(datetime.date(2021, 8, 26)), axis.x(datetime.date(2021, 8, 30))
(8.0, 92.0)
>>> axis.x(datetime.date(2021, 8, 28))
50.0
>>> axis.x(None, end=True)
100.0
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
from typing import TYPE_CHECKING

import attrs

from timeline.dates import MONTH_NAMES

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["BREAK_DAYS", "EDGE", "Axis", "Tick", "short_day"]

EDGE = 8.0
"""The room (in percent of the axis) left at each end for open ends to run into."""

BREAK_DAYS = 45
"""A stretch between two days of the axis longer than this is marked as shortened."""


def short_day(day: datetime.date) -> str:
    """``26 Aug 2021``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


@attrs.frozen
class Tick:
    """A labelled day of the axis: its place, its label, and whether a narrow screen shows it."""

    x: float
    day: datetime.date
    narrow: bool


@attrs.frozen
class Axis:
    """Days (as ordinals, ascending) and their places along the axis in percent."""

    days: tuple[int, ...]
    places: tuple[float, ...]

    @classmethod
    def through(cls, days: Iterable[datetime.date]) -> Axis:
        """The axis through these days (at least one)."""
        ordinals = sorted({day.toordinal() for day in days})
        if len(ordinals) <= 1:
            return cls(tuple(ordinals), (50.0,) * len(ordinals))
        widths = [1 + math.log2(b - a) for a, b in itertools.pairwise(ordinals)]
        total = sum(widths)
        places = [EDGE]
        for width in widths:
            places.append(places[-1] + width / total * (100 - 2 * EDGE))
        places[-1] = 100 - EDGE  # no rounding drift at the end
        return cls(tuple(ordinals), tuple(round(p, 3) for p in places))

    def x(self, day: datetime.date | None, *, end: bool = False) -> float:
        """Where a day stands, in percent; ``None`` (an open end) at the edge: the start's
        at 0, the end's (``end=True``) at 100."""
        if day is None:
            return 100.0 if end else 0.0
        ordinal = day.toordinal()
        i = bisect.bisect_left(self.days, ordinal)
        if i < len(self.days) and self.days[i] == ordinal:
            return self.places[i]
        if i == 0:
            return self.places[0]
        if i == len(self.days):
            return self.places[-1]
        a, b = self.days[i - 1], self.days[i]
        share = (ordinal - a) / (b - a)
        return round(self.places[i - 1] + share * (self.places[i] - self.places[i - 1]), 3)

    def breaks(self) -> list[tuple[float, int]]:
        """The shortened stretches: the middle of each (in percent) and its length in days."""
        return [
            ((self.places[i] + self.places[i + 1]) / 2, self.days[i + 1] - self.days[i])
            for i in range(len(self.days) - 1)
            if self.days[i + 1] - self.days[i] > BREAK_DAYS
        ]

    def ticks(self, *, wide: float = 6.0, narrow: float = 16.0) -> list[Tick]:
        """The days to label, each at least ``wide`` percent from the next one labelled; those
        at least ``narrow`` percent apart are labelled on a narrow screen too. The last day is
        always labelled: the days are taken from the end."""
        ticks: list[Tick] = []
        next_wide = next_narrow = math.inf
        for ordinal, place in reversed(list(zip(self.days, self.places, strict=True))):
            if next_wide - place < wide:
                continue
            next_wide = place
            shown_narrow = next_narrow - place >= narrow
            if shown_narrow:
                next_narrow = place
            ticks.append(Tick(place, datetime.date.fromordinal(ordinal), shown_narrow))
        return ticks[::-1]
