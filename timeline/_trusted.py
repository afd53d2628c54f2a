"""Records built straight from documents that validation has passed.

Loading a large dataset spends most of its time making records. A record that has passed the
schema and the record rules needs none of the converter's checks, nor its own
(``__attrs_post_init__``, the same rules again), so :class:`TrustedBuilder` makes it
directly: each record's slots are set one by one, and equal small parts that events repeat
(a date, an actor in a role, fatality counts) are made once per load and shared, which the
frozen records allow. It gives the same records as ``converter.structure`` (a test compares
the two on generated documents) and is used only on records validation has passed.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from attrs import AttrsInstance

from timeline.dates import EdtfDate, parse_edtf
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
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

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["TrustedBuilder"]

_E = TypeVar("_E", bound=enum.Enum)
_R = TypeVar("_R", bound=AttrsInstance)


def _members(vocabulary: type[_E]) -> dict[Any, _E]:
    """A vocabulary's members by value: a dictionary look-up is several times faster than
    calling the enum."""
    return {member.value: member for member in vocabulary}


_EVENT_TYPES = _members(EventType)
_EVENT_SUBTYPES = _members(EventSubtype)
_ROLES = _members(Role)
_STATUSES = _members(Status)
_RELATION_TYPES = _members(RelationType)
_GEO_PRECISIONS = _members(GeoPrecision)


def _unchecked(cls: type[_R]) -> Callable[..., _R]:
    """A constructor of the frozen ``attrs`` class ``cls`` that takes every field (by name,
    none optional) and sets its slot: none of ``__init__``'s defaults and no
    ``__attrs_post_init__``. Written out field by field, as ``attrs`` writes ``__init__``,
    since a loop over the fields costs as much as ``__init__`` itself."""
    names = [field.name for field in attrs.fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def make(*, {', '.join(names)}):", "    record = new(cls)"]
    for name in names:
        namespace[f"set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    set_{name}(record, {name})")
    lines.append("    return record")
    exec("\n".join(lines), namespace)  # the names are our own classes' fields
    make: Callable[..., _R] = namespace["make"]
    make.__qualname__ = f"unchecked {cls.__name__}"
    return make


_event = _unchecked(Event)
_evidence = _unchecked(Evidence)
_place = _unchecked(Place)
_participant = _unchecked(Participant)
_relation = _unchecked(Relation)
_fatalities = _unchecked(Fatalities)


def _place_of(data: dict[str, Any]) -> Place:
    precision = data.get("geo_precision")
    return _place(
        name=data["name"],
        country=data.get("country"),
        admin1=data.get("admin1"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        geo_precision=None if precision is None else _GEO_PRECISIONS[precision],
    )


class TrustedBuilder:
    """Builds the records of validated documents; one builder per dataset, so that what it
    shares is dropped with the dataset."""

    def __init__(self) -> None:
        self._dates: dict[str, EdtfDate] = {}
        self._participants: dict[tuple[str, str], Participant] = {}
        self._fatalities: dict[tuple[Any, ...], Fatalities] = {}
        self.build: dict[str, Callable[[dict[str, Any]], Any]] = {
            "sources": self.source,
            "actors": self.actor,
            "events": self.event,
        }

    def _date(self, text: str) -> EdtfDate:
        date = self._dates.get(text)
        if date is None:
            date = self._dates[text] = parse_edtf(text)
        return date

    def event(self, data: dict[str, Any]) -> Event:
        """The event record of a validated event document."""
        subtype = data.get("subtype")
        place = data.get("place")
        fatalities = data.get("fatalities")
        participants = self._participants
        relations = data.get("relations")
        return _event(
            id=data["id"],
            type=_EVENT_TYPES[data["type"]],
            subtype=None if subtype is None else _EVENT_SUBTYPES[subtype],
            title=data["title"],
            summary=data.get("summary"),
            date=self._date(data["date"]),
            date_text=data.get("date_text"),
            place=None if place is None else _place_of(place),
            participants=tuple(
                [
                    participants.get((p["actor"], p["role"])) or self._participant(p)
                    for p in data.get("participants", ())
                ]
            ),
            fatalities=None if fatalities is None else self._counts(fatalities),
            status=_STATUSES[data["status"]],
            evidence=tuple(
                [
                    _evidence(source=e["source"], quote=e["quote"], start=e["start"], end=e["end"])
                    for e in data["evidence"]
                ]
            ),
            relations=()
            if relations is None
            else tuple(
                [_relation(type=_RELATION_TYPES[r["type"]], event=r["event"]) for r in relations]
            ),
        )

    def _participant(self, data: dict[str, Any]) -> Participant:
        made = _participant(actor=data["actor"], role=_ROLES[data["role"]])
        self._participants[data["actor"], data["role"]] = made
        return made

    def _counts(self, data: dict[str, Any]) -> Fatalities:
        subsets = data.get("subsets")
        if subsets:  # rare, and each different: made, not shared
            return Fatalities(**{**data, "subsets": tuple(FatalitySubset(**s) for s in subsets)})
        key = (data.get("low"), data.get("best"), data.get("high"), data.get("text"))
        made = self._fatalities.get(key)
        if made is None:
            low, best, high, text = key
            made = self._fatalities[key] = _fatalities(
                low=low, best=best, high=high, text=text, subsets=()
            )
        return made

    def actor(self, data: dict[str, Any]) -> Actor:
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

    def source(self, data: dict[str, Any]) -> Source:
        """The source record of a validated source document."""
        published = data.get("published")
        if published is None:
            return Source(**data)
        return Source(**{**data, "published": self._date(published)})
