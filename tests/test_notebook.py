"""A dataset used from a notebook: short reprs, HTML tables, range bounds as notebooks hold
them (datetimes, pandas Timestamps), actor views with each event once, filters by actor and
source, vocabulary values that name the valid ones, and a help() that fits a few screens."""

from __future__ import annotations

import datetime
import html.parser
import subprocess
import sys

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.conftest import DATA
from tests.strategies import datasets
from timeline import (
    Actor,
    ActorKind,
    Affiliation,
    Dataset,
    Event,
    EventType,
    Evidence,
    Participant,
    Role,
    Status,
    Timeline,
)
from timeline.convert import converter


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return Timeline(timeline.load_default())


# -- range bounds ------------------------------------------------------------------------------


class _Stamp:
    """Anything with a date(): what a range bound may be besides a date and a string."""

    def __init__(self, day: datetime.date) -> None:
        self._day = day

    def date(self) -> datetime.date:
        return self._day


def test_an_unknown_source_names_the_closest_ids_and_how_to_list_them(seed):
    with pytest.raises(ValueError, match="is not a source of the dataset") as raised:
        seed.where(source="al-arabiya")
    message = str(raised.value)
    assert "'al-arabiya' is not a source of the dataset" in message
    assert "the closest: al-arabiya-is-claims-rocket-attack" in message
    assert "list(Timeline.sources)" in message
    assert "al-arabiya-is-claims-rocket-attack" in list(seed.sources)  # what it says lists them


@pytest.mark.parametrize("name", ["Afghanistan", "AFG", "Qatar", "", "A1"])
def test_a_country_that_is_no_alpha_2_code_says_what_the_filter_takes(seed, name):
    with pytest.raises(ValueError, match="country takes an ISO 3166-1 alpha-2") as raised:
        seed.where(country=name)
    message = str(raised.value)
    assert "ISO 3166-1 alpha-2 code" in message
    assert "the dataset's places are in AF, QA" in message


def test_a_country_code_matches_in_either_case_and_an_absent_one_finds_nothing(seed):
    afghan = [e.id for e in seed if e.place is not None and e.place.country == "AF"]
    assert afghan
    assert [e.id for e in seed.where(country="AF")] == afghan
    assert [e.id for e in seed.where(country="af")] == afghan
    assert len(seed.where(country="FR")) == 0  # a code no place has: an empty answer


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (
            datetime.datetime(2021, 8, 26, 23, 59, tzinfo=datetime.UTC),
            datetime.datetime(2021, 8, 31, 0, 1, tzinfo=datetime.UTC),
        ),
        (pd.Timestamp("2021-08-26 18:00"), pd.Timestamp("2021-08-31")),
        (
            pd.Timestamp("2021-08-26 18:00", tz="Asia/Kabul"),
            pd.Timestamp("2021-08-31 01:00", tz="UTC"),
        ),
        (_Stamp(datetime.date(2021, 8, 26)), _Stamp(datetime.date(2021, 8, 31))),
    ],
)
def test_between_takes_a_datetimes_day(seed, start, end):
    by_days = seed.between(datetime.date(2021, 8, 26), datetime.date(2021, 8, 31), possible=True)
    assert seed.between(start, end, possible=True) == by_days
    assert len(by_days) > 0
    assert seed.on(start) == seed.on(datetime.date(2021, 8, 26))


@pytest.mark.parametrize("bound", [20210826, _Stamp(None)])
def test_a_bound_without_a_day_is_a_type_error_that_says_what_a_bound_is(seed, bound):
    with pytest.raises(TypeError, match="a range bound is a date, a datetime"):
        seed.between(bound, None)


def test_between_takes_what_a_data_frames_values_hold(seed):
    # df[column].values[0] is a numpy.datetime64 (nanoseconds): its day counts.
    frame = pd.DataFrame({"day": pd.to_datetime(["2021-08-26 18:00", "2021-08-31 23:00"])})
    start, end = frame["day"].values
    assert type(start).__name__ == "datetime64"
    by_days = seed.between(datetime.date(2021, 8, 26), datetime.date(2021, 8, 31), possible=True)
    assert seed.between(start, end, possible=True) == by_days
    assert seed.on(start) == seed.on(datetime.date(2021, 8, 26))


@pytest.mark.parametrize("missing", [pd.NaT, np.datetime64("NaT"), np.datetime64("NaT", "ns")])
def test_a_missing_time_is_a_value_error_that_says_to_give_none(seed, missing):
    with pytest.raises(ValueError, match=r"not a missing time .*give None for an open end"):
        seed.between(missing, None)
    with pytest.raises(ValueError, match="not a missing time"):
        seed.between(None, missing)


