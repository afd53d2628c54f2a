"""The rule that reconciles an event's values from its reports (timeline.reconcile), tested
on drawn reports: the reconciled fatalities hold together and cover every figure a source
gave, whatever the order of the reports of one day."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import converter, fatalities_documents
from timeline.dates import parse_edtf
from timeline.errors import RecordError
from timeline.model import Evidence, Fatalities, Report, Status
from timeline.reconcile import counts_equal, reconcile_fatalities, reconcile_status

_DAYS = ["2021-08-27", "2021-08-30", "2021-09-07", "2021-09-15"]
_CITE = (Evidence(source="a", locator="p. 1"),)


@st.composite
def _reports(draw: st.DrawFn) -> list[Report]:
    """One to five reports of fatalities, each of a drawn day of report (or none)."""
    reports = []
    for _ in range(draw(st.integers(1, 5))):
        document = draw(fatalities_documents(["us", "af"]))
        try:
            fatalities = converter.structure(document, Fatalities)
        except RecordError:  # counts no record holds (a subset above its total)
            continue
        day = draw(st.none() | st.sampled_from(_DAYS))
        reports.append(
            Report(
                source="a",
                reported=None if day is None else parse_edtf(day),
                fatalities=fatalities,
                evidence=_CITE,
            )
        )
    return reports


@given(_reports(), st.randoms(use_true_random=False))
def test_the_reconciled_fatalities_hold_together_and_cover_every_report(reports, random):
    reconciled = reconcile_fatalities(reports, {})
    if not reports:
        assert reconciled is None
        return
    assert reconciled is not None
    for counts in (reconciled, *reconciled.subsets):
        low, best, high = counts.low, counts.best, counts.high
        assert low is not None
        if best is not None:
            assert low <= best
            assert high is None or best <= high
        if high is not None:
            assert low <= high
    if reconciled.high is not None:
        for report in reports:
            assert report.fatalities is not None
            assert report.fatalities.lower_bound <= reconciled.high
    # The best is never below the lower bound of a report made after the one it comes from.
    if reconciled.best is not None:
        dated = [r for r in reports if r.reported is not None and r.fatalities.best is not None]
        if dated:
            newest = max(r.reported.sort_key for r in dated)
            for report in reports:
                if report.reported is not None and report.reported.sort_key > newest:
                    assert report.fatalities.lower_bound <= reconciled.best
    # The order of the reports of one day does not matter: shuffle within each day.
    by_day: dict[object, list[Report]] = {}
    for report in reports:
        key = None if report.reported is None else report.reported.text
        by_day.setdefault(key, []).append(report)
    shuffled = []
    for day in by_day:
        group = list(by_day[day])
        random.shuffle(group)
        shuffled += group
    # (the same numbers; the subsets are listed in the order first named)
    assert counts_equal(reconcile_fatalities(shuffled, {}), reconciled)


def test_a_newer_lower_bound_raises_an_older_best_and_the_high():
    """A best of 183 on 7 September and "at least 185" on 15 September: 183 to 185, best 185
    (the newer report says at least 185; the high covers it)."""
    older = Report(
        source="a",
        reported=parse_edtf("2021-09-07"),
        fatalities=Fatalities(best=183),
        evidence=_CITE,
    )
    newer = Report(
        source="a",
        reported=parse_edtf("2021-09-15"),
        fatalities=Fatalities(low=185),
        evidence=_CITE,
    )
    for reports in ([older, newer], [newer, older]):
        total = reconcile_fatalities(reports, {})
        assert total is not None
        assert (total.low, total.best, total.high) == (183, 185, 185)
    # An older lower bound does not raise a newer best.
    older_at_least = Report(
        source="a",
        reported=parse_edtf("2021-09-01"),
        fatalities=Fatalities(low=185),
        evidence=_CITE,
    )
    total = reconcile_fatalities([older_at_least, older], {})
    assert total is not None
    assert (total.low, total.best, total.high) == (183, 183, 185)


def test_the_status_is_the_most_recent_reports():
    def report(day: str | None, status: Status | None) -> Report:
        return Report(
            source="a",
            reported=None if day is None else parse_edtf(day),
            status=status,
            date_text="as reported",
            evidence=_CITE,
        )

    planned = report("2021-08-30", Status.PLANNED)
    held = report("2021-09-07", Status.OCCURRED)
    silent = report("2021-09-10", None)
    undated = report(None, Status.EXPECTED)
    assert reconcile_status([held, planned, silent, undated], {}) is Status.OCCURRED
    assert reconcile_status([undated], {}) is Status.EXPECTED
    assert reconcile_status([silent], {}) is None
    # Of one day, the later in position.
    again = report("2021-09-07", Status.ONGOING)
    assert reconcile_status([held, again], {}) is Status.ONGOING
