"""``timeline show``, ``timeline actors`` and ``timeline actor`` through the real entry point."""

from __future__ import annotations

import json

from tests.conftest import DATA
from timeline.reading.result import ExitCode


def test_show_prints_the_seed_timeline_in_order(run_cli):
    result = run_cli("show")
    assert result.returncode == ExitCode.VALID
    out = result.stdout.decode()
    assert b"\x1b[" not in result.stdout  # plain text when piped
    agreement = out.index("The Taliban and the United States conclude an agreement")
    bombing = out.index("Suicide bombing at Kabul airport")
    entry = out.index("The Taliban come to power in Kabul")
    rockets = out.index("Rocket attack on Kabul airport")
    assert agreement < entry < bombing < rockets
    assert "2020-02-29 " in out  # the day a cited source gives, not the article's month
    assert "by 2021-08-30" in out
    assert "Islamic State – Khorasan Province (perpetrator)" in out
    assert out.rstrip().endswith("15 events")


def test_show_a_range_marks_the_possible_events(run_cli):
    result = run_cli("show", "--from", "2020-02-15", "--to", "2020-03-15", "--possible")
    out = result.stdout.decode()
    assert result.returncode == ExitCode.VALID
    lines = out.splitlines()
    agreement = next(line for line in lines if "agreement on the withdrawal" in line)
    assert agreement.startswith("2020-02-29 ")
    assert "(?)" not in agreement
    criticism = next(line for line in lines if "criticises the Taliban's agreement" in line)
    assert criticism.startswith("2020-02-29 to 2021-08-30 (?)")
    assert "Suicide bombing" not in out


def test_show_json_carries_the_date_bounds(run_cli):
    result = run_cli("show", "--type", "attack", "--format", "json")
    events = json.loads(result.stdout)["events"]
    assert [e["id"] for e in events] == [
        "kabul-airport-suicide-bombing",
        "kabul-airport-rocket-attack",
    ]
    bombing = events[0]
    assert (bombing["date"], bombing["date_earliest"], bombing["date_latest"]) == (
        "2021-08-26",
        "2021-08-26",
        "2021-08-26",
    )
    assert bombing["date_precision"] == "day"
    # The day of the rocket attack: where the article's "by 2021-08-30" and a cited source's
    # 2021-08-30 agree.
    assert (events[1]["date_earliest"], events[1]["date_latest"]) == ("2021-08-30", "2021-08-30")


def test_show_an_actor_includes_its_parts(run_cli):
    out = run_cli("show", "--actor", "ISIS", "--type", "attack").stdout.decode()
    assert "Suicide bombing at Kabul airport" in out
    assert "Rocket attack on Kabul airport" in out


def test_actors_lists_counts(run_cli):
    result = run_cli("actors")
    lines = result.stdout.decode().splitlines()
    assert result.returncode == ExitCode.VALID
    taliban = next(line for line in lines if " taliban " in line)
    assert taliban.split()[0] == "9"
    counts = json.loads(run_cli("actors", "--format", "json").stdout)["actors"]
    assert {a["id"]: a["events"] for a in counts}["islamic-state-khorasan"] == 4
    # ALL counts what `timeline actor ID` lists: its parts' and members' events too.
    header = lines[0].split()
    assert header[:2] == ["EVENTS", "ALL"]
    for actor in counts:
        listed = json.loads(run_cli("actor", actor["id"], "--format", "json").stdout)["events"]
        assert actor["events_with_parts_and_members"] == len(listed), actor["id"]
        row = next(line for line in lines if f" {actor['id']} " in line)
        assert row.split()[:2] == [str(actor["events"]), str(len(listed))]
    assert {a["id"]: a["events_with_parts_and_members"] for a in counts}["islamic-state"] == 8


def test_actor_prints_its_timeline_with_roles(run_cli):
    result = run_cli("actor", "Taliban")
    out = result.stdout.decode()
    assert result.returncode == ExitCode.VALID
    assert out.startswith("Taliban (armed_group, id taliban)")
    assert "speaker (through Zabihullah Mujahid)" in out
    assert "The Taliban threaten tough countermeasures" in out
    exact = run_cli("actor", "taliban", "--exact").stdout.decode()
    assert "through Zabihullah Mujahid" not in exact


