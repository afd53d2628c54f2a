"""Many documents, one timeline: a follow-up report built together with the seed article.

tests/data/multi-document/seeds holds only a follow-up report of 7 September 2021 written for
the tests and its annotation, which adds to the events the seed article defines (``extends``)
and defines what is new. The tests copy the real seeds/ folder and the follow-up into a
temporary folder and build them together, so they always follow the seed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA
from timeline.curation.build import build, build_seeds
from timeline.reading.document import unstructure
from timeline.reading.result import ExitCode
from timeline.reconcile import reconcile_date, reconcile_fatalities, reported_date

ROOT = DATA.parent.parent
SEEDS = ROOT / "seeds"
FOLLOW_UP_FOLDER = DATA / "multi-document" / "seeds"
SEED = "2021-08-30-taliban-expect-is-attacks-to-end"
FOLLOW_UP = "2021-09-07-taliban-name-interim-government"
BOMBING = "kabul-airport-suicide-bombing"
NEW_EVENTS = {
    "is-khorasan-renews-claim-for-kabul-airport-bombing",
    "is-khorasan-threatens-the-taliban",
    "taliban-take-control-of-kabul-airport",
    "mujahid-declares-victory-at-kabul-airport",
}
ANNOUNCEMENT = "taliban-government-announcement"
WITHDRAWAL = "foreign-troop-withdrawal"


def _seeds(folder: Path) -> Path:
    """``folder``/seeds: the real seeds/ folder with the follow-up report beside the seed."""
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in FOLLOW_UP_FOLDER.iterdir():
        shutil.copy(path, seeds / path.name)
    return seeds


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[timeline.Dataset, Path]:
    folder = tmp_path_factory.mktemp("multi")
    return build(_seeds(folder), folder / "data" / "dataset.json"), folder


def _events(dataset: timeline.Dataset) -> dict[str, timeline.Event]:
    return {event.id: event for event in dataset.events}


def test_the_follow_up_is_the_only_document_of_its_own():
    assert sorted(path.name for path in FOLLOW_UP_FOLDER.iterdir()) == [
        f"{FOLLOW_UP}.toml",
        f"{FOLLOW_UP}.txt",
    ]


def test_one_event_per_real_event(built):
    dataset, _ = built
    committed = timeline.load_default()
    ids = [event.id for event in dataset.events]
    assert len(ids) == len(set(ids))
    assert set(ids) == {event.id for event in committed.events} | NEW_EVENTS
    attacks = [event.id for event in dataset.events if event.type is timeline.EventType.ATTACK]
    assert sorted(attacks) == ["kabul-airport-rocket-attack", BOMBING]
    announcements = [
        event.id for event in dataset.events if event.type is timeline.EventType.ANNOUNCEMENT
    ]
    assert announcements == [ANNOUNCEMENT]

    # No two events of one kind (type, subtype, and for a claim the event it claims) share a
    # day and a participant: none is there twice (the seed's planned announcement and the
    # follow-up's announcement of 7 September were, before the follow-up revised the plan).
    def kind(event: timeline.Event) -> tuple[object, ...]:
        claimed = sorted(r.event for r in event.relations if r.type.value.startswith("claims"))
        return (event.type, event.subtype, claimed)

    for n, one in enumerate(dataset.events):
        for other in dataset.events[n + 1 :]:
            same_days = _overlap(one.date, other.date)
            shared = {p.actor for p in one.participants} & {p.actor for p in other.participants}
            assert not (kind(one) == kind(other) and same_days and shared), (one.id, other.id)
    # The documents' sources, in build order, then those known by their citation only
    # (dataset.toml's [[sources]]), as the seed has them.
    cited = [source.id for source in committed.sources if source.path is None]
    assert cited
    assert [source.id for source in dataset.sources] == [
        "taliban-expect-is-attacks-to-end",
        "taliban-name-interim-government",
        *cited,
    ]


def _overlap(one: timeline.EdtfDate, other: timeline.EdtfDate) -> bool:
    """Whether two dates share a day (an open end shares every day on its side)."""
    starts = [d.earliest for d in (one, other) if d.earliest is not None]
    ends = [d.latest for d in (one, other) if d.latest is not None]
    return not starts or not ends or max(starts) <= min(ends)


def test_the_follow_up_revises_the_planned_announcement_and_the_withdrawal(built):
    """The seed article expected both; the follow-up reports them as done, on their days:
    the seed's date and status stay as its report, and the event's are reconciled."""
    dataset, _ = built
    events = _events(dataset)
    published = {source.id: source.published for source in dataset.sources}
    expected = {
        ANNOUNCEMENT: ("planned", "2021-09-07", "on Tuesday"),
        WITHDRAWAL: ("expected", "2021-08-30", "on 30 August"),
    }
    for event_id, (before, day, phrase) in expected.items():
        event = events[event_id]
        assert (event.status, str(event.date), event.date_text) == (
            timeline.Status.OCCURRED,
            day,
            phrase,
        )
        assert (event.date_basis, event.date_source) == (
            timeline.DateBasis.SOURCE,
            "taliban-name-interim-government",
        )
        seed, follow_up = event.reports
        assert (seed.source, seed.status.value, str(seed.date), seed.date_text) == (
            "taliban-expect-is-attacks-to-end",
            before,
            "2021-08-30/..",
            None,
        )
        # The seed's report is its definition's own value, with its quotes as evidence.
        assert seed.evidence == tuple(
            e for e in event.evidence if e.source == "taliban-expect-is-attacks-to-end"
        )
        assert (follow_up.source, follow_up.status, str(follow_up.date)) == (
            "taliban-name-interim-government",
            timeline.Status.OCCURRED,
            day,
        )
        assert str(reported_date(follow_up, published)) == "2021-09-07"
    # The announcement's speaker, named by the follow-up only, joins the seed's party.
    assert [(p.actor, p.role.value) for p in events[ANNOUNCEMENT].participants] == [
        ("taliban", "party"),
        ("zabihullah-mujahid", "speaker"),
    ]


def test_the_seed_alone_keeps_its_plans(tmp_path):
    """Without the follow-up, the seed's own values stand as it writes them, with no report
    made of them (no other report gives a status or date to reconcile with)."""
    dataset = build(SEEDS, tmp_path / "data" / "dataset.json", texts_root=ROOT)
    events = _events(dataset)
    assert (events[ANNOUNCEMENT].status, str(events[ANNOUNCEMENT].date)) == (
        timeline.Status.PLANNED,
        "2021-08-30/..",
    )
    assert events[ANNOUNCEMENT].reports == events[WITHDRAWAL].reports == ()


def test_timeline_event_shows_both_reports_of_the_revised_events(run_cli, tmp_path):
    _seeds(tmp_path)
    assert run_cli("build", cwd=tmp_path).returncode == ExitCode.VALID
    output = "data/afghanistan-2021-seed.json"
    for event_id, before in ((ANNOUNCEMENT, "planned"), (WITHDRAWAL, "expected")):
        shown = run_cli("event", event_id, output, cwd=tmp_path)
        assert shown.returncode == ExitCode.VALID, shown.stderr
        text = shown.stdout.decode()
        assert "  status    occurred" in text
        history = text[text.index("Reports (2, in order of report)") :]
        seed = history.index("2021-08-30  After the US military has withdrawn")
        follow_up = history.index("2021-09-07  Taliban name interim government")
        assert seed < follow_up
        assert f"status       {before}" in history[seed:follow_up]
        assert "status       occurred" in history[follow_up:]
        reconciled = history[history.index("Reconciled (timeline.reconcile)") :]
        assert "    status       occurred" in reconciled
        assert "rule: the status of the most recent report that gives one" in reconciled
    listed = run_cli("show", output, "--type", "announcement", cwd=tmp_path).stdout.decode()
    assert listed.rstrip().endswith("1 events") or listed.rstrip().endswith("1 event"), listed


def test_the_bombing_has_evidence_from_both_documents_in_build_order(built):
    dataset, _ = built
    bombing = _events(dataset)[BOMBING]
    assert [evidence.source for evidence in bombing.evidence] == [
        "taliban-expect-is-attacks-to-end",
        "wikipedia-kabul-international-airport",  # the seed's citations: no offsets
        "centcom-abbey-gate-investigation-briefing",
        "taliban-name-interim-government",
        "taliban-name-interim-government",
    ]
    texts = {
        "taliban-expect-is-attacks-to-end": (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8"),
        "taliban-name-interim-government": (FOLLOW_UP_FOLDER / f"{FOLLOW_UP}.txt").read_text(
            encoding="utf-8"
        ),
    }
    assert {s.id: s.path.rsplit("/", 1)[1] for s in dataset.sources if s.path} == {
        "taliban-expect-is-attacks-to-end": f"{SEED}.txt",
        "taliban-name-interim-government": f"{FOLLOW_UP}.txt",
    }
    quoted = [evidence for evidence in bombing.evidence if evidence.has_offsets]
    assert len(quoted) == 3
    for evidence in quoted:
        assert texts[evidence.source][evidence.start : evidence.end] == evidence.quote
    assert "170 Afghans and 13 US service members were killed" in bombing.evidence[4].quote
    # The follow-up names the Afghan victims the seed already has: they are not added twice;
    # the seed's definition is otherwise kept.
    assert [(p.actor, p.role.value) for p in bombing.participants] == [
        ("islamic-state-khorasan", "perpetrator"),
        ("us-armed-forces", "victim"),
        ("afghan-civilians", "victim"),
    ]
    assert (str(bombing.date), bombing.date_text, bombing.date_basis) == (
        "2021-08-26",
        "on Thursday",
        timeline.DateBasis.RESOLVED,
    )


def test_the_new_claim_is_linked_to_the_existing_attack(built):
    dataset, _ = built
    events = _events(dataset)
    claim = events["is-khorasan-renews-claim-for-kabul-airport-bombing"]
    assert claim.type is timeline.EventType.CLAIM_OF_RESPONSIBILITY
    assert [(r.type.value, r.event) for r in claim.relations] == [
        ("claims_responsibility_for", BOMBING),
        ("follows", "kabul-airport-suicide-bombing-claim"),
    ]
    claims = {
        event.id
        for event in dataset.events
        for relation in event.relations
        if relation.event == BOMBING and relation.type.value == "claims_responsibility_for"
    }
    assert claims == {"kabul-airport-suicide-bombing-claim", claim.id}
    # The claimant of the new claim is the attack's claimed perpetrator, whose `claim` names
    # the first claim (the one the new claim follows); the follow-up's report of who did it
    # says the same, as a claim.
    (perpetrator,) = [
        p for p in events[BOMBING].participants if p.role is timeline.Role.PERPETRATOR
    ]
    assert [(p.actor, p.role) for p in claim.participants] == [
        (perpetrator.actor, timeline.Role.CLAIMANT)
    ]
    assert (perpetrator.attribution, perpetrator.claim) == (
        timeline.Responsibility.CLAIMED,
        "kabul-airport-suicide-bombing-claim",
    )
    assert events[perpetrator.claim].type is timeline.EventType.CLAIM_OF_RESPONSIBILITY
    assert [
        (p.actor, p.attribution)
        for report in events[BOMBING].reports
        if report.source == "taliban-name-interim-government"
        for p in report.perpetrators
    ] == [(perpetrator.actor, timeline.Responsibility.CLAIMED)]


def test_the_follow_ups_relative_dates_resolve_against_its_publication(built):
    dataset, _ = built
    events = _events(dataset)
    dates = {
        event_id: (str(events[event_id].date), events[event_id].date_text)
        for event_id in sorted(NEW_EVENTS)
    }
    assert dates == {
        "is-khorasan-renews-claim-for-kabul-airport-bombing": ("2021-09-05", "on Sunday"),
        "is-khorasan-threatens-the-taliban": ("2021-09-05", "on Sunday"),
        "mujahid-declares-victory-at-kabul-airport": ("2021-08-31", "last Tuesday"),
        "taliban-take-control-of-kabul-airport": ("2021-08-31", "On 31 August"),
    }


def test_aliases_are_shared_and_a_documents_own_stay_in_it(built):
    dataset, _ = built
    events = _events(dataset)

    def actors(event_id: str) -> list[str]:
        return [p.actor for p in events[event_id].participants]

    # The dataset's aliases name the same actors in both documents.
    assert actors("is-khorasan-renews-claim-for-kabul-airport-bombing") == [
        "islamic-state-khorasan"
    ]  # "IS-Khorasan" here, "IS-Khorosan" in the seed article
    assert actors("mujahid-declares-victory-at-kabul-airport") == ["zabihullah-mujahid"]
    # Each document's own aliases name actors there, and are not written as dataset aliases.
    assert actors("mujahid-admits-technical-problems") == ["zabihullah-mujahid", "taliban"]
    assert actors("is-khorasan-threatens-the-taliban") == ["islamic-state-khorasan", "taliban"]
    written = {alias.casefold() for actor in dataset.actors for alias in actor.aliases}
    assert written.isdisjoint({"his militia", "the group", "the new rulers", "afghans"})


def test_a_documents_alias_is_unknown_in_another(tmp_path):
    seeds = _seeds(tmp_path)
    annotation = seeds / f"{FOLLOW_UP}.toml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(
        text.replace(
            '{ actor = "the new rulers", role = "target" }',
            '{ actor = "his militia", role = "target" }',
        ),
        encoding="utf-8",
    )
    result = build_seeds(seeds, tmp_path / "out.json")
    ((name, problem),) = [(Path(f.path).name, p) for f in result.files for p in f.problems]
    assert name == f"{FOLLOW_UP}.toml"
    assert (problem.code, problem.pointer) == ("unknown-actor", "/events/2/participants/1/actor")
    assert (
        problem.line
        == text.splitlines().index('  { actor = "the new rulers", role = "target" },') + 1
    )
    assert "'his militia' is an alias of the document 'taliban-expect-is-attacks-to-end' only" in (
        problem.message
    )


def test_a_name_two_actors_share_is_reported_where_the_follow_up_uses_it(tmp_path):
    seeds = _seeds(tmp_path)
    index = seeds / "dataset.toml"
    text = index.read_text(encoding="utf-8")
    old = 'aliases = ["the Taliban", "radical Islamic Taliban"]'
    assert text.count(old) == 1
    # The spokesman's name, written in full by the follow-up only, now names his movement too.
    new = 'aliases = ["the Taliban", "radical Islamic Taliban", "Zabihullah Mujahid"]'
    index.write_text(text.replace(old, new), "utf-8")
    result = build_seeds(seeds, tmp_path / "out.json")
    assert result.dataset is None
    ((name, problem),) = [(Path(f.path).name, p) for f in result.files for p in f.problems]
    assert (name, problem.code, problem.pointer) == (
        f"{FOLLOW_UP}.toml",
        "ambiguous-actor",
        "/events/5/participants/0/actor",
    )
    annotation = (seeds / f"{FOLLOW_UP}.toml").read_text(encoding="utf-8").splitlines()
    assert (
        problem.line
        == annotation.index('participants = [{ actor = "Zabihullah Mujahid", role = "speaker" }]')
        + 1
    )
    assert "'Zabihullah Mujahid' names several actors (taliban, zabihullah-mujahid)" in (
        problem.message
    )


def test_a_documents_alias_settles_a_name_two_actors_share(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA / "annotations" / "ambiguous-actor", seeds)
    annotation = seeds / "storm.toml"
    text = annotation.read_text(encoding="utf-8")
    settled = text.replace(
        'published = "2024-03-07"\n',
        'published = "2024-03-07"\naliases = { "the authority" = "harbour-authority" }\n',
    )
    annotation.write_text(settled, encoding="utf-8")
    result = build_seeds(seeds, tmp_path / "out.json")
    assert result.dataset is not None, [p for f in result.files for p in f.problems]
    assert result.dataset.events[0].participants[0].actor == "harbour-authority"
    # One alias spelt twice for two actors is the document's own ambiguity.
    annotation.write_text(
        settled.replace(
            '"the authority" = "harbour-authority" }',
            '"the authority" = "harbour-authority", "The  Authority" = "fishermen" }',
        ),
        encoding="utf-8",
    )
    result = build_seeds(seeds, tmp_path / "out.json")
    ((problem),) = [p for f in result.files for p in f.problems]
    assert (problem.code, problem.pointer, problem.line) == (
        "ambiguous-actor",
        "/document/aliases/The  Authority",
        7,
    )


def test_evidence_follows_the_build_order_of_the_documents(tmp_path):
    """Named to sort first, the follow-up's quotes come first: the order is the files'."""
    seeds = _seeds(tmp_path)
    for suffix in (".toml", ".txt"):
        (seeds / f"{FOLLOW_UP}{suffix}").rename(seeds / f"0-follow-up{suffix}")
    annotation = seeds / "0-follow-up.toml"
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace(f'"{FOLLOW_UP}.txt"', '"0-follow-up.txt"'),
        encoding="utf-8",
    )
    dataset = build(seeds, tmp_path / "out.json")
    bombing = _events(dataset)[BOMBING]
    assert [evidence.source for evidence in bombing.evidence] == [
        "taliban-name-interim-government",
        "taliban-name-interim-government",
        "taliban-expect-is-attacks-to-end",
        "wikipedia-kabul-international-airport",
        "centcom-abbey-gate-investigation-briefing",
    ]
    assert [p.actor for p in bombing.participants] == [
        "afghan-civilians",
        "islamic-state-khorasan",
        "us-armed-forces",
    ]
    assert [event.id for event in dataset.events][: len(NEW_EVENTS)] == sorted(
        NEW_EVENTS,
        key=[
            "is-khorasan-renews-claim-for-kabul-airport-bombing",
            "is-khorasan-threatens-the-taliban",
            "taliban-take-control-of-kabul-airport",
            "mujahid-declares-victory-at-kabul-airport",
        ].index,
    )


def test_an_extension_adds_nothing_twice(tmp_path):
    seeds = _seeds(tmp_path)
    annotation = seeds / f"{FOLLOW_UP}.toml"
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace(
            'participants = [{ actor = "Afghans", role = "victim" }]',
            'participants = [{ actor = "Afghans", role = "victim" }, '
            '{ actor = "US troops", role = "victim" }]\n'
            'relations = [{ type = "follows", event = "taliban-take-power-in-kabul" }]',
        ),
        encoding="utf-8",
    )
    bombing = _events(build(seeds, tmp_path / "out.json"))[BOMBING]
    assert [p.actor for p in bombing.participants] == [
        "islamic-state-khorasan",
        "us-armed-forces",
        "afghan-civilians",
    ]
    assert [(r.type.value, r.event) for r in bombing.relations] == [
        ("follows", "taliban-take-power-in-kabul")
    ]


def test_timeline_build_and_show_through_the_cli(run_cli, tmp_path):
    _seeds(tmp_path)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == ExitCode.VALID, result.stdout + result.stderr
    # The seed's citations are warnings no text can settle, and the only ones.
    *warnings, built = result.stdout.decode().splitlines()
    assert warnings
    for warning in warnings:
        assert warning.startswith(f"seeds/{SEED}.toml:")
        assert warning.endswith("[evidence-unverifiable]")
    committed = timeline.load_default()
    counts = (len(committed.events) + len(NEW_EVENTS), len(committed.actors))
    sources = len(committed.sources) + 1
    assert built == (
        f"built data/afghanistan-2021-seed.json ({counts[0]} events, {counts[1]} actors, "
        f"{sources} sources)"
    )
    output = "data/afghanistan-2021-seed.json"
    strict = ("validate", "--strict", output)
    assert run_cli(*strict, cwd=tmp_path).returncode == ExitCode.INVALID
    allowed = run_cli(*strict, "--allow", "evidence-unverifiable", cwd=tmp_path)
    assert allowed.returncode == ExitCode.VALID, allowed.stdout + allowed.stderr
    shown = run_cli("show", output, "--type", "attack", "--format", "json", cwd=tmp_path)
    assert shown.returncode == ExitCode.VALID, shown.stderr
    listed = json.loads(shown.stdout)
    events = listed["events"] if isinstance(listed, dict) else listed
    assert sorted(event["id"] for event in events) == ["kabul-airport-rocket-attack", BOMBING]
    text = run_cli("show", output, "--type", "attack", cwd=tmp_path).stdout.decode()
    assert text.rstrip().endswith("2 events")
    assert "Afghan civilians (victim)" in text


# --------------------------------------------------------------------------------------------
# Schema 1.1.0: reports, attribution, citations
# --------------------------------------------------------------------------------------------


def _counts(fatalities: timeline.Fatalities | None) -> tuple[object, ...]:
    assert fatalities is not None
    return (
        fatalities.low,
        fatalities.best,
        fatalities.high,
        sorted((s.actor, s.low, s.best, s.high) for s in fatalities.subsets),
    )


def test_both_tolls_are_kept_as_reports_and_the_event_reconciles_them(built):
    dataset, _ = built
    bombing = _events(dataset)[BOMBING]
    published = {source.id: source.published for source in dataset.sources}
    tolls = [report for report in bombing.reports if report.fatalities is not None]
    # The seed article's toll, the investigation's the seed cites, then the follow-up's.
    assert [(r.source, str(reported_date(r, published))) for r in tolls] == [
        ("taliban-expect-is-attacks-to-end", "2021-08-30"),
        ("centcom-abbey-gate-investigation-briefing", "2022-02-04"),
        ("taliban-name-interim-government", "2021-09-07"),
    ]
    assert [_counts(r.fatalities) for r in tolls] == [
        (101, None, None, [("us-armed-forces", None, 13, None)]),
        (
            183,
            None,
            None,
            [("afghan-civilians", 170, None, None), ("us-armed-forces", None, 13, None)],
        ),
        (
            None,
            183,
            None,
            [("afghan-civilians", None, 170, None), ("us-armed-forces", None, 13, None)],
        ),
    ]
    assert [r.fatalities.text for r in tolls] == [
        "more than a hundred people were killed",
        "at least 170 Afghan civilians and 13 US service members",
        "170 Afghans and 13 US service members were killed",
    ]
    # Each report's evidence is of its own source; a quote is found in its document's text.
    texts = {
        "taliban-expect-is-attacks-to-end": (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8"),
        "taliban-name-interim-government": (FOLLOW_UP_FOLDER / f"{FOLLOW_UP}.txt").read_text(
            encoding="utf-8"
        ),
    }
    for report in bombing.reports:
        for evidence in report.evidence:
            assert evidence.source == report.source
            if evidence.has_offsets:
                assert texts[evidence.source][evidence.start : evidence.end] == evidence.quote
    # Neither annotation writes the event's fatalities: the build reconciles them by the one
    # rule. The least lower bound (101) is raised to the actors' subsets added up (170 + 13);
    # the best is the follow-up's, the most recent report that gives one (the investigation
    # gives a lower bound only); the high the greatest upper bound; each actor's subset alike.
    assert _counts(bombing.fatalities) == (
        183,
        183,
        183,
        [("afghan-civilians", 170, 170, 170), ("us-armed-forces", 13, 13, 13)],
    )
    assert _counts(bombing.fatalities) == _counts(reconcile_fatalities(bombing.reports, published))
    # Both documents date it, and agree with the event's date.
    assert [(str(r.date), r.date_text) for r in tolls if r.date is not None] == [
        ("2021-08-26", "on Thursday"),
        ("2021-08-26", "on 26 August"),
    ]
    day = reconcile_date(bombing.reports)
    assert (day.earliest, day.latest) == (bombing.date.earliest, bombing.date.latest)


def test_the_claimed_perpetrators_carry_their_attribution_and_claim(built):
    dataset, _ = built
    events = _events(dataset)
    perpetrators = {
        event_id: [
            (p.actor, p.attribution, p.claim)
            for p in events[event_id].participants
            if p.role is timeline.Role.PERPETRATOR
        ]
        for event_id in (BOMBING, "kabul-airport-rocket-attack")
    }
    claimed = timeline.Responsibility.CLAIMED
    assert perpetrators == {
        BOMBING: [("islamic-state-khorasan", claimed, "kabul-airport-suicide-bombing-claim")],
        "kabul-airport-rocket-attack": [
            ("islamic-state-khorasan", claimed, "kabul-airport-rocket-attack-claim")
        ],
    }
    # The follow-up reports who did it, named by its own alias ("the group").
    (named,) = [r for r in events[BOMBING].reports if r.perpetrators]
    assert named.source == "taliban-name-interim-government"
    assert [(p.actor, p.attribution) for p in named.perpetrators] == [
        ("islamic-state-khorasan", claimed)
    ]
    # The seed article has the IS vow from SITE: "according to" is the evidence's attribution.
    (vow,) = events["is-vows-to-continue-fighting"].evidence
    assert vow.attribution == timeline.Attribution(actor="site-intelligence-group")


def test_a_citation_only_source_dates_the_agreement(built):
    dataset, _ = built
    agreement = _events(dataset)["us-taliban-agreement"]
    (source,) = [source for source in dataset.sources if source.id == "qatar-mofa-doha-agreement"]
    assert (source.path, str(source.published)) == (None, "2020-02-29")
    quoted, place = agreement.evidence
    assert (quoted.source, quoted.has_offsets) == ("taliban-expect-is-attacks-to-end", True)
    # The place, Doha, which the article does not name: a citation of the same source.
    assert (place.source, place.has_offsets) == ("qatar-mofa-doha-agreement", False)
    # The article's "in February 2020" and the cited agreement's day are each a report; the
    # event's date is where they agree, and says which source gives it.
    article, cited = agreement.reports
    assert (article.source, str(article.date), article.date_text) == (
        "taliban-expect-is-attacks-to-end",
        "2020-02",
        "in February 2020",
    )
    (citation,) = cited.evidence
    assert (cited.source, str(cited.date)) == ("qatar-mofa-doha-agreement", "2020-02-29")
    assert (citation.locator, citation.has_offsets) == ("para. 1", False)
    assert str(agreement.date) == "2020-02-29"
    assert (agreement.date_basis, agreement.date_source) == (
        timeline.DateBasis.SOURCE,
        "qatar-mofa-doha-agreement",
    )


def test_timeline_event_shows_the_reports_and_the_reconciled_toll(run_cli, tmp_path):
    _seeds(tmp_path)
    assert run_cli("build", cwd=tmp_path).returncode == ExitCode.VALID
    output = "data/afghanistan-2021-seed.json"
    shown = run_cli("event", "--format", "json", BOMBING, output, cwd=tmp_path)
    assert shown.returncode == ExitCode.VALID, shown.stderr
    record = json.loads(shown.stdout)["record"]
    assert {k: record["fatalities"][k] for k in ("low", "best", "high")} == {
        "low": 183,
        "best": 183,
        "high": 183,
    }
    assert [
        (r["source"], r["fatalities"].get("low"), r["fatalities"].get("best"))
        for r in record["reports"]
        if "fatalities" in r
    ] == [
        ("taliban-expect-is-attacks-to-end", 101, None),
        ("centcom-abbey-gate-investigation-briefing", 183, None),
        ("taliban-name-interim-government", None, 183),
    ]
    assert record["participants"][0] == {
        "actor": "islamic-state-khorasan",
        "role": "perpetrator",
        "attribution": "claimed",
        "claim": "kabul-airport-suicide-bombing-claim",
    }
    text = run_cli("event", BOMBING, output, cwd=tmp_path).stdout.decode()
    history = text[text.index("Reports (") : text.index("Reconciled (timeline.reconcile)")]
    assert "at least 101 (“more than a hundred people were killed”)" in history
    assert "183 (“170 Afghans and 13 US service members were killed”)" in history
    assert history.index("2021-08-30  ") < history.index("2021-09-07  ")
    reconciled = text[text.index("Reconciled (timeline.reconcile)") :]
    assert reconciled.splitlines()[1].split() == ["fatalities", "183"]
    assert "of them Afghan civilians: 170" in reconciled


def _edit(seeds: Path, name: str, old: str, new: str) -> str:
    annotation = seeds / f"{name}.toml"
    text = annotation.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    annotation.write_text(changed, encoding="utf-8")
    return changed


def _errors(result) -> list[tuple[str, object]]:
    """The errors of a build (the citation of the agreement is a warning of every build)."""
    return [(Path(f.path).name, p) for f in result.files for p in f.problems if p.is_error]


def test_a_curators_toll_that_differs_from_the_reports_is_a_mismatch_at_its_line(tmp_path):
    seeds = _seeds(tmp_path)
    changed = _edit(
        seeds,
        SEED,
        'status = "occurred"\nquotes = [\n  "the devastating',
        "fatalities = { low = 101, best = 183 }\n"
        'status = "occurred"\nquotes = [\n  "the devastating',
    )
    result = build_seeds(seeds, tmp_path / "out.json")
    assert result.dataset is None
    ((name, problem),) = _errors(result)
    assert (name, problem.code, problem.pointer) == (
        f"{SEED}.toml",
        "report-mismatch",
        "/events/0/fatalities",
    )
    assert problem.line == changed.splitlines().index("fatalities = { low = 101, best = 183 }") + 1
    assert "170" in problem.message  # the reconciled low


def test_the_curators_toll_when_it_is_the_reconciled_one_is_kept(tmp_path):
    seeds = _seeds(tmp_path)
    _edit(
        seeds,
        SEED,
        'status = "occurred"\nquotes = [\n  "the devastating',
        'fatalities = { low = 183, best = 183, high = 183, text = "183 in all", subsets = [\n'
        '  { actor = "afghan-civilians", best = 170, low = 170, high = 170 },\n'
        '  { actor = "US army", best = 13, low = 13, high = 13 },\n] }\n'
        'status = "occurred"\nquotes = [\n  "the devastating',
    )
    bombing = _events(build(seeds, tmp_path / "out.json"))[BOMBING]
    assert bombing.fatalities.text == "183 in all"
    assert (bombing.fatalities.low, bombing.fatalities.best) == (183, 183)


def test_an_undated_event_takes_the_date_its_reports_agree_on(tmp_path):
    seeds = _seeds(tmp_path)
    _edit(
        seeds,
        SEED,
        'date = "on Thursday"\n# The airport',
        "# no date: its reports give it\n# The airport",
    )
    bombing = _events(build(seeds, tmp_path / "out.json"))[BOMBING]
    assert (str(bombing.date), bombing.date_text, bombing.date_basis) == ("2021-08-26", None, None)
    # Reports whose dates share no day cannot date it: the later one is the conflict.
    changed = _edit(seeds, FOLLOW_UP, 'date = "on 26 August"', 'date = "on 27 August"')
    result = build_seeds(seeds, tmp_path / "out.json")
    ((name, problem),) = _errors(result)
    assert (name, problem.code, problem.pointer) == (
        f"{FOLLOW_UP}.toml",
        "report-dates-conflict",
        "/events/0/reports/0/date",
    )
    assert problem.line == changed.splitlines().index('date = "on 27 August"') + 1
    assert f"{SEED}.toml:" in problem.message


def test_a_reports_source_is_its_citations_and_its_phrase_resolves_against_reported(tmp_path):
    seeds = _seeds(tmp_path)
    _edit(
        seeds,
        FOLLOW_UP,
        "# Who did it, as this report says",
        "[[events.reports]]\n"
        'date = "on Thursday"\n'
        'reported = "2021-08-27"\n'
        'evidence = [{ source = "qatar-mofa-doha-agreement", locator = "p. 1", '
        'note = "invented" }]\n'
        "\n# Who did it, as this report says",
    )
    (cited,) = [
        r for r in _events(build(seeds, tmp_path / "out.json"))[BOMBING].reports if r.reported
    ]
    # Only citations: the report is the cited source's; "on Thursday" is the Thursday on or
    # before the day it was reported, not before the document's publication.
    assert (cited.source, str(cited.reported), str(cited.date), cited.date_text) == (
        "qatar-mofa-doha-agreement",
        "2021-08-27",
        "2021-08-26",
        "on Thursday",
    )


def test_reports_whose_dates_conflict_are_found_by_the_build_at_both_lines(run_cli, tmp_path):
    """Whatever the event's own date, two reports that share no day are one problem, at the
    later report's date, naming the other report's file and line (not a dataset pointer)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "dataset.toml").write_text(
        '[dataset]\nid = "harbour"\ntitle = "Harbour"\nversion = "1.0.0"\n'
        'license = "CC0-1.0"\n\n[[actors]]\nid = "storm"\nname = "The storm"\n'
        'kind = "other"\n',
        encoding="utf-8",
    )
    documents = {
        "a-first": (
            "The storm hit the harbour on Tuesday.",
            '[[events]]\nid = "storm-hits-harbour"\ntype = "announcement"\ntitle = "Storm"\n'
            'date = "2024-03-05"\nstatus = "occurred"\n'
            'quotes = ["The storm hit the harbour on Tuesday."]\n\n'
            '[[events.reports]]\ndate = "on Tuesday"\n'
            'quotes = ["The storm hit the harbour on Tuesday."]\n',
        ),
        "b-second": (
            "The storm of Wednesday wrecked the pier.",
            '[[events]]\nextends = "storm-hits-harbour"\n\n'
            '[[events.reports]]\ndate = "on Wednesday"\n'
            'quotes = ["The storm of Wednesday wrecked the pier."]\n',
        ),
    }
    for k, (name, (text, events)) in enumerate(documents.items()):
        (seeds / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (seeds / f"{name}.toml").write_text(
            f'[document]\nid = "{name}"\ntext = "{name}.txt"\ntitle = "{name}"\n'
            f'language = "en"\npublished = "2024-03-0{7 + k}"\n\n{events}',
            encoding="utf-8",
        )

    def line(name: str, written: str) -> int:
        text = (seeds / f"{name}.toml").read_text(encoding="utf-8")
        return text.splitlines().index(written) + 1

    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == ExitCode.INVALID
    out = result.stdout.decode() + result.stderr.decode()
    (problem,) = [line for line in out.splitlines() if "[report-dates-conflict]" in line] or [out]
    later = line("b-second", 'date = "on Wednesday"')
    assert problem.startswith(f"seeds/b-second.toml:{later}:/events/0/reports/0/date: "), out
    earlier = line("a-first", 'date = "on Tuesday"')
    assert f"the report at seeds/a-first.toml:{earlier} (2024-03-05)" in problem, out
    assert out.count("report-dates-conflict") == 1, out
    assert "report-mismatch" not in out, out


def test_an_event_with_reports_is_built_once(tmp_path, monkeypatch):
    """The build validates what it built: an event with reports is built once to reconcile
    them, and that record is the one the validation keeps (not built a second time)."""
    from timeline.reading import _trusted_builder, validation

    built: list[str] = []

    def structure(conv, value, cls, at):
        if cls is timeline.Event:
            built.append(value["id"])
        return structure_or_problems(conv, value, cls, at)

    def event_document(self, data):
        built.append(data["id"])
        return event_document_of(self, data)

    structure_or_problems = validation.structure_or_problems
    event_document_of = _trusted_builder.TrustedBuilder.event_document
    monkeypatch.setattr(validation, "structure_or_problems", structure)
    monkeypatch.setattr(_trusted_builder.TrustedBuilder, "event_document", event_document)
    result = build_seeds(_seeds(tmp_path), tmp_path / "data" / "dataset.json")
    assert result.dataset is not None
    assert sorted(built) == sorted(event.id for event in result.dataset.events)
    assert any(event.reports for event in result.dataset.events)
    # The kept record is the one the rules checked: the dataset the validation gives is the
    # dataset the build made.
    _, valid = validation.check(unstructure(result.dataset), base_dir=tmp_path / "data")
    assert valid == result.dataset
