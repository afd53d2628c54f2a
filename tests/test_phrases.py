"""The relative phrases of news text that name spans and counts of days ("two days ago", "over
the weekend", "in mid-August", "late last month"), resolved against publication days of every
weekday, month ends and leap years. Each test states what the range must be (its length, its
weekdays, where it lies against the publication day) rather than how it is computed."""

from __future__ import annotations

import calendar
import copy
import datetime
import hashlib
import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.strategies_dates import calendar_dates
from timeline.curation.build import build_seeds
from timeline.dates import (
    MONTH_NAMES,
    SUPPORTED_PHRASES,
    EdtfDate,
    Precision,
    resolve_phrase,
    stated_dates,
)
from timeline.errors import DatePhraseError
from timeline.reading._fast_check import check_fast
from timeline.reading.document import check_document

D = datetime.date
DAY = datetime.timedelta(days=1)
MONDAY, SATURDAY, SUNDAY = 0, 5, 6


def _publication_days() -> list[datetime.date]:
    """Two whole weeks (one across a month's end), the last day of every month of a leap
    year and of a common one, leap days, and the turns of years and of centuries."""
    days = [D(2021, 8, 23) + n * DAY for n in range(14)]
    for year in (2020, 2021):
        days += [D(year, month, calendar.monthrange(year, month)[1]) for month in range(1, 13)]
        days += [D(year, month, 1) for month in range(1, 13)]
    days += [D(2000, 2, 29), D(2024, 2, 29), D(1900, 2, 28), D(1900, 3, 1), D(2100, 3, 1)]
    days += [D(1999, 12, 31), D(2000, 1, 1), D(2000, 1, 3), D(2027, 1, 1), D(2027, 1, 4)]
    return sorted(set(days))


PUBLICATION_DAYS = _publication_days()
ANY_DAY = calendar_dates(D(2, 1, 1), D(9998, 12, 31))


def test_the_table_of_publication_days_has_every_weekday_month_end_and_leap_day():
    assert {day.weekday() for day in PUBLICATION_DAYS} == set(range(7))
    assert {day.month for day in PUBLICATION_DAYS if (day + DAY).day == 1} == set(range(1, 13))
    assert D(2020, 2, 29) in PUBLICATION_DAYS
    assert D(2000, 2, 29) in PUBLICATION_DAYS


def _bounds(date: EdtfDate) -> tuple[datetime.date, datetime.date]:
    assert date.earliest is not None
    assert date.latest is not None
    return date.earliest, date.latest


def _span(date: EdtfDate) -> int:
    first, last = _bounds(date)
    return (last - first).days + 1


def _month_end(year: int, month: int) -> datetime.date:
    return D(year, month, calendar.monthrange(year, month)[1])


def _previous_month(day: datetime.date) -> tuple[int, int]:
    before = day.replace(day=1) - DAY
    return before.year, before.month


# --------------------------------------------------------------------------------------------
# Counts of days and weeks
# --------------------------------------------------------------------------------------------

