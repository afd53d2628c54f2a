"""The order a reader expects and ranges by the derived bounds, through the `timeline` command
on the seed dataset: `show`, `show --from/--to [--possible]`, `actor`, `event` and the exports
in one order."""

from __future__ import annotations

import csv
import io
import json

from timeline.reading.result import ExitCode

AGREEMENT = "us-taliban-agreement"
TAKEOVER = "taliban-take-power-in-kabul"
VOW = "is-vows-to-continue-fighting"
BOMBING = "kabul-airport-suicide-bombing"


def _show_ids(run_cli, *args: str) -> list[tuple[str, str | None]]:
    result = run_cli("show", *args, "--format", "json")
    assert result.returncode == ExitCode.VALID, result.stderr
    return [(e["id"], e.get("in_range")) for e in json.loads(result.stdout)["events"]]


def test_show_lists_the_agreement_first_and_the_takeover_before_the_vow_that_follows_it(run_cli):
    result = run_cli("show")
    assert result.returncode == ExitCode.VALID, result.stderr
    rows = [line for line in result.stdout.decode().splitlines() if line[:1].isalnum()]
    assert rows[0].startswith("DATE")
    assert "conclude an agreement" in rows[1]
    titles = [row.split(maxsplit=2)[-1] for row in rows[1:-1]]
    takeover = next(i for i, t in enumerate(titles) if "come to power in Kabul" in t)
    vow = next(i for i, t in enumerate(titles) if "vows to continue the fight" in t)
    assert takeover < vow
    ids = [event_id for event_id, _ in _show_ids(run_cli)]
    assert ids[0] == AGREEMENT
    assert ids.index(TAKEOVER) < ids.index(VOW)
    # A statement placed by what it responds to comes after it, on the same day.
    assert ids.index("kabul-airport-rocket-attack") < ids.index("taliban-threaten-countermeasures")


def test_a_range_long_before_the_events_prints_none(run_cli):
    result = run_cli("show", "--from", "1995", "--to", "1995")
    assert result.returncode == ExitCode.VALID, result.stderr
    out = result.stdout.decode()
    assert out.splitlines() == ["0 events"]  # no header over an empty table
    assert "Kabul" not in out
    assert _show_ids(run_cli, "--from", "1995", "--to", "1995") == []


def test_a_day_lists_the_events_certainly_on_it_and_the_possible_only_when_asked(run_cli):
    assert _show_ids(run_cli, "--from", "2021-08-26", "--to", "2021-08-26") == [
        (BOMBING, "certain")
    ]
    possible = _show_ids(run_cli, "--from", "2021-08-26", "--to", "2021-08-26", "--possible")
    assert (BOMBING, "certain") in possible
    others = {event_id for event_id, in_range in possible if event_id != BOMBING}
    assert {in_range for event_id, in_range in possible if event_id in others} == {"possible"}
    assert {"kabul-airport-suicide-bombing-claim", VOW, "mujahid-admits-technical-problems"} <= (
        others
    )
    # The derived bounds close these open starts at 30 August: never possibly on the 26th.
    assert "taliban-threaten-countermeasures" not in others
    assert TAKEOVER not in others
    text = run_cli("show", "--from", "2021-08-26", "--to", "2021-08-26", "--possible")
    lines = text.stdout.decode().splitlines()
    claim = next(line for line in lines if "claims the suicide bombing" in line)
    assert claim.startswith("2021-08-26 to 2021-08-30 (?)")
    bombing = next(line for line in lines if "Suicide bombing at Kabul airport" in line)
    assert "(?)" not in bombing
    assert any(line.startswith("(?) only possibly in the range") for line in lines)


def test_possible_without_a_range_is_a_usage_error(run_cli):
    result = run_cli("show", "--possible")
    assert result.returncode == ExitCode.USAGE
    assert b"--possible applies to a range" in result.stderr


