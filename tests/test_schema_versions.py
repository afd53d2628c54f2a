"""Schema 1.1.0 only adds to 1.0.0: every 1.0.0 dataset keeps its verdict and its records, and
a dataset that claims 1.0.0 means what the 1.0.0 schema says."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import timeline
from timeline.reading.document import check_file
from timeline.schema import (
    DATASET_SCHEMA_ID,
    DATASET_SCHEMA_IDS,
    dataset_validator,
    first_newer_feature,
    newer_features,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OLDER, NEWER = DATASET_SCHEMA_IDS
#: Every dataset of the repository that claims 1.0.0: the valid fixtures, and the seed as it
#: was shipped with schema 1.0.0 (tests/data/older keeps it; its text is the seed's).
OLDER_FIXTURES = [
    path
    for path in [*sorted((DATA / "valid").glob("*.json")), *sorted((DATA / "older").glob("*.json"))]
    if json.loads(path.read_text(encoding="utf-8"))["$schema"] == OLDER
]


def _verdict(problems: list[timeline.Problem]) -> list[tuple[str, str, str]]:
    return sorted((p.code, p.pointer, p.severity.value) for p in problems)


def test_the_library_writes_the_newer_schema_and_ships_both():
    assert DATASET_SCHEMA_ID == NEWER
    for schema_id in DATASET_SCHEMA_IDS:
        assert timeline.dataset_schema(schema_id)["$id"] == schema_id


def test_there_are_older_fixtures():
    names = {path.name for path in OLDER_FIXTURES}
    assert {"minimal.json", "complete-1.0.0.json", "afghanistan-2021-seed.json"} <= names


@pytest.mark.parametrize("path", OLDER_FIXTURES, ids=lambda p: p.name)
def test_a_dataset_of_1_0_0_has_the_same_verdict_under_1_1_0(path, tmp_path):
    """Valid under both schemas as a whole; checked by the 1.1.0 rules, and claiming 1.1.0,
    it gives the same problems (but for the warning of a text-less source, an error in 1.1.0)
    and the same records."""
    document = json.loads(path.read_text(encoding="utf-8"))
    for schema_id in DATASET_SCHEMA_IDS:
        assert list(dataset_validator(schema_id).iter_errors(document)) == [], schema_id
    problems, dataset = check_file(path, texts_root=ROOT)
    assert not any(p.is_error for p in problems)
    assert dataset is not None
    claimed = copy.deepcopy(document)
    claimed["$schema"] = NEWER
    again = path.parent / f"as-newer-{path.name}"
    try:
        again.write_text(json.dumps(claimed, indent=2, ensure_ascii=False), encoding="utf-8")
        newer_problems, newer_dataset = check_file(again, texts_root=ROOT)
    finally:
        again.unlink()
    unavailable = {"source-text-unavailable"}
    assert [p for p in _verdict(problems) if p[0] not in unavailable] == [
        p for p in _verdict(newer_problems) if p[0] != "offsets-without-text"
    ]
    if not any(p.code in unavailable for p in problems):
        assert newer_dataset is not None
        assert newer_dataset.events == dataset.events
        assert newer_dataset.sources == dataset.sources


def test_what_is_new_is_derived_from_the_two_schemas():
    tree = newer_features(OLDER, NEWER, "event")
    assert tree["reports"] == "new"
    assert tree["participants"]["*"] == {"attribution": "new", "claim": "new"}
    assert set(tree["evidence"]["*"]["-unrequired"]) == {"quote", "start", "end"}
    assert newer_features(OLDER, NEWER, "source") == {}
    event = {"id": "e", "evidence": [{"source": "s", "locator": "p. 1"}]}
    found = first_newer_feature(tree, event, ("events", 3), NEWER)
    assert found is not None
    assert found[0] == ("events", 3, "evidence", 0)
    assert "'quote'" in found[1]


def test_a_1_0_0_claim_using_each_new_key_is_a_schema_version_error(tmp_path):
    """Every key of the complete dataset that 1.1.0 adds is refused in a 1.0.0 claim, at
    its place."""
    document = json.loads((DATA / "valid" / "complete.json").read_text(encoding="utf-8"))
    document["$schema"] = OLDER
    document["sources"][0]["path"] = str(DATA / "valid" / "minimal.txt")
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    problems, dataset = check_file(path, texts_root=DATA)
    assert dataset is None
    [version] = [p for p in problems if p.code == "schema-version"]
    assert version.pointer == "/events/0/participants/0/attribution"
    assert version.message.endswith("is new in schema 1.1.0; the dataset claims 1.0.0")
    assert version.line is not None
