"""The converter, the canonical JSON form, the schema's agreement with the records, and dump.

Property tests draw whole valid documents from :func:`tests.strategies.datasets`: each must
pass validation without a problem, and must come back unchanged, key order included, through
structuring and unstructuring and through ``loads`` then ``dumps``.
"""

from __future__ import annotations

import enum
import json
import os
import typing
from pathlib import Path
from typing import Any

import attrs
import cattrs
import msgspec
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import timeline
import timeline.files.atomic
import timeline.reading.document
import timeline.schema
from tests.strategies import SCHEMA_ID, datasets, event_documents, fold, texts
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Attribution,
    Contributor,
    Dataset,
    DateBasis,
    Event,
    EventSubtype,
    EventType,
    Evidence,
    ExternalIds,
    Fatalities,
    FatalitySubset,
    GeoPrecision,
    Participant,
    Place,
    Relation,
    RelationType,
    Report,
    ReportedPerpetrator,
    Responsibility,
    Role,
    Source,
    Status,
)
from timeline.reading._schema_shapes import event_shape
from timeline.reading._trusted_builder import EVENT_PARTS
from timeline.reading.validation import check

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "valid" / "minimal.json"

_SETTINGS = settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def canonical(document: Any) -> str:
    """The canonical JSON text of a parsed document, written without the library."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def shape(value: Any) -> Any:
    """A value with every object's key order and every scalar's JSON type made explicit,
    so that ``==`` also tells ``{"a", "b"}`` from ``{"b", "a"}`` and ``34`` from ``34.0``."""
    if isinstance(value, dict):
        return ("object", [(key, shape(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("array", [shape(item) for item in value])
    return (type(value).__name__, value)


def _json_keys(cls: type[Any]) -> list[str]:
    return ["$schema" if f.name == "schema" else f.name for f in attrs.fields(cls)]


def _objects(document: Any, cls: type[Any] = Dataset) -> typing.Iterator[tuple[type[Any], Any]]:
    """Every object of a document with the record class it stands for."""
    yield cls, document
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        key = "$schema" if field.name == "schema" else field.name
        if key not in document:
            continue
        record = _record_of(hints[field.name])
        if record is None:
            continue
        value = document[key]
        for item in value if isinstance(value, list) else [value]:
            yield from _objects(item, record)


def _record_of(hint: Any) -> type[Any] | None:
    """The record class a field holds (alone, optionally, or in a tuple), if any."""
    for arg in (hint, *typing.get_args(hint)):
        if isinstance(arg, type) and attrs.has(arg) and arg.__module__ == "timeline.model":
            return arg
    return None


# -- generated documents are valid -----------------------------------------------------------


@_SETTINGS
@given(datasets())
def test_generated_documents_have_no_problems(doc):
    problems, dataset = check(doc)
    # citations of sources without a text are warnings; nothing else is said
    assert {p.code for p in problems} <= {"evidence-unverifiable"}, [str(p) for p in problems]
    assert isinstance(dataset, Dataset)
    assert [s.id for s in dataset.sources] == [s["id"] for s in doc["sources"]]
    assert [a.id for a in dataset.actors] == [a["id"] for a in doc["actors"]]
    assert [e.id for e in dataset.events] == [e["id"] for e in doc["events"]]


@_SETTINGS
@given(datasets())
def test_generated_documents_are_in_canonical_key_order(doc):
    """Checked without the converter, so that a round-trip failure can be told apart from a
    strategy that writes keys out of order."""
    for cls, obj in _objects(doc):
        keys = list(obj)
        order = _json_keys(cls)
        assert keys == [k for k in order if k in obj], (cls.__name__, keys)
        assert set(keys) <= set(order)
        for field in attrs.fields(cls):
            if field.default is not attrs.NOTHING:
                assert obj.get(field.name) != [], f"an empty {cls.__name__}.{field.name}"


_REACHES = {
    "a part_of link": lambda d: any("part_of" in a for a in d["actors"]),
    "an affiliation": lambda d: any("affiliations" in a for a in d["actors"]),
    "a relation": lambda d: any("relations" in e for e in d["events"]),
    "a fatality subset with an actor": lambda d: any(
        "actor" in s for e in d["events"] for s in e.get("fatalities", {}).get("subsets", [])
    ),
    "an integer latitude": lambda d: any(
        type(e.get("place", {}).get("latitude")) is int for e in d["events"]
    ),
    "a float longitude": lambda d: any(
        type(e.get("place", {}).get("longitude")) is float for e in d["events"]
    ),
    "a subtype": lambda d: any("subtype" in e for e in d["events"]),
    "a path with its sha256": lambda d: any("path" in s for s in d["sources"]),
    "a published_inference": lambda d: any("published_inference" in s for s in d["sources"]),
    "an interval date": lambda d: any("/" in e["date"] for e in d["events"]),
    "a title with an escaped character": lambda d: any(c in d["title"] for c in '"\\\n\x00'),
    "a non-ASCII title": lambda d: not d["title"].isascii(),
}


@pytest.mark.parametrize("feature", sorted(_REACHES))
def test_strategy_reaches(feature):
    found = find(
        datasets(),
        _REACHES[feature],
        settings=settings(
            max_examples=2000,
            phases=[Phase.generate],
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert _REACHES[feature](found)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts(), min_size=2, max_size=6, unique_by=fold))
def test_names_unique_by_fold_raise_no_ambiguity_warning(names):
    doc = {
        "$schema": SCHEMA_ID,
        "id": "names",
        "title": "Names",
        "version": "1.0.0",
        "license": "MIT",
        "sources": [],
        "actors": [
            {"id": f"actor-{i}", "name": name, "kind": "other"} for i, name in enumerate(names)
        ],
        "events": [],
    }
    assert check(doc)[0] == []


# -- round trips -----------------------------------------------------------------------------


@_SETTINGS
@given(datasets())
def test_structure_then_unstructure_gives_the_document_back(doc):
    dataset = timeline.converter.structure(doc, Dataset)
    back = timeline.unstructure(dataset)
    assert back == doc
    assert shape(back) == shape(doc)  # key order and int/float kept too


@_SETTINGS
@given(datasets())
def test_loads_then_dumps_is_byte_identical(doc):
    text = canonical(doc)
    dataset = timeline.loads(text)
    assert timeline.dumps(dataset) == text
    assert timeline.dumps(timeline.loads(text.encode("utf-8"))) == text
    assert shape(json.loads(timeline.dumps(dataset))) == shape(doc)


def reversed_keys(value: Any) -> Any:
    """The value with the keys of every object in reverse order."""
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


@_SETTINGS
@given(datasets())
def test_unstructure_writes_canonical_order_whatever_the_input_order(doc):
    scrambled = reversed_keys(doc)
    assert not any(p.is_error for p in check(scrambled)[0])
    dataset = timeline.converter.structure(scrambled, Dataset)
    assert shape(timeline.unstructure(dataset)) == shape(doc)
    assert timeline.dumps(timeline.loads(json.dumps(scrambled))) == canonical(doc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_documents(source_ids=["s"], actor_ids=["a", "b"], event_ids=["e", "f"]))
def test_event_round_trip(doc):
    event = timeline.converter.structure(doc, Event)
    assert shape(timeline.converter.unstructure(event)) == shape(doc)


def test_minimal_sample_round_trips_byte_for_byte():
    text = MINIMAL.read_text(encoding="utf-8")
    dataset = timeline.load(MINIMAL)
    assert timeline.dumps(dataset) == text
    assert dataset.schema == timeline.schema.DATASET_SCHEMA_IDS[0]  # a 1.0.0 dataset stays one
    assert dataset.events[0].place is not None
    assert dataset.events[0].place.latitude == 34.5653


def test_dumps_writes_canonical_form():
    doc = json.loads(MINIMAL.read_text(encoding="utf-8"))
    doc["title"] = 'Zürich «قندهار» 😀 "q" \\ \n\x01'
    text = timeline.dumps(timeline.converter.structure(doc, Dataset))
    assert text.endswith("}\n")
    assert '"title": "Zürich «قندهار» 😀 \\"q\\" \\\\ \\n\\u0001",\n' in text
    assert text.startswith('{\n  "$schema": "urn:timeline:schema:dataset:1.0.0",\n  "id": ')


def test_what_loads_accepts_dump_can_write():
    """A lone surrogate escape parses into a string no UTF-8 file can hold: it is rejected."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        '"title": "A minimal dataset"', '"title": "A \\ud800 dataset"'
    )
    assert "\\ud800" in text
    with pytest.raises(timeline.InvalidDatasetError) as caught:
        timeline.loads(text.encode("utf-8"))
    (problem,) = caught.value.problems
    assert (problem.code, problem.pointer) == ("json-lone-surrogate", "/title")
    paired = text.replace("\\ud800", "\\ud83d\\ude00")
    assert timeline.loads(paired).title == "A \U0001f600 dataset"


