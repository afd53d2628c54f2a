"""Exports to JSON Lines, CSV, GeoJSON and TimelineJS, and ``timeline export`` through the CLI."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import DATA
from tests.strategies import datasets
from timeline import Timeline, load, load_default
from timeline.convert import converter
from timeline.dates import parse_edtf
from timeline.model import Attribution, Dataset, EventType, Responsibility
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports.csv import COLUMNS
from timeline.publishing.exports.timelinejs import GROUPS, group_label
from timeline.reading.result import ExitCode

MINIMAL = DATA / "valid" / "minimal.json"
AWKWARD_TITLE = 'The "group", it says,\nclaims the bombing'


@pytest.fixture(scope="module", params=["seed", "minimal"])
def dataset(request):
    return load_default() if request.param == "seed" else load(MINIMAL)


@pytest.fixture(scope="module")
def awkward():
    """The minimal dataset with a title holding a double quote, commas and a line break."""
    minimal = load(MINIMAL)
    events = tuple(
        attrs.evolve(e, title=AWKWARD_TITLE) if e.id == "kabul-airport-bombing-claim" else e
        for e in minimal.events
    )
    return attrs.evolve(minimal, events=events)


def _order(dataset):
    return [event.id for event in Timeline(dataset)]


def _csv_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_registry_names_every_format():
    assert sorted(FORMATS) == ["csv", "geojson", "html", "jsonl", "timelinejs"]
    for name, exporter in FORMATS.items():
        assert exporter.name == name
        assert exporter.suffix == (".json" if name == "timelinejs" else f".{name}")
        assert exporter.media_type


@pytest.mark.parametrize("name", ["jsonl", "csv", "geojson", "timelinejs"])
def test_two_renders_give_the_same_bytes(dataset, name):
    assert FORMATS[name].render(dataset) == FORMATS[name].render(dataset)


def test_jsonl_one_event_a_line_in_chronological_order(dataset):
    data = FORMATS["jsonl"].render(dataset)
    text = data.decode("utf-8")
    assert text.endswith("\n")
    assert "\r" not in text
    lines = text.split("\n")[:-1]
    assert all(line == line.rstrip() for line in lines)
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == _order(dataset)
    assert len(records) == len(dataset.events)


def test_jsonl_fields_of_the_minimal_bombing():
    records = [json.loads(line) for line in FORMATS["jsonl"].render(load(MINIMAL)).splitlines()]
    bombing, claim = records
    assert bombing["date"] == "2021-08-26"
    assert (bombing["date_start"], bombing["date_end"]) == ("2021-08-26", "2021-08-26")
    assert bombing["date_precision"] == "day"
    assert (bombing["latitude"], bombing["longitude"]) == (34.5653, 69.2125)
    assert bombing["participants"] == [
        {
            "actor": "is-khorasan",
            "name": "Islamic State – Khorasan Province",
            "role": "perpetrator",
            "attribution": None,
            "claim": None,
        }
    ]
    assert bombing["fatalities_low"] == 101
    assert bombing["fatalities_best"] is None
    assert bombing["source_ids"] == ["report"]
    assert bombing["quotes"] == ["A suicide bomber struck the airport gate"]
    assert claim["relations"] == [
        {"type": "claims_responsibility_for", "event": "kabul-airport-bombing"}
    ]
    assert claim["place"] is None
    # Not escaped: the file is UTF-8.
    assert "–".encode() in FORMATS["jsonl"].render(load(MINIMAL))


def test_jsonl_open_dates_have_null_bounds():
    records = [json.loads(line) for line in FORMATS["jsonl"].render(load_default()).splitlines()]
    first = next(record for record in records if record["date"].startswith("../"))
    assert first["date_start"] is None


def test_csv_header_and_one_row_per_event(dataset):
    data = FORMATS["csv"].render(dataset)
    assert data.endswith(b"\r\n")
    rows = _csv_rows(data)
    assert tuple(rows[0]) == COLUMNS
    assert [row[0] for row in rows[1:]] == _order(dataset)
    assert all(len(row) == len(COLUMNS) for row in rows)


def test_csv_fields_of_the_minimal_dataset():
    rows = _csv_rows(FORMATS["csv"].render(load(MINIMAL)))
    bombing = dict(zip(rows[0], rows[1], strict=True))
    assert bombing["actors"] == "Islamic State – Khorasan Province (perpetrator)"
    assert bombing["actor_ids"] == "is-khorasan"
    assert (bombing["latitude"], bombing["longitude"]) == ("34.5653", "69.2125")
    assert (bombing["fatalities_low"], bombing["fatalities_best"]) == ("101", "")
    assert bombing["source_ids"] == "report"


def test_csv_seed_actors_are_joined_with_their_roles():
    rows = _csv_rows(FORMATS["csv"].render(load_default()))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    agreement = next(r for r in records if r["type"] == "agreement")
    assert "Taliban (signatory)" in agreement["actors"].split("; ")
    by_id = {e.id: e for e in load_default().events}
    site = " (according to SITE Intelligence Group)"  # the vow's channel, not a participant
    for record in records:
        evidence = by_id[record["event_id"]].evidence
        quotes = [e.quote + (site if e.attribution else "") for e in evidence if e.has_offsets]
        assert record["quotes"] == " | ".join(quotes)  # quotes survive the round trip
        event = by_id[record["event_id"]]
        behind = [*evidence, *(e for report in event.reports for e in report.evidence)]
        assert (record["citations"] != "") is any(not e.has_offsets for e in behind)
    vow = next(r for r in records if r["event_id"] == "is-vows-to-continue-fighting")
    assert vow["quotes"].endswith(site)
    assert "SITE" not in vow["actors"]


def test_csv_quotes_awkward_fields(awkward):
    data = FORMATS["csv"].render(awkward)
    assert b'"The ""group"", it says,\nclaims the bombing"' in data
    rows = _csv_rows(data)
    assert len(rows) == 1 + len(awkward.events)
    titles = {row[0]: row[COLUMNS.index("title")] for row in rows[1:]}
    assert titles["kabul-airport-bombing-claim"] == AWKWARD_TITLE


def test_csv_joins_several_quotes_with_a_bar(awkward):
    event = awkward.events[0]
    second = attrs.evolve(event.evidence[0], quote="a second, quote", start=0, end=15)
    dataset = attrs.evolve(
        awkward,
        events=(attrs.evolve(event, evidence=(*event.evidence, second)), *awkward.events[1:]),
    )
    rows = _csv_rows(FORMATS["csv"].render(dataset))
    row = next(r for r in rows if r[0] == event.id)
    assert row[COLUMNS.index("quotes")] == (
        "A suicide bomber struck the airport gate | a second, quote"
    )
    assert row[COLUMNS.index("source_ids")] == "report"


def test_jsonl_keeps_awkward_titles_on_one_line(awkward):
    lines = FORMATS["jsonl"].render(awkward).decode().splitlines()
    assert len(lines) == len(awkward.events)
    assert json.loads(lines[1])["title"] == AWKWARD_TITLE


def test_geojson_every_event_a_feature_points_where_located(dataset):
    document = json.loads(FORMATS["geojson"].render(dataset))
    assert document["type"] == "FeatureCollection"
    events = list(Timeline(dataset))
    assert [f["id"] for f in document["features"]] == [e.id for e in events]
    for feature, event in zip(document["features"], events, strict=True):
        assert feature["type"] == "Feature"
        assert feature["properties"]["id"] == event.id
        if event.place is not None and event.place.latitude is not None:
            assert feature["geometry"] == {
                "type": "Point",
                "coordinates": [event.place.longitude, event.place.latitude],
            }
        else:
            # RFC 7946, 3.2: an unlocated feature has a null geometry.
            assert feature["geometry"] is None
            assert feature["properties"]["latitude"] is None
    assert set(document) == {"type", "features"}


def test_geojson_of_the_minimal_dataset_has_one_point():
    document = json.loads(FORMATS["geojson"].render(load(MINIMAL)))
    (feature,) = [f for f in document["features"] if f["geometry"] is not None]
    assert feature["geometry"]["coordinates"] == [69.2125, 34.5653]
    assert feature["properties"]["title"] == "Suicide bombing at Kabul airport"


def test_cli_export_csv_to_stdout(run_cli):
    result = run_cli("export", "--to", "csv")
    assert result.returncode == ExitCode.VALID
    assert result.stdout == FORMATS["csv"].render(load_default())


def test_cli_export_to_a_file(run_cli, tmp_path):
    out = tmp_path / "events.jsonl"
    result = run_cli("export", "--to", "jsonl", "-o", str(out), str(MINIMAL))
    assert result.returncode == ExitCode.VALID
    assert result.stdout == b""
    assert out.read_bytes() == FORMATS["jsonl"].render(load(MINIMAL))
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]  # no temporary file left


def test_cli_export_geojson_says_how_many_have_no_geometry(run_cli, tmp_path):
    out = tmp_path / "events.geojson"
    result = run_cli("export", "--to", "geojson", "--output", str(out), str(MINIMAL))
    assert result.returncode == ExitCode.VALID
    missing = len(load(MINIMAL).events) - 1
    assert (
        f"{missing} of {len(load(MINIMAL).events)} events without coordinates, their geometry null"
        in result.stderr.decode()
    )
    assert out.read_bytes() == FORMATS["geojson"].render(load(MINIMAL))


def test_cli_export_unknown_format_is_a_usage_error(run_cli):
    result = run_cli("export", "--to", "xml")
    assert result.returncode == ExitCode.USAGE
    assert b"invalid choice" in result.stderr


def test_cli_export_bad_dataset_behaves_as_show(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": []}', encoding="utf-8")
    export = run_cli("export", "--to", "csv", str(bad))
    show = run_cli("show", str(bad))
    assert export.returncode == show.returncode == ExitCode.INVALID
    assert export.stdout == b""
    missing = run_cli("export", "--to", "csv", str(tmp_path / "missing.json"))
    assert missing.returncode == ExitCode.USAGE


# -- TimelineJS ------------------------------------------------------------------------------


def _timelinejs(dataset):
    return json.loads(FORMATS["timelinejs"].render(dataset))


def _with_event(dataset, event_id, **changes):
    events = tuple(attrs.evolve(e, **changes) if e.id == event_id else e for e in dataset.events)
    return attrs.evolve(dataset, events=events)


def _slide(document, event_id):
    return next(s for s in document["events"] if s["unique_id"] == event_id)


def test_timelinejs_every_slide_has_the_required_fields(dataset):
    data = FORMATS["timelinejs"].render(dataset)
    assert data.endswith(b"}\n")
    document = json.loads(data)
    assert set(document) == {"title", "events"}
    assert document["title"]["text"]["headline"] == dataset.title
    assert "start_date" not in document["title"]
    ids = [slide["unique_id"] for slide in document["events"]]
    assert ids == _order(dataset)  # chronological, one slide per event
    assert len(set(ids)) == len(ids) == len(dataset.events)
    by_id = {event.id: event for event in dataset.events}
    for slide in document["events"]:
        event = by_id[slide["unique_id"]]
        assert type(slide["start_date"]["year"]) is int
        assert slide["text"]["headline"]
        assert slide["text"]["text"].count("<blockquote>") == len(event.evidence)
        assert slide["group"] == group_label(event.type)
        assert "_" not in slide["group"]  # words, not the vocabulary's value
        assert slide["display_date"]
        for key in ("start_date", "end_date"):
            parts = slide.get(key, {})
            assert all(type(parts[k]) is int for k in parts if k != "display_date")


def test_timelinejs_dates_give_only_the_parts_their_precision_supports():
    document = _timelinejs(load_default())
    criticism = _slide(document, "is-criticises-us-taliban-agreement")  # 2020-02-29/2021-08-30
    month = _slide(  # a month: no day
        _timelinejs(
            _with_event(load(MINIMAL), "kabul-airport-bombing", date=parse_edtf("2020-02"))
        ),
        "kabul-airport-bombing",
    )
    assert month["start_date"] == {"year": 2020, "month": 2, "display_date": "2020-02"}
    assert "end_date" not in month
    assert criticism["start_date"]["day"] == 29
    bombing = _slide(document, "kabul-airport-suicide-bombing")  # 2021-08-26
    assert bombing["start_date"] == {
        "year": 2021,
        "month": 8,
        "day": 26,
        "display_date": "2021-08-26",
    }
    assert "end_date" not in bombing
    year = _slide(
        _timelinejs(_with_event(load(MINIMAL), "kabul-airport-bombing", date=parse_edtf("2021?"))),
        "kabul-airport-bombing",
    )
    assert year["start_date"] == {"year": 2021, "display_date": "2021?"}


def test_timelinejs_date_time_has_hour_minute_second():
    dataset = _with_event(
        load(MINIMAL), "kabul-airport-bombing", date=parse_edtf("2021-08-26T17:50:00+04:30")
    )
    slide = _slide(_timelinejs(dataset), "kabul-airport-bombing")
    assert slide["start_date"] == {
        "year": 2021,
        "month": 8,
        "day": 26,
        "hour": 17,
        "minute": 50,
        "second": 0,
        "display_date": "2021-08-26T17:50:00+04:30",
    }


def test_timelinejs_interval_has_an_end_date():
    document = _timelinejs(load_default())
    slide = _slide(document, "is-criticises-us-taliban-agreement")  # 2020-02-29/2021-08-30
    assert slide["start_date"] == {
        "year": 2020,
        "month": 2,
        "day": 29,
        "display_date": "2020-02-29",
    }
    assert slide["end_date"] == {"year": 2021, "month": 8, "day": 30, "display_date": "2021-08-30"}
    assert slide["display_date"] == "2020-02-29 to 2021-08-30"


def test_timelinejs_open_start_starts_at_its_known_end():
    document = _timelinejs(load_default())
    slide = _slide(document, "taliban-expect-is-attacks-to-end")  # ../2021-08-30
    assert slide["start_date"] == {
        "year": 2021,
        "month": 8,
        "day": 30,
        "display_date": "by 2021-08-30",
    }
    assert "end_date" not in slide
    assert slide["display_date"] == "by 2021-08-30"


def test_timelinejs_open_end_starts_at_its_start():
    document = _timelinejs(load_default())
    slide = _slide(document, "foreign-troop-withdrawal")  # 2021-08-30/..
    assert (slide["start_date"]["year"], slide["start_date"]["day"]) == (2021, 30)
    assert "end_date" not in slide
    assert slide["display_date"] == "from 2021-08-30"
    unknown = _with_event(load(MINIMAL), "kabul-airport-bombing", date=parse_edtf("/2021-08"))
    slide = _slide(_timelinejs(unknown), "kabul-airport-bombing")
    # Placed where every view places it: on the day its source's publication closes it by.
    assert Timeline(unknown).bounds("kabul-airport-bombing").latest == datetime.date(2021, 8, 27)
    assert slide["start_date"] == {
        "year": 2021,
        "month": 8,
        "day": 27,
        "display_date": "by 2021-08",
    }
    assert "end_date" not in slide


def test_timelinejs_escapes_html_in_titles_summaries_and_quotes():
    minimal = load(MINIMAL)
    bombing = next(e for e in minimal.events if e.id == "kabul-airport-bombing")
    quote = "<script>alert(1)</script> & more"
    evidence = attrs.evolve(bombing.evidence[0], quote=quote, start=0, end=len(quote))
    dataset = _with_event(
        attrs.evolve(minimal, title="Kabul <b>2021</b>", description="A & B"),
        "kabul-airport-bombing",
        title='Bombing <img src=x onerror="x()">',
        summary="1 < 2",
        evidence=(evidence,),
    )
    data = FORMATS["timelinejs"].render(dataset)
    assert b"<script>" not in data
    assert b"<img" not in data
    assert b"<b>" not in data
    document = json.loads(data)
    assert document["title"]["text"] == {
        "headline": "Kabul &lt;b&gt;2021&lt;/b&gt;",
        "text": "<p>A &amp; B</p>",
    }
    slide = _slide(document, "kabul-airport-bombing")
    assert slide["text"]["headline"] == 'Bombing &lt;img src=x onerror="x()"&gt;'
    body = slide["text"]["text"]
    assert body.startswith("<p>1 &lt; 2</p><p>Taking part: ")
    assert "<blockquote><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>" in body
    assert body.endswith("</cite></blockquote>")


def test_timelinejs_of_the_minimal_dataset():
    document = _timelinejs(load(MINIMAL))
    bombing, claim = document["events"]
    assert bombing["unique_id"] == "kabul-airport-bombing"
    assert bombing["group"] == "Attacks and seizures"
    assert bombing["text"]["headline"] == "Suicide bombing at Kabul airport"
    assert "<p>A suicide bomber struck the airport gate</p>" in bombing["text"]["text"]
    assert claim["group"] == "Claims"
    (source,) = load(MINIMAL).sources
    assert bombing["text"]["text"].endswith(f"<cite>{source.title}</cite></blockquote>")


def test_timelinejs_groups_are_a_handful_covering_every_type_once():
    # One table: each event type in exactly one group, the groups few enough for TimelineJS
    # to have rows left to keep markers apart.
    grouped = [event_type for types in GROUPS.values() for event_type in types]
    assert len(grouped) == len(set(grouped)) == len(EventType)
    assert set(grouped) == set(EventType)
    assert len(GROUPS) <= 5
    assert all(group_label(event_type) in GROUPS for event_type in EventType)


def test_timelinejs_names_a_claim_by_its_title(run_cli):
    document = json.loads(run_cli("export", "--to", "timelinejs").stdout)
    dataset = load_default()
    titles = {event.id: event.title for event in dataset.events}
    claimed = [
        (event.id, participant.claim)
        for event in dataset.events
        for participant in event.participants
        if participant.claim is not None
    ]
    assert claimed  # the seed has claimed perpetrators
    for event_id, claim in claimed:
        text = _slide(document, event_id)["text"]["text"]
        assert f"claim: {html.escape(titles[claim], quote=False)})" in text
        assert f"claim: {claim}" not in text  # never the raw id


def test_cli_export_timelinejs(run_cli, tmp_path):
    result = run_cli("export", "--to", "timelinejs")
    assert result.returncode == ExitCode.VALID
    assert result.stdout == FORMATS["timelinejs"].render(load_default())
    out = tmp_path / "timeline.json"
    result = run_cli("export", "--to", "timelinejs", "-o", str(out), str(MINIMAL))
    assert result.returncode == ExitCode.VALID
    assert out.read_bytes() == FORMATS["timelinejs"].render(load(MINIMAL))


def test_cli_export_timelinejs_without_groups(run_cli):
    result = run_cli("export", "--to", "timelinejs", "--no-groups")
    assert result.returncode == ExitCode.VALID
    slides = json.loads(result.stdout)["events"]
    assert len(slides) == len(load_default().events)
    assert all("group" not in slide for slide in slides)
    grouped = json.loads(run_cli("export", "--to", "timelinejs").stdout)["events"]
    assert [{k: v for k, v in s.items() if k != "group"} for s in grouped] == slides
    refused = run_cli("export", "--to", "csv", "--no-groups")
    assert refused.returncode == ExitCode.USAGE
    assert refused.stdout == b""
    assert b"--no-groups applies to --to timelinejs only" in refused.stderr


# -- schema 1.1.0: citations, attribution, reports -------------------------------------------

COMPLETE = DATA / "valid" / "complete.json"
NOT_VERIFIED = "not verified against a text"


def _jsonl_by_id(dataset):
    return {
        record["id"]: record
        for record in map(json.loads, FORMATS["jsonl"].render(dataset).splitlines())
    }


def _csv_by_id(dataset):
    rows = _csv_rows(FORMATS["csv"].render(dataset))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_jsonl_carries_citations_attribution_and_reports():
    bombing = _jsonl_by_id(load(COMPLETE))["kabul-airport-bombing"]
    assert (bombing["date_basis"], bombing["date_source"]) == ("source", "wire")
    assert bombing["participants"][0]["attribution"] == "claimed"
    assert bombing["participants"][0]["claim"] == "kabul-airport-bombing-claim"
    # The reconciled values are the event's own.
    assert (bombing["fatalities_low"], bombing["fatalities_best"]) == (101, 183)
    assert [(s["actor"], s["best"]) for s in bombing["fatality_subsets"]] == [
        ("us-armed-forces", 13)
    ]
    # Only the quote checked against its text is a quote; the citation is evidence.
    assert bombing["quotes"] == ["A suicide bomber struck the airport gate"]
    quote, citation = bombing["evidence"]
    assert quote["verified"] is True
    assert citation == {
        "source": "wire",
        "quote": "plus de cent morts",
        "start": None,
        "end": None,
        "locator": "para. 2",
        "note": "the wire gives 183 dead, 13 of them US service members",
        "attribution": {
            "actor": "is-khorasan",
            "source": "report",
            "text": "according to the group's own statement",
        },
        "according_to": "according to the group's own statement",
        "verified": False,
    }
    assert (bombing["source_ids"], bombing["source_count"]) == (["report", "wire"], 2)
    assert bombing["report_count"] == 2
    wire, article = bombing["reports"]  # in order of report
    assert (wire["source"], wire["reported"], wire["date_start"], wire["date_end"]) == (
        "wire",
        "2021-08",
        "2021-08-01",
        "2021-08-31",
    )
    assert wire["fatalities"]["best"] == 183
    assert wire["evidence"][0]["verified"] is False
    assert (article["reported"], article["date_text"]) == ("2021-08-28", "26 August")
    assert article["perpetrators"][0]["attribution"] == "claimed"
    assert article["note"] == "The first report, the day after."
    claim = _jsonl_by_id(load(COMPLETE))["kabul-airport-bombing-claim"]
    assert (claim["reports"], claim["report_count"], claim["date_basis"]) == ([], 0, None)


def test_csv_columns_an_analyst_filters_on():
    row = _csv_by_id(load(COMPLETE))["kabul-airport-bombing"]
    assert row["perpetrators"] == "is-khorasan (claimed)"
    assert row["attribution"] == "claimed"
    assert (row["source_count"], row["report_count"]) == ("2", "2")
    assert (row["date_basis"], row["date_source"]) == ("source", "wire")
    assert row["quotes"] == "A suicide bomber struck the airport gate"
    cited = (
        "wire, para. 2: the wire gives 183 dead, 13 of them US service members "
        "“plus de cent morts” (according to the group's own statement) "
        f"({NOT_VERIFIED})"
    )
    # The event's citation of the source its date is taken from, then the wire's report's.
    assert row["citations"] == f"date: {cited} | date and fatalities: {cited}"
    assert row["report_sources"] == "wire; report"  # in order of report
    claim = _csv_by_id(load(COMPLETE))["kabul-airport-bombing-claim"]
    assert (claim["perpetrators"], claim["attribution"], claim["citations"]) == ("", "", "")
    assert (claim["source_count"], claim["report_count"], claim["report_sources"]) == ("1", "0", "")


def test_the_seed_bombing_row_cites_its_reports_and_counts_its_sources(run_cli):
    # Through the command: the bombing's full toll rests on a report citing a source held
    # without its text; the CSV shows that citation, after the value it backs.
    result = run_cli("export", "--to", "csv")  # the seed
    assert result.returncode == ExitCode.VALID
    rows = _csv_rows(result.stdout)
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    bombing = by_id["kabul-airport-suicide-bombing"]
    event = next(e for e in load_default().events if e.id == bombing["event_id"])
    toll = next(r for r in event.reports if r.fatalities and not r.evidence[0].has_offsets)
    cited = toll.evidence[0]
    citations = bombing["citations"].split(" | ")
    assert f"fatalities: {cited.source}, {cited.locator}: {cited.note} ({NOT_VERIFIED})" in (
        citations
    )
    assert [c.split(": ")[0] for c in citations] == [
        *("event" for e in event.evidence if not e.has_offsets),
        *("fatalities" for r in event.reports for e in r.evidence if not e.has_offsets),
    ]
    # Every source of its evidence and of its reports, each once; those of its reports alone
    # in report_sources, the article first (it reported first).
    behind = {e.source for e in event.evidence} | {r.source for r in event.reports}
    assert int(bombing["source_count"]) == len(behind) > len(event.reports)
    assert bombing["report_sources"].split("; ") == [
        "taliban-expect-is-attacks-to-end",
        toll.source,
    ]
    assert bombing["report_count"] == "2"
    # The JSON Lines record the CSV flattens says the same.
    lines = run_cli("export", "--to", "jsonl").stdout.splitlines()
    record = next(r for r in map(json.loads, lines) if r["id"] == bombing["event_id"])
    assert record["source_count"] == len(behind)
    assert record["report_sources"] == bombing["report_sources"].split("; ")


def test_csv_attribution_lists_each_value_once_in_order():
    complete = load(COMPLETE)
    bombing = complete.events[0]
    first, victim = bombing.participants
    others = (
        attrs.evolve(first, attribution=Responsibility.CONFIRMED, claim=None),
        attrs.evolve(first, actor="us-armed-forces", attribution=None, claim=None),
        attrs.evolve(first, attribution=Responsibility.CONFIRMED, claim=None),
    )
    dataset = _with_event(complete, bombing.id, participants=(first, victim, *others))
    row = _csv_by_id(dataset)[bombing.id]
    assert row["attribution"] == "claimed; confirmed"
    assert row["perpetrators"] == (
        "is-khorasan (claimed); is-khorasan (confirmed); us-armed-forces; is-khorasan (confirmed)"
    )


def test_timelinejs_marks_citations_and_shows_attribution_and_reports():
    slide = _slide(_timelinejs(load(COMPLETE)), "kabul-airport-bombing")
    body = slide["text"]["text"]
    assert "<blockquote><p>A suicide bomber struck the airport gate</p>" in body
    assert (
        "<blockquote><p>the wire gives 183 dead, 13 of them US service members</p>"
        "<p>“plus de cent morts”</p><cite>A wire report without a stored text, para. 2, "
        f"{NOT_VERIFIED}, according to the group&#x27;s own statement</cite></blockquote>"
    ) in body.replace("'", "&#x27;")
    assert body.index("<p>2021-08, A wire report") < body.index("<p>2021-08-28, Attack at")


def test_attribution_without_words_is_named_after_the_actor_and_the_source():
    complete = load(COMPLETE)
    bombing = complete.events[0]
    quote, citation = bombing.evidence
    bare = attrs.evolve(citation, attribution=Attribution(actor="is-khorasan", source="report"))
    dataset = _with_event(complete, bombing.id, evidence=(quote, bare))
    record = _jsonl_by_id(dataset)[bombing.id]
    expected = "according to Islamic State – Khorasan Province, through Attack at the airport"
    assert record["evidence"][1]["according_to"] == expected
    assert expected in _csv_by_id(dataset)[bombing.id]["citations"]


def _document_dataset(document):
    return converter.structure(document, Dataset)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=datasets())
def test_every_export_shows_generated_citations_attribution_and_reports(document):
    dataset = _document_dataset(document)
    events = {event.id: event for event in dataset.events}
    records = _jsonl_by_id(dataset)
    rows = _csv_by_id(dataset)
    assert records.keys() == rows.keys() == events.keys()
    slides = {s["unique_id"]: s for s in _timelinejs(dataset)["events"]}
    page = FORMATS["html"].render(dataset).decode("utf-8")
    FORMATS["geojson"].render(dataset)
    for event_id, event in events.items():
        record, row = records[event_id], rows[event_id]
        # Evidence: each piece once, a citation never taken for a checked quote.
        assert [e["verified"] for e in record["evidence"]] == [
            e.has_offsets for e in event.evidence
        ]
        assert record["quotes"] == [e.quote for e in event.evidence if e.has_offsets]
        citations = [e for e in event.evidence if not e.has_offsets]
        reported = [e for r in event.reports for e in r.evidence if not e.has_offsets]
        assert row["citations"].count(NOT_VERIFIED) == len(citations) + len(reported)
        body = slides[event_id]["text"]["text"]
        assert body.count("<blockquote>") == len(event.evidence)
        assert body.count(NOT_VERIFIED) == len(citations)
        for evidence, shown in zip(event.evidence, record["evidence"], strict=True):
            if evidence.attribution is not None:
                assert shown["according_to"]
                assert html.escape(shown["according_to"], quote=False) in body
        # Reports: every one in the JSON Lines, in order of report, and counted in the CSV.
        assert record["report_count"] == len(event.reports) == int(row["report_count"])
        assert sorted(r["source"] for r in record["reports"]) == sorted(
            r.source for r in event.reports
        )
        behind = {e.source for e in event.evidence} | {r.source for r in event.reports}
        assert int(row["source_count"]) == len(behind) == record["source_count"]
        reporting = {r.source for r in event.reports}
        assert set(record["report_sources"]) == reporting
        assert set(filter(None, row["report_sources"].split("; "))) == reporting
        # Attribution: each perpetrator's, and each value once in the CSV.
        given = {p.attribution.value for p in event.participants if p.attribution} | {
            p.attribution.value for r in event.reports for p in r.perpetrators if p.attribution
        }
        assert set(filter(None, row["attribution"].split("; "))) == given
        assert f'data-id="{html.escape(event_id)}"' in page
    reports_shown = page.count('<details class="reports">')
    assert reports_shown == sum(1 for event in dataset.events if event.reports)
    assert page.count('<blockquote class="citation">') == sum(
        1 for e in dataset.events for r in (e, *e.reports) for x in r.evidence if not x.has_offsets
    )


def test_timelinejs_slides_carry_the_reconciled_toll_and_who_took_part(run_cli, tmp_path):
    from timeline.query.provenance import counts_text

    seed = load_default()
    out = tmp_path / "timeline.json"
    result = run_cli(
        "export",
        "--to",
        "timelinejs",
        str(DATA.parent.parent / "data" / "afghanistan-2021-seed.json"),
        "-o",
        str(out),
    )
    assert result.returncode == ExitCode.VALID, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    for event in seed.events:
        body = _slide(document, event.id)["text"]["text"]
        if event.fatalities is not None:
            tolls = any(report.fatalities is not None for report in event.reports)
            reconciled = " (reconciled from its reports)" if tolls else ""
            assert f"<p>Killed{reconciled}: {counts_text(event.fatalities)}" in body
        for participant in event.participants:
            assert html.escape(participant.role.value) in body


def test_csv_attribution_counts_what_a_report_says_of_the_perpetrators():
    complete = load(DATA / "valid" / "complete.json")
    bombing = next(e for e in complete.events if e.id == "kabul-airport-bombing")
    report = next(r for r in bombing.reports if r.perpetrators)
    suspected = attrs.evolve(
        report,
        perpetrators=tuple(
            attrs.evolve(p, attribution=Responsibility.SUSPECTED) for p in report.perpetrators
        ),
    )
    for reports, expected in (
        (bombing.reports, "claimed"),
        ((*bombing.reports, suspected), "claimed; suspected"),
    ):
        dataset = _with_event(complete, "kabul-airport-bombing", reports=reports)
        header, *rows = _csv_rows(FORMATS["csv"].render(dataset))
        row = next(
            dict(zip(header, r, strict=True)) for r in rows if r[0] == "kabul-airport-bombing"
        )
        assert row["attribution"] == expected