def test_an_actors_first_event_is_dated_by_what_the_bounds_know(run_cli):
    result = run_cli("actor", "Zabihullah Mujahid")
    assert result.returncode == ExitCode.VALID, result.stderr
    summary = next(line for line in result.stdout.decode().splitlines() if "the first" in line)
    # His statements on the new government follow the Taliban's coming to power (15 August);
    # those placed on the report's day by the attacks they respond to come last.
    assert "the first dated 2021-08-15 to 2021-08-30, the last 2021-08-30" in summary
    data = json.loads(run_cli("actor", "Zabihullah Mujahid", "--format", "json").stdout)
    assert data["summary"]["first"] == data["events"][0]["id"]
    first, last = data["events"][0], data["events"][-1]
    assert (first["derived_earliest"], first["derived_latest"]) == ("2021-08-15", "2021-08-30")
    assert first["derived_earliest_basis"] == f"relation:follows:{TAKEOVER}"
    assert last["derived_earliest"] == "2021-08-30"
    assert last["derived_earliest_basis"].startswith("relation:")


def test_an_event_after_the_one_whose_day_it_takes(run_cli):
    ids = [event_id for event_id, _ in _show_ids(run_cli)]
    # The admission refers to the consultations, which follow the takeover: all three start
    # on 15 August, in the order their starts were carried along the relations.
    consultations = ids.index("taliban-government-consultations")
    assert ids.index(TAKEOVER) < consultations < ids.index("mujahid-admits-technical-problems")


def test_show_json_carries_the_derived_bounds_and_their_codes(run_cli):
    result = run_cli("show", "--format", "json")
    by_id = {e["id"]: e for e in json.loads(result.stdout)["events"]}
    threat = by_id["taliban-threaten-countermeasures"]
    assert threat["date"] == "../2021-08-30"
    assert threat["date_earliest"] is None
    assert threat["derived_earliest"] == threat["derived_latest"] == "2021-08-30"
    assert threat["derived_earliest_basis"] == "relation:responds_to:kabul-airport-rocket-attack"
    assert threat["derived_latest_basis"] == "date"
    assert (threat["time_precision"], threat["date_prec"]) == (1, 1)
    admission = by_id["mujahid-admits-technical-problems"]
    assert admission["date"] == "../2021-08-30"
    assert (admission["derived_earliest"], admission["derived_latest"]) == (
        "2021-08-15",
        "2021-08-30",
    )
    assert admission["derived_earliest_basis"] == (
        "relation:refers_to:taliban-government-consultations"
    )
    assert (admission["time_precision"], admission["date_prec"]) == (3, 4)
    open_end = by_id["foreign-troop-withdrawal"]
    assert (open_end["derived_earliest"], open_end["derived_latest"]) == ("2021-08-30", None)
    assert (open_end["time_precision"], open_end["date_prec"]) == (None, None)


def test_event_shows_the_derived_bounds_with_their_basis_in_words(run_cli):
    result = run_cli("event", "taliban-threaten-countermeasures")
    assert result.returncode == ExitCode.VALID, result.stderr
    lines = result.stdout.decode().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  derived "))
    assert lines[at].split() == ["derived", "2021-08-30"]
    assert lines[at + 1].strip() == (
        "earliest 2021-08-30: it responds to Rocket attack on Kabul airport "
        "(kabul-airport-rocket-attack): a response comes on or after what it responds to"
    )
    assert lines[at + 2].strip() == "latest 2021-08-30: its own date"
    attack = run_cli("event", "kabul-airport-rocket-attack").stdout.decode()
    assert "its own date" in attack