# -- the schema and the records agree --------------------------------------------------------

SCHEMA = timeline.dataset_schema()

#: Where each record's object lives in the schema, as a path of keys from the root.
_SCHEMA_PATHS: dict[type[Any], tuple[str, ...]] = {
    Dataset: (),
    Contributor: ("$defs", "contributor"),
    Source: ("$defs", "source"),
    Actor: ("$defs", "actor"),
    Affiliation: ("$defs", "affiliation"),
    ExternalIds: ("$defs", "actor", "properties", "external_ids"),
    Event: ("$defs", "event"),
    Place: ("$defs", "place"),
    Participant: ("$defs", "participant"),
    Fatalities: ("$defs", "fatalities"),
    FatalitySubset: ("$defs", "fatality_subset"),
    Evidence: ("$defs", "evidence"),
    Attribution: ("$defs", "attribution"),
    Relation: ("$defs", "relation"),
    Report: ("$defs", "report"),
    ReportedPerpetrator: ("$defs", "reported_perpetrator"),
}
_ENUMS = {
    EventType,
    EventSubtype,
    Role,
    ActorKind,
    Status,
    RelationType,
    GeoPrecision,
    Responsibility,
    DateBasis,
}
RECORDS = sorted(_SCHEMA_PATHS, key=lambda cls: cls.__name__)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/$defs/...``) to the object it names."""
    ref = node.get("$ref")
    if ref is None:
        return node
    assert ref.startswith("#/"), ref
    target: Any = SCHEMA
    for part in ref[2:].split("/"):
        target = target[part]
    return _resolve(target)


def _schema_object(cls: type[Any]) -> dict[str, Any]:
    node: Any = SCHEMA
    for key in _SCHEMA_PATHS[cls]:
        node = node[key]
    return _resolve(node)


def _enum_of(hint: Any) -> type[enum.Enum] | None:
    for arg in (hint, *typing.get_args(hint)):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return arg
    return None


def test_every_record_is_mapped_to_the_schema():
    reachable = {cls for cls, _ in _objects_of_types(Dataset)}
    assert reachable == set(_SCHEMA_PATHS)


def _objects_of_types(cls: type[Any]) -> typing.Iterator[tuple[type[Any], None]]:
    yield cls, None
    for hint in typing.get_type_hints(cls).values():
        record = _record_of(hint)
        if record is not None:
            yield from _objects_of_types(record)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_schema_properties_are_the_record_fields(cls):
    obj = _schema_object(cls)
    assert obj["type"] == "object"
    assert obj["additionalProperties"] is False
    assert set(obj["properties"]) == set(_json_keys(cls))
    # The schema lists the properties in the records' order as well.
    assert list(obj["properties"]) == _json_keys(cls)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_schema_required_keys_are_the_fields_without_default(cls):
    obj = _schema_object(cls)
    without_default = {
        "$schema" if f.name == "schema" else f.name
        for f in attrs.fields(cls)
        if f.default is attrs.NOTHING
    }
    assert set(obj.get("required", [])) == without_default
    assert len(obj.get("required", [])) == len(without_default)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_schema_enums_are_the_python_enums(cls):
    obj = _schema_object(cls)
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        key = "$schema" if field.name == "schema" else field.name
        prop = _resolve(obj["properties"][key])
        python_enum = _enum_of(hints[field.name])
        if key == "$schema":  # the ids of the schemas a dataset may claim
            assert prop["enum"] == list(timeline.schema.DATASET_SCHEMA_IDS)
        elif python_enum is None:
            assert "enum" not in prop, key
        else:
            assert prop["type"] == "string"
            assert prop["enum"] == [member.value for member in python_enum], key


def test_every_enum_appears_in_the_schema():
    used: set[type[enum.Enum]] = set()
    for cls in RECORDS:
        for hint in typing.get_type_hints(cls).values():
            python_enum = _enum_of(hint)
            if python_enum is not None:
                used.add(python_enum)
    assert used == _ENUMS
    schema_enums = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                schema_enums.append(tuple(node["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)
    schema_enums.remove(tuple(timeline.schema.DATASET_SCHEMA_IDS))
    assert set(schema_enums) == {tuple(m.value for m in e) for e in _ENUMS}


def _described(node: Any, where: str) -> typing.Iterator[str]:
    """The places of schema nodes that lack a description."""
    if not isinstance(node, dict):
        return
    for key, prop in node.get("properties", {}).items():
        at = f"{where}/properties/{key}"
        if not (isinstance(prop.get("description"), str) and prop["description"].strip()):
            yield at
        yield from _described(prop, at)
    for key, sub in node.get("$defs", {}).items():
        at = f"{where}/$defs/{key}"
        if not (isinstance(sub.get("description"), str) and sub["description"].strip()):
            yield at
        yield from _described(sub, at)
    if "items" in node:
        at = f"{where}/items"
        if not node["items"].get("description", "").strip():
            yield at
        yield from _described(node["items"], at)


def test_every_schema_property_has_a_description():
    assert list(_described(SCHEMA, "#")) == []
    # The walk does look at nested properties.
    assert "#/$defs/fatalities/properties/low" not in _described(SCHEMA, "#")
    broken = timeline.dataset_schema()
    del broken["$defs"]["fatalities"]["properties"]["low"]["description"]
    assert list(_described(broken, "#")) == ["#/$defs/fatalities/properties/low"]


# -- the converter is strict ------------------------------------------------------------------


def _inner(exc: BaseException) -> list[BaseException]:
    """The leaf exceptions of a cattrs exception group."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _inner(inner)]
    return [exc]


