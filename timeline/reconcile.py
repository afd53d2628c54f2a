"""The one rule that reconciles an event's values from what its sources reported.

Each :class:`~timeline.model.Report` gives what one source said of an event: fatalities, a
date, perpetrators. The event's own values must follow from them by this rule (validation
checks it; the views and exports show the reconciled value beside the history):

- **fatalities**, from the reports that give them: a report's lower bound is its ``low``, else
  its ``best``, else its ``high``; its upper bound is its ``high``, else its ``best`` (a report
  that gives only a ``low``, "at least 170", sets no upper bound). The reconciled ``low`` is
  the least lower bound; ``high`` the greatest upper bound, never below any report's lower
  bound (so the range covers every figure a source gave; none when no report sets an upper
  bound); ``best`` the ``best`` of the most recent report that gives one (by ``reported``; a
  report with no known date of report is older than any dated one; of several reports of
  that same day, the greatest ``best``), raised to the greatest lower bound of any report
  made later than it (a newer "at least 185" overrides an older best of 183) and never below
  ``low``; none when no report gives a ``best``.
  Subsets are reconciled the same way per (actor, description); the total's ``low`` is then
  raised to the sum of the lower bounds of the subsets that name an actor (the dead of
  different actors are different people: 170 Afghan civilians and 13 US service members are at
  least 183), and to the greatest lower bound of any subset, since the whole counts at least
  as many deaths as any of its parts.
- **date**, from the reports that give one: the intersection of their ranges of days (the
  latest earliest day, the earliest latest day). An empty intersection is a conflict between
  the report that made it empty and the earlier one that set the bound it crosses.
- **perpetrators**: every actor a report names as perpetrator.
- **status**, from the reports that give one: the status of the most recent (by
  ``reported``, then by position), as news of a planned event's happening comes in.

A report's date of report is its ``reported``, else the ``published`` of its source.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import attrs

from timeline.model import Fatalities, FatalityCounts, FatalitySubset

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from timeline.dates import EdtfDate
    from timeline.model import Report, Status

__all__ = [
    "DateConflict",
    "ReconciledDate",
    "counts_equal",
    "recency",
    "reconcile_date",
    "reconcile_fatalities",
    "reconcile_perpetrators",
    "reconcile_status",
    "reported_date",
]


@attrs.frozen
class ReconciledDate:
    """The days every report's date allows (``None``: unbounded on that side)."""

    earliest: datetime.date | None
    latest: datetime.date | None


@attrs.frozen
class DateConflict:
    """Two reports whose dates share no day: ``later`` (a position in the event's reports)
    made the intersection empty, crossing the bound that ``earlier`` set."""

    earlier: int
    later: int


def reported_date(report: Report, published: Mapping[str, EdtfDate | None]) -> EdtfDate | None:
    """When the report was made: its ``reported``, else its source's ``published``."""
    if report.reported is not None:
        return report.reported
    return published.get(report.source)


def _bounds(counts: FatalityCounts) -> tuple[int, int | None]:
    upper = counts.high if counts.high is not None else counts.best
    return counts.lower_bound, upper


def _merged(
    counts: Sequence[tuple[tuple[object, ...], FatalityCounts]],
) -> tuple[int, int | None, int | None]:
    """low, best and high of the counts, each given with its order of recency (the day of
    report first: reports of one day are of the same age, whatever their positions)."""
    bounds = [(order[:2], *_bounds(c)) for order, c in counts]
    low = min(lower for _, lower, _ in bounds)
    uppers = [upper for _, _, upper in bounds if upper is not None]
    high = None
    if uppers:
        high = max([*uppers, *(lower for _, lower, _ in bounds)])
    bests = [(order[:2], c.best) for order, c in counts if c.best is not None]
    best = None
    if bests:
        day = max(day for day, _ in bests)
        best = max(value for when, value in bests if when == day)
        later = [lower for when, lower, _ in bounds if when > day]
        best = max([best, low, *later])
    return low, best, high


def recency(date: EdtfDate | None, position: int) -> tuple[object, ...]:
    """The order of reports from oldest to newest: by date of report, then by position; a
    report with no known date of report is older than any dated one."""
    return (0, (), position) if date is None else (1, date.sort_key, position)


