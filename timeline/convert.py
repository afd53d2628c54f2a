"""The cattrs converter between records and JSON-ready Python objects.

One converter, made by :func:`make_converter`, serves every entry point. It is strict: a
string is never turned into a number, unknown keys are an error (``forbid_extra_keys``), and
optional fields that hold their default (``None``, an empty tuple) are left out of the output,
so that structuring and unstructuring a schema-valid document gives it back unchanged.
"""

from __future__ import annotations

import datetime
import enum
import re
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from timeline.dates import EdtfDate, parse_edtf
from timeline.errors import RecordError, RecordTypeError
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Dataset,
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
    Role,
    Source,
    Status,
)
from timeline.problems import json_type_name

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["converter", "make_converter", "trusted_actor", "trusted_event", "trusted_source"]

_E = TypeVar("_E", bound=enum.Enum)


def _wrong_type(expected: str, value: Any) -> RecordTypeError:
    return RecordTypeError("schema-type", f"expected {expected}, got {json_type_name(value)}")


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong_type("a string", value)
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type("an integer", value)
    return value


def _strict_float(value: Any, _: type) -> float:
    # An integer stays an integer, so that 34 is written back as 34, not 34.0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type("a number", value)
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type("true or false", value)
    return value


def _structure_enum(value: Any, vocabulary: type[enum.Enum]) -> enum.Enum:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in vocabulary)
        raise RecordError("schema-enum", f"{value!r} is not one of: {allowed}") from None


_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: Any, _: type) -> datetime.date:
    text = _strict_str(value, str)
    try:
        if not _CALENDAR_DATE.fullmatch(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise RecordError(
            "schema-format", f"{text!r} is not a calendar date (YYYY-MM-DD)"
        ) from None


def _structure_edtf(value: Any, _: type) -> EdtfDate:
    return parse_edtf(_strict_str(value, str))


#: Fields whose JSON key is not their name.
_OVERRIDES: dict[type[Any], dict[str, Any]] = {Dataset: {"schema": override(rename="$schema")}}


def _in_field_order(
    cls: type[Any], conv: cattrs.Converter, **overrides: Any
) -> Callable[[Any], dict[str, Any]]:
    """An unstructure function that omits defaults and keeps the fields' declared order.

    cattrs writes the fields without defaults first; the canonical form follows the record.
    """
    generated = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
    keys = [overrides[f.name].rename if f.name in overrides else f.name for f in attrs.fields(cls)]

    def unstructure(record: Any) -> dict[str, Any]:
        raw = generated(record)
        return {key: raw[key] for key in keys if key in raw}

    return unstructure


def make_converter() -> cattrs.Converter:
    """A new converter configured for timeline records."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(EdtfDate, _structure_edtf)
    conv.register_structure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook(EdtfDate, str)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: _in_field_order(cls, conv, **_OVERRIDES.get(cls, {}))
    )
    conv.register_structure_hook(
        Dataset,
        make_dict_structure_fn(
            Dataset, conv, _cattrs_forbid_extra_keys=True, **_OVERRIDES[Dataset]
        ),
    )
    return conv


#: The converter used by :func:`timeline.load` and friends.
converter = make_converter()


# -- the trusted path ---------------------------------------------------------------------------
# Loading a large dataset spends most of its time structuring records. A record that has
# passed the schema and the record rules needs none of the converter's checks: these
# functions build it directly, several times faster. They give the same records as
# ``converter.structure`` (a test compares the two on generated documents) and are used only
# on records validation has passed.


def _members(vocabulary: type[_E]) -> dict[Any, _E]:
    """A vocabulary's members by value: a dictionary look-up is several times faster than
    calling the enum, and the trusted path looks up a few values for every record."""
    return {member.value: member for member in vocabulary}


_EVENT_TYPES = _members(EventType)
_EVENT_SUBTYPES = _members(EventSubtype)
_ROLES = _members(Role)
_STATUSES = _members(Status)
_RELATION_TYPES = _members(RelationType)


def _enum_or_none(members: dict[Any, _E], value: Any) -> _E | None:
    return None if value is None else members[value]


def _place(data: dict[str, Any] | None) -> Place | None:
    if data is None:
        return None
    precision = data.get("geo_precision")
    if precision is None:
        return Place(**data)
    return Place(**{**data, "geo_precision": GeoPrecision(precision)})


def _fatalities(data: dict[str, Any] | None) -> Fatalities | None:
    if data is None:
        return None
    subsets = data.get("subsets")
    if not subsets:
        return Fatalities(**data)
    return Fatalities(**{**data, "subsets": tuple(FatalitySubset(**s) for s in subsets)})


def trusted_event(data: dict[str, Any]) -> Event:
    """The event record of a validated event document."""
    return Event(
        id=data["id"],
        type=_EVENT_TYPES[data["type"]],
        subtype=_enum_or_none(_EVENT_SUBTYPES, data.get("subtype")),
        title=data["title"],
        summary=data.get("summary"),
        date=parse_edtf(data["date"]),
        date_text=data.get("date_text"),
        place=_place(data.get("place")),
        participants=tuple(
            Participant(actor=p["actor"], role=_ROLES[p["role"]])
            for p in data.get("participants", ())
        ),
        fatalities=_fatalities(data.get("fatalities")),
        status=_STATUSES[data["status"]],
        evidence=tuple(Evidence(**e) for e in data["evidence"]),
        relations=tuple(
            Relation(type=_RELATION_TYPES[r["type"]], event=r["event"])
            for r in data.get("relations", ())
        ),
    )


def trusted_actor(data: dict[str, Any]) -> Actor:
    """The actor record of a validated actor document."""
    external = data.get("external_ids")
    return Actor(
        id=data["id"],
        name=data["name"],
        kind=ActorKind(data["kind"]),
        aliases=tuple(data.get("aliases", ())),
        part_of=data.get("part_of"),
        affiliations=tuple(Affiliation(**a) for a in data.get("affiliations", ())),
        description=data.get("description"),
        external_ids=None if external is None else ExternalIds(**external),
    )


def trusted_source(data: dict[str, Any]) -> Source:
    """The source record of a validated source document."""
    published = data.get("published")
    if published is None:
        return Source(**data)
    return Source(**{**data, "published": parse_edtf(published)})