EVIDENCE = {"source": "report", "quote": "abc", "start": 1, "end": 4}


@pytest.mark.parametrize(
    ("cls", "data", "leaf"),
    [
        pytest.param(Evidence, {**EVIDENCE, "start": "1", "end": 4}, TypeError, id="str-in-int"),
        pytest.param(Evidence, {**EVIDENCE, "start": True}, TypeError, id="bool-in-int"),
        pytest.param(Evidence, {**EVIDENCE, "start": 1.0}, TypeError, id="float-in-int"),
        pytest.param(FatalitySubset, {"low": True, "actor": "a"}, TypeError, id="bool-in-low"),
        pytest.param(FatalitySubset, {"best": "13", "actor": "a"}, TypeError, id="str-in-best"),
        pytest.param(Participant, {"actor": 1, "role": "victim"}, TypeError, id="int-in-str"),
        pytest.param(Evidence, {**EVIDENCE, "source": None}, TypeError, id="none-in-str"),
        pytest.param(Place, {"name": "x", "latitude": "34", "longitude": 1}, TypeError, id="s-f"),
        pytest.param(Place, {"name": "x", "latitude": True, "longitude": 1}, TypeError, id="b-f"),
        pytest.param(Relation, {"type": "follows", "event": "e", "note": "x"}, None, id="extra"),
        pytest.param(Participant, {"actor": "a", "role": "hero"}, ValueError, id="bad-enum"),
        pytest.param(Relation, {"type": "follows"}, KeyError, id="missing"),
    ],
)
def test_structure_is_strict(cls, data, leaf):
    with pytest.raises(cattrs.ClassValidationError) as info:
        timeline.converter.structure(data, cls)
    leaves = _inner(info.value)
    assert len(leaves) == 1
    if leaf is None:
        assert isinstance(leaves[0], cattrs.ForbiddenExtraKeysError)
        assert leaves[0].extra_fields == {"note"}
    else:
        assert isinstance(leaves[0], leaf)


