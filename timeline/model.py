"""The records of a timeline dataset: frozen attrs classes with no I/O.

Each record checks the invariants it can check alone (``low <= best <= high``, a subtype that
belongs to its type, a quote as long as its offsets say). Rules that span records (unique ids,
references that resolve, quotes that stand in the source text) live in
:mod:`timeline.reading.rules`.

Field names are the keys of the published JSON, with one exception: the dataset's
``$schema`` key is the :attr:`Dataset.schema` field.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import itertools
from typing import TYPE_CHECKING, NoReturn

import attrs

from timeline.dates import EdtfDate
from timeline.display import counted, html_table, short_repr
from timeline.errors import RecordError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "SUBTYPES",
    "Actor",
    "ActorKind",
    "Affiliation",
    "Attribution",
    "Contributor",
    "Dataset",
    "DateBasis",
    "Event",
    "EventSubtype",
    "EventType",
    "Evidence",
    "ExternalIds",
    "Fatalities",
    "FatalityCounts",
    "FatalitySubset",
    "GeoPrecision",
    "Participant",
    "Place",
    "Relation",
    "RelationType",
    "Report",
    "ReportedPerpetrator",
    "Responsibility",
    "Role",
    "Source",
    "Status",
    "Vocabulary",
    "check_counts",
    "check_evidence",
    "check_offsets",
    "check_report",
    "check_subset",
    "check_subtype",
    "lower_bound",
]


class Vocabulary(enum.Enum):
    """A closed vocabulary: a value it does not hold is a ValueError that names the closest
    values and every valid one.

    >>> Status("occured")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: 'occured' is not a valid Status: did you mean 'occurred'? (one of: ...)
    """

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        valid = [str(member.value) for member in cls]
        text = str(value).strip().lower()
        close = [v for v in valid if text and v.startswith(text)][:3]
        close = close or difflib.get_close_matches(text, valid, n=3, cutoff=0.6)
        hint = f": did you mean {' or '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"{value!r} is not a valid {cls.__name__}{hint} (one of: {', '.join(valid)})"
        )


class EventType(Vocabulary):
    """What kind of event a record reports (a closed vocabulary)."""

    ATTACK = "attack"
    CLAIM_OF_RESPONSIBILITY = "claim_of_responsibility"
    AGREEMENT = "agreement"
    STATEMENT = "statement"
    THREAT = "threat"
    WITHDRAWAL = "withdrawal"
    SEIZURE_OF_POWER = "seizure_of_power"
    ANNOUNCEMENT = "announcement"
    NEGOTIATION = "negotiation"
    PROTEST = "protest"
    ARREST = "arrest"


class EventSubtype(Vocabulary):
    """A finer kind of event; each subtype belongs to one :class:`EventType` (see SUBTYPES)."""

    # attack
    SUICIDE_BOMBING = "suicide_bombing"
    BOMBING = "bombing"
    ROCKET_ATTACK = "rocket_attack"
    ARMED_ASSAULT = "armed_assault"
    AIR_STRIKE = "air_strike"
    SHELLING = "shelling"
    ASSASSINATION = "assassination"
    HOSTAGE_TAKING = "hostage_taking"
    # agreement
    PEACE_AGREEMENT = "peace_agreement"
    CEASEFIRE = "ceasefire"
    WITHDRAWAL_AGREEMENT = "withdrawal_agreement"
    # statement
    CRITICISM = "criticism"
    PLEDGE = "pledge"
    EXPECTATION = "expectation"
    ADMISSION = "admission"
    DENIAL = "denial"
    APPEAL = "appeal"
    # threat
    RETALIATION = "retaliation"
    CONTINUED_VIOLENCE = "continued_violence"
    # withdrawal
    TROOP_WITHDRAWAL = "troop_withdrawal"
    # seizure of power
    CAPTURE_OF_CAPITAL = "capture_of_capital"
    COUP = "coup"
    # announcement
    GOVERNMENT_FORMATION = "government_formation"
    # negotiation
    CONSULTATION = "consultation"
    PEACE_TALKS = "peace_talks"


_E, _S = EventType, EventSubtype
#: The subtypes each event type admits.
SUBTYPES: Mapping[EventType, frozenset[EventSubtype]] = {
    _E.ATTACK: frozenset(
        {
            _S.SUICIDE_BOMBING,
            _S.BOMBING,
            _S.ROCKET_ATTACK,
            _S.ARMED_ASSAULT,
            _S.AIR_STRIKE,
            _S.SHELLING,
            _S.ASSASSINATION,
            _S.HOSTAGE_TAKING,
        }
    ),
    _E.CLAIM_OF_RESPONSIBILITY: frozenset(),
    _E.AGREEMENT: frozenset({_S.PEACE_AGREEMENT, _S.CEASEFIRE, _S.WITHDRAWAL_AGREEMENT}),
    _E.STATEMENT: frozenset(
        {_S.CRITICISM, _S.PLEDGE, _S.EXPECTATION, _S.ADMISSION, _S.DENIAL, _S.APPEAL}
    ),
    _E.THREAT: frozenset({_S.RETALIATION, _S.CONTINUED_VIOLENCE}),
    _E.WITHDRAWAL: frozenset({_S.TROOP_WITHDRAWAL}),
    _E.SEIZURE_OF_POWER: frozenset({_S.CAPTURE_OF_CAPITAL, _S.COUP}),
    _E.ANNOUNCEMENT: frozenset({_S.GOVERNMENT_FORMATION}),
    _E.NEGOTIATION: frozenset({_S.CONSULTATION, _S.PEACE_TALKS}),
    _E.PROTEST: frozenset(),
    _E.ARREST: frozenset(),
}
del _E, _S


class Role(Vocabulary):
    """The part an actor plays in an event."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    VICTIM = "victim"
    CLAIMANT = "claimant"
    SPEAKER = "speaker"
    SIGNATORY = "signatory"
    PARTY = "party"
    REPORTER = "reporter"
    SUBJECT = "subject"
    ADDRESSEE = "addressee"
    MEDIATOR = "mediator"