def reconcile_fatalities(
    reports: Sequence[Report], published: Mapping[str, EdtfDate | None]
) -> Fatalities | None:
    """The fatalities the reports give, reconciled (None when no report gives any).

    >>> from timeline.dates import parse_edtf
    >>> from timeline.model import Evidence, Report
    >>> cite = (Evidence(source="a", locator="p. 1"),)
    >>> first = Report(
    ...     source="a", reported=parse_edtf("2021-08-27"), fatalities=Fatalities(low=101),
    ...     evidence=cite)
    >>> later = Report(
    ...     source="a", reported=parse_edtf("2021-09-07"), fatalities=Fatalities(best=183),
    ...     evidence=cite)
    >>> reconcile_fatalities([first, later], {})
    Fatalities(low=101, best=183, high=183)

    "At least 170" sets no upper bound: with only such reports, none is invented.

    >>> at_least = Report(
    ...     source="a", reported=parse_edtf("2022-02-04"), fatalities=Fatalities(low=170),
    ...     evidence=cite)
    >>> reconcile_fatalities([first, at_least], {})
    Fatalities(low=101)

    A newer "at least 185" raises the older best of 183, and the high with it: the range
    covers every figure a source gave.

    >>> newer = Report(
    ...     source="a", reported=parse_edtf("2021-09-15"), fatalities=Fatalities(low=185),
    ...     evidence=cite)
    >>> reconcile_fatalities([later, newer], {})
    Fatalities(low=183, best=185, high=185)
    """
    given = [
        (recency(reported_date(r, published), at), r.fatalities)
        for at, r in enumerate(reports)
        if r.fatalities is not None
    ]
    if not given:
        return None
    low, best, high = _merged(given)
    groups: dict[tuple[str | None, str | None], list[tuple[tuple[object, ...], FatalityCounts]]]
    groups = {}
    for order, fatalities in given:
        for subset in fatalities.subsets:
            groups.setdefault((subset.actor, subset.description), []).append((order, subset))
    subsets = []
    by_actor: dict[str, int] = {}
    for (actor, description), counts in groups.items():
        s_low, s_best, s_high = _merged(counts)
        subsets.append(
            FatalitySubset(
                low=s_low, best=s_best, high=s_high, actor=actor, description=description
            )
        )
        low = max(low, s_low)
        if actor is not None:
            by_actor[actor] = max(by_actor.get(actor, 0), s_low)
    low = max(low, sum(by_actor.values()))
    if high is not None and high < low:
        high = low
    if best is not None and best < low:
        best = low
    return Fatalities(low=low, best=best, high=high, subsets=tuple(subsets))


def counts_equal(given: Fatalities | None, reconciled: Fatalities | None) -> bool:
    """Whether an event's fatalities have the reconciled numbers (low, best, high, and each
    subset's by actor and description; the wording is free)."""
    if given is None or reconciled is None:
        return given is reconciled

    def numbers(counts: Iterable[FatalitySubset]) -> dict[object, tuple[object, ...]]:
        return {(s.actor, s.description): (s.low, s.best, s.high) for s in counts}

    return (given.low, given.best, given.high) == (
        reconciled.low,
        reconciled.best,
        reconciled.high,
    ) and numbers(given.subsets) == numbers(reconciled.subsets)


def reconcile_date(reports: Sequence[Report]) -> ReconciledDate | DateConflict | None:
    """The intersection of the reports' dates, the conflict that empties it, or None when no
    report gives a date."""
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    set_earliest = set_latest = -1
    dated = False
    for at, report in enumerate(reports):
        if report.date is None:
            continue
        dated = True
        start, end = report.date.earliest, report.date.latest
        if end is not None and earliest is not None and end < earliest:
            return DateConflict(earlier=set_earliest, later=at)
        if start is not None and latest is not None and start > latest:
            return DateConflict(earlier=set_latest, later=at)
        if start is not None and (earliest is None or start > earliest):
            earliest, set_earliest = start, at
        if end is not None and (latest is None or end < latest):
            latest, set_latest = end, at
    return ReconciledDate(earliest, latest) if dated else None


def reconcile_status(
    reports: Sequence[Report], published: Mapping[str, EdtfDate | None]
) -> Status | None:
    """The status of the most recent report that gives one (by date of report, then by
    position), or None when no report gives a status.

    >>> from timeline.dates import parse_edtf
    >>> from timeline.model import Evidence, Report, Status
    >>> cite = (Evidence(source="a", locator="p. 1"),)
    >>> planned = Report(source="a", reported=parse_edtf("2021-08-30"), status=Status.PLANNED,
    ...     evidence=cite)
    >>> held = Report(source="a", reported=parse_edtf("2021-09-07"), status=Status.OCCURRED,
    ...     evidence=cite)
    >>> reconcile_status([held, planned], {}).value
    'occurred'
    """
    given = [
        (recency(reported_date(r, published), at), r.status)
        for at, r in enumerate(reports)
        if r.status is not None
    ]
    return max(given, key=lambda pair: pair[0])[1] if given else None


def reconcile_perpetrators(reports: Iterable[Report]) -> list[str]:
    """Every actor a report names as perpetrator, in the order first named."""
    return list(dict.fromkeys(p.actor for r in reports for p in r.perpetrators))
