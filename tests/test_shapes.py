"""The typed shape of events (timeline/reading/_schema_shapes.py) and the fast path's check of
typed events.

The shape is written from the schema; the fast path trusts an event that decodes into it and
that ``_FastChecker._sure_event`` finds sure. Together they must never pass an event that
the exact path (jsonschema and the rules) would fault, and should pass every valid one.
"""

from __future__ import annotations

import copy
import json
import shutil
from typing import TYPE_CHECKING, Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tests.strategies import datasets
from tests.test_fast_schema import _ODD_VALUES, _mutate, _paths
from timeline.reading import _fast_check
from timeline.reading._fast_check import _event_types, _FastChecker, check_fast
from timeline.reading._schema_shapes import LEFT_TO_RULES, Unshapeable, shape_of
from timeline.reading.validation import check
from timeline.schema import dataset_schema

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA = dataset_schema()
EVENT = shape_of(SCHEMA, "event")
DECODE = msgspec.json.Decoder(EVENT).decode
MINIMAL = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))


def test_the_shipped_schema_is_shaped_field_for_field():
    event = SCHEMA["$defs"]["event"]
    fields = msgspec.structs.fields(EVENT)
    assert {field.name for field in fields} == set(event["properties"])
    assert {field.name for field in fields if field.required} == set(event["required"])
    assert list(_event_types() or {}) == ["events"]


@pytest.mark.parametrize(("where", "keyword"), sorted(LEFT_TO_RULES))
def test_what_the_shape_leaves_to_the_rules_stands_in_the_schema(where, keyword):
    defs = SCHEMA["$defs"]
    name, *keys = where.split(".")
    schema = defs[name]
    for key in keys:
        schema = schema["properties"][key]
    assert keyword in schema


@settings(max_examples=100, deadline=None)
@given(document=datasets())
def test_every_valid_event_decodes_to_its_own_values(document):
    for event in document["events"]:
        decoded = DECODE(json.dumps(event).encode())
        back = msgspec.to_builtins(decoded)
        assert json.dumps(back, sort_keys=True) == json.dumps(event, sort_keys=True)  # 0 not 0.0


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["relation"].update(uniqueItems=True), "relation"),
        (lambda d: d["event"]["properties"]["title"].update(format="date"), "event.title"),
        (lambda d: d["event"]["properties"].update(flag={"type": "boolean"}), "event.flag"),
        (lambda d: d["place"].pop("additionalProperties"), "place"),
        (lambda d: d["evidence"]["properties"].update(url={"$ref": "other.json"}), "url"),
        (lambda d: d["event"]["properties"].update(n={"type": "integer", "enum": [1]}), "event.n"),
        (lambda d: d["event"]["properties"]["status"].update(oneOf=[]), "event.status"),
        (lambda d: d["event"]["properties"].update(tags={"type": "array"}), "event.tags"),
    ],
)
def test_a_keyword_the_shape_cannot_state_is_refused(change, where):
    schema = copy.deepcopy(SCHEMA)
    change(schema["$defs"])
    with pytest.raises(Unshapeable, match=where.replace(".", r"\.")):
        shape_of(schema, "event")


def test_a_null_for_an_optional_key_is_not_of_the_shape():
    event = {**MINIMAL["events"][1], "summary": None}
    with pytest.raises(msgspec.ValidationError):
        DECODE(json.dumps(event).encode())


# -- the fast path against the exact one, on files ---------------------------------------------


@pytest.fixture
def sure(monkeypatch):
    """What _sure_event answered, in order."""
    answers: list[bool] = []
    original = _FastChecker._sure_event

    def recorded(self: _FastChecker, event: Any, index: int) -> bool:
        answer = original(self, event, index)
        answers.append(answer)
        return answer

    monkeypatch.setattr(_FastChecker, "_sure_event", recorded)
    return answers