class ActorKind(Vocabulary):
    """What kind of actor a record describes."""

    PERSON = "person"
    ARMED_GROUP = "armed_group"
    STATE = "state"
    GOVERNMENT = "government"
    MILITARY = "military"
    POLITICAL_PARTY = "political_party"
    COMPANY = "company"
    MEDIA = "media"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    NGO = "ngo"
    POPULATION_GROUP = "population_group"
    OTHER = "other"


class Status(Vocabulary):
    """Whether an event happened, goes on, or is only planned, expected or threatened."""

    OCCURRED = "occurred"
    ONGOING = "ongoing"
    PLANNED = "planned"
    EXPECTED = "expected"
    THREATENED = "threatened"


class RelationType(Vocabulary):
    """How one event relates to another."""

    CLAIMS_RESPONSIBILITY_FOR = "claims_responsibility_for"
    RESPONDS_TO = "responds_to"
    CRITICISES = "criticises"
    FOLLOWS = "follows"
    PART_OF = "part_of"
    REFERS_TO = "refers_to"


class GeoPrecision(Vocabulary):
    """How exactly a place's coordinates locate the event."""

    EXACT = "exact"
    NEAR = "near"
    DISTRICT = "district"
    PROVINCE = "province"
    COUNTRY = "country"


class Responsibility(Vocabulary):
    """How firmly a perpetrator is held responsible (GTD's ``claimed`` and ``guncertain``)."""

    CLAIMED = "claimed"
    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"


class DateBasis(Vocabulary):
    """Where an event's date comes from."""

    STATED = "stated"
    """The text states the date."""
    RESOLVED = "resolved"
    """Resolved from a relative phrase of the text (the event's ``date_text``)."""
    PUBLICATION = "publication"
    """Bounded by the publication of the source that reports it."""
    SOURCE = "source"
    """Taken from another source (the event's ``date_source``)."""
    RELATION = "relation"
    """Derived from a relation to another event."""


# -- invariants a record checks alone ---------------------------------------------------------
# Written as functions of plain values, so that validation can check a parsed document with
# the same rules without building its records.


def check_counts(low: int | None, best: int | None, high: int | None, what: str) -> None:
    """Fatality counts: at least one number, and ``low <= best <= high`` where given."""
    if best is not None and (low is None or low <= best) and (high is None or best <= high):
        return  # the common case, answered before the general one
    pairs = (("low", low), ("best", best), ("high", high))
    known = [(name, value) for name, value in pairs if value is not None]
    if not known:
        raise RecordError("fatalities-empty", f"{what} need at least one of low, best and high")
    for (name_a, a), (name_b, b) in itertools.pairwise(known):
        if a > b:
            raise RecordError(
                "fatalities-order", f"{what}: {name_a} ({a}) is greater than {name_b} ({b})"
            )


def lower_bound(low: int | None, best: int | None, high: int | None) -> int:
    """The smallest number fatality counts allow."""
    return next(v for v in (low, best, high) if v is not None)


