"""The cheap filter before the date-phrase scan of a quote (``rules.may_state_weeks``): a quote
it lets pass by states no date coarser than a day, so ``date-finer-than-evidence`` is found
the same with the filter as with the full scan of every quote."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import MONTH_NAMES, SUPPORTED_PHRASES, Precision, stated_dates
from timeline.reading import rules
from timeline.reading.rules import finer_date, finer_facts, may_state_weeks

#: Pieces of news text: every example phrase, capitalized and not, names of days and months,
#: numbers, words that are no dates, punctuation.
_PIECES = [
    *SUPPORTED_PHRASES,
    *(phrase[:1].upper() + phrase[1:] for phrase in SUPPORTED_PHRASES),
    *MONTH_NAMES,
    *(name[:3] for name in MONTH_NAMES),
    "Monday",
    "Tue",
    "thurs",
    "Sat",
    "weeks",
    "months",
    "years",
    "days",
    "ago",
    "a",
    "two",
    "12",
    "2021",
    "on",
    "in",
    "the",
    "last",
    "next",
    "this",
    "early",
    "mid-",
    "late",
    "police",
    "said",
    ",",
    ".",
    "-",
    # words that hold a word of a phrase without being one, cases, and the letters that a
    # search ignoring case takes for others ("\u017f" for "s", "\u0131" for "i", the Kelvin
    # sign for "k"), or that lowercasing makes longer ("\u0130")
    "marché",
    "Chicago",
    "MARCH",
    "A WEEK AGO",
    "WeeKend",
    "la\u017ft wee\u212a",
    "\u017fept",
    "Apr\u0131l",
    "\u0130stanbul",
    "mid-august",
    "_",
    "é",
]
_TEXTS = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=6).map("".join),
    st.text(max_size=40),
    # the letters of the words of phrases, in both cases, with those that stand for them
    st.text(alphabet="adegkmnorstwyADEGKMSWY \u017f\u0131\u0130\u212a-_.,é0129", max_size=30),
)
_DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))


@pytest.mark.parametrize("phrase", SUPPORTED_PHRASES)
def test_every_example_coarser_than_a_day_passes_the_filter(phrase: str) -> None:
    for text in (phrase, phrase[:1].upper() + phrase[1:]):
        stated = stated_dates(text, datetime.date(2021, 8, 30))
        if any(date.precision.rank < Precision.DAY.rank for _, date in stated):
            assert may_state_weeks(text)


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS, day=_DAYS)
def test_a_text_the_filter_stops_states_only_days(text: str, day: datetime.date) -> None:
    if not may_state_weeks(text):
        assert all(date.precision.rank >= Precision.DAY.rank for _, date in stated_dates(text, day))


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS, day=_DAYS)
def test_a_screened_text_states_the_same_dates(text: str, day: datetime.date) -> None:
    """``screened`` (what ``finer_date`` says of a quote the filter lets pass) skips only
    the first test, which finds nothing in a text that states no date."""
    assert stated_dates(text, day, screened=True) == stated_dates(text, day)


_DATES = st.sampled_from(
    ["2021-08-26", "2021-08", "2021", "2021-08-24/2021-08-27", "2021-08-26T10:00:00Z", "2020-02-29"]
)
_PUBLISHED = st.sampled_from(["2021-08-30", "2021-09-02", "2021-08", None, "2020-03-01"])
#: An event's date, its phrase, its quotes (by source) and its sources' publication.
_EVENT_DATES = {
    "date": _DATES,
    "phrase": st.one_of(st.none(), st.sampled_from(SUPPORTED_PHRASES)),
    "quotes": st.lists(st.tuples(st.sampled_from(["a", "b"]), _TEXTS), min_size=1, max_size=3),
    "published": st.fixed_dictionaries({"a": _PUBLISHED, "b": _PUBLISHED}),
}


@settings(max_examples=300, deadline=None)
@given(**_EVENT_DATES)
def test_finer_date_with_the_filter_is_the_full_scan(
    date: str,
    phrase: str | None,
    quotes: list[tuple[str, str]],
    published: dict[str, str | None],
) -> None:
    found = finer_date(date, phrase, quotes[0][0], quotes, published.get)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(rules, "may_state_weeks", lambda text: True)  # every quote scanned
        full = finer_date(date, phrase, quotes[0][0], quotes, published.get)
    assert found == full


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, day=_DAYS, other=_DAYS)
def test_whether_a_text_the_filter_stops_states_a_day_is_the_same_on_every_day(
    text: str, day: datetime.date, other: datetime.date
) -> None:
    """What lets an event that waits for its sources keep no such quote: it states a day
    (the answer is None) or nothing, whatever day its phrases are resolved against."""
    if not may_state_weeks(text):
        assert bool(stated_dates(text, day)) == bool(stated_dates(text, other))


@settings(max_examples=300, deadline=None)
@given(**_EVENT_DATES)
def test_what_an_event_waiting_for_its_sources_keeps_gives_the_same_answer(
    date: str,
    phrase: str | None,
    quotes: list[tuple[str, str]],
    published: dict[str, str | None],
) -> None:
    full = finer_date(date, phrase, quotes[0][0], quotes, published.get)
    kept = finer_facts(date, phrase, quotes[0][0], quotes)
    if kept is None:
        assert full is None
    else:
        assert finer_date(*kept, published=published.get) == full
