"""The compiled validator (the fast path) and jsonschema (the exact reports) agree.

Validation asks the compiled validator whether a record is valid and runs jsonschema only on
the records it rejects. If the two disagreed, a problem could go unreported (the fast path
says valid, jsonschema would not) or a record could be rejected with no problem to show.
"""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.strategies import datasets
from timeline.reading._record_schemas import record_schemas

SCHEMAS = record_schemas()
MINIMAL = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))


def _agree(key, record):
    fast = SCHEMAS.is_valid(key, record)
    exact = SCHEMAS.problems(key, record, (key, 0))
    assert fast == (not exact), (key, record, exact)


@settings(max_examples=150, deadline=None)
@given(document=datasets())
def test_both_accept_every_valid_record(document):
    for key in ("sources", "actors", "events"):
        for record in document[key]:
            _agree(key, record)
            assert SCHEMAS.is_valid(key, record)


# Values that break the schema in every way it can be broken: wrong types, out of range,
# not of their form, outside their vocabulary, empty, or a date that is not in the calendar.
_ODD_VALUES = st.sampled_from(
    [
        None,
        True,
        0,
        -1,
        1.5,
        4.0,
        "",
        "x",
        "Not-A-Slug",
        "2021-02-30",
        "2021-08-30/2021-08-26",
        "../..",
        "2021-08-26T10:00",
        "https://example.org/a b",
        "not a uri",
        "ZZ",
        "af",
        "en_GB",
        "Q0",
        "0" * 64,
        [],
        ["a", "a"],
        {},
        {"unknown": 1},
        10**30,
        200.0,
        -200,
    ]
)


def _paths(value, path=()):
    """Every place in a JSON value: keys of objects and indexes of arrays."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _mutate(record, path, value):
    record = copy.deepcopy(record)
    if not path:
        return value
    target = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return record


@settings(max_examples=400, deadline=None)
@given(data=st.data(), key=st.sampled_from(["sources", "actors", "events"]))
def test_both_judge_every_mutated_record_alike(data, key):
    record = copy.deepcopy(MINIMAL[key][0])
    if key == "actors":
        record = {**record, "part_of": "x", "affiliations": [{"actor": "y", "position": "z"}]}
    paths = list(_paths(record))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        record = _mutate(record, path, data.draw(_ODD_VALUES))
        if not isinstance(record, dict):
            break
        paths = list(_paths(record))
    _agree(key, record)


def test_an_added_key_is_rejected_by_both():
    event = {**MINIMAL["events"][0], "colour": "red"}
    assert not SCHEMAS.is_valid("events", event)
    (problem,) = SCHEMAS.problems("events", event, ("events", 0))
    assert (problem.code, problem.pointer) == ("schema-unknown-key", "/events/0/colour")