def test_actor_json(run_cli):
    document = json.loads(run_cli("actor", "IS-Khorosan", "--format", "json").stdout)
    assert document["actor"]["id"] == "islamic-state-khorasan"
    assert document["summary"]["by_role"] == {"claimant": 2, "perpetrator": 2}


def test_an_unknown_actor_names_the_closest_without_a_traceback(run_cli):
    result = run_cli("actor", "Talibn")
    assert result.returncode == ExitCode.USAGE
    assert b"no actor is named 'Talibn'" in result.stderr
    assert b"the closest: Taliban" in result.stderr
    assert b"Traceback" not in result.stderr
    show = run_cli("show", "--actor", "Talibn")
    assert show.returncode == ExitCode.USAGE
    assert b"the closest: Taliban" in show.stderr


def test_views_of_a_given_file_and_of_bad_files(run_cli, tmp_path):
    minimal = DATA / "valid" / "minimal.json"
    assert b"The group claims the bombing" in run_cli("show", str(minimal)).stdout
    broken = run_cli("show", str(DATA / "invalid" / "dangling-source" / "dataset.json"))
    assert broken.returncode == ExitCode.INVALID
    assert b"[unknown-source]" in broken.stderr
    assert b"Traceback" not in broken.stderr
    missing = run_cli("actors", str(tmp_path / "nope.json"))
    assert missing.returncode == ExitCode.USAGE
    assert b"cannot read" in missing.stderr
    bad_date = run_cli("show", "--from", "2021-02-30")
    assert bad_date.returncode == ExitCode.USAGE
    assert b"is not a day, month or year" in bad_date.stderr


def test_event_prints_one_event_with_its_evidence_and_relations(run_cli):
    result = run_cli("event", "kabul-airport-suicide-bombing")
    assert result.returncode == ExitCode.VALID
    out = result.stdout.decode()
    assert out.startswith("Suicide bombing at Kabul airport\n")
    assert "2021-08-26 (from “on Thursday”)" in out
    assert "at least 101 (“more than a hundred people were killed”)" in out
    assert "of them United States Armed Forces: 13" in out
    evidence = out[out.index("\nEvidence\n") :]
    assert "taliban-expect-is-attacks-to-end, 2021-08-30)" in evidence
    assert "“the devastating suicide attack at Kabul airport on Thursday" in evidence
    assert "claims responsibility for it: IS-Khorasan claims the suicide bombing" in out


def test_event_json_carries_the_record_and_both_directions_of_relations(run_cli):
    result = run_cli("event", "kabul-airport-suicide-bombing-claim", "--format", "json")
    assert result.returncode == ExitCode.VALID
    event = json.loads(result.stdout)
    assert event["record"]["relations"] == [
        {"type": "claims_responsibility_for", "event": "kabul-airport-suicide-bombing"}
    ]
    assert event["related_from"] == [
        {"type": "claims_responsibility_for", "event": "kabul-airport-suicide-bombing"}
    ]
    assert event["date_earliest"] == "2021-08-26"


def test_an_unknown_event_names_the_closest_without_a_traceback(run_cli):
    result = run_cli("event", "kabul-airport-bombng")
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.startswith("timeline event: no event has id 'kabul-airport-bombng'")
    assert "kabul-airport-suicide-bombing" in err
    assert "Traceback" not in err


COMPLETE = DATA / "valid" / "complete.json"


