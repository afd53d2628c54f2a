"""Records built straight from documents that validation has passed.

Loading a large dataset spends most of its time making records. A record that has passed the
schema and the record rules needs none of the converter's checks, nor its own
(``__attrs_post_init__``, the same rules again), so :class:`TrustedBuilder` makes it directly:
each record's slots are set one by one, and equal small parts that events repeat (a date, an
actor in a role, fatality counts) are made once per load and shared, which the frozen records
allow. Events come as the fast path decodes them: of their typed shape
(:func:`timeline.reading._schema_shapes.event_shape`; a plain document is converted to it
first), or, for the events another process checks, as :data:`EVENT_PARTS`, whose parts
``msgspec`` has already made records. It gives the same records as ``converter.structure`` (a
test compares them on generated documents, each way) and is used only on records validation has
passed.
"""

from __future__ import annotations

import enum
import itertools
import typing
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import msgspec
from attrs import AttrsInstance

from timeline.convert import converter
from timeline.dates import EdtfDate, parse_edtf
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Attribution,
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
    Responsibility,
    Role,
    Source,
    Status,
)
from timeline.reading._schema_shapes import UNSET, event_shape, given

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = ["EVENT_PARTS", "TrustedBuilder"]

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
_DATE_BASES = _members(DateBasis)
_RESPONSIBILITIES = _members(Responsibility)


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


def _parts_of(cls: type[AttrsInstance], **instead: Any) -> Any:
    """A ``msgspec.Struct`` with the fields of the ``attrs`` class ``cls``, of the same
    types (``instead`` names the fields of another type) and defaults. ``msgspec`` decodes
    JSON straight into the types of such a field (the records' own parts, their enums),
    leaving to Python only what it cannot make: the record itself, here."""
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in attrs.fields(cls):
        kind = instead.get(field.name, hints[field.name])
        if field.default is attrs.NOTHING:
            fields.append((field.name, kind))
        else:
            fields.append((field.name, kind, field.default))
    return msgspec.defstruct(
        f"{cls.__name__}Parts", fields, kw_only=True, gc=False, module=__name__
    )


#: What the events the other process checks are decoded into while this one loads: an
#: event's fields with its parts (place, participants, evidence, relations, fatalities)
#: already records, and its date as text (:meth:`TrustedBuilder.event_parts` makes the rest).
EVENT_PARTS = _parts_of(Event, date=str, reports=tuple[dict[str, Any], ...])


# (``given`` written out where every event calls it: a call costs more than the test)


def _place_of(data: Any) -> Place:
    precision = data.geo_precision
    country, admin1 = data.country, data.admin1
    latitude, longitude = data.latitude, data.longitude
    return _place(
        name=data.name,
        country=None if country is UNSET else country,
        admin1=None if admin1 is UNSET else admin1,
        latitude=None if latitude is UNSET else latitude,
        longitude=None if longitude is UNSET else longitude,
        geo_precision=None if precision is UNSET else _GEO_PRECISIONS[precision],
    )


def _evidence_of(data: Any) -> Evidence:
    attribution = data.attribution
    quote, start, end = data.quote, data.start, data.end
    locator, note = data.locator, data.note
    return _evidence(
        source=data.source,
        quote=None if quote is UNSET else quote,
        start=None if start is UNSET else start,
        end=None if end is UNSET else end,
        locator=None if locator is UNSET else locator,
        note=None if note is UNSET else note,
        attribution=None
        if attribution is UNSET
        else Attribution(
            actor=given(attribution.actor),
            source=given(attribution.source),
            text=given(attribution.text),
        ),
    )


def _reports(documents: Iterable[dict[str, Any]]) -> tuple[Report, ...]:
    """The reports of an event (rare, and each different: made by the converter)."""
    return tuple(converter.structure(document, Report) for document in documents)