NUMBERS = [
    ("a", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("1", 1),
    ("2", 2),
    ("10", 10),
    ("45", 45),
]


@pytest.mark.parametrize(("words", "count"), NUMBERS)
def test_days_ago_is_the_day_that_many_days_before_publication(words, count):
    unit = "day" if count == 1 else "days"
    for published in PUBLICATION_DAYS:
        date = resolve_phrase(f"{words} {unit} ago", published)
        assert date.precision is Precision.DAY
        assert not date.is_interval
        first, last = _bounds(date)
        assert first == last
        assert (published - first).days == count
        assert (published.weekday() - first.weekday()) % 7 == count % 7
        assert resolve_phrase(f"{words} {unit} ago", published, future=True) == date


@pytest.mark.parametrize(("words", "count"), NUMBERS)
def test_weeks_ago_is_the_week_around_the_day_that_many_weeks_before(words, count):
    unit = "week" if count == 1 else "weeks"
    for published in PUBLICATION_DAYS:
        date = resolve_phrase(f"{words} {unit} ago", published)
        first, last = _bounds(date)
        assert _span(date) == 7
        middle = first + 3 * DAY
        assert middle.weekday() == published.weekday()
        assert (published - middle).days == 7 * count
        assert last < published


@given(ANY_DAY, st.integers(1, 99))
def test_counts_of_days_and_weeks_hold_on_any_day(published, count):
    (day,) = {resolve_phrase(f"{count} days ago", published).earliest}
    assert day == published - count * DAY
    week = resolve_phrase(f"{count} weeks ago", published)
    first, last = _bounds(week)
    assert (published - first).days == 7 * count + 3
    assert (published - last).days == 7 * count - 3


@pytest.mark.parametrize("phrase", ["0 days ago", "zero days ago", "0 weeks ago"])
def test_a_count_of_nothing_is_no_day(phrase):
    with pytest.raises(DatePhraseError) as info:
        resolve_phrase(phrase, D(2021, 8, 30))
    assert str(info.value).startswith(f"cannot resolve date phrase {phrase!r}")


@pytest.mark.parametrize(
    ("phrase", "shift"), [("the day before yesterday", -2), ("the day after tomorrow", 2)]
)
def test_the_day_before_yesterday_and_after_tomorrow(phrase, shift):
    for published in PUBLICATION_DAYS:
        for future in (False, True):
            date = resolve_phrase(phrase, published, future=future)
            first, last = _bounds(date)
            assert first == last
            assert (first - published).days == shift
            assert (first.weekday() - published.weekday()) % 7 == shift % 7


# --------------------------------------------------------------------------------------------
# Weeks and weekends
# --------------------------------------------------------------------------------------------


@given(ANY_DAY, st.booleans())
def test_earlier_this_week_runs_from_monday_to_the_day_before_publication(published, future):
    if published.weekday() == MONDAY:
        with pytest.raises(DatePhraseError, match="nothing of the week is earlier than"):
            resolve_phrase("earlier this week", published, future=future)
        return
    date = resolve_phrase("earlier this week", published, future=future)
    first, last = _bounds(date)
    assert first.weekday() == MONDAY
    assert last == published - DAY
    assert _span(date) == published.weekday()
    assert first.isocalendar()[:2] == published.isocalendar()[:2]  # the same week


def test_earlier_this_week_on_every_publication_day():
    for published in PUBLICATION_DAYS:
        if published.weekday() != MONDAY:
            first, last = _bounds(resolve_phrase("earlier this week", published))
            assert first <= last < published
            assert (published - first).days == published.weekday()


@given(ANY_DAY, st.booleans())
def test_last_weekend_is_the_weekend_before_the_week_of_publication(published, future):
    date = resolve_phrase("last weekend", published, future=future)
    first, last = _bounds(date)
    assert (first.weekday(), last.weekday(), _span(date)) == (SATURDAY, SUNDAY, 2)
    assert last < published
    # the Monday after it begins the publication's week
    assert (last + DAY).isocalendar()[:2] == published.isocalendar()[:2]


@given(ANY_DAY)
def test_over_the_weekend_is_the_latest_weekend_begun_by_publication(published):
    date = resolve_phrase("over the weekend", published)
    first, last = _bounds(date)
    assert first.weekday() == SATURDAY
    assert last <= published
    assert 0 <= (published - first).days < 7  # no later Saturday before publication
    assert _span(date) == (1 if published.weekday() == SATURDAY else 2)


@given(ANY_DAY)
def test_over_the_weekend_looking_forward_is_the_first_weekend_not_over(published):
    date = resolve_phrase("over the weekend", published, future=True)
    first, last = _bounds(date)
    assert last.weekday() == SUNDAY
    assert first >= published
    assert 0 <= (last - published).days < 7
    assert _span(date) == (1 if published.weekday() == SUNDAY else 2)


def test_weekends_on_every_publication_day():
    for published in PUBLICATION_DAYS:
        last_weekend = _bounds(resolve_phrase("last weekend", published))
        over = _bounds(resolve_phrase("over the weekend", published))
        if published.weekday() in (SATURDAY, SUNDAY):
            assert over[0] == last_weekend[0] + 7 * DAY  # the weekend being lived
        else:
            assert over == last_weekend  # the weekend just gone


# --------------------------------------------------------------------------------------------
# Days of months without a year
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "month", "day"),
    [
        ("on 31 August", 8, 31),
        ("on August 31", 8, 31),
        ("on 31st August", 8, 31),
        ("on 30 April", 4, 30),
        ("on 31 December", 12, 31),
        ("on 1 January", 1, 1),
        ("on 29 February", 2, 29),
        ("on February 28", 2, 28),
    ],
)
def test_a_day_without_a_year_is_the_latest_such_day_not_after_publication(phrase, month, day):
    for published in PUBLICATION_DAYS:
        date = resolve_phrase(phrase, published)
        found, last = _bounds(date)
        assert found == last
        assert (found.month, found.day) == (month, day)
        assert found <= published
        later = [
            D(year, month, day)
            for year in range(found.year + 1, published.year + 1)
            if day <= calendar.monthrange(year, month)[1]
        ]
        assert all(other > published for other in later)
        ahead = resolve_phrase(phrase, published, future=True).earliest
        assert ahead is not None
        assert ahead >= published
        assert (ahead.month, ahead.day) == (month, day)