def test_importing_and_querying_timeline_imports_no_numpy():
    # A numpy value is recognised without numpy being imported by the package.
    code = (
        "import sys, timeline\n"
        "view = timeline.Timeline(timeline.load_default())\n"
        "view.between('2021-08', None)\n"
        "print('numpy' in sys.modules, 'pandas' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.split() == ["False", "False"]


# -- filters and vocabularies ----------------------------------------------------------------


def test_where_by_actor_and_source(seed):
    khorasan = seed.where(actor="IS-Khorosan")  # an alias
    assert [e.id for e in khorasan] == [
        e.id for e in seed if any(p.actor == "islamic-state-khorasan" for p in e.participants)
    ]
    attacks = seed.where(actor="islamic-state-khorasan", type="attack")
    assert [e.id for e in attacks] == [
        "kabul-airport-suicide-bombing",
        "kabul-airport-rocket-attack",
    ]
    for source in seed.sources:
        expected = [
            e.id
            for e in seed
            if source in {x.source for x in e.evidence}
            or any(
                source == r.source or source in {x.source for x in r.evidence} for r in e.reports
            )
        ]
        assert [e.id for e in seed.where(source=source)] == expected
    assert sum(len(seed.where(source=s)) for s in seed.sources) >= len(seed)
    first = next(iter(seed.sources))
    with pytest.raises(ValueError, match=f"is not a source of the dataset; the closest: {first}"):
        seed.where(source=first + "x")
    with pytest.raises(timeline.UnknownActorError, match="the closest: Taliban"):
        seed.where(actor="Talibn")


@pytest.mark.parametrize(
    ("kind", "wrong", "meant"),
    [
        ("type", "attacks", "attack"),
        ("subtype", "suicide-bombing", "suicide_bombing"),
        ("status", "occured", "occurred"),
    ],
)
def test_an_unknown_value_of_a_filter_names_the_closest_and_the_valid_ones(
    seed, kind, wrong, meant
):
    with pytest.raises(ValueError, match=rf"did you mean '{meant}'") as raised:
        seed.where(**{kind: wrong})
    assert "one of: " in str(raised.value)


@pytest.mark.parametrize("vocabulary", timeline.model.Vocabulary.__subclasses__())
def test_every_vocabulary_names_its_values_when_given_another(vocabulary):
    first = next(iter(vocabulary)).value
    with pytest.raises(ValueError, match="is not a valid") as raised:
        vocabulary(first + "s")
    message = str(raised.value)
    assert f"did you mean {first!r}" in message
    assert all(str(member.value) in message for member in vocabulary)
    assert vocabulary(first) is next(iter(vocabulary))
    with pytest.raises(ValueError, match="one of: "):
        Role("nothing like it")
    with pytest.raises(ValueError, match="one of: ") as unlike:
        Role("zzzz")
    assert "did you mean" not in str(unlike.value)


# -- actor views: each event once -------------------------------------------------------------


def test_isis_with_its_parts_gives_the_rocket_claim_once(seed):
    rows = seed.actor_events("ISIS", include_parts=True)
    ids = [row.event.id for row in rows]
    assert ids.count("kabul-airport-rocket-attack-claim") == 1
    assert len(ids) == len(set(ids))
    (claim,) = [row for row in rows if row.event.id == "kabul-airport-rocket-attack-claim"]
    assert claim.roles == (
        ("islamic-state", Role.CLAIMANT),
        ("islamic-state-khorasan", Role.CLAIMANT),
    )


ACTORS = 6


@st.composite
def _families(draw: st.DrawFn) -> Dataset:
    """Actors each part of an earlier one or a member of some, and events where any of them
    take part, an actor in several roles at times, the participants in any order."""
    actors = []
    for n in range(ACTORS):
        part_of = draw(st.none() | st.integers(0, n - 1)) if n else None
        members = draw(st.sets(st.integers(0, n - 1), max_size=2)) if n else set()
        actors.append(
            Actor(
                id=f"a{n}",
                name=f"Actor {n}",
                kind=ActorKind.ARMED_GROUP,
                part_of=None if part_of is None else f"a{part_of}",
                affiliations=tuple(Affiliation(actor=f"a{m}") for m in sorted(members)),
            )
        )
    roles = st.tuples(st.integers(0, ACTORS - 1), st.sampled_from(list(Role)))
    events = []
    for n, taking_part in enumerate(draw(st.lists(st.sets(roles, max_size=5), max_size=12))):
        day = draw(st.dates(datetime.date(2020, 1, 1), datetime.date(2020, 1, 20)))
        events.append(
            Event(
                id=f"e{n:02d}",
                type=EventType.STATEMENT,
                title=f"event {n}",
                date=timeline.parse_edtf(day.isoformat()),
                status=Status.OCCURRED,
                evidence=(Evidence(source="s", locator="p. 1"),),
                participants=tuple(
                    Participant(actor=f"a{a}", role=role)
                    for a, role in draw(st.permutations(sorted(taking_part, key=str)))
                ),
            )
        )
    return Dataset(
        schema=timeline.DATASET_SCHEMA_ID,
        id="families",
        title="families",
        version="1.0.0",
        license="CC0-1.0",
        sources=(),
        actors=tuple(actors),
        events=tuple(events),
    )


@settings(max_examples=80, deadline=None)
@given(dataset=_families(), parts=st.booleans(), members=st.booleans(), asked=st.integers(0, 5))
def test_an_actor_view_gives_each_event_once_with_every_role(dataset, parts, members, asked):
    view = Timeline(dataset)
    family = [a.id for a in view.family(f"a{asked}", include_parts=parts, include_members=members)]
    rows = view.actor_events(f"a{asked}", include_parts=parts, include_members=members)
    expected = [e for e in view if any(p.actor in family for p in e.participants)]
    assert [row.event for row in rows] == expected  # each once, in chronological order
    rank = {actor: n for n, actor in enumerate(family)}
    for row in rows:
        taking_part = [(p.actor, p.role) for p in row.event.participants if p.actor in rank]
        assert sorted(row.roles, key=str) == sorted(taking_part, key=str)
        assert [rank[a] for a, _ in row.roles] == sorted(rank[a] for a, _ in row.roles)
        assert (row.actor, row.role) == row.roles[0]
    assert view.summary(f"a{asked}").events == len(view.actor_events(f"a{asked}"))


def _eager_rows(view: Timeline, family: list[str]) -> list[timeline.ActorEvent]:
    """An actor view made whole: every (position, actor, role) of the family, sorted by
    position, the family's order and the role, grouped by position."""
    rank = {actor: n for n, actor in enumerate(family)}
    rows = sorted(
        (position, rank[p.actor], p.role.value, p.actor, p.role)
        for position, event in enumerate(view)
        for p in event.participants
        if p.actor in rank
    )
    found = []
    for position in dict.fromkeys(row[0] for row in rows):
        roles = tuple((a, r) for at, _, _, a, r in rows if at == position)
        found.append(timeline.ActorEvent(view.events[position], *roles[0], roles))
    return found


@settings(max_examples=80, deadline=None)
@given(
    dataset=_families(),
    parts=st.booleans(),
    members=st.booleans(),
    asked=st.integers(0, ACTORS - 1),
    cut=st.tuples(st.none() | st.integers(-14, 14), st.none() | st.integers(-14, 14)),
    step=st.none() | st.sampled_from([1, 2, -1, -3]),
)
def test_an_actor_view_read_lazily_is_the_list_made_whole(
    dataset, parts, members, asked, cut, step
):
    view = Timeline(dataset)
    family = [a.id for a in view.family(f"a{asked}", include_parts=parts, include_members=members)]
    expected = _eager_rows(view, family)

    def answer() -> timeline.ActorEvents:
        return view.actor_events(f"a{asked}", include_parts=parts, include_members=members)

    assert list(answer()) == expected
    assert answer() == expected
    assert expected == answer()
    assert len(answer()) == len(expected)
    assert bool(answer()) is bool(expected)
    assert answer()[slice(*cut, step)] == expected[slice(*cut, step)]
    for index in range(-len(expected), len(expected)):
        assert answer()[index] == expected[index]
    for outside in (len(expected), -len(expected) - 1):
        with pytest.raises(IndexError):
            answer()[outside]
    read = answer()
    assert read[:3] == expected[:3]
    assert list(read) == expected
    assert repr(answer()) == f"<ActorEvents: {len(expected)} event{'s' * (len(expected) != 1)}>"
    page = _page(answer()._repr_html_())
    assert page.tags.count("tr") == 1 + min(len(expected), 20)
    for row in expected[:20]:
        assert row.event.id in page.text
    positions = {row.event.id for row in _eager_rows(view, [f"a{asked}"])}
    assert [e.id for e in view.where(actor=f"a{asked}")] == [
        e.id for e in view if e.id in positions
    ]
    counts = view.event_counts(include_parts=parts, include_members=members)
    assert counts[f"a{asked}"] == len(expected)


# -- reprs and HTML tables ----------------------------------------------------------------------

#: The longest repr of a record or a view, whatever it holds.
REPR_LIMIT = 600


def _records(value: object) -> list[object]:
    """Every attrs record in ``value`` (itself included), walking fields and tuples."""
    found: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif attrs.has(type(item)):
            found.append(item)
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item)))
    return found


