"""Hypothesis strategies for valid dataset documents, as plain JSON objects.

``datasets()`` draws whole documents (what ``json.loads`` gives for a valid dataset file):
sources, actors and events whose references agree with each other, with the keys of every
object in the canonical order (the order of the record's fields), optional fields left out
when absent and optional arrays either absent or non-empty. Every document it draws passes
:func:`timeline.reading.validation.check` without a single problem, warnings included.

The building blocks (``slugs()``, ``texts()``, ``sources()``, ``actor_documents()``,
``event_documents()``, …) are exported for tests that need one kind of record. The
strategies build the documents on their own; they do not call the library.
"""

from __future__ import annotations

import functools
import string
import unicodedata
from typing import Any

from hypothesis import strategies as st

from tests.strategies_dates import edtf_strings
from timeline.convert import converter
from timeline.dates import parse_edtf
from timeline.errors import RecordError
from timeline.model import (
    SUBTYPES,
    ActorKind,
    DateBasis,
    EventType,
    GeoPrecision,
    RelationType,
    Report,
    Responsibility,
    Role,
    Status,
)
from timeline.reading.validation import event_dates
from timeline.reconcile import reconcile_fatalities
from timeline.schema import DATASET_SCHEMA_ID
from timeline.temporal import HAPPENED, RELATION_RULES, derive_bounds, relation_cycles

__all__ = [
    "SCHEMA_ID",
    "actor_documents",
    "datasets",
    "event_documents",
    "evidence_documents",
    "fatalities_documents",
    "fold",
    "languages",
    "place_documents",
    "sha256_digests",
    "slugs",
    "source_documents",
    "texts",
]

#: The ``$schema`` of every drawn document (kept literal: the strategies do not ask the library).
SCHEMA_ID = DATASET_SCHEMA_ID

Json = dict[str, Any]

# -- scalars -----------------------------------------------------------------------------------

#: Characters that JSON must escape or that stress encoders, and some far from ASCII.
_SPECIAL = [
    '"',
    "\\",
    "/",
    "\n",
    "\r",
    "\t",
    "\b",
    "\f",
    "\x00",
    "\x1f",
    "\x7f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "é",
    "ß",
    "ñ",
    "\u2013",  # en dash
    "«",
    "»",
    "ق",
    "\u0627",  # alef
    "ع",
    "د",
    "ة",
    "\u200f",
    "😀",
    "🇦🇫"[0],
    "🇦🇫"[1],
    "\U0001d518",  # fraktur U
    "中",
    "ǅ",
    "ﬁ",
    "e\u0301"[1],
]
_ARABIC_WORDS = ["القاعدة", "كابول", "طالبان", "داعش"]

#: The characters JSON writes as escapes (``\"``, ``\\``, ``\n``, ``\u0000``, …).
_JSON_ESCAPED = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f"]

_characters = st.one_of(
    st.sampled_from(_SPECIAL),
    st.sampled_from(_JSON_ESCAPED),
    st.sampled_from(string.ascii_letters + string.digits + " .,-'"),
    st.characters(codec="utf-8"),
)