# --------------------------------------------------------------------------------------------
# Parts of months
# --------------------------------------------------------------------------------------------

PARTS = [  # the words, the first day, the last day (None: the month's last)
    ("early", 1, 10),
    ("mid", 11, 20),
    ("late", 21, None),
]
EDGES = [("at the beginning of", 1, 10), ("at the start of", 1, 10), ("at the end of", 21, None)]


def _part_phrases(month_name: str) -> list[tuple[str, int, int | None]]:
    phrases = []
    for word, first, last in PARTS:
        phrases += [(f"{word} {month_name}", first, last), (f"in {word}-{month_name}", first, last)]
    phrases += [(f"{words} {month_name}", first, last) for words, first, last in EDGES]
    return phrases


@pytest.mark.parametrize("month", range(1, 13))
def test_a_part_of_a_named_month_is_its_latest_one_begun_by_publication(month):
    name = calendar.month_name[month]
    for phrase, first_day, last_day in _part_phrases(name):
        for published in PUBLICATION_DAYS:
            date = resolve_phrase(phrase, published)
            first, last = _bounds(date)
            assert (first.month, last.month, first.day) == (month, month, first_day)
            assert last == (
                _month_end(first.year, month) if last_day is None else last.replace(day=last_day)
            )
            assert first <= published
            assert first.replace(year=first.year + 1) > published  # none begun later
            ahead_first, ahead_last = _bounds(resolve_phrase(phrase, published, future=True))
            assert (ahead_first.month, ahead_first.day) == (month, first_day)
            assert ahead_last >= published
            year_before = ahead_first.year - 1
            before = (
                _month_end(year_before, month)
                if last_day is None
                else D(year_before, month, last_day)
            )
            assert before < published  # none that is not over comes earlier


def test_parts_of_months_have_their_lengths():
    published = D(2024, 12, 31)
    assert _span(resolve_phrase("in mid-August", published)) == 10
    assert _span(resolve_phrase("early August", published)) == 10
    assert _span(resolve_phrase("at the end of August", published)) == 11  # 21-31
    assert _span(resolve_phrase("late August", published)) == 11
    assert _span(resolve_phrase("late February", published)) == 9  # 21-29 of a leap year
    assert _span(resolve_phrase("late February", D(2023, 12, 31))) == 8
    assert _span(resolve_phrase("late April", published)) == 10


def test_a_part_of_a_month_with_its_year_is_that_one():
    for published in PUBLICATION_DAYS:
        for future in (False, True):
            assert resolve_phrase("in mid-August 2020", published, future=future).text == (
                "2020-08-11/2020-08-20"
            )
            assert resolve_phrase("at the end of Feb. 2020", published, future=future).text == (
                "2020-02-21/2020-02-29"
            )


@pytest.mark.parametrize(
    ("words", "first_day", "last_day"),
    [*PARTS, ("at the beginning of", 1, 10), ("at the end of", 21, None)],
)
def test_a_part_of_last_month(words, first_day, last_day):
    for published in PUBLICATION_DAYS:
        for future in (False, True):
            date = resolve_phrase(f"{words} last month", published, future=future)
            first, last = _bounds(date)
            year, month = _previous_month(published)
            assert first == D(year, month, first_day)
            assert last == (
                _month_end(year, month) if last_day is None else D(year, month, last_day)
            )
            assert last < published


def test_late_last_month_runs_from_the_21st_to_the_months_last_day():
    assert resolve_phrase("late last month", D(2021, 8, 30)).text == "2021-07-21/2021-07-31"
    assert resolve_phrase("late last month", D(2020, 3, 1)).text == "2020-02-21/2020-02-29"
    assert resolve_phrase("late last month", D(2021, 3, 31)).text == "2021-02-21/2021-02-28"
    assert resolve_phrase("late last month", D(2021, 1, 5)).text == "2020-12-21/2020-12-31"
    assert resolve_phrase("early next month", D(2021, 12, 5)).text == "2022-01-01/2022-01-10"
    assert resolve_phrase("mid this month", D(2021, 8, 5)).text == "2021-08-11/2021-08-20"


# --------------------------------------------------------------------------------------------
# Every new form, and what an unknown phrase is told
# --------------------------------------------------------------------------------------------