def test_unknown_keys_are_rejected_at_every_level():
    doc = json.loads(MINIMAL.read_text(encoding="utf-8"))
    doc["events"][0]["place"]["altitude"] = 1800
    with pytest.raises(cattrs.ClassValidationError) as info:
        timeline.converter.structure(doc, Dataset)
    (leaf,) = _inner(info.value)
    assert isinstance(leaf, cattrs.ForbiddenExtraKeysError)
    assert leaf.extra_fields == {"altitude"}


def test_dataset_schema_key_is_only_spelled_with_a_dollar():
    doc = json.loads(MINIMAL.read_text(encoding="utf-8"))
    doc["schema"] = doc.pop("$schema")
    with pytest.raises(cattrs.ClassValidationError) as info:
        timeline.converter.structure(doc, Dataset)
    leaves = _inner(info.value)
    assert any(isinstance(e, cattrs.ForbiddenExtraKeysError) for e in leaves)


def test_strict_errors_become_problems():
    doc = json.loads(MINIMAL.read_text(encoding="utf-8"))
    doc["events"][0]["evidence"][0]["start"] = True
    problems, dataset = check(doc)
    assert dataset is None
    assert [(p.code, p.pointer) for p in problems if p.is_error] == [
        ("schema-type", "/events/0/evidence/0/start")
    ]