@settings(max_examples=40, deadline=None)
@given(
    document=datasets(),
    copies=st.integers(1, 400),
    padding=st.text(min_size=1, max_size=5),
    length=st.integers(0, 5000),
)
def test_reprs_stay_short_whatever_the_dataset_holds(document, copies, padding, length):
    dataset = converter.structure(document, Dataset)
    long = (padding * length)[:length]
    grown = attrs.evolve(
        dataset,
        title=dataset.title + long,
        events=tuple(
            attrs.evolve(event, title=event.title + long, summary=long or None)
            for event in dataset.events
        )
        * copies,
        actors=dataset.actors * copies,
    )
    for record in _records(grown):
        assert len(repr(record)) <= REPR_LIMIT, type(record).__name__
    view = Timeline(attrs.evolve(grown, events=dataset.events))
    assert len(repr(view)) <= REPR_LIMIT
    assert len(repr(view.between(None, None, possible=True))) <= REPR_LIMIT
    for event in view:
        for row in (view.related_from(event.id), view.related_to(event.id)):
            assert all(len(repr(link)) <= REPR_LIMIT for link in row)
    for actor in view.actors:
        if len(view._names.lookup(actor)) > 1:
            continue  # an id that is another actor's alias too: asked for, it is refused
        assert len(repr(view.summary(actor))) <= REPR_LIMIT
        assert all(len(repr(row)) <= REPR_LIMIT for row in view.actor_events(actor))