@functools.cache
def texts(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-empty text: ASCII, accents, Arabic, emoji, and characters JSON must escape."""
    return st.one_of(
        st.text(_characters, min_size=1, max_size=max_size),
        st.sampled_from(_ARABIC_WORDS),
        st.builds(
            lambda a, b: f"{a} «{b}»",
            st.sampled_from(["Kabul", "Genève", "Zürich", "Doha"]),
            st.text(_characters, min_size=1, max_size=4),
        ),
    )


_dates = edtf_strings()
_slug_words = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)


@functools.cache
def slugs() -> st.SearchStrategy[str]:
    """Identifiers of the schema's slug form (``kabul-airport-2021``), at most 100 characters."""
    return st.lists(_slug_words, min_size=1, max_size=4).map("-".join)


@functools.cache
def languages() -> st.SearchStrategy[str]:
    """BCP 47 language tags: ``en``, ``de``, ``fa-AF`` and the like."""
    return st.one_of(
        st.sampled_from(["en", "de", "fr", "ar", "ps", "fa", "fa-AF", "prs", "en-GB", "zh-Hant"]),
        st.builds(
            lambda lang, subtags: "-".join([lang, *subtags]),
            st.text(string.ascii_lowercase, min_size=2, max_size=3),
            st.lists(
                st.text(string.ascii_letters + string.digits, min_size=2, max_size=8),
                max_size=2,
            ),
        ),
    )


@functools.cache
def sha256_digests() -> st.SearchStrategy[str]:
    """64 lower-case hexadecimal digits."""
    return st.binary(min_size=32, max_size=32).map(bytes.hex)


_versions = st.one_of(
    st.sampled_from(["1.0.0", "0.1.0", "2.3.4-rc.1", "1.0.0+build.5", "10.20.30-alpha-1+x.y"]),
    st.builds(
        lambda a, b, c: f"{a}.{b}.{c}",
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
)
_licenses = st.sampled_from(
    ["CC-BY-4.0", "CC0-1.0", "MIT", "ODbL-1.0", "CC-BY-4.0 OR MIT", "GPL-2.0+ WITH Foo-1.0"]
)
_urls = st.builds(
    lambda host, path: f"https://{host}.example.org/{path}",
    _slug_words,
    st.lists(_slug_words, max_size=3).map("/".join),
)
_paths = st.builds(
    lambda parts, ext: "/".join(parts) + ext,
    st.lists(st.text(string.ascii_letters + string.digits + "-_ é", min_size=1), min_size=1),
    st.sampled_from([".txt", ".md", ""]),
)


@functools.cache
def _coordinate(bound: int) -> st.SearchStrategy[int | float]:
    """A coordinate within ±bound: sometimes an int, sometimes a float."""
    return st.one_of(
        st.integers(-bound, bound),
        st.floats(-bound, bound, allow_nan=False, allow_infinity=False),
    )


def fold(name: str) -> str:
    """A name as the validator compares names: case-folded, without accents (NFKD), runs of
    white space as one space and none at the ends."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# -- helpers -----------------------------------------------------------------------------------


def _ordered(**fields: Any) -> Json:
    """An object of the given fields, in the given order, without those that are absent.

    A field is absent when it is ``None`` or an empty list (optional arrays are non-empty).
    """
    return {key: value for key, value in fields.items() if value is not None and value != []}


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """A value of ``strategy`` or ``None`` (absent)."""
    return draw(strategy) if draw(st.booleans()) else None


@functools.cache
def _unique_slugs(n: int) -> st.SearchStrategy[list[str]]:
    return st.lists(slugs(), min_size=n, max_size=n, unique=True)


# -- records -----------------------------------------------------------------------------------


@st.composite
def source_documents(draw: st.DrawFn, source_id: str | None = None) -> Json:
    """A source: ``path`` only with ``sha256``, ``published_inference`` only with ``published``."""
    published = _maybe(draw, _dates)
    sha256 = _maybe(draw, sha256_digests())
    return _ordered(
        id=source_id if source_id is not None else draw(slugs()),
        title=draw(texts()),
        language=draw(languages()),
        translated_from=_maybe(draw, languages()),
        publisher=_maybe(draw, texts()),
        published=published,
        published_inference=_maybe(draw, texts()) if published is not None else None,
        url=_maybe(draw, _urls),
        citation=_maybe(draw, texts()),
        path=_maybe(draw, _paths) if sha256 is not None else None,
        sha256=sha256,
    )


@st.composite
def actor_documents(
    draw: st.DrawFn,
    actor_id: str | None = None,
    *,
    names: list[str] | None = None,
    parents: list[str] | None = None,
    others: list[str] | None = None,
) -> Json:
    """An actor.

    ``names`` gives its name then its aliases (drawn when not given); ``parents`` the ids it
    may be ``part_of``; ``others`` the ids its affiliations may point to. Without them the
    actor refers to no other actor.
    """
    if names is None:
        names = draw(st.lists(texts(), min_size=1, max_size=3, unique_by=fold))
    affiliations = []
    if others:
        for target in draw(st.lists(st.sampled_from(others), max_size=2)):
            affiliations.append(_ordered(actor=target, position=_maybe(draw, texts())))
    external_ids = _maybe(draw, st.integers(1, 10**9).map(lambda n: {"wikidata": f"Q{n}"}))
    return _ordered(
        id=actor_id if actor_id is not None else draw(slugs()),
        name=names[0],
        kind=draw(st.sampled_from(ActorKind)).value,
        aliases=names[1:],
        part_of=_maybe(draw, st.sampled_from(parents)) if parents else None,
        affiliations=affiliations,
        description=_maybe(draw, texts()),
        external_ids=external_ids,
    )


@st.composite
def place_documents(draw: st.DrawFn) -> Json:
    """A place: coordinates both or neither, ``geo_precision`` only with coordinates."""
    has_coordinates = draw(st.booleans())
    return _ordered(
        name=draw(texts()),
        country=_maybe(draw, st.text(string.ascii_uppercase, min_size=2, max_size=2)),
        admin1=_maybe(draw, texts()),
        latitude=draw(_coordinate(90)) if has_coordinates else None,
        longitude=draw(_coordinate(180)) if has_coordinates else None,
        geo_precision=(
            _maybe(draw, st.sampled_from(GeoPrecision).map(lambda p: p.value))
            if has_coordinates
            else None
        ),
    )


@st.composite
def _counts(draw: st.DrawFn, *, ceiling: int = 10_000) -> tuple[int | None, int | None, int | None]:
    """Some of low, best and high (at least one), in order, each at most ``ceiling``."""
    values = sorted(draw(st.lists(st.integers(0, ceiling), min_size=3, max_size=3)))
    present = draw(
        st.lists(st.booleans(), min_size=3, max_size=3).filter(any),
    )
    low, best, high = (v if keep else None for v, keep in zip(values, present, strict=True))
    return low, best, high


@st.composite
def fatalities_documents(draw: st.DrawFn, actor_ids: list[str] | None = None) -> Json:
    """Fatalities: ``low <= best <= high``, each subset's lower bound at most the total's."""
    low, best, high = draw(_counts())
    total = next(v for v in (low, best, high) if v is not None)
    subsets = []
    for _ in range(draw(st.integers(0, 3))):
        s_low, s_best, s_high = draw(_counts())
        # Shift the subset down so that its lower bound is at most the total's.
        s_first = next(v for v in (s_low, s_best, s_high) if v is not None)
        shift = max(0, s_first - draw(st.integers(0, total)))
        s_low, s_best, s_high = (None if v is None else v - shift for v in (s_low, s_best, s_high))
        actor = _maybe(draw, st.sampled_from(actor_ids)) if actor_ids else None
        description = draw(texts()) if actor is None else _maybe(draw, texts())
        subsets.append(
            _ordered(
                low=s_low,
                best=s_best,
                high=s_high,
                text=_maybe(draw, texts()),
                actor=actor,
                description=description,
            )
        )
    return _ordered(low=low, best=best, high=high, text=_maybe(draw, texts()), subsets=subsets)


@st.composite
def evidence_documents(
    draw: st.DrawFn,
    source_ids: list[str] | None = None,
    *,
    textless: frozenset[str] = frozenset(),
    actor_ids: list[str] | None = None,
) -> Json:
    """A piece of evidence: a quote at offsets (``end - start`` is its length in code
    points), or, always for a source in ``textless``, a citation by a locator; either may
    carry a note and an attribution (to one of ``actor_ids`` or ``source_ids``)."""
    source = draw(st.sampled_from(source_ids)) if source_ids else draw(slugs())
    attribution = None
    if draw(st.integers(0, 3)) == 0:
        actor = draw(st.sampled_from(actor_ids)) if actor_ids else None
        other = draw(st.sampled_from(source_ids)) if source_ids else None
        if actor is None and other is None:
            other = source
        attribution = _ordered(actor=actor, source=other, text=_maybe(draw, texts()))
    quote = draw(texts(max_size=30))
    if source in textless or draw(st.integers(0, 4)) == 0:
        return _ordered(
            source=source,
            quote=_maybe(draw, st.just(quote)),
            locator=draw(st.sampled_from(["p. 1", "para. 4", "Article One"])),
            note=_maybe(draw, texts()),
            attribution=attribution,
        )
    start = draw(st.integers(0, 10**6))
    return _ordered(
        source=source,
        quote=quote,
        start=start,
        end=start + len(quote),
        note=_maybe(draw, texts()),
        attribution=attribution,
    )


@st.composite
def report_documents(
    draw: st.DrawFn,
    date: str,
    perpetrators: list[str],
    *,
    source_ids: list[str],
    textless: frozenset[str],
    actor_ids: list[str] | None,
    status: str | None = None,
) -> Json:
    """A report of an event: of one source, with evidence of that source; its date is the
    event's (so that they intersect in it), its perpetrators the event's, and its status, if
    any, the event's ``status``."""
    source = draw(st.sampled_from(source_ids))
    named = (
        draw(st.lists(st.sampled_from(perpetrators), max_size=2, unique=True))
        if perpetrators
        else []
    )
    report = _ordered(
        source=source,
        reported=_maybe(draw, _dates),
        date=_maybe(draw, st.just(date)),
        date_text=_maybe(draw, texts()),
        fatalities=_maybe(draw, fatalities_documents(actor_ids)),
        status=None if status is None else _maybe(draw, st.just(status)),
        perpetrators=[{"actor": actor} for actor in named],
        evidence=draw(
            st.lists(
                evidence_documents([source], textless=textless, actor_ids=actor_ids),
                min_size=1,
                max_size=2,
            )
        ),
        note=_maybe(draw, texts()),
    )
    for perpetrator in report.get("perpetrators", []):
        attribution = _maybe(draw, st.sampled_from(Responsibility))
        if attribution is not None:
            perpetrator["attribution"] = attribution.value
    if not {"date", "date_text", "fatalities", "status", "perpetrators"} & set(report):
        report["date_text"] = draw(texts())
    return _in_report_order(report)


_REPORT_KEYS = (
    "source",
    "reported",
    "date",
    "date_text",
    "fatalities",
    "status",
    "perpetrators",
)


def _in_report_order(report: Json) -> Json:
    """The report's keys in the order of the record's fields."""
    keys = [*_REPORT_KEYS, "evidence", "note"]
    return {key: report[key] for key in keys if key in report}


def _reconciled(reports: list[Json], sources: dict[str, Json]) -> Json | None:
    """The event's fatalities, reconciled from its reports (None: they give none, or give
    counts no one set of fatalities holds, whose reports lose their fatalities)."""
    published = {
        source_id: parse_edtf(source["published"]) if "published" in source else None
        for source_id, source in sources.items()
    }
    records = [converter.structure(report, Report) for report in reports]
    try:
        fatalities = reconcile_fatalities(records, published)
    except RecordError:
        for at, report in enumerate(reports):
            report.pop("fatalities", None)
            if not {"date", "date_text", "status", "perpetrators"} & set(report):
                report["date_text"] = "as reported"
            reports[at] = _in_report_order(report)
        return None
    return None if fatalities is None else converter.unstructure(fatalities)


_type_and_subtype = st.sampled_from(EventType).flatmap(
    lambda kind: st.tuples(
        st.just(kind.value),
        st.one_of(
            st.none(),
            *([st.sampled_from(sorted(s.value for s in SUBTYPES[kind]))] if SUBTYPES[kind] else []),
        ),
    )
)


@st.composite
def event_documents(
    draw: st.DrawFn,
    event_id: str | None = None,
    *,
    source_ids: list[str] | None = None,
    actor_ids: list[str] | None = None,
    event_ids: list[str] | None = None,
    sources: dict[str, Json] | None = None,
) -> Json:
    """An event whose references point into the given ids.

    Its evidence cites ``source_ids`` (or drawn slugs without them), its participants and
    fatality subsets ``actor_ids``, its relations the other ids of ``event_ids``. Given the
    ``sources`` documents, it cites those without a text by a locator, and may have reports,
    its fatalities then reconciled from theirs.
    """
    sources = sources or {}
    textless = frozenset(i for i, source in sources.items() if "path" not in source)
    event_id = event_id if event_id is not None else draw(slugs())
    kind, subtype = draw(_type_and_subtype)
    participants = []
    if actor_ids:
        for _ in range(draw(st.integers(0, 3))):
            role = draw(st.sampled_from(Role)).value
            attribution = (
                _maybe(draw, st.sampled_from(Responsibility)) if role == "perpetrator" else None
            )
            participants.append(
                _ordered(
                    actor=draw(st.sampled_from(actor_ids)),
                    role=role,
                    attribution=None if attribution is None else attribution.value,
                )
            )
    targets = [other for other in event_ids or [] if other != event_id]
    relations = []
    if targets:
        for _ in range(draw(st.integers(0, 2))):
            relations.append(
                {
                    "type": draw(st.sampled_from(RelationType)).value,
                    "event": draw(st.sampled_from(targets)),
                }
            )
    date = draw(_dates)
    date_text = _maybe(draw, texts())
    basis = _maybe(draw, st.sampled_from(DateBasis))
    if basis is DateBasis.RESOLVED and date_text is None:
        basis = DateBasis.STATED
    if basis is DateBasis.SOURCE and not source_ids:
        basis = None
    fatalities = _maybe(draw, fatalities_documents(actor_ids))
    status = draw(st.sampled_from(Status)).value
    reports = []
    if source_ids and sources and draw(st.integers(0, 2)) == 0:
        perpetrators = [p["actor"] for p in participants if p["role"] == "perpetrator"]
        reports = draw(
            st.lists(
                report_documents(
                    date,
                    perpetrators,
                    source_ids=source_ids,
                    textless=textless,
                    actor_ids=actor_ids,
                    status=status,
                ),
                min_size=1,
                max_size=3,
            )
        )
        if any("fatalities" in report for report in reports):
            fatalities = _reconciled(reports, sources)
    evidence = draw(
        st.lists(
            evidence_documents(source_ids, textless=textless, actor_ids=actor_ids),
            min_size=1,
            max_size=3,
        )
    )
    # A date taken from a source is of a source the event cites (else date-source-uncited).
    cited = sorted(
        {e["source"] for e in evidence}
        | {r["source"] for r in reports}
        | {e["source"] for r in reports for e in r["evidence"]}
    )
    return _ordered(
        id=event_id,
        type=kind,
        subtype=subtype,
        title=draw(texts()),
        summary=_maybe(draw, texts(max_size=40)),
        date=date,
        date_text=date_text,
        date_basis=None if basis is None else basis.value,
        date_source=draw(st.sampled_from(cited)) if basis is DateBasis.SOURCE else None,
        place=_maybe(draw, place_documents()),
        participants=participants,
        fatalities=fatalities,
        status=status,
        evidence=evidence,
        relations=relations,
        reports=reports,
    )


@st.composite
def _actors(draw: st.DrawFn, n: int) -> list[Json]:
    """``n`` actors with unique ids, names that no two actors share (after folding), and
    ``part_of`` links that form a forest (never a cycle, never the actor itself)."""
    ids = draw(_unique_slugs(n))
    alias_counts = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    pool = draw(
        st.lists(
            texts(),
            min_size=n + sum(alias_counts),
            max_size=n + sum(alias_counts),
            unique_by=fold,
        )
    )
    # part_of may only point to actors of lower rank: no cycle can form.
    rank = draw(st.permutations(range(n)))
    actors = []
    for i, actor_id in enumerate(ids):
        names, pool = pool[: 1 + alias_counts[i]], pool[1 + alias_counts[i] :]
        parents = [ids[j] for j in range(n) if rank[j] < rank[i]]
        others = [other for other in ids if other != actor_id]
        actors.append(draw(actor_documents(actor_id, names=names, parents=parents, others=others)))
    return actors


@st.composite
def datasets(draw: st.DrawFn, *, max_items: int = 4) -> Json:
    """A whole valid dataset document with up to ``max_items`` sources, actors and events."""
    n_sources = draw(st.integers(0, max_items))
    source_ids = draw(_unique_slugs(n_sources))
    sources = [draw(source_documents(source_id)) for source_id in source_ids]
    actors = draw(_actors(draw(st.integers(0, max_items))))
    actor_ids = [actor["id"] for actor in actors]
    # Every event needs evidence, so there are events only when there are sources.
    n_events = draw(st.integers(0, max_items)) if sources else 0
    event_ids = draw(_unique_slugs(n_events))
    events = [
        draw(
            event_documents(
                event_id,
                source_ids=source_ids,
                actor_ids=actor_ids,
                event_ids=event_ids,
                sources={source["id"]: source for source in sources},
            )
        )
        for event_id in event_ids
    ]
    _in_time(events, sources)
    return _ordered(
        **{"$schema": SCHEMA_ID},
        id=draw(slugs()),
        title=draw(texts()),
        version=draw(_versions),
        license=draw(_licenses),
        description=_maybe(draw, texts(max_size=40)),
        created=_maybe(draw, st.dates().map(lambda day: day.isoformat())),
        contributors=_maybe(draw, st.lists(contributor_documents(), min_size=1, max_size=2)),
    ) | {"sources": sources, "actors": actors, "events": events}


def _in_time(events: list[Json], sources: list[Json]) -> None:
    """Make drawn events meet the rules of time (see timeline.temporal): an event that has
    not happened has no fatalities (it is made to have happened), relations link the types
    their rule allows, a claim that has happened claims only what has happened, and while the
    dates contradict a relation (or an event starts after the publication of its source, or
    follows forms a cycle), the relation found at fault is left out (or the event is made
    expected, without fatalities). Each step only widens the derived bounds, so the loop
    ends."""
    happened = {status.value for status in HAPPENED}
    for event in events:
        if "fatalities" in event and event["status"] not in happened:
            _set_status(event, "occurred")
    types = {event["id"]: EventType(event["type"]) for event in events}
    for event in events:
        kept = [
            relation
            for relation in event.get("relations", [])
            if RELATION_RULES[RelationType(relation["type"])].links(
                EventType(event["type"]), types[relation["event"]]
            )
        ]
        _set_relations(event, kept)
    published = {
        source["id"]: parse_edtf(source["published"]).latest if "published" in source else None
        for source in sources
    }
    by_id = {event["id"]: event for event in events}
    while True:
        # A claim that has happened claims what has happened (claim-of-unhappened).
        status = {event["id"]: event["status"] for event in events}
        unhappened = next(
            (
                (event, j)
                for event in events
                if event["status"] in happened
                for j, relation in enumerate(event.get("relations", []))
                if relation["type"] == "claims_responsibility_for"
                and relation["event"] != event["id"]
                and status[relation["event"]] not in happened
            ),
            None,
        )
        if unhappened is not None:
            _drop_relation(*unhappened)
            continue
        compact = [event_dates(index, event) for index, event in enumerate(events)]
        cycles = relation_cycles(compact) or relation_cycles(compact, RelationType.PART_OF)
        if cycles:
            ref = cycles[0].relation
            _drop_relation(by_id[ref.holder], ref.index)
            continue
        conflicts = derive_bounds(compact, published).conflicts
        if not conflicts:
            return
        conflict = conflicts[0]
        if conflict.earliest_from == conflict.latest_from:  # after its source's publication
            _not_happened(by_id[conflict.earliest_from])
        else:
            assert conflict.relation is not None
            _drop_relation(by_id[conflict.relation.holder], conflict.relation.index)


def _set_status(event: Json, status: str) -> None:
    """The event's status, and that of each of its reports that gives one (the event's
    status is reconciled from them)."""
    event["status"] = status
    for report in event.get("reports", []):
        if "status" in report:
            report["status"] = status


def _set_relations(event: Json, relations: list[Json]) -> None:
    if relations:
        event["relations"] = relations
    else:
        event.pop("relations", None)


def _drop_relation(event: Json, index: int) -> None:
    relations = list(event["relations"])
    del relations[index]
    _set_relations(event, relations)


def _not_happened(event: Json) -> None:
    """The event is made expected: then it has no fatalities, and its reports none either."""
    _set_status(event, "expected")
    event.pop("fatalities", None)
    for at, report in enumerate(event.get("reports", [])):
        report.pop("fatalities", None)
        if not {"date", "date_text", "status", "perpetrators"} & set(report):
            report["date_text"] = "as reported"
        event["reports"][at] = _in_report_order(report)


@st.composite
def contributor_documents(draw: st.DrawFn) -> Json:
    """A contributor of the dataset."""
    return _ordered(
        title=draw(texts()),
        role=_maybe(draw, st.sampled_from(["creator", "curator", "contributor"])),
        email=_maybe(draw, st.sampled_from(["curator@example.org", "a.b@example.com"])),
        path=_maybe(draw, st.sampled_from(["https://example.org/people/a"])),
    )