NEW_FORMS = [
    "a week ago",
    "two days ago",
    "3 days ago",
    "the day before yesterday",
    "earlier this week",
    "last weekend",
    "over the weekend",
    "at the end of August",
    "in mid-August",
    "late last month",
]


@given(ANY_DAY, st.sampled_from(NEW_FORMS), st.booleans())
def test_the_past_forms_never_start_after_publication(published, phrase, future):
    try:
        date = resolve_phrase(phrase, published, future=future)
    except DatePhraseError:
        assert phrase == "earlier this week"
        assert published.weekday() == MONDAY
        return
    first, _ = _bounds(date)
    looks_forward = future and phrase in (
        "over the weekend",
        "at the end of August",
        "in mid-August",
    )
    assert first <= published or looks_forward


def test_an_unknown_phrase_lists_the_new_forms():
    with pytest.raises(DatePhraseError) as info:
        resolve_phrase("a fortnight ago", D(2021, 8, 30))
    message = str(info.value)
    assert message.startswith("cannot resolve date phrase 'a fortnight ago': use one of: ")
    for phrase in NEW_FORMS:
        assert phrase in SUPPORTED_PHRASES
        assert f'"{phrase}"' in message
    for words in ("the day after tomorrow", "at the beginning of", "at the start of"):
        assert words in message


@pytest.mark.parametrize(
    "phrase",
    [
        "a few days ago",
        "days ago",
        "last weekday",
        "over weekend",
        "mid-Augustus",
        "later last month",
    ],
)
def test_near_misses_are_unknown(phrase):
    with pytest.raises(DatePhraseError, match="use one of: a weekday"):
        resolve_phrase(phrase, D(2021, 8, 30))


@pytest.mark.parametrize("example", SUPPORTED_PHRASES)
def test_stated_dates_finds_every_form_inside_a_sentence(example):
    """Every form the resolver understands is found in a quote, as the resolver reads it
    (the words of every form hold a word of the quick test that lets most quotes pass)."""
    published = D(2021, 9, 2)  # a Thursday: something of its week and month is earlier
    words = example.removeprefix("on ").removeprefix("in ")
    [(phrase, date)] = stated_dates(
        f"Officials said it happened {words}, as witnesses say.", published
    )
    assert phrase.lower() == words.lower()
    assert date == resolve_phrase(example, published)


def test_the_docs_list_every_form():
    page = (DATA.parent.parent / "docs" / "dates.md").read_text(encoding="utf-8")
    for example in SUPPORTED_PHRASES:
        assert f"`{example}`" in page, example


# --------------------------------------------------------------------------------------------
# Validation: a date finer than its phrase, on the exact and the fast path
# --------------------------------------------------------------------------------------------


def _dataset(tmp_path, published, phrase, date):
    """The minimal valid dataset with one event, dated ``date`` from ``phrase``."""
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["sources"][0]["published"] = published.isoformat()
    event = document["events"][0]
    document["events"] = [event]
    event["date"] = date
    event["date_text"] = phrase
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("phrase", NEW_FORMS)
def test_a_day_finer_than_a_new_phrase_is_warned_of_on_both_paths(tmp_path, phrase):
    """The phrase's own range is no warning; one day of a longer range is, placed by the exact
    rules, which the fast path (with its cache of phrases resolved) leaves the file to."""
    published = D(2021, 9, 1)  # a Wednesday
    resolved = resolve_phrase(phrase, published)
    first, _ = _bounds(resolved)
    dates = [(resolved.text, False)]
    if _span(resolved) > 1:
        dates.append((first.isoformat(), True))
    for date, warned in dates:
        path = _dataset(tmp_path, published, phrase, date)
        exact, _ = check_document(path.read_bytes(), base_dir=None)
        assert [p.code for p in exact] == (["date-finer-than-evidence"] if warned else [])
        if warned:
            assert exact[0].pointer == "/events/0/date"
            assert f"({resolved.text})" in exact[0].message
        fast = check_fast(path, base_dir=None, records=True)
        if warned:
            assert fast is not None  # the exact rules find the warning, the fast path places it
            assert fast[0] == exact
        else:
            assert fast is not None
            assert fast[0] == []


# Quotes that state a month and a year, or a day: the event's date against what they state.

_FILLERS = st.sampled_from(
    [
        ("", ""),
        ("The agreement was concluded ", "."),
        ("Talks that began ", " ended without a result"),
        ("The Taliban said the deal, signed ", ", would hold."),
    ]
)