def test_the_seeds_reprs_name_ids_counts_and_dates(seed):
    assert repr(seed) == (
        "<Timeline of 'afghanistan-2021-seed': 15 events from 2020-02-29 to 2021-08-30, "
        "9 actors, 8 sources>"
    )
    assert repr(seed.dataset).startswith("Dataset(id='afghanistan-2021-seed', title=")
    assert repr(seed.dataset).endswith("sources=<8 items>, actors=<9 items>, events=<15 items>)")
    assert repr(seed.event("kabul-airport-suicide-bombing")) == (
        "Event(id='kabul-airport-suicide-bombing', type='attack', date='2021-08-26', "
        "title='Suicide bombing at Kabul airport')"
    )


def test_counts_are_singular_for_one():
    one = timeline.load(DATA / "valid" / "minimal.json")
    assert len(one.sources) == 1
    view = Timeline(one)
    assert repr(view).endswith(", 1 source>")
    assert ", 1 source</caption>" in one._repr_html_()
    claims = view.where(type="claim_of_responsibility")
    assert repr(claims) == "<EventList: 1 event>"
    assert "<caption>1 event</caption>" in claims._repr_html_()


def test_a_dataset_shows_its_events_in_the_order_of_every_view(seed):
    # The file's order is not the chronological one; the dataset's table is.
    dataset = seed.dataset
    assert [e.id for e in dataset.events] != [e.id for e in seed]

    def ids(fragment: str) -> list[str]:
        rows = fragment.split("<tbody>", 1)[1].split("<tr>")[1:]
        return [html.unescape(row.split("<td>")[3].split("</td>")[0]) for row in rows]

    assert ids(dataset._repr_html_()) == ids(seed._repr_html_()) == [e.id for e in seed]


class _Page(html.parser.HTMLParser):
    """What a browser would make of an HTML fragment: its elements and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attributes: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(fragment: str) -> _Page:
    page = _Page()
    page.feed(fragment)
    page.close()
    return page


HOSTILE = "<script>alert('owned')</script><img src=x onerror=alert(1)> & \"quotes\""


def test_html_tables_escape_what_the_dataset_holds(seed):
    base = seed.dataset
    hostile = attrs.evolve(
        base,
        title=HOSTILE,
        events=tuple(attrs.evolve(e, title=HOSTILE + e.id) for e in base.events),
    )
    view = Timeline(hostile)
    shown = {
        "dataset": hostile._repr_html_(),
        "timeline": view._repr_html_(),
        "hits": view.between("2021-08", "2021-08", possible=True)._repr_html_(),
        "events": view.where(type="attack")._repr_html_(),
    }
    for name, fragment in shown.items():
        page = _page(fragment)
        assert set(page.tags) <= {"table", "caption", "thead", "tbody", "tr", "th", "td", "p"}, name
        assert "script" not in page.tags
        assert "img" not in page.tags
        assert HOSTILE in "".join(page.text), name  # shown as text, whole
    hits = _page(shown["hits"])
    assert "possible" in hits.text
    assert "certain" in hits.text
    assert len(_page(shown["events"]).text) > 0


def test_a_large_result_shows_its_first_rows_and_counts_the_rest(seed):
    many = attrs.evolve(
        seed.dataset,
        events=tuple(
            attrs.evolve(event, id=f"{event.id}-{n}", relations=())
            for n in range(10)
            for event in seed.dataset.events
        ),
    )
    view = Timeline(many)
    page = _page(view.where()._repr_html_())
    assert page.tags.count("tr") == 1 + 20  # the header and the first rows
    assert "… and 130 more" in page.text
    assert len(many._repr_html_()) < 10_000