def test_every_export_and_the_cli_share_one_order(run_cli):
    order = [event_id for event_id, _ in _show_ids(run_cli)]
    jsonl = run_cli("export", "--to", "jsonl").stdout.decode()
    assert [json.loads(line)["id"] for line in jsonl.splitlines()] == order
    table = list(csv.reader(io.StringIO(run_cli("export", "--to", "csv").stdout.decode())))
    assert [row[0] for row in table[1:]] == order
    header = table[0]
    assert header[-4:] == [
        "derived_earliest",
        "derived_latest",
        "derived_earliest_basis",
        "derived_latest_basis",
    ]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in table[1:]}
    assert rows["taliban-threaten-countermeasures"]["derived_earliest"] == "2021-08-30"
    assert rows["foreign-troop-withdrawal"]["derived_latest"] == ""
    slides = json.loads(run_cli("export", "--to", "timelinejs").stdout)["events"]
    assert [slide["unique_id"] for slide in slides] == order
    # TimelineJS sorts by start date: its starts follow the order.
    starts = [(s["start_date"]["year"], s["start_date"].get("month", 1)) for s in slides]
    assert starts == sorted(starts)
    features = json.loads(run_cli("export", "--to", "geojson").stdout)["features"]
    located = [feature["id"] for feature in features]
    assert located == [event_id for event_id in order if event_id in located]
    assert all("derived_latest_basis" in feature["properties"] for feature in features)


def test_an_end_not_known_has_no_basis(run_cli):
    events = json.loads(run_cli("show", "--format", "json").stdout)["events"]
    for event in events:
        for end in ("earliest", "latest"):
            known = event[f"derived_{end}"] is not None
            assert (event[f"derived_{end}_basis"] is not None) == known, event["id"]
    assert any(event["derived_latest"] is None for event in events)


def test_show_gives_the_narrowed_date_where_a_row_stands_by_it(run_cli):
    lines = run_cli("show").stdout.decode().splitlines()
    at = next(i for i, line in enumerate(lines) if "The Taliban threaten tough" in line)
    assert lines[at].startswith("2021-08-30 *")
    assert lines[at + 1].startswith("stated by 2021-08-30")
    assert any(line.startswith("* the date narrowed by the event's relations") for line in lines)
    # A row whose own date places it shows that date, unmarked.
    bombing = next(line for line in lines if "Suicide bombing at Kabul airport" in line)
    assert bombing.startswith("2021-08-26 ")
    assert " * " not in bombing[:29]


def test_event_says_each_relation_as_a_sentence_and_when_it_bounds_no_date(run_cli):
    lines = run_cli("event", "taliban-government-consultations").stdout.decode().splitlines()
    related = lines[lines.index("Related events") + 1 :]
    assert related[0].startswith("  it is part of: Announcement of the new Taliban government")
    assert related[0].endswith("; it is planned, so the relation bounds no date yet")
    assert related[1].startswith(
        f"  it follows: The Taliban come to power in Kabul (2021-08-15, {TAKEOVER})"
    )
    assert related[1].endswith(")")  # the takeover happened: the relation bounds the date
    incoming = run_cli("event", "taliban-government-announcement").stdout.decode()
    assert "is part of it: The Taliban's consultations" in incoming
    assert "; this event is planned, so the relation bounds no date yet" in incoming


def test_every_relation_type_has_a_verb_the_views_use():
    from timeline.model import RelationType
    from timeline.temporal import RELATION_RULES

    verbs = {kind: RELATION_RULES[kind].verb for kind in RelationType}
    assert len(set(verbs.values())) == len(verbs)
    for kind, verb in verbs.items():
        # the verb says the relation: its words, an "is" before a bare preposition
        assert verb.replace("is ", "").replace(" ", "_") == kind.value


def test_the_type_column_stands_where_its_header_is_whatever_the_marks(run_cli):
    for args in ((), ("--from", "2021-08-26", "--to", "2021-08-26", "--possible")):
        lines = run_cli("show", *args).stdout.decode().splitlines()
        column = lines[0].index("TYPE")
        rows = [line for line in lines[2:-1] if line[:1].isdigit() or line.startswith("by ")]
        assert lines[-1].endswith(" events")
        assert any(" * (?)" in row for row in rows) == bool(args)
        for row in rows:
            assert row[column - 1] == " ", row
            assert row[column] != " ", row