def _write(folder: Path, document: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "valid" / "minimal.txt", folder / "minimal.txt")
    path = folder / "dataset.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _with_event(event: Any) -> dict[str, Any]:
    """The minimal dataset with ``event`` after its own events (which read the text)."""
    return {**MINIMAL, "events": [*MINIMAL["events"], event]}


def _verdicts(path: Path) -> tuple[bool, bool]:
    """Whether the fast path and the exact one each find the file free of problems."""
    fast = check_fast(path, base_dir=path.parent, records=False)
    document = json.loads(path.read_text(encoding="utf-8"))
    problems, _ = check(document, base_dir=path.parent)
    return fast is not None and fast[0] == [], not problems


def test_a_valid_event_is_sure_and_a_faulty_one_is_not(tmp_path, sure):
    event = {**MINIMAL["events"][1], "id": "another-claim"}
    assert _verdicts(_write(tmp_path / "valid", _with_event(event))) == (True, True)
    # The first quote of a text reads it (the fast path reads it as the exact rules would).
    assert sure == [True, True, True]
    sure.clear()
    wrong = {**event, "evidence": [{**event["evidence"][0], "start": 0, "end": 21}]}
    assert _verdicts(_write(tmp_path / "quote", _with_event(wrong))) == (False, False)
    assert sure == [True, True, False]


def test_events_whose_source_has_no_text_are_sure(tmp_path, sure):
    document = copy.deepcopy(MINIMAL)
    for source in document["sources"]:
        del source["path"], source["sha256"]
    path = _write(tmp_path, document)
    problems, _ = check(json.loads(path.read_text(encoding="utf-8")), base_dir=tmp_path)
    assert [p.code for p in problems] == ["source-text-unavailable"]
    fast = check_fast(path, base_dir=tmp_path, records=False)  # the warning, placed
    assert fast is not None
    assert [(p.code, p.pointer, p.line is not None) for p in fast[0]] == [
        ("source-text-unavailable", problems[0].pointer, True)
    ]
    assert sure == [True, True]


# Besides the schema's odd values: ids that exist, the event's own id (a relation to itself).
_VALUES = _ODD_VALUES | st.sampled_from(["mutated", "us-armed-forces", "kabul-airport-bombing"])


def _without(event: Any, path: tuple[Any, ...]) -> Any:
    """``event`` without the key at ``path`` (unchanged when it names no key)."""
    event = copy.deepcopy(event)
    target = event
    for step in path[:-1]:
        target = target[step]
    if path and isinstance(target, dict):
        del target[path[-1]]
    return event


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_mutated_event_is_never_passed_when_the_exact_path_faults_it(tmp_path, data):
    event = {
        **copy.deepcopy(MINIMAL["events"][0]),
        "id": "mutated",
        "relations": [{"type": "follows", "event": "kabul-airport-bombing"}],
    }
    paths = list(_paths(event))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        if data.draw(st.booleans()):
            event = _mutate(event, path, data.draw(_VALUES))
        else:
            event = _without(event, path)
        if not isinstance(event, dict):
            break
        paths = list(_paths(event))
    fast, exact = _verdicts(_write(tmp_path / "mutated", _with_event(event)))
    assert fast == exact, event


def _changed(change: Any) -> dict[str, Any]:
    event = {
        **copy.deepcopy(MINIMAL["events"][0]),
        "id": "changed",
        "relations": [{"type": "follows", "event": "kabul-airport-bombing"}],
    }
    change(event)
    return event