def check_subset(total: int, subset: int, at: tuple[str | int, ...] = ()) -> None:
    """A subset of the dead cannot count more deaths than the total's lower bound; ``at`` is
    where the subset stands in its fatalities (``("subsets", 0)``), where a fault is reported."""
    if subset > total:
        raise RecordError(
            "fatalities-subset",
            f"a subset counts at least {subset} deaths, more than the total's lower bound "
            f"({total})",
            at=at,
        )


def check_subtype(type_: EventType, subtype: EventSubtype | None) -> None:
    """A subtype belongs to its event's type."""
    if subtype is not None and subtype not in SUBTYPES[type_]:
        allowed = ", ".join(sorted(s.value for s in SUBTYPES[type_])) or "none"
        raise RecordError(
            "subtype-mismatch",
            f"subtype {subtype.value!r} does not belong to type {type_.value!r} "
            f"(its subtypes: {allowed})",
            at=("subtype",),
        )


def check_offsets(start: int, end: int, quote: str) -> None:
    """Evidence offsets span exactly the quote."""
    if end - start != len(quote):
        raise RecordError(
            "evidence-offsets",
            f"offsets [{start}, {end}) span {end - start} code points "
            f"but the quote has {len(quote)}",
        )


def check_evidence(
    start: int | None, end: int | None, quote: str | None, locator: str | None
) -> None:
    """Evidence has offsets (start, end and the quote they span) or a locator, or both."""
    if start is None and end is None:
        if locator is None:
            raise RecordError(
                "evidence-incomplete", "evidence needs offsets (start, end, quote) or a locator"
            )
        return
    if start is None or end is None or quote is None:
        raise RecordError(
            "evidence-incomplete", "start, end and quote go together in a piece of evidence"
        )
    check_offsets(start, end, quote)


def check_report(
    date: object,
    date_text: object,
    fatalities: object,
    perpetrators: object,
    evidence: object,
    status: object = None,
) -> None:
    """A report says something (a date, its wording, fatalities, perpetrators or a status)
    and has evidence."""
    if (
        date is None
        and date_text is None
        and fatalities is None
        and not perpetrators
        and status is None
    ):
        raise RecordError(
            "report-empty",
            "a report needs at least one of date, date_text, fatalities, perpetrators and status",
        )
    if not evidence:
        raise RecordError("evidence-missing", "a report needs at least one piece of evidence")


