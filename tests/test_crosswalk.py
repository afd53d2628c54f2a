"""The crosswalk to CAMEO and ACLED, and its columns in the CSV and JSON Lines exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import attrs
import pytest

from tests.conftest import DATA
from timeline import load, load_default
from timeline.model import SUBTYPES, EventSubtype, EventType
from timeline.publishing.crosswalk import CROSSWALK, NO_CODES, Codes, codes_for
from timeline.publishing.exports import FORMATS

DOC = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
BOMBING = "kabul-airport-suicide-bombing"
SUICIDE_BOMB = {
    "cameo_code": "1831",
    "acled_event_type": "Explosions/Remote violence",
    "acled_sub_event_type": "Suicide bomb",
}
FIELDS = tuple(SUICIDE_BOMB)


def _csv_records(data: bytes) -> dict[str, dict[str, str]]:
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def _jsonl_records(data: bytes) -> dict[str, dict[str, object]]:
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    return {record["id"]: record for record in records}


def test_every_cameo_code_is_a_string_of_two_to_four_digits():
    for codes in CROSSWALK.values():
        assert codes.cameo is None or re.fullmatch(r"[0-9]{2,4}", codes.cameo), codes


def test_every_entry_maps_something():
    assert all(codes != NO_CODES for codes in CROSSWALK.values())


def test_no_sub_event_type_without_an_event_type():
    for codes in CROSSWALK.values():
        assert codes.acled_sub_event_type is None or codes.acled_event_type is not None


def test_every_key_subtype_belongs_to_its_type():
    for event_type, subtype in CROSSWALK:
        assert isinstance(event_type, EventType)
        assert subtype is None or subtype in SUBTYPES[event_type], (event_type, subtype)


def test_codes_for_falls_back_to_the_type_then_to_nothing():
    assert (
        codes_for(EventType.AGREEMENT, EventSubtype.CEASEFIRE)
        == CROSSWALK[(EventType.AGREEMENT, None)]
    )
    assert codes_for(EventType.STATEMENT, EventSubtype.CRITICISM).cameo == "111"
    assert codes_for(EventType.STATEMENT, None).cameo == "010"
    assert codes_for(EventType.ATTACK, None) == NO_CODES == Codes()
    assert codes_for(EventType.ATTACK, EventSubtype.ARMED_ASSAULT) == NO_CODES
    assert codes_for(EventType.WITHDRAWAL, EventSubtype.TROOP_WITHDRAWAL) == NO_CODES


def test_codes_are_frozen():
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CROSSWALK[(EventType.ARREST, None)].cameo = "174"  # type: ignore[misc]


def test_the_seed_suicide_bombing_in_the_csv():
    records = _csv_records(FORMATS["csv"].render(load_default()))
    assert {key: records[BOMBING][key] for key in FIELDS} == SUICIDE_BOMB
    agreement = records["us-taliban-agreement"]
    assert (agreement["cameo_code"], agreement["acled_sub_event_type"]) == ("057", "Agreement")


def test_the_seed_suicide_bombing_in_the_jsonl():
    records = _jsonl_records(FORMATS["jsonl"].render(load_default()))
    assert {key: records[BOMBING][key] for key in FIELDS} == SUICIDE_BOMB
    # The code keeps its leading zero: a string, not a number.
    assert records["us-taliban-agreement"]["cameo_code"] == "057"


def test_an_unmapped_event_type_gives_empty_cells_and_nulls():
    minimal = load(DATA / "valid" / "minimal.json")
    event = next(e for e in minimal.events if e.id == "kabul-airport-bombing")
    assert codes_for(EventType.WITHDRAWAL, None) == NO_CODES
    events = tuple(
        attrs.evolve(e, type=EventType.WITHDRAWAL, subtype=None) if e is event else e
        for e in minimal.events
    )
    dataset = attrs.evolve(minimal, events=events)
    row = _csv_records(FORMATS["csv"].render(dataset))[event.id]
    assert [row[key] for key in FIELDS] == ["", "", ""]
    record = _jsonl_records(FORMATS["jsonl"].render(dataset))[event.id]
    assert [record[key] for key in FIELDS] == [None, None, None]


def test_geojson_properties_carry_the_codes():
    document = json.loads(FORMATS["geojson"].render(load(DATA / "valid" / "minimal.json")))
    assert document["features"]
    for feature in document["features"]:
        assert set(FIELDS) <= set(feature["properties"])


def _doc_table() -> set[tuple[str, str, str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Crosswalk\n", 1)[1].split("\n## ", 1)[0]
    rows = set()
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        type_, subtype, cameo, acled, sub = cells
        code = re.match(r"`([0-9]+)`", cameo)
        rows.add((type_.strip("`"), subtype.strip("`"), code.group(1) if code else "", acled, sub))
    return rows


def test_the_docs_table_lists_every_entry_and_nothing_else():
    expected = {
        (
            event_type.value,
            subtype.value if subtype else "(any)",
            codes.cameo or "",
            codes.acled_event_type or "",
            codes.acled_sub_event_type or "",
        )
        for (event_type, subtype), codes in CROSSWALK.items()
    }
    assert _doc_table() == expected