def test_event_prints_the_history_of_its_reports_and_the_reconciled_values(run_cli):
    result = run_cli("event", "kabul-airport-bombing", str(COMPLETE))
    assert result.returncode == ExitCode.VALID
    out = result.stdout.decode()
    # The date's basis, the perpetrator's attribution and the claim that claims it.
    assert "taken from another source: A wire report without a stored text (wire)" in out
    participants = out[out.index("\nParticipants\n") : out.index("\nFatalities\n")]
    assert (
        "Islamic State – Khorasan Province (perpetrator, claimed; "
        "claim: kabul-airport-bombing-claim)" in participants
    )
    # Evidence: the quote with its offsets, the citation marked, the attribution shown.
    evidence = out[out.index("\nEvidence\n") : out.index("\nReports")]
    assert "“A suicide bomber struck the airport gate” [18:58]" in evidence
    assert (
        "para. 2: the wire gives 183 dead, 13 of them US service members “plus de cent morts” "
        "(according to the group's own statement) (not verified against a text)" in evidence
    )
    # The reports in order of report: the wire (published 2021-08, no date of report of its
    # own) before the article's report of 2021-08-28, though the dataset lists it second.
    reports = out[out.index("\nReports (2, in order of report)\n") : out.index("\nRelated")]
    wire = reports.index("  2021-08  A wire report without a stored text (wire, 2021-08)")
    article = reports.index(
        "  2021-08-28  Attack at the airport (Example News, report, 2021-08-28)"
    )
    assert wire < article
    assert "fatalities   183\n" in reports[wire:article]
    said = reports[article:]
    assert "date         2021-08-26 (from “26 August”)" in said
    assert "fatalities   at least 101 (“more than a hundred people were killed”)" in said
    assert "of them United States Armed Forces: 13 (“among them 13 US service members”)" in said
    assert "perpetrators Islamic State – Khorasan Province (claimed)" in said
    assert "evidence     “A suicide bomber struck the airport gate” [18:58]" in said
    reconciled = reports[reports.index("  Reconciled (timeline.reconcile)") :]
    assert "fatalities   101 to 183, best 183" in reconciled
    assert "rule: low the least lower bound, raised to the actors" in reconciled
    assert "date         2021-08-26\n                 rule: the intersection" in reconciled
    assert "perpetrators Islamic State – Khorasan Province\n" in reconciled


def test_event_without_reports_has_no_reports_section(run_cli):
    out = run_cli("event", "kabul-airport-bombing-claim", str(COMPLETE)).stdout.decode()
    assert "\nReports" not in out
    assert "\nEvidence\n" in out


def test_event_json_carries_the_reports_and_the_reconciled_values(run_cli):
    result = run_cli("event", "kabul-airport-bombing", str(COMPLETE), "--format", "json")
    assert result.returncode == ExitCode.VALID
    event = json.loads(result.stdout)
    assert (event["date_basis"], event["date_source"]) == ("source", "wire")
    assert event["participants"][0]["attribution"] == "claimed"
    assert event["participants"][0]["claim"] == "kabul-airport-bombing-claim"
    quote, citation = event["evidence"]
    assert quote["verified"] is True
    assert citation["verified"] is False
    assert (citation["locator"], citation["according_to"]) == (
        "para. 2",
        "according to the group's own statement",
    )
    wire, article = event["reports"]
    assert (wire["source"], wire["reported"], wire["source_title"]) == (
        "wire",
        "2021-08",
        "A wire report without a stored text",
    )
    assert (article["reported"], article["source_publisher"]) == ("2021-08-28", "Example News")
    assert (article["date_start"], article["date_end"]) == ("2021-08-26", "2021-08-26")
    assert article["fatalities"]["low"] == 101
    assert article["perpetrators"] == [
        {
            "actor": "is-khorasan",
            "name": "Islamic State – Khorasan Province",
            "attribution": "claimed",
        }
    ]
    reconciled = event["reconciled"]
    assert (reconciled["fatalities"]["low"], reconciled["fatalities"]["best"]) == (101, 183)
    assert reconciled["date"] == {"earliest": "2021-08-26", "latest": "2021-08-26"}
    assert reconciled["perpetrators"] == ["is-khorasan"]
    assert reconciled["status"] == "occurred"  # the status one report gives
    assert set(reconciled["rules"]) == {"fatalities", "date", "perpetrators", "status"}
    assert event["record"]["reports"][0]["source"] == "report"  # the dataset's own order
    claim = json.loads(
        run_cli("event", "kabul-airport-bombing-claim", str(COMPLETE), "--format", "json").stdout
    )
    assert (claim["reports"], claim["reconciled"]) == ([], None)


def test_show_an_actor_lists_each_event_once(run_cli):
    """An event where the actor and one of its members both take part is one row, not two."""
    out = run_cli("show", "--actor", "taliban").stdout.decode()
    rows = [line for line in out.splitlines()[2::3] if line.strip()]
    titles = [row[54:] for row in rows]  # after the date (28) and type (24) columns
    assert "The Taliban spokesman admits technical problems in forming the government" in titles
    assert len(titles) == len(set(titles))