@short_repr()
@attrs.frozen(kw_only=True)
class FatalityCounts:
    """A number of deaths as the source gives it: bounds, a best estimate, and its wording."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    text: str | None = None

    @property
    def lower_bound(self) -> int:
        """The smallest number the counts allow."""
        return lower_bound(self.low, self.best, self.high)


@short_repr()
@attrs.frozen(kw_only=True)
class FatalitySubset(FatalityCounts):
    """The deaths of one group among all deaths (13 of them US service members)."""

    actor: str | None = None
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        check_counts(self.low, self.best, self.high, "subset fatalities")
        if self.actor is None and self.description is None:
            raise RecordError(
                "fatalities-subset-unnamed", "a fatality subset needs an actor or a description"
            )


@short_repr()
@attrs.frozen(kw_only=True)
class Fatalities(FatalityCounts):
    """The deaths an event caused, with subsets by actor or group."""

    subsets: tuple[FatalitySubset, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_counts(self.low, self.best, self.high, "fatalities")
        for index, subset in enumerate(self.subsets):
            check_subset(self.lower_bound, subset.lower_bound, ("subsets", index))


@short_repr()
@attrs.frozen(kw_only=True)
class Attribution:
    """Who a source says a statement comes from: the channel it reached the source through
    ("according to SITE Intelligence Group"), an actor or another source, not a participant."""

    actor: str | None = None
    source: str | None = None
    text: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.actor is None and self.source is None:
            raise RecordError("attribution-empty", "an attribution names an actor or a source")


@short_repr("source", "quote", "start", "end", "locator")
@attrs.frozen(kw_only=True)
class Evidence:
    """What supports an event or a report: the exact quote of a source's text at its
    code-point offsets, or a citation of a place in a source (``locator``) with the curator's
    ``note`` of what it says (a quote may come with it, of a document held without its text).
    :attr:`has_offsets` tells the two apart."""

    source: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    locator: str | None = None
    note: str | None = None
    attribution: Attribution | None = None

    def __attrs_post_init__(self) -> None:
        check_evidence(self.start, self.end, self.quote, self.locator)

    @property
    def has_offsets(self) -> bool:
        """Whether the evidence quotes a stored text at offsets (else it cites a locator,
        and cannot be checked against a text)."""
        return self.start is not None


@short_repr()
@attrs.frozen(kw_only=True)
class Participant:
    """An actor taking part in an event, and its role; a perpetrator may say how firmly it
    is held responsible (``attribution``) and which claim of responsibility claims it."""

    actor: str
    role: Role
    attribution: Responsibility | None = None
    claim: str | None = None


@short_repr()
@attrs.frozen(kw_only=True)
class ReportedPerpetrator:
    """An actor a source names as a perpetrator, and how firmly."""

    actor: str
    attribution: Responsibility | None = None


@short_repr("source", "reported", "date", "status", "evidence")
@attrs.frozen(kw_only=True)
class Report:
    """What one source reported of an event (its date, fatalities, perpetrators, status),
    when, and the evidence of it. An event's own values are reconciled from its reports (see
    :mod:`timeline.reconcile`)."""

    source: str
    reported: EdtfDate | None = None
    date: EdtfDate | None = None
    date_text: str | None = None
    fatalities: Fatalities | None = None
    status: Status | None = None
    perpetrators: tuple[ReportedPerpetrator, ...] = ()
    evidence: tuple[Evidence, ...]
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check_report(
            self.date,
            self.date_text,
            self.fatalities,
            self.perpetrators,
            self.evidence,
            self.status,
        )


@short_repr()
@attrs.frozen(kw_only=True)
class Relation:
    """A typed link from one event to another."""

    type: RelationType
    event: str


@short_repr("name", "country", "latitude", "longitude")
@attrs.frozen(kw_only=True)
class Place:
    """Where an event happened."""

    name: str
    country: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecision | None = None

    def __attrs_post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise RecordError("coordinates-incomplete", "latitude and longitude go together")
        if self.geo_precision is not None and self.latitude is None:
            raise RecordError("coordinates-incomplete", "geo_precision needs coordinates")


@short_repr("id", "type", "date", "title")
@attrs.frozen(kw_only=True)
class Event:
    """One event reported by the sources."""

    id: str
    type: EventType
    subtype: EventSubtype | None = None
    title: str
    summary: str | None = None
    date: EdtfDate
    date_text: str | None = None
    date_basis: DateBasis | None = None
    date_source: str | None = None
    place: Place | None = None
    participants: tuple[Participant, ...] = ()
    fatalities: Fatalities | None = None
    status: Status
    evidence: tuple[Evidence, ...]
    relations: tuple[Relation, ...] = ()
    reports: tuple[Report, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_subtype(self.type, self.subtype)
        if not self.evidence:
            raise RecordError("evidence-missing", "an event needs at least one piece of evidence")


@short_repr()
@attrs.frozen(kw_only=True)
class Affiliation:
    """A person's tie to an organisation (the spokesman of the Taliban)."""

    actor: str
    position: str | None = None


@short_repr()
@attrs.frozen(kw_only=True)
class ExternalIds:
    """Identifiers of an actor in other knowledge bases."""

    wikidata: str | None = None


@short_repr("id", "name", "kind")
@attrs.frozen(kw_only=True)
class Actor:
    """A person, group, state or organisation that takes part in events."""

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    description: str | None = None
    external_ids: ExternalIds | None = None


@short_repr("id", "title", "published")
@attrs.frozen(kw_only=True)
class Source:
    """A document the events come from."""

    id: str
    title: str
    language: str
    translated_from: str | None = None
    publisher: str | None = None
    published: EdtfDate | None = None
    published_inference: str | None = None
    url: str | None = None
    citation: str | None = None
    path: str | None = None
    sha256: str | None = None


@short_repr("title", "role")
@attrs.frozen(kw_only=True)
class Contributor:
    """A person or organisation who made the dataset."""

    title: str
    role: str | None = None
    email: str | None = None
    path: str | None = None


@short_repr("id", "title", "version", "sources", "actors", "events")
@attrs.frozen(kw_only=True)
class Dataset:
    """A timeline dataset: its metadata and its sources, actors and events."""

    schema: str
    id: str
    title: str
    version: str
    license: str
    description: str | None = None
    created: datetime.date | None = None
    contributors: tuple[Contributor, ...] = ()
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]

    def _repr_html_(self) -> str:
        """The dataset in a notebook: its title and counts, and a table of its first events
        in chronological order, as every view shows them (every value escaped)."""
        from timeline.temporal import chronological  # here: temporal imports this module

        caption = (
            f"{self.title} ({self.id} {self.version}): {counted(len(self.events), 'event')}, "
            f"{counted(len(self.actors), 'actor')}, {counted(len(self.sources), 'source')}"
        )
        ordered, _ = chronological(self.events, self.sources)
        rows = ((e.date, e.type, e.id, e.title) for e in ordered)
        return html_table(caption, ("date", "type", "id", "title"), rows, len(self.events))
