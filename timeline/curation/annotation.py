"""The records of a curator's annotation: what ``timeline build`` reads from ``seeds/``.

An annotation names things the way a curator writes them: actors by any alias, dates as the
text gives them ("on Thursday") or as EDTF, quotes without offsets. ``timeline.build`` turns
them into dataset records. Where a part has the same shape as in the dataset (a place, a
relation, fatality counts, an actor), the dataset's record is reused, with its invariants.
"""

from __future__ import annotations

import datetime

import attrs

from timeline.model import (
    Actor,
    Contributor,
    EventSubtype,
    EventType,
    Fatalities,
    Participant,
    Place,
    Relation,
    Source,
    Status,
)

__all__ = [
    "DatasetNote",
    "DocumentAnnotation",
    "DocumentNote",
    "EventExtension",
    "EventNote",
    "QuoteNote",
    "SeedIndex",
]


@attrs.frozen(kw_only=True)
class QuoteNote:
    """A quote as the curator writes it: the exact text and, when it stands more than once,
    which occurrence (1-based) is meant."""

    text: str
    occurrence: int | None = None


@attrs.frozen(kw_only=True)
class EventNote:
    """One event of an annotation.

    ``participants`` and fatality subsets name actors by id, name or alias; ``date`` is EDTF
    or a phrase of the text resolved against the publication date (``date_future`` for a
    sentence that speaks of the future); ``id`` defaults to a slug of the title.
    """

    id: str | None = None
    type: EventType
    subtype: EventSubtype | None = None
    title: str
    summary: str | None = None
    date: str
    date_future: bool = False
    date_text: str | None = None
    place: Place | None = None
    participants: tuple[Participant, ...] = ()
    fatalities: Fatalities | None = None
    status: Status
    quotes: tuple[QuoteNote, ...]
    relations: tuple[Relation, ...] = ()


@attrs.frozen(kw_only=True)
class EventExtension:
    """An ``[[events]]`` entry with ``extends``: what this document adds to an event another
    document (or this one) defines, by that event's id.

    Its quotes are found in this document's text, its participants named as this document
    names actors; the build merges them into the one event. What the event is (its type,
    title, date, …) is the defining document's to say, so an extension has no such keys.
    """

    extends: str
    quotes: tuple[QuoteNote, ...] = ()
    participants: tuple[Participant, ...] = ()
    relations: tuple[Relation, ...] = ()


@attrs.frozen(kw_only=True)
class DocumentNote:
    """The document an annotation describes: the metadata of its source record, the name of
    its text file, relative to the annotation, and the aliases that name an actor in this
    document only (``{ "his militia" = "taliban" }``: the alias, then the actor by id, name or
    alias of ``dataset.toml``); these are not written into the dataset.
    """

    id: str
    text: str
    title: str
    language: str
    translated_from: str | None = None
    publisher: str | None = None
    published: str
    published_inference: str | None = None
    url: str | None = None
    citation: str | None = None
    aliases: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class DocumentAnnotation:
    """One ``<document>.toml``: the document, the events it defines, and what it adds to
    events defined elsewhere."""

    document: DocumentNote
    events: tuple[EventNote | EventExtension, ...] = ()


@attrs.frozen(kw_only=True)
class DatasetNote:
    """The dataset's own metadata: the fields of :class:`~timeline.model.Dataset` other than
    ``$schema`` and the collections, by the same names (the build passes them on as they are)."""

    id: str
    title: str
    version: str
    license: str
    description: str | None = None
    created: datetime.date | None = None
    contributors: tuple[Contributor, ...] = ()


@attrs.frozen(kw_only=True)
class SeedIndex:
    """``dataset.toml``: the dataset's metadata, its actors, and sources known only by their
    citation (a second source for a finer date)."""

    dataset: DatasetNote
    actors: tuple[Actor, ...] = ()
    sources: tuple[Source, ...] = ()