@pytest.mark.parametrize(("latitude", "longitude"), [(34, 69), (34.0, 69.5), (-90, 180)])
def test_numbers_in_float_fields_keep_their_type(latitude, longitude):
    place = timeline.converter.structure(
        {"name": "Kabul", "latitude": latitude, "longitude": longitude}, Place
    )
    assert type(place.latitude) is type(latitude)
    assert type(place.longitude) is type(longitude)
    back = timeline.converter.unstructure(place)
    assert shape(back) == shape({"name": "Kabul", "latitude": latitude, "longitude": longitude})


def test_integer_coordinates_are_dumped_as_integers():
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('"latitude": 34.5653', '"latitude": 34')
    text = text.replace('"longitude": 69.2125', '"longitude": 69.0')
    dumped = timeline.dumps(timeline.loads(text))
    assert '"latitude": 34,\n' in dumped
    assert '"longitude": 69.0,\n' in dumped
    assert dumped == text


# -- dump writes atomically ------------------------------------------------------------------


@pytest.fixture
def dataset() -> Dataset:
    return timeline.loads(MINIMAL.read_bytes())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_dump_writes_the_canonical_text(tmp_path, dataset):
    target = tmp_path / "out.json"
    timeline.dump(dataset, target)
    assert target.read_bytes() == timeline.dumps(dataset).encode("utf-8")
    assert target.read_text(encoding="utf-8") == MINIMAL.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert target.stat().st_mode & 0o7777 == 0o666 & ~_umask()


def test_dump_accepts_a_string_path(tmp_path, dataset):
    target = tmp_path / "out.json"
    timeline.dump(dataset, str(target))
    assert timeline.load(target) == dataset


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o755])
def test_dump_over_a_file_keeps_its_permissions(tmp_path, dataset, mode):
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    timeline.dump(dataset, target)
    assert target.stat().st_mode & 0o7777 == mode
    assert target.read_text(encoding="utf-8") == timeline.dumps(dataset)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def _old_file(tmp_path: Path) -> Path:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    target.chmod(0o640)
    return target


def _assert_untouched(tmp_path: Path, target: Path) -> None:
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert target.stat().st_mode & 0o7777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_dump_failing_in_dumps_leaves_the_old_file(tmp_path, dataset, monkeypatch):
    target = _old_file(tmp_path)

    def broken(_: Dataset) -> str:
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr(timeline.reading.document, "dumps", broken)
    with pytest.raises(RuntimeError, match="serialisation failed"):
        timeline.dump(dataset, target)
    _assert_untouched(tmp_path, target)


def test_dump_failing_to_encode_leaves_the_old_file(tmp_path, dataset):
    target = _old_file(tmp_path)
    unencodable = attrs.evolve(dataset, title="lone surrogate \ud800")
    with pytest.raises(UnicodeEncodeError):
        timeline.dump(unencodable, target)
    _assert_untouched(tmp_path, target)


