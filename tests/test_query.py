"""The chronological and actor views: the seed dataset's answers, and invariants against a
brute-force scan on generated datasets."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import timeline
from timeline.dates import Overlap, describe_date, parse_edtf
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Dataset,
    Event,
    EventType,
    Evidence,
    Participant,
    Place,
    Relation,
    RelationType,
    Role,
    Status,
)
from timeline.query.views import (
    Grouping,
    Timeline,
    UnknownActorError,
    UnknownEventError,
    chronological_key,
    placed,
    start_steps,
)


@pytest.fixture(scope="module")
def seed():
    return Timeline(timeline.load_default())


# -- the seed dataset ------------------------------------------------------------------------


def _ids(events):
    return [e.id for e in events]


def test_the_agreement_comes_before_the_august_2021_attacks(seed):
    order = _ids(seed)
    assert order.index("us-taliban-agreement") < order.index("kabul-airport-suicide-bombing")
    assert order.index("kabul-airport-suicide-bombing") < order.index(
        "kabul-airport-rocket-attack-claim"
    )


def test_isis_finds_the_airport_attacks_through_is_khorasan(seed):
    rows = seed.actor_events("ISIS", include_parts=True)
    attacks = {r.event.id: r for r in rows if r.event.type is EventType.ATTACK}
    assert set(attacks) == {"kabul-airport-suicide-bombing", "kabul-airport-rocket-attack"}
    for row in attacks.values():
        assert (row.actor, row.role) == ("islamic-state-khorasan", Role.PERPETRATOR)
    exact = seed.actor_events("ISIS")
    assert not any(r.event.type is EventType.ATTACK for r in exact)


def test_the_talibans_view_holds_the_spokesmans_threat(seed):
    rows = seed.actor_events("taliban", include_members=True)
    (threat,) = [r for r in rows if r.event.id == "taliban-threaten-countermeasures"]
    assert threat.roles == (("taliban", Role.PARTY), ("zabihullah-mujahid", Role.SPEAKER))
    assert (threat.actor, threat.role) == ("taliban", Role.PARTY)
    alone = seed.actor_events("taliban")
    assert all(r.actor == "taliban" for r in alone)


def test_february_2020_query_finds_the_agreement_certain_and_its_criticism_possible(seed):
    # The agreement's day (29 February 2020) is a cited source's; the criticism came after it,
    # on or before the article: it may fall in any range from that day on.
    hits = {h.event.id: h for h in seed.between("2020-02-15", "2020-02-29", possible=True)}
    assert hits["us-taliban-agreement"].certain
    assert hits["is-criticises-us-taliban-agreement"].overlap is Overlap.POSSIBLE
    assert not hits["is-criticises-us-taliban-agreement"].certain
    assert "kabul-airport-suicide-bombing" not in hits
    assert "us-taliban-agreement" not in {
        h.event.id for h in seed.between("2020-02-15", "2020-02-20")
    }
    month = {h.event.id: h for h in seed.between("2020-02", "2020-02")}
    assert month["us-taliban-agreement"].certain
    assert list(month) == ["us-taliban-agreement"]  # only the certain ones by default


def test_on_a_day(seed):
    hits = {h.event.id: h.overlap for h in seed.on(datetime.date(2021, 8, 26), possible=True)}
    assert hits["kabul-airport-suicide-bombing"] is Overlap.CERTAIN
    assert hits["kabul-airport-suicide-bombing-claim"] is Overlap.POSSIBLE
    assert "us-taliban-agreement" not in hits


@pytest.mark.parametrize("name", ["Sabihullah Mujahid", "zabihullah-mujahid", "MUJAHID", "mujahid"])
def test_actors_are_found_by_id_name_or_alias_ignoring_case(seed, name):
    assert seed.actor(name).id == "zabihullah-mujahid"


def test_accents_do_not_matter(seed):
    assert seed.actor("Islamic State – Khorasan Province").id == "islamic-state-khorasan"
    assert seed.actor("ÎS-Khorosan").id == "islamic-state-khorasan"


def test_an_unknown_actor_names_the_closest(seed):
    with pytest.raises(UnknownActorError) as caught:
        seed.actor("Talibn")
    assert "Taliban" in caught.value.closest
    assert "no actor is named 'Talibn'" in str(caught.value)


def test_relations_both_ways(seed):
    claims = seed.related_to("kabul-airport-suicide-bombing")
    claimers = {(link.type, link.event.id) for link in claims}
    assert (
        RelationType.CLAIMS_RESPONSIBILITY_FOR,
        "kabul-airport-suicide-bombing-claim",
    ) in claimers
    claimed = seed.related_from("kabul-airport-rocket-attack-claim")
    assert (RelationType.CLAIMS_RESPONSIBILITY_FOR, "kabul-airport-rocket-attack") in {
        (link.type, link.event.id) for link in claimed
    }
    with pytest.raises(UnknownEventError, match="closest: kabul-airport-rocket-attack"):
        seed.related_to("kabul-airport-rocket-atack")


def test_summary(seed):
    summary = seed.summary("IS-Khorosan")
    assert summary.events == 4
    assert summary.by_role == {Role.PERPETRATOR: 2, Role.CLAIMANT: 2}
    assert summary.by_type == {EventType.ATTACK: 2, EventType.CLAIM_OF_RESPONSIBILITY: 2}
    assert summary.first is not None
    assert summary.first.id == "kabul-airport-suicide-bombing"


def test_filters(seed):
    assert _ids(seed.where(type="attack")) == [
        "kabul-airport-suicide-bombing",
        "kabul-airport-rocket-attack",
    ]
    assert _ids(seed.where(subtype="suicide_bombing")) == ["kabul-airport-suicide-bombing"]
    assert _ids(seed.where(status="planned")) == ["taliban-government-announcement"]
    assert len(seed.where(country="af")) == 4
    assert _ids(seed.where(place="kabul")) == ["taliban-take-power-in-kabul"]
    assert _ids(seed.where(type="attack", place="Kabul airport")) == _ids(seed.where(type="attack"))
    assert seed.where() == list(seed)


def test_where_answers_a_read_only_sequence(seed):
    attacks = seed.where(type="attack")
    assert len(attacks) == 2
    assert attacks[0].id == "kabul-airport-suicide-bombing"
    assert attacks[-1].id == "kabul-airport-rocket-attack"
    assert _ids(attacks[1:]) == ["kabul-airport-rocket-attack"]
    assert attacks == list(attacks)
    assert attacks == seed.where(type="attack", events=list(seed))
    assert attacks != tuple(attacks)  # as a list is not equal to a tuple
    assert attacks != _ids(attacks)
    assert attacks != "kabul-airport-rocket-attack"
    assert attacks.index(attacks[1]) == 1
    assert attacks[1] in attacks
    assert repr(attacks) == "<EventList: 2 events>"
    assert not seed.where(type="agreement", place="Kabul airport")
    with pytest.raises(TypeError, match="unhashable"):
        hash(attacks)
    with pytest.raises(IndexError):
        attacks[2]


def test_hits_are_a_read_only_sequence(seed):
    hits = seed.between("2021-08-26", "2021-08-31", possible=True)
    made = list(hits)
    assert hits == made
    assert repr(hits) == f"<Hits: {len(made)} events>"
    assert hits[0] == made[0]
    assert hits.index(made[-1]) == len(made) - 1
    # The criticism of the agreement, made between February 2020 and the report, possibly
    # falls in a month of 2020, certainly in none.
    assert [hit.event.id for hit in seed.on("2020-06", possible=True)] == [
        "is-criticises-us-taliban-agreement"
    ]
    assert all(not hit.certain for hit in seed.on("2020-06", possible=True))
    assert seed.between("2020-06", "2020-06") == []
    assert not seed.between("2020-06", "2020-06")


def test_grouping(seed):
    groups = seed.group(Grouping.MONTH)
    assert list(groups) == ["2020-02", "2021-08", "undetermined"]
    assert _ids(groups["2020-02"]) == ["us-taliban-agreement"]
    by_day = seed.group("day")
    assert _ids(by_day["2021-08-26"]) == ["kabul-airport-suicide-bombing"]
    assert _ids(by_day["2020-02-29"]) == ["us-taliban-agreement"]
    assert "is-criticises-us-taliban-agreement" in _ids(by_day["undetermined"])


def test_co_occurrence(seed):
    pairs = seed.co_occurrence("taliban")
    assert _ids(pairs[("taliban", "united-states")]) == ["us-taliban-agreement"]
    assert all("taliban" in pair for pair in pairs)
    everyone = seed.co_occurrence()
    assert ("islamic-state", "islamic-state-khorasan") in everyone


def test_describe_date():
    assert describe_date(parse_edtf("2021-08-26")) == "2021-08-26"
    assert describe_date(parse_edtf("/2021-08-26")) == "by 2021-08-26"


def test_a_range_that_ends_before_it_starts_is_an_error(seed):
    with pytest.raises(ValueError, match="starts"):
        seed.between("2021-09", "2021-08")


# -- invariants against a brute-force scan ------------------------------------------------------

DAYS = st.dates(datetime.date(2019, 12, 1), datetime.date(2022, 2, 28))


@st.composite
def edtf_in_range(draw):
    first = draw(DAYS)
    second = draw(DAYS)
    low, high = min(first, second), max(first, second)
    form = draw(st.sampled_from(["day", "month", "year", "interval", "open-start", "open-end"]))
    return {
        "day": low.isoformat(),
        "month": low.isoformat()[:7],
        "year": low.isoformat()[:4],
        "interval": f"{low.isoformat()}/{high.isoformat()}",
        "open-start": f"../{low.isoformat()}",
        "open-end": f"{low.isoformat()}/..",
    }[form]


def _dataset(dates, actors=(), participants=None, relations=None):
    events = tuple(
        Event(
            id=f"e{n:03d}",
            type=EventType.STATEMENT,
            title=f"event {n}",
            date=parse_edtf(text),
            status=Status.OCCURRED,
            evidence=(Evidence(source="s", quote="q", start=0, end=1),),
            participants=tuple((participants or {}).get(n, ())),
            relations=tuple((relations or {}).get(n, ())),
            place=Place(name=["Kabul", "Kandahar"][n % 2], country="AF"),
        )
        for n, text in enumerate(dates)
    )
    return Dataset(
        schema=timeline.DATASET_SCHEMA_ID,
        id="generated",
        title="generated",
        version="1.0.0",
        license="CC0-1.0",
        sources=(),
        actors=tuple(actors),
        events=events,
    )


@settings(max_examples=150, deadline=None)
@given(
    dates=st.lists(edtf_in_range(), max_size=40),
    start=st.none() | DAYS,
    end=st.none() | DAYS,
)
def test_between_agrees_with_a_scan(dates, start, end):
    if start is not None and end is not None and start > end:
        start, end = end, start
    view = Timeline(_dataset(dates))
    expected = [
        (e.id, e.date.overlaps(start, end)) for e in view if e.date.overlaps(start, end) is not None
    ]
    certain = [(i, o) for i, o in expected if o is Overlap.CERTAIN]
    for hits, wanted in (
        (view.between(start, end, possible=True), expected),
        (view.between(start, end), certain),
    ):
        # Counted without making the hits, made one by one, then made all at once.
        assert len(hits) == len(wanted)
        assert bool(hits) is bool(wanted)
        assert [(h.event.id, h.overlap) for h in hits] == wanted
        if wanted:
            assert (hits[-1].event.id, hits[-1].overlap) == wanted[-1]
        assert [(h.event.id, h.overlap) for h in hits[::2]] == wanted[::2]
        assert [(h.event.id, h.overlap) for h in hits] == wanted  # from the list kept
        assert len(hits) == len(wanted)


def _related(dates, links):
    """The relations of generated events: (holder, target, type) by position, each once."""
    relations: dict[int, dict[tuple[str, str], Relation]] = {}
    for holder, target, kind in links:
        if holder < len(dates) and target < len(dates) and holder != target:
            relation = Relation(type=RelationType(kind), event=f"e{target:03d}")
            relations.setdefault(holder, {})[(kind, relation.event)] = relation
    return {holder: list(found.values()) for holder, found in relations.items()}


LINKS = st.lists(
    st.tuples(
        st.integers(0, 29),
        st.integers(0, 29),
        st.sampled_from(["follows", "responds_to", "part_of", "refers_to"]),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(dates=st.lists(edtf_in_range(), max_size=30), links=LINKS)
def test_iteration_is_the_documented_total_order(dates, links):
    view = Timeline(_dataset(dates, relations=_related(dates, links)))
    assume(not view.derived_bounds.conflicts)  # a valid dataset's dates meet its relations
    events = list(view)
    steps = start_steps(view.derived_bounds)
    keys = [chronological_key(e, view.bounds(e.id), steps[e.id]) for e in events]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    # An event whose start a relation carried from another, with the same end, comes after
    # that other event.
    position = {e.id: i for i, e in enumerate(events)}
    for e in events:
        bounds = view.bounds(e.id)
        other = bounds.earliest_basis.event
        if other is not None and view.bounds(other).latest == bounds.latest:
            assert position[other] < position[e.id]
            assert steps[e.id] == steps[other] + 1
    # Consistent with the derived bounds: an event whose derived latest day is before
    # another's derived earliest day comes first.
    days = [placed(e, view.bounds(e.id)) for e in events]
    assert days == [(view.bounds(e.id).earliest, view.bounds(e.id).latest) for e in events]
    for later, (_, last) in enumerate(days):
        for first, _ in days[:later]:
            assert last is None or first is None or not last < first
    # Placed by what is known: by the derived earliest day, else the derived latest one.
    anchors = [first or last for first, last in days]
    known = [a for a in anchors if a is not None]
    assert known == sorted(known)
    assert anchors[len(known) :] == [None] * (len(anchors) - len(known))


@settings(max_examples=100, deadline=None)
@given(
    dates=st.lists(edtf_in_range(), max_size=25),
    links=LINKS,
    start=st.none() | DAYS,
    end=st.none() | DAYS,
)
def test_between_by_the_derived_bounds_agrees_with_a_scan(dates, links, start, end):
    if start is not None and end is not None and start > end:
        start, end = end, start
    view = Timeline(_dataset(dates, relations=_related(dates, links)))
    assume(not view.derived_bounds.conflicts)
    expected = []
    for event in view:
        bounds = view.bounds(event.id)
        derived = parse_edtf(
            f"{bounds.earliest or '..'}/{bounds.latest or '..'}"
            if bounds.earliest != bounds.latest or bounds.earliest is None
            else str(bounds.earliest)
        )
        overlap = derived.overlaps(start, end)
        if overlap is not None:
            expected.append((event.id, overlap))
            # Never possibly in a range only an open end of its own date reaches.
            assert event.date.overlaps(start, end) is not None
    certain = [(i, o) for i, o in expected if o is Overlap.CERTAIN]
    assert [(h.event.id, h.overlap) for h in view.between(start, end, possible=True)] == expected
    assert [(h.event.id, h.overlap) for h in view.between(start, end)] == certain
    assert len(view.between(start, end)) == len(certain)


@settings(max_examples=60, deadline=None)
@given(
    dates=st.lists(edtf_in_range(), min_size=1, max_size=25),
    links=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=20),
    roles=st.lists(st.tuples(st.integers(0, 24), st.sampled_from(["a", "b", "c"])), max_size=30),
)
def test_views_agree_with_a_scan(dates, links, roles):
    n = len(dates)
    actors = [
        Actor(id="a", name="Alpha", kind=ActorKind.ARMED_GROUP),
        Actor(id="b", name="Beta", kind=ActorKind.ARMED_GROUP, part_of="a"),
        Actor(
            id="c",
            name="Gamma",
            kind=ActorKind.PERSON,
            affiliations=(Affiliation(actor="b", position="spokesman"),),
        ),
    ]
    participants: dict[int, list[Participant]] = {}
    for index, actor in roles:
        if index < n and actor not in {p.actor for p in participants.get(index, [])}:
            participants.setdefault(index, []).append(Participant(actor=actor, role=Role.PARTY))
    relations: dict[int, list[Relation]] = {}
    for source, target in links:
        if source < n and target < n and source != target:
            relations.setdefault(source, []).append(
                Relation(type=RelationType.REFERS_TO, event=f"e{target:03d}")
            )
    view = Timeline(_dataset(dates, actors, participants, relations))
    # the actor view of "a" with parts and members covers a, b (part of a), c (member of b)
    rows = view.actor_events("ALPHA", include_parts=True, include_members=True)
    expected = sorted(
        (e.id, p.actor) for e in view for p in e.participants if p.actor in {"a", "b", "c"}
    )
    assert sorted((r.event.id, a) for r in rows for a, _ in r.roles) == expected
    order = {e.id: n for n, e in enumerate(view)}
    positions = [order[r.event.id] for r in rows]
    assert positions == sorted(positions)  # the actor view keeps the chronological order
    only_parts = view.actor_events("a", include_parts=True)
    assert {r.actor for r in only_parts} <= {"a", "b"}
    for event in view:
        outgoing = [(link.type, link.event.id) for link in view.related_from(event.id)]
        assert outgoing == [(r.type, r.event) for r in event.relations]
        incoming = sorted(link.event.id for link in view.related_to(event.id))
        assert incoming == sorted(
            other.id for other in view for r in other.relations if r.event == event.id
        )
    assert _ids(view.where(place="kandahar")) == [e.id for e in view if e.place.name == "Kandahar"]