class TrustedBuilder:
    """Builds the records of validated documents; one builder per dataset, so that what it
    shares is dropped with the dataset."""

    def __init__(self) -> None:
        self._dates: dict[str, EdtfDate] = {}
        self._participants: dict[tuple[Any, ...], Participant] = {}
        self._fatalities: dict[tuple[Any, ...], Fatalities] = {}
        self._shape = event_shape()
        self.build: dict[str, Callable[[dict[str, Any]], Any]] = {
            "sources": self.source,
            "actors": self.actor,
            "events": self.event_document,
        }

    def _date(self, text: str) -> EdtfDate:
        date = self._dates.get(text)
        if date is None:
            date = self._dates[text] = parse_edtf(text)
        return date

    def batch(self, key: str, values: Iterable[Any]) -> Iterator[Any]:
        """The records of consecutive records of a collection, as one decoder gave them
        (plain JSON values, typed events or :data:`EVENT_PARTS`)."""
        if key != "events":
            return map(self.build[key], values)
        values = iter(values)
        first = next(values, None)
        if first is None:
            return iter(())
        kind = type(first)
        make = (
            self.event_parts
            if kind is EVENT_PARTS
            else self.event_document
            if kind is dict
            else self.event
        )
        return map(make, itertools.chain([first], values))

    def event_parts(self, parts: Any) -> Event:
        """The event record of a validated event decoded as :data:`EVENT_PARTS`."""
        return _event(
            id=parts.id,
            type=parts.type,
            subtype=parts.subtype,
            title=parts.title,
            summary=parts.summary,
            date=self._date(parts.date),
            date_text=parts.date_text,
            place=parts.place,
            participants=parts.participants,
            fatalities=parts.fatalities,
            status=parts.status,
            evidence=parts.evidence,
            relations=parts.relations,
            date_basis=parts.date_basis,
            date_source=parts.date_source,
            reports=_reports(parts.reports),
        )

    def event_document(self, data: dict[str, Any]) -> Event:
        """The event record of a validated event document (plain JSON values): converted to
        the event's typed shape first, then built as :meth:`event` builds it. Raises
        ``ValueError`` for a document of another shape."""
        if self._shape is None:  # pragma: no cover - the shipped schema is shaped (tested)
            raise ValueError("events have no typed shape")
        try:
            typed = msgspec.convert(data, self._shape)
        except msgspec.ValidationError as exc:
            raise ValueError(str(exc)) from None
        return self.event(typed)

    def event(self, data: Any) -> Event:
        """The event record of a validated event of the typed shape of
        :func:`timeline.reading._schema_shapes.event_shape` (as the fast path decodes them)."""
        subtype = data.subtype
        place = data.place
        participants = data.participants
        fatalities = data.fatalities
        relations = data.relations
        shared = self._participants
        basis = data.date_basis
        reports = data.reports
        summary, date_text, date_source = data.summary, data.date_text, data.date_source
        date = self._dates.get(data.date)
        return _event(
            id=data.id,
            type=_EVENT_TYPES[data.type],
            subtype=None if subtype is UNSET else _EVENT_SUBTYPES[subtype],
            title=data.title,
            summary=None if summary is UNSET else summary,
            date=self._date(data.date) if date is None else date,
            date_text=None if date_text is UNSET else date_text,
            date_basis=None if basis is UNSET else _DATE_BASES[basis],
            date_source=None if date_source is UNSET else date_source,
            place=None if place is UNSET else _place_of(place),
            participants=()
            if participants is UNSET
            else tuple(
                [
                    shared.get((p.actor, p.role, p.attribution, p.claim)) or self._participant(p)
                    for p in participants
                ]
            ),
            fatalities=None if fatalities is UNSET else self._counts(fatalities),
            status=_STATUSES[data.status],
            evidence=tuple([_evidence_of(e) for e in data.evidence]),
            relations=()
            if relations is UNSET
            else tuple([_relation(type=_RELATION_TYPES[r.type], event=r.event) for r in relations]),
            reports=() if reports is UNSET else _reports(msgspec.to_builtins(reports)),
        )

    def _participant(self, data: Any) -> Participant:
        attribution = data.attribution
        made = _participant(
            actor=data.actor,
            role=_ROLES[data.role],
            attribution=None if attribution is UNSET else _RESPONSIBILITIES[attribution],
            claim=given(data.claim),
        )
        self._participants[data.actor, data.role, attribution, data.claim] = made
        return made

    def _counts(self, data: Any) -> Fatalities:
        key = (given(data.low), given(data.best), given(data.high), given(data.text))
        subsets = data.subsets
        if subsets is not UNSET:  # rare, and each different: made, not shared
            low, best, high, text = key
            return Fatalities(
                low=low,
                best=best,
                high=high,
                text=text,
                subsets=tuple(FatalitySubset(**msgspec.to_builtins(s)) for s in subsets),
            )
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