def test_dump_failing_while_writing_leaves_no_temporary_file(tmp_path, dataset, monkeypatch):
    target = _old_file(tmp_path)
    written: list[str] = []

    def broken_fsync(fd: int) -> None:
        written.extend(p.name for p in tmp_path.iterdir() if p.name != "out.json")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(timeline.files.atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        timeline.dump(dataset, target)
    assert len(written) == 1  # the temporary file did exist, beside the target
    assert written[0].startswith(".out.json.")
    assert written[0].endswith(".tmp")
    _assert_untouched(tmp_path, target)


def test_dump_failing_to_rename_leaves_no_temporary_file(tmp_path, dataset, monkeypatch):
    target = _old_file(tmp_path)

    def broken_replace(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(timeline.files.atomic.Path, "replace", broken_replace)
    with pytest.raises(PermissionError):
        timeline.dump(dataset, target)
    _assert_untouched(tmp_path, target)


# -- the trusted path gives the records the converter gives ----------------------------------


@settings(max_examples=150, deadline=None)
@given(document=datasets())
def test_the_trusted_path_builds_what_the_converter_builds(document):
    from timeline.reading._trusted_builder import TrustedBuilder

    builder = TrustedBuilder()  # one for the document: what it shares is shared across records
    for key, record in (
        ("sources", timeline.Source),
        ("actors", timeline.Actor),
        ("events", timeline.Event),
    ):
        for item in document[key]:
            expected = timeline.converter.structure(item, record)
            every = [builder.build[key](item)]
            if key == "events":  # also from what the fast path decodes: typed, or parts
                text = json.dumps(item).encode()
                every.append(builder.event(msgspec.json.decode(text, type=event_shape())))
                every.append(builder.event_parts(msgspec.json.decode(text, type=EVENT_PARTS)))
                every.append(next(builder.batch(key, [msgspec.json.decode(text)])))
            for built in every:
                assert type(built) is record
                assert built == expected
                assert hash(built) == hash(expected)
                unstructured = timeline.converter.unstructure(built)
                assert unstructured == timeline.converter.unstructure(expected)


def test_trusted_records_are_frozen_and_share_their_repeated_parts():
    from timeline.reading._trusted_builder import TrustedBuilder

    document = timeline.converter.unstructure(timeline.load_default())
    builder = TrustedBuilder()
    first = builder.event_document(document["events"][0])
    assert first == timeline.load_default().events[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.title = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.evidence[0].quote = "changed"  # type: ignore[misc]
    again = builder.event_document(document["events"][0])
    assert again == first
    assert again is not first
    assert again.date is first.date
    assert again.participants[0] is first.participants[0]


def test_an_unchecked_constructor_needs_every_field():
    from timeline.reading._trusted_builder import _unchecked

    make = _unchecked(timeline.Relation)
    with pytest.raises(TypeError, match="event"):
        make(type=timeline.RelationType.FOLLOWS)


@pytest.mark.parametrize(
    "fatalities",
    [
        {"best": 3},
        {"low": 1, "best": 3, "high": 5, "text": "three"},
        {"low": 2, "high": 4},
        {"low": 2, "best": 3, "subsets": [{"best": 1, "description": "civilians"}]},
    ],
)
def test_trusted_fatalities_are_the_converters(fatalities):
    from timeline.reading._trusted_builder import TrustedBuilder

    document = timeline.converter.unstructure(timeline.load_default())
    event = {**document["events"][0], "fatalities": fatalities}
    builder = TrustedBuilder()
    built = builder.event_document(event)
    assert built == timeline.converter.structure(event, timeline.Event)
    assert builder.event_document(event) == built


def test_a_document_not_of_the_events_shape_is_refused_with_a_value_error():
    from timeline.reading._trusted_builder import TrustedBuilder

    document = timeline.converter.unstructure(timeline.load_default())
    event = {**document["events"][0], "fatalities": {"best": 3, "subsets": []}}
    with pytest.raises(ValueError, match="subsets"):
        TrustedBuilder().event_document(event)
