"""Schema 1.1.0 only adds to 1.0.0: every 1.0.0 dataset keeps its verdict and its records, and
a dataset that claims 1.0.0 means what the 1.0.0 schema says."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import timeline
from timeline.reading._fast_check import check_fast
from timeline.reading.document import check_file
from timeline.schema import (
    DATASET_SCHEMA_ID,
    DATASET_SCHEMA_IDS,
    UNREQUIRED,
    dataset_validator,
    newer_feature_list,
    newer_feature_uses,
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
    [(feature, path, message), locator] = newer_feature_uses(tree, event, ("events", 3), NEWER)
    assert feature == ("evidence", "*", UNREQUIRED)
    assert path == ("events", 3, "evidence", 0)
    assert "'quote'" in message
    assert locator[:2] == (("evidence", "*", "locator"), ("events", 3, "evidence", 0, "locator"))


#: Every feature schema 1.1.0 adds to an event, found by walking the two schemas.
NEWER_IN_EVENTS = newer_features(OLDER, NEWER, "event")
FEATURES = newer_feature_list(NEWER_IN_EVENTS)


def test_only_events_have_what_1_1_0_adds():
    """The features below are those of events; a feature of another record would need the
    validation to walk that record too (and this test to build datasets using it)."""
    assert FEATURES
    for name in ("source", "actor"):
        assert newer_features(OLDER, NEWER, name) == {}


def _node(feature):
    """The part of the tree of what is new at ``feature`` (its keys but the last)."""
    tree = NEWER_IN_EVENTS
    for key in feature[:-1]:
        tree = tree[key]
    return tree


def _first_use(value, feature, unrequired, path=()):
    """The path of the first place in ``value`` that uses ``feature`` (keys, ``"*"`` for the
    items of an array, the marker of the keys ``unrequired`` left out last), or None."""
    key, rest = feature[0], feature[1:]
    if key == "*":
        for index, item in enumerate(value if isinstance(value, list) else ()):
            found = _first_use(item, rest, unrequired, (*path, index))
            if found is not None:
                return found
        return None
    if not isinstance(value, dict):
        return None
    if key == UNREQUIRED:
        return path if set(unrequired) - set(value) else None
    if key not in value:
        return None
    return (*path, key) if not rest else _first_use(value[key], rest, unrequired, (*path, key))


@pytest.mark.parametrize("feature", FEATURES, ids="/".join)
def test_a_1_0_0_claim_using_a_new_feature_is_a_schema_version_error(feature, tmp_path):
    """For each feature 1.1.0 adds, a dataset claiming 1.0.0 with an event of the complete
    dataset that uses it (tests/test_one_verdict.py sees that it fills every new field) is
    refused, with a schema-version error at its first use, by the exact path and the fast."""
    document = json.loads((DATA / "valid" / "complete.json").read_text(encoding="utf-8"))
    document["$schema"] = OLDER
    document["sources"][0]["path"] = str(DATA / "valid" / "minimal.txt")
    unrequired = _node(feature).get(UNREQUIRED, [])
    uses = [
        (event, found)
        for event in document["events"]
        if (found := _first_use(event, feature, unrequired)) is not None
    ]
    assert uses, f"the complete dataset uses no {'/'.join(feature)}"
    event, found = uses[0]
    document["events"] = [event]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    problems, dataset = check_file(path, texts_root=DATA)
    assert dataset is None
    pointer = "/events/0" + "".join(f"/{token}" for token in found)
    versions = [p for p in problems if p.code == "schema-version"]
    [version] = [p for p in versions if p.pointer == pointer]
    assert version.is_error
    assert version.line is not None
    if feature[-1] == UNREQUIRED:
        used = event
        for token in found:
            used = used[token]
        left_out = [key for key in unrequired if key not in used]
        assert version.message.startswith("leaving out ")
        assert all(repr(key) in version.message.split(" is new")[0] for key in left_out)
    else:
        assert version.message.startswith(f"{feature[-1]!r} is new in schema 1.1.0")
    assert len({p.pointer for p in versions}) == len(versions) <= len(FEATURES), "one a feature"
    assert check_fast(path, base_dir=path.parent, records=True, texts_root=DATA) is None


def test_each_feature_is_reported_once_however_often_it_is_used(tmp_path):
    """The complete dataset claiming 1.0.0: one schema-version error per feature it uses,
    each at its first use, with the count of its other uses."""
    document = json.loads((DATA / "valid" / "complete.json").read_text(encoding="utf-8"))
    document["$schema"] = OLDER
    document["sources"][0]["path"] = str(DATA / "valid" / "minimal.txt")
    document["events"].append({**document["events"][0], "id": "another-bombing"})
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    problems, dataset = check_file(path, texts_root=DATA)
    assert dataset is None
    versions = [p for p in problems if p.code == "schema-version"]
    assert len(versions) == len(FEATURES)
    assert all(p.pointer.startswith("/events/0/") for p in versions)
    first = {p.pointer: p.message for p in versions}
    assert first["/events/0/reports"].endswith(
        "the dataset claims 1.0.0 (and uses it in 1 more place)"
    )
    # a report's evidence is inside the report, new as a whole: its locator is not counted
    assert first["/events/0/evidence/1/locator"].endswith("(and uses it in 1 more place)")