def _quoted_dataset(folder, quote, date):
    """The minimal dataset with one event dated ``date``, whose one piece of evidence is
    ``quote``, the whole stored text (published 1 September 2021)."""
    folder.mkdir()
    (folder / "text.txt").write_text(quote, encoding="utf-8")
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    source = document["sources"][0]
    source.update(
        path="text.txt",
        published="2021-09-01",
        sha256=hashlib.sha256(quote.encode("utf-8")).hexdigest(),
    )
    event = document["events"][0]
    document["events"] = [event]
    event["date"] = date
    event["evidence"] = [{"source": source["id"], "quote": quote, "start": 0, "end": len(quote)}]
    path = folder / "dataset.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _both_paths(path):
    """The codes of the exact path, and the fast path's verdict (None: "ask the exact one"),
    which must be the exact path's problems when it gives one."""
    exact, _ = check_document(path.read_bytes(), base_dir=path.parent)
    fast = check_fast(path, base_dir=path.parent, records=True)
    assert fast is None or fast[0] == exact
    return [p.code for p in exact], fast


@settings(max_examples=40, deadline=None)
@given(
    day=calendar_dates(D(1900, 1, 1), D(2021, 8, 31)),
    filler=_FILLERS,
    written_in=st.booleans(),
    data=st.data(),
)
def test_a_day_whose_quote_states_only_its_month_is_warned_of(
    tmp_path_factory, day, filler, written_in, data
):
    """A quote that states the month and year ("in February 2020") does not give the day the
    event claims: warned of, on either path. A quote that
    states the day ("29 February 2020", "February 29, 2020") gives it: nothing is said on
    either path."""
    month = MONTH_NAMES[day.month - 1]
    folder = tmp_path_factory.mktemp("quoted")
    said = f"{'in ' if written_in else ''}{month} {day.year}"
    path = _quoted_dataset(folder / "month", f"{filler[0]}{said}{filler[1]}", day.isoformat())
    codes, fast = _both_paths(path)
    assert codes == ["date-finer-than-evidence"]
    assert fast is not None  # placed by the fast path, as the exact path places it
    # The month itself is what the quote states: no warning.
    path = _quoted_dataset(
        folder / "whole-month", f"{filler[0]}{said}{filler[1]}", day.isoformat()[:7]
    )
    codes, fast = _both_paths(path)
    assert (codes, fast is not None and fast[0] == []) == ([], True)
    phrase = data.draw(
        st.sampled_from(
            [
                f"on {day.day} {month} {day.year}",
                f"{month} {day.day}, {day.year}",
                f"in {month} {day.year}, on {day.day} {month}",
            ]
        )
    )
    path = _quoted_dataset(folder / "day", f"{filler[0]}{phrase}{filler[1]}", day.isoformat())
    codes, fast = _both_paths(path)
    assert (codes, fast is not None and fast[0] == []) == ([], True), phrase


@pytest.mark.parametrize("phrase", NEW_FORMS)
def test_the_build_resolves_each_new_phrase_and_keeps_it(tmp_path, phrase):
    """An annotation's date written as a new phrase is resolved against the document's
    publication day (Thursday 7 March 2024) and kept in date_text."""
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA / "annotations" / "date-phrase-unknown", seeds)
    annotation = seeds / "storm.toml"
    text = annotation.read_text(encoding="utf-8").replace("a fortnight ago", phrase)
    text = "\n".join(line for line in text.splitlines() if not line.startswith("relations"))
    annotation.write_text(text + "\n", encoding="utf-8")
    result = build_seeds(seeds, tmp_path / "out.json")
    assert [p for f in result.files for p in f.problems] == []
    assert result.dataset is not None
    (event,) = (e for e in result.dataset.events if e.title == "Fishermen protest")
    assert event.date == resolve_phrase(phrase, D(2024, 3, 7))
    assert event.date_text == phrase
    assert event.date_basis is not None
    assert event.date_basis.value == "resolved"


@pytest.mark.parametrize("phrase", ["earlier this week", "over the weekend", "this week"])
def test_a_phrase_of_one_day_is_written_as_that_day(phrase):
    # Published on a Tuesday ("earlier this week": its Monday) and on a Monday (this week so
    # far, and the weekend before: two days), a one-day range is never an interval X/X.
    for published in (D(2021, 8, 31), D(2021, 8, 30), D(2021, 9, 4)):
        try:
            date = resolve_phrase(phrase, published)
        except DatePhraseError:
            continue
        first, _, last = date.text.partition("/")
        assert first != last
