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
    DateBasis,
    EventSubtype,
    EventType,
    Fatalities,
    Participant,
    Place,
    Relation,
    ReportedPerpetrator,
    Source,
    Status,
)

__all__ = [
    "CitationNote",
    "DatasetNote",
    "DocumentAnnotation",
    "DocumentNote",
    "EventExtension",
    "EventNote",
    "QuoteNote",
    "ReportNote",
    "SeedIndex",
]


@attrs.frozen(kw_only=True)
class QuoteNote:
    """A quote as the curator writes it: the exact text, when it stands more than once,
    which occurrence (1-based) is meant, and who the document has the words from
    (``according_to``: an actor by id, name or alias, or a source id)."""

    text: str
    occurrence: int | None = None
    according_to: str | None = None


@attrs.frozen(kw_only=True)
class CitationNote:
    """Evidence citing a source by a place in it (``locator``), as the curator writes it:
    the source by its id (a document's, or one of ``dataset.toml``'s ``[[sources]]``), the
    curator's ``note`` of what the passage says, the source's words (``quote``, optional, no
    offsets), and who the source has them from (``according_to``: an actor by id, name or
    alias, or a source id)."""

    source: str
    locator: str
    note: str | None = None
    quote: str | None = None
    according_to: str | None = None


@attrs.frozen(kw_only=True)
class ReportNote:
    """What one source reported of an event: its fatalities, date (a phrase resolved against
    ``reported``, else the publication of the report's source; or EDTF), status (the event
    happened, goes on, is planned, …) and perpetrators, with quotes of this document's text
    or citations (``evidence``). ``source`` is this document,
    or, for a report with citations only, the source they cite; ``reported`` defaults to the
    source's publication."""

    source: str | None = None
    reported: str | None = None
    date: str | None = None
    date_future: bool = False
    date_text: str | None = None
    fatalities: Fatalities | None = None
    status: Status | None = None
    perpetrators: tuple[ReportedPerpetrator, ...] = ()  # actors by id, name or alias
    quotes: tuple[QuoteNote, ...] = ()
    evidence: tuple[CitationNote, ...] = ()
    note: str | None = None


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
    date: str | None = None
    date_future: bool = False
    date_text: str | None = None
    date_basis: DateBasis | None = None
    date_source: str | None = None
    place: Place | None = None
    participants: tuple[Participant, ...] = ()
    fatalities: Fatalities | None = None
    status: Status
    quotes: tuple[QuoteNote, ...] = ()
    evidence: tuple[CitationNote, ...] = ()
    relations: tuple[Relation, ...] = ()
    reports: tuple[ReportNote, ...] = ()


@attrs.frozen(kw_only=True)
class EventExtension:
    """An ``[[events]]`` entry with ``extends``: what this document adds to an event another
    document (or this one) defines, by that event's id.

    Its quotes are found in this document's text, its participants named as this document
    names actors, its reports are this document's (or its citations'); the build merges them
    into the one event. What the event is (its type,
    title, date, …) is the defining document's to say, so an extension has no such keys.
    """

    extends: str
    quotes: tuple[QuoteNote, ...] = ()
    evidence: tuple[CitationNote, ...] = ()
    participants: tuple[Participant, ...] = ()
    relations: tuple[Relation, ...] = ()
    reports: tuple[ReportNote, ...] = ()


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