# Faults the shape leaves to _sure_event (the schema's or the rules'), one at a time.
FAULTS = {
    "id not a slug": lambda e: e.update(id="Not-A-Slug"),
    "date not of the pattern": lambda e: e.update(date="2021-08-26T10:00"),
    "date not in the calendar": lambda e: e.update(date="2021-02-30"),
    "subtype of another type": lambda e: e.update(subtype="ceasefire"),
    "country not of the pattern": lambda e: e["place"].update(country="af"),
    "latitude without longitude": lambda e: e["place"].pop("longitude"),
    "precision without coordinates": lambda e: [
        e["place"].pop(k) for k in ("latitude", "longitude")
    ],
    "unknown actor": lambda e: e["participants"][0].update(actor="nobody"),
    "counts out of order": lambda e: e["fatalities"].update(best=50),
    "no count": lambda e: e["fatalities"].pop("low"),
    "fatalities of a planned event": lambda e: e.update(status="planned"),
    "subset above the total": lambda e: e["fatalities"]["subsets"][0].update(best=500),
    "subset without actor": lambda e: e["fatalities"]["subsets"][0].pop("actor"),
    "subset of an unknown actor": lambda e: e["fatalities"]["subsets"][0].update(actor="x"),
    "unknown source": lambda e: e["evidence"][0].update(source="elsewhere"),
    "offsets not the quote's length": lambda e: e["evidence"][0].update(end=57),
    "quote not in the text": lambda e: e["evidence"][0].update(quote="A" * 40),
    "relation to itself": lambda e: e["relations"][0].update(event="changed"),
    "start without end": lambda e: e["evidence"][0].pop("end"),
    "neither offsets nor locator": lambda e: [e["evidence"][0].pop(k) for k in ("start", "end")],
    "attribution naming nobody": lambda e: e["evidence"][0].update(attribution={"text": "x"}),
    "report saying nothing": lambda e: e.update(
        reports=[{"source": e["evidence"][0]["source"], "evidence": [e["evidence"][0]]}]
    ),
}


# Each constraint the shape leaves out, and a fault of it above.
LEFT_OUT_FAULTS = {
    ("slug", "pattern"): "id not a slug",
    ("edtf", "pattern"): "date not of the pattern",
    ("edtf", "format"): "date not in the calendar",
    ("place", "dependentRequired"): "latitude without longitude",
    ("place.country", "pattern"): "country not of the pattern",
    ("fatalities", "anyOf"): "no count",
    ("fatality_subset", "allOf"): "subset without actor",
    ("evidence", "dependentRequired"): "start without end",
    ("evidence", "anyOf"): "neither offsets nor locator",
    ("attribution", "anyOf"): "attribution naming nobody",
    ("report", "anyOf"): "report saying nothing",
}


def test_every_constraint_left_out_has_a_fault_case():
    assert set(LEFT_OUT_FAULTS) == LEFT_TO_RULES
    assert set(LEFT_OUT_FAULTS.values()) <= set(FAULTS)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_left_to_the_rules_is_not_sure(tmp_path, sure, fault):
    assert _verdicts(_write(tmp_path / "valid", _with_event(_changed(lambda e: None)))) == (
        True,
        True,
    )
    assert sure[-1] is True
    sure.clear()
    assert _verdicts(_write(tmp_path / "faulty", _with_event(_changed(FAULTS[fault])))) == (
        False,
        False,
    )
    assert sure[-1] is False


def test_the_fast_path_steps_aside_when_the_schema_cannot_be_shaped(tmp_path, monkeypatch):
    monkeypatch.setattr(_fast_check, "_event_types", lambda: None)
    assert _verdicts(_write(tmp_path, MINIMAL)) == (True, True)


def test_a_batch_not_of_the_shape_is_decoded_as_plain_json_and_judged_exactly(tmp_path):
    from timeline.reading._batch_reader import BatchReader

    event = {**MINIMAL["events"][1], "id": "another-claim"}
    event["evidence"] = [{**event["evidence"][0], "start": float(event["evidence"][0]["start"])}]
    path = _write(tmp_path, _with_event(event))
    with path.open("rb") as file:
        batches = [
            item.value
            for item in BatchReader(file, types=_event_types()).items()
            if item.kind == "elements" and item.key == "events"
        ]
    assert [type(value) for batch in batches for value in batch] == [dict, dict, dict]
    assert _verdicts(path) == (False, False)  # a float offset: the exact rules' problem
    problems, _ = check(json.loads(path.read_text(encoding="utf-8")), base_dir=tmp_path)
    assert [p.pointer for p in problems] == ["/events/2/evidence/0/start"]
