"""Validation: the JSON Schema, the records' own rules, and the rules a schema cannot state.

A document is checked as a stream of its parts (see :mod:`timeline.reading._record_stream`):
the top-level members, and each source, actor and event on its own, so that a file of a
million events is checked in memory that grows with its largest record, not with the file.
:class:`_Checker` takes each record through:

1. what no JSON text can hold (:mod:`timeline.reading._not_json`);
2. the JSON Schema of its kind (:mod:`timeline.reading._record_schemas`), formats enforced:
   a compiled validator answers "valid?" fast; only for a record it rejects does
   ``jsonschema`` run, to report every problem exactly;
3. the rules a record checks alone (``low <= best <= high``, a subtype of its type, offsets
   that span the quote), by the same functions the records of :mod:`timeline.model` call;
4. the rules across records (:mod:`timeline.reading.rules`): unique ids, references that
   resolve (a reference to a record that comes later is checked when it has come),
   ``part_of`` without cycles, relations to other events, and evidence quotes that stand in
   the source text at their offsets, with the text's SHA-256 checked.

Each problem names its place as an RFC 6901 pointer and carries a stable code; where the
document was read from text, its line and column too. A record one check rejects and the exact
checks accept, or that cannot be built, is a ``check-disagreement``: never passed, never
dropped.
"""

from __future__ import annotations

import array
import gc
import hashlib
import re
import sys
from typing import TYPE_CHECKING, Any

import attrs

from timeline.convert import converter, record_problems, structure_or_problems
from timeline.dated_events import DatedEvents
from timeline.dates import parse_edtf
from timeline.errors import EdtfError, InvalidDatasetError, RecordError
from timeline.files.texts import TextRefused, default_root, read_text
from timeline.model import (
    SUBTYPES,
    Dataset,
    Event,
    EventSubtype,
    EventType,
    RelationType,
    Status,
    check_counts,
    check_offsets,
    check_subset,
    check_subtype,
    lower_bound,
)
from timeline.problems import (
    KeyPath,
    Problem,
    Severity,
    format_pointer,
    join_pointer,
    json_type_name,
)
from timeline.reading._not_json import encodable, not_json
from timeline.reading._record_schemas import RECORDS, record_schemas, shell_problems
from timeline.reading._record_stream import COLLECTIONS, Item, Reader
from timeline.reading._text_positions import TOO_DEEP, Locator, deep_path
from timeline.reading._trusted_builder import TrustedBuilder
from timeline.reading.rules import (
    ActorFacts,
    Pending,
    SourceFacts,
    WaitingDates,
    claim_problems,
    date_basis_problems,
    duplicate_id,
    finer_date,
    finer_exempt,
    finer_facts,
    finer_problem,
    finer_than_evidence,
    offsets_without_text,
    part_of_cycles,
    participant_problems,
    quote_problems,
    reconciliation_problems,
    schema_version_problem,
    shared_aliases,
    status_fatalities,
    temporal_problems,
    text_warnings,
    unknown_reference,
)
from timeline.schema import (
    DATASET_SCHEMA_ID,
    DATASET_SCHEMA_IDS,
    NEW,
    newer_feature_uses,
    newer_features,
)
from timeline.temporal import HAPPENED, EventDates, remember_bounds

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from pathlib import Path

    from timeline.dates import EdtfDate
    from timeline.reading._record_stream import Where
    from timeline.temporal import DerivedBounds

__all__ = ["check", "check_reader", "iter_problems", "validate"]

#: The memory of the source texts kept at once, in bytes (the text used last is always kept):
#: many small texts are each read once, whatever the order of the quotes citing them, and
#: validation's memory stays bounded (a text of another script takes up to four bytes a
#: code point).
_TEXTS_KEPT = 16 << 20
#: The code points of texts read again (after they were forgotten) before reading again stops
#: and the quotes that would need it are left unchecked, with a warning: quotes citing two
#: texts of 64 MiB in turn cannot make a check read for hours.
_REREAD_CAP = 1 << 30
#: The (type, subtype) pairs that belong together, as their JSON values.
SUBTYPE_PAIRS = frozenset(
    (type_.value, subtype.value) for type_, subtypes in SUBTYPES.items() for subtype in subtypes
)
#: The schema a dataset may claim whose rules are older: what is new since is refused in it.
OLDER_SCHEMA_ID = DATASET_SCHEMA_IDS[0]
#: What events may hold that the older schema does not know (see
#: :func:`timeline.schema.newer_features`).
_NEWER_IN_EVENTS = newer_features(OLDER_SCHEMA_ID, DATASET_SCHEMA_ID, "event")
#: The keys of an event that only the newer schema knows.
_NEWER_EVENT_KEYS = frozenset(key for key, value in _NEWER_IN_EVENTS.items() if value == NEW)
#: A \\u escape of half a UTF-16 surrogate pair, in the text of a record.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def iter_problems(
    document: Any, *, base_dir: Path | None = None, texts_root: Path | None = None
) -> Iterator[Problem]:
    """Yield every problem of a parsed dataset document, lazily.

    ``base_dir`` is the folder that the sources' ``path`` values are relative to (the folder
    of the dataset file). Without it, quotes are not checked against source texts. Texts are
    read only under ``texts_root`` (by default the current working directory when
    ``base_dir`` lies inside it, else ``base_dir``): see :mod:`timeline.files.texts`.
    """
    try:
        yield from _Checker(base_dir, records=False, texts_root=texts_root).run(_items(document))
    except InvalidDatasetError as fault:  # a value nested too deeply to be checked
        yield from fault.problems


def check(
    document: Any, *, base_dir: Path | None = None, texts_root: Path | None = None
) -> tuple[list[Problem], Dataset | None]:
    """All problems of a parsed document, and its records when it has no errors."""
    checker = _Checker(base_dir, records=True, texts_root=texts_root)
    problems: list[Problem] = []
    try:
        problems.extend(checker.run(_items(document)))
    except InvalidDatasetError as fault:  # a value nested too deeply to be checked
        problems.extend(fault.problems)
        return problems, None
    return problems, checker.dataset


def check_reader(
    reader: Reader, *, base_dir: Path | None, records: bool, texts_root: Path | None = None
) -> tuple[list[Problem], Dataset | None]:
    """All problems of a document read as a stream (see :mod:`timeline.reading._record_stream`),
    and its records when ``records`` is asked and there is no error."""
    checker = _Checker(base_dir, records=records, texts_root=texts_root)
    problems: list[Problem] = []
    # Each record dies as soon as it is checked, which reference counting sees to; the cyclic
    # collector would only walk the records kept (ids, references) again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        checker.root_reader = reader
        problems.extend(checker.run(reader.items()))
    except InvalidDatasetError as fault:
        problems.extend(fault.problems)
        return problems, None
    finally:
        if collecting:
            gc.enable()
    return problems, checker.dataset


def validate(
    document: Any, *, base_dir: Path | None = None, texts_root: Path | None = None
) -> Dataset:
    """Validate a parsed document and return its records.

    Raises :class:`~timeline.errors.InvalidDatasetError` holding every problem when there is
    at least one error (warnings alone do not raise).
    """
    problems, dataset = check(document, base_dir=base_dir, texts_root=texts_root)
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


def _items(document: Any) -> Iterator[Item]:
    """The parts of a parsed document, as the stream reader gives them; as it does, a part
    nested too deeply to be checked raises :class:`InvalidDatasetError` when it comes."""
    if not isinstance(document, dict):
        yield Item("root", "", _shallow(document, ()))
        return
    for key, value in document.items():
        if key in COLLECTIONS and isinstance(value, list):
            for index, element in enumerate(value):
                yield Item("element", key, _shallow(element, (key, index)), index)
            yield Item("end", key, index=len(value))
        else:
            yield Item("member", key, _shallow(value, (key,)))


def _shallow(value: Any, path: KeyPath) -> Any:
    """``value``, the part at ``path``, unless it nests more than the readers allow."""
    found = deep_path(value)
    if found is None:
        return value
    raise InvalidDatasetError(
        [
            Problem(
                code="json-too-deep",
                pointer=format_pointer((*path, *found)),
                message=TOO_DEEP,
            )
        ]
    )


# -- the schema --------------------------------------------------------------------------------


# -- the rules across records -------------------------------------------------------------------


class _Checker:
    """Checks the parts of one document as they come, and what spans them at the end."""

    def __init__(
        self, base_dir: Path | None, *, records: bool, texts_root: Path | None = None
    ) -> None:
        self.base_dir = base_dir
        self.texts_root = texts_root
        self.texts_root_known = texts_root is not None  # else found on the first text read
        self.records = records
        self.schemas = record_schemas()
        self.dataset: Dataset | None = None
        self.members: dict[str, Any] = {}
        self.not_json: set[str] = set()  # top-level members holding what no JSON text can
        self.member_places: dict[str, tuple[int, int] | None] = {}
        self.member_texts: dict[str, str] = {}  # the text of each object or array member
        #: The reader of the document's text, if it is read from one (it knows where the
        #: document starts).
        self.root_reader: Reader | None = None
        self.first: dict[str, dict[str, int]] = {key: {} for key in COLLECTIONS}
        self.complete: set[str] = set()
        self.sources: dict[str, SourceFacts] = {}
        self.actors: list[ActorFacts] = []
        self.pending_actors: list[Pending] = []
        self.pending_sources: list[Pending] = []
        self.pending_events: list[Pending] = []
        self.built: dict[str, list[Any]] = {key: [] for key in COLLECTIONS}
        self.lengths: dict[str, int] = {}  # each collection's length, once read whole
        self.trusted = TrustedBuilder()
        self.sorted_ids: dict[str, list[str]] = {}
        self.texts: dict[int, str] = {}  # source index -> text, the most recently used last
        self.texts_size = 0  # the memory they take, in bytes
        self.reread = 0  # code points of texts read again after they were forgotten
        self.last_text: tuple[int, str] | None = None
        self.errors = False
        self.claim: str | None = None  # the $schema the document claims, once read
        # each feature of schema 1.1.0 a document of no or an older claim uses: where it is
        # first used, what it is, its line and column, and how many times it is used
        self.newer_uses: dict[tuple[str, ...], _NewerUse] = {}
        self.offsets_without_text: list[tuple[KeyPath, tuple[int, int] | None]] = []
        self.pending_claims: list[Pending] = []
        self.claim_events: set[str] = set()  # the ids of claims of responsibility
        self.pending_reconciliations: list[tuple[int, dict[str, Any]]] = []
        #: The event last built to reconcile its reports (the value and its record): building
        #: the records of a valid document takes it instead of building the event again.
        self.reconciled: tuple[dict[str, Any], Event] | None = None
        #: The events whose date waits for the publication of sources that come later, by
        #: what the rule needs of them (a few strings, shared by many events): their indexes.
        self.pending_finer = WaitingDates()
        self.event_dates = DatedEvents()  # what the rules of time need of each event
        #: Where each event starts (line and column; 0 where it was not read from a text):
        #: the rules of time, which look at all the events at the end, place their problems
        #: there, two numbers an event.
        self.event_lines = array.array("l")
        self.event_columns = array.array("l")
        self.rules: dict[str, Callable[[int, dict[str, Any], Where | None], list[Problem]]] = {
            "sources": self._sources,
            "actors": self._actors,
            "events": self._events,
        }

    def run(self, items: Iterable[Item]) -> Iterator[Problem]:
        for item in items:
            if item.kind == "root":
                self.errors = True
                place = item.where.position() if item.where is not None else None
                yield Problem(
                    code="schema-type",
                    message=f"a dataset is a JSON object, got {json_type_name(item.value)}",
                    line=place and place[0],
                    column=place and place[1],
                )
                return
            if item.kind == "member":
                if (
                    item.where is None
                    or item.where.search(_SURROGATE_ESCAPE)
                    or not isinstance(item.key, str)
                    or not encodable(item.key)
                ):  # the member as an object of one key: its key is checked too
                    found = list(not_json({item.key: item.value}, ()))
                    if found:  # the top level's schema is not asked about it
                        self.not_json.add(str(item.key))
                    if item.where is not None:
                        member, where = join_pointer(item.key), item.where
                        found = [_placed(problem, where, member) for problem in found]
                    yield from self._noted(found)
                    if not isinstance(item.key, str):
                        continue
                self.members[item.key] = item.value
                if item.key == "$schema" and isinstance(item.value, str):
                    self.claim = item.value
                self.member_places[item.key] = item.where.position() if item.where else None
                if item.where is not None and isinstance(item.value, dict | list):
                    # A problem inside it is placed once the document is read: its text kept.
                    self.member_texts[item.key] = item.where.text
                if item.key in COLLECTIONS:
                    self.complete.add(item.key)  # not an array: the shell's schema says so
            elif item.kind == "end":
                self.members[item.key] = []
                self.lengths[item.key] = item.index
                self.complete.add(item.key)
            elif item.kind == "elements":
                yield from self.batch(item.key, item.index, item.value)
            else:
                yield from self._noted(self._element(item.key, item.index, item.value, item.where))
        yield from self._noted(self._finish())

    def build(self, key: str, values: list[Any]) -> None:
        """Build the records of ``values`` unchecked (another process checks them); raises
        what building a record that is not valid raises."""
        self.built[key].extend(self.trusted.batch(key, values))

    def batch(self, key: str, index: int, values: list[Any]) -> Iterator[Problem]:
        """Check consecutive records of a collection, the first at ``index``."""
        if not self.schemas.all_valid(key, values):
            for value in values:
                found = self._element(key, index, value, None)
                index += 1
                if found:
                    yield from self._noted(found)
            return
        # The common case, and the hot path of a large file: every record is valid by its
        # schema (so it is an object with a string id); the rules see each as _element would.
        claim, rule, build = self._claim_id, self.rules[key], self.records
        for value in values:
            problems: list[Problem] = []
            claim(key, value["id"], index, problems)
            broken = rule(index, value, None)
            if broken:
                problems.extend(broken)
            if build and _no_error(problems):
                self._build(key, index, value, problems)
            if problems:
                yield from self._noted(problems)
            index += 1

    def _build(self, key: str, index: int, value: dict[str, Any], problems: list[Problem]) -> None:
        """Build the record of a valid document; should that fail, the converter builds it
        or says why. Either the record is built or a problem is added: never neither. An event
        built already to reconcile its reports is not built again."""
        kept, self.reconciled = self.reconciled, None
        if kept is not None and kept[0] is value:
            self.built[key].append(kept[1])
            return
        try:
            self.built[key].append(self.trusted.build[key](value))
        except (ValueError, TypeError, KeyError):
            built = structure_or_problems(converter, value, RECORDS[key], (key, index))
            if not isinstance(built, list):
                self.built[key].append(built)
            else:
                problems.extend(built or [_unexplained(key, index, "cannot be built")])

    def _noted(self, problems: Iterable[Problem]) -> Iterator[Problem]:
        for problem in problems:
            self.errors = self.errors or problem.is_error
            yield problem

    # -- one record --------------------------------------------------------------------------

    def _element(self, key: str, index: int, value: Any, where: Where | None) -> list[Problem]:
        """The problems of one record."""
        problems: list[Problem] = []
        if where is None or where.search(_SURROGATE_ESCAPE):
            problems.extend(not_json(value, (key, index)))
        unreadable = bool(problems)
        if type(value) is dict:
            record_id = value.get("id")
            if type(record_id) is str:
                self._claim_id(key, record_id, index, problems)
        if unreadable:
            pass  # a value no JSON holds: no validator takes it, the record is refused
        elif self.schemas.is_valid(key, value):
            try:
                found = self.rules[key](index, value, where)
            except RecursionError:  # pragma: no cover - the readers refuse a deeper record
                found = [
                    Problem(
                        code="json-too-deep",
                        pointer=join_pointer(key, index),
                        message="the record nests too deeply to check",
                    )
                ]
            if found:
                problems.extend(found)
            if self.records and _no_error(problems):
                self._build(key, index, value, problems)
        else:
            found = self.schemas.problems(key, value, (key, index))
            problems.extend(found or [_unexplained(key, index, "fails the fast schema check")])
        if where is None or not problems:
            return problems
        return [_placed(problem, where, join_pointer(key, index)) for problem in problems]

    def _sources(self, index: int, source: dict[str, Any], where: Where | None) -> list[Problem]:
        source_id = source["id"]
        if source_id not in self.sources:
            self.sources[source_id] = SourceFacts(
                index=index,
                path=source.get("path"),
                sha256=source.get("sha256"),
                place=where.position() if where is not None else None,
                published=source.get("published"),
                member_places={
                    key: where.position(f"/{key}")
                    for key in ("path", "sha256")
                    if where is not None and key in source
                },
            )
        return []

    def _actors(self, index: int, actor: dict[str, Any], where: Where | None) -> list[Problem]:
        self.actors.append(
            ActorFacts(
                index=index,
                id=actor["id"],
                part_of=actor.get("part_of"),
                affiliations=[a["actor"] for a in actor.get("affiliations", ())],
                names=[actor["name"], *actor.get("aliases", ())],
                place=where.position() if where is not None else None,
                member_places=_reference_places(actor, where),
            )
        )
        return []

    def _events(self, index: int, event: dict[str, Any], where: Where | None) -> list[Problem]:
        # The hot path of a large file: each rule first asks the cheapest question that a good
        # record answers with yes, and makes its pointer and message only for a problem.
        problems: list[Problem] = []
        at: KeyPath = ("events", index)
        subtype = event.get("subtype")
        if subtype is not None and (event["type"], subtype) not in SUBTYPE_PAIRS:
            rule(problems, at, check_subtype, EventType(event["type"]), EventSubtype(subtype))
        self.event_dates.append(event_dates(index, event), noted=True)
        line, column = where.position() if where is not None else (0, 0)
        self.event_lines.append(line)
        self.event_columns.append(column)
        actors = self.first["actors"]
        newer = not _NEWER_EVENT_KEYS.isdisjoint(event)
        if event["type"] == "claim_of_responsibility":
            self.claim_events.add(event["id"])
        participants = event.get("participants")
        if participants is not None:
            for j, participant in enumerate(participants):
                if len(participant) > 2:
                    newer = True
                if participant["actor"] not in actors:
                    path = (*at, "participants", j, "actor")
                    self._refer_actor(participant["actor"], path, where, problems)
        fatalities = event.get("fatalities")
        if fatalities is not None:
            self._fatalities((*at, "fatalities"), fatalities, where, problems)
            problems.extend(status_fatalities(event, at))
        sources = self.sources
        for j, evidence in enumerate(event["evidence"]):
            if "start" not in evidence or len(evidence) > 4:
                newer = True
                self._evidence((*at, "evidence", j), evidence, where, problems)
                continue
            start, end, quote = evidence["start"], evidence["end"], evidence["quote"]
            facts = sources.get(evidence["source"])
            if (
                facts is not None
                and facts.decoded
                and type(start) is int
                and type(end) is int
                and end - start == len(quote)
            ):
                facts.cited += 1
                text = self._source_text(facts)
                if text is not None and text[start:end] == quote:
                    continue  # the common case, checked
            self._evidence((*at, "evidence", j), evidence, where, problems)
        if newer:
            faulty = any(problem.is_error for problem in problems)
            problems.extend(self._newer_event_rules(index, event, where, faulty=faulty))
        else:  # the one rule of 1.1.0 an older event meets
            problems.extend(self._phrase_rule(index, event))
        relations = event.get("relations")
        if relations is not None:
            event_id = event["id"]
            for j, relation in enumerate(relations):
                target = relation["event"]
                if target != event_id:
                    self._refer_event(target, at, j, where)
                    continue
                problems.append(
                    Problem(
                        code="self-event-reference",
                        pointer=format_pointer((*at, "relations", j, "event")),
                        message=f"event {target!r} refers to itself",
                    )
                )
        return problems

    def _fatalities(
        self,
        path: KeyPath,
        fatalities: dict[str, Any],
        where: Where | None,
        problems: list[Problem],
    ) -> None:
        """The rules of fatality counts at ``path`` (of an event or a report): ``low <= best
        <= high``, each subset within the whole, and the subsets' actors known."""
        rule(problems, path, check_fatalities, fatalities)
        actors = self.first["actors"]
        for j, subset in enumerate(fatalities.get("subsets", ())):
            actor = subset.get("actor")
            if actor is not None and actor not in actors:
                self._refer_actor(actor, (*path, "subsets", j, "actor"), where, problems)

    def _evidence(
        self, path: KeyPath, evidence: dict[str, Any], where: Where | None, problems: list[Problem]
    ) -> None:
        """The rules of one piece of evidence (of an event or a report) past the common case:
        offsets that span the quote and a quote that stands in the text, or a citation by a
        locator, which no text can confirm; its attribution's references."""
        facts = self.sources.get(evidence["source"])
        if "start" in evidence:
            start, end, quote = evidence["start"], evidence["end"], evidence["quote"]
            spans = rule(problems, path, check_offsets, start, end, quote)
            checked = (quote, start, end) if spans else None  # wrong offsets: no quote to check
            if facts is not None and facts.path is None and self.claim != OLDER_SCHEMA_ID:
                self.offsets_without_text.append((path, _at(where, path)))
            self._refer_source(evidence["source"], path, checked, where, problems, facts)
        else:
            problems.append(
                Problem(
                    code="evidence-unverifiable",
                    severity=Severity.WARNING,
                    pointer=format_pointer(path),
                    message=f"the evidence cites {evidence['source']!r} at "
                    f"{evidence['locator']!r}, which no stored text can confirm",
                )
            )
            self._refer_source_id(evidence["source"], (*path, "source"), where, problems)
        attribution = evidence.get("attribution")
        if attribution is not None:
            if "actor" in attribution:
                self._refer_actor(
                    attribution["actor"], (*path, "attribution", "actor"), where, problems
                )
            if "source" in attribution:
                self._refer_source_id(
                    attribution["source"], (*path, "attribution", "source"), where, problems
                )

    def _refer_source_id(
        self, ref: str, path: KeyPath, where: Where | None, problems: list[Problem]
    ) -> None:
        """A reference to a source that cites nothing of it (an attribution, a report's or a
        date's source): it must resolve, at ``path``."""
        if ref in self.first["sources"]:
            return
        place = _at(where, path)
        if "sources" in self.complete:
            pending = Pending(format_pointer(path), ref, place)
            problems.append(unknown_reference("source", pending, self._sorted("sources")))
        else:
            pending = Pending(
                format_pointer(path[:-1]),
                ref,
                place,
                key=str(path[-1]),
                cites=False,
                key_place=place,
            )
            self.pending_sources.append(pending)

    def _newer_event_rules(
        self, index: int, event: dict[str, Any], where: Where | None, *, faulty: bool
    ) -> list[Problem]:
        """The rules of what schema 1.1.0 adds to an event: the date's basis, attribution and
        claims, reports and their reconciliation; and the date finer than its phrase.
        ``faulty``: the event's other rules found an error, which would only be found again
        in building the event to reconcile it."""
        problems: list[Problem] = []
        at: KeyPath = ("events", index)
        if self.claim in (None, OLDER_SCHEMA_ID):
            uses = self.newer_uses
            for feature, path, message in newer_feature_uses(
                _NEWER_IN_EVENTS, event, at, DATASET_SCHEMA_ID
            ):
                use = uses.get(feature)
                if use is None:
                    uses[feature] = _NewerUse(path, message, _at(where, path))
                else:
                    use.more += 1
        problems.extend(date_basis_problems(event, at))
        if "date_source" in event:
            self._refer_source_id(event["date_source"], (*at, "date_source"), where, problems)
        for j, participant in enumerate(event.get("participants", ())):
            problems.extend(participant_problems(participant, (*at, "participants", j)))
            if "claim" in participant:
                path = (*at, "participants", j, "claim")
                self.pending_claims.append(
                    Pending(format_pointer(path), participant["claim"], _at(where, path))
                )
        reports = event.get("reports", ())
        for k, report in enumerate(reports):
            path = (*at, "reports", k)
            self._refer_source_id(report["source"], (*path, "source"), where, problems)
            for m, perpetrator in enumerate(report.get("perpetrators", ())):
                self._refer_actor(
                    perpetrator["actor"], (*path, "perpetrators", m, "actor"), where, problems
                )
            fatalities = report.get("fatalities")
            if fatalities is not None:
                self._fatalities((*path, "fatalities"), fatalities, where, problems)
            for m, evidence in enumerate(report["evidence"]):
                self._evidence((*path, "evidence", m), evidence, where, problems)
                if evidence["source"] != report["source"]:
                    problems.append(
                        Problem(
                            code="report-evidence-source",
                            pointer=format_pointer((*path, "evidence", m, "source")),
                            message=f"the evidence cites {evidence['source']!r}, but the report is "
                            f"of {report['source']!r}",
                        )
                    )
        if reports and not faulty and not any(p.is_error for p in problems):
            if all(r["source"] in self.sources or "reported" in r for r in reports):
                problems.extend(self._reconciled(index, event, keep=self.records))
            else:  # a source not read yet gives a report's date: checked at the end
                self.pending_reconciliations.append((index, event))
        problems.extend(self._phrase_rule(index, event))
        return problems

    def _phrase_rule(self, index: int, event: dict[str, Any]) -> list[Problem]:
        """The date no finer than its evidence, whose phrases are resolved against the
        publication of their sources (at the end when a source comes later)."""
        if finer_exempt(event):
            return []
        sources, evidence = self.sources, event["evidence"]
        if "sources" in self.complete or all(e["source"] in sources for e in evidence):
            return self._finer(index, event)
        quotes = [(e["source"], e["quote"]) for e in evidence if "quote" in e]
        self.wait_for_sources(
            index, event["date"], event.get("date_text"), evidence[0]["source"], quotes
        )
        return []

    def wait_for_sources(
        self,
        index: int,
        date: str,
        phrase: str | None,
        first_source: str,
        quotes: list[tuple[str, str]],
    ) -> None:
        """Note what the rule of a date finer than its evidence needs of the event at
        ``index``, checked at the end (see :func:`timeline.reading.rules.finer_facts`)."""
        facts = finer_facts(date, phrase, first_source, quotes)
        if facts is not None:
            self.pending_finer.wait(facts, index)

    def _finer_at_end(self) -> Iterator[Problem]:
        """The dates finer than their evidence of the events that waited for their sources,
        in the order of the events."""
        found: list[tuple[int, Problem]] = []
        for facts, indexes in self.pending_finer.items():
            finer = finer_date(*facts, published=self._published_text)
            if finer is not None:
                found.extend(
                    (index, finer_problem(facts[0], ("events", index), finer)) for index in indexes
                )
        found.sort(key=lambda pair: pair[0])
        self.pending_finer = WaitingDates()  # answered: let go before the rules of time
        for _, problem in found:
            yield self._at_its_event(problem)

    def _reconciled(
        self, index: int, event: dict[str, Any], *, keep: bool = False
    ) -> list[Problem]:
        """The reconciliation problems of an event with reports, which is built to reconcile
        them; ``keep``: the record is kept for :meth:`_build`, which is asked for it next."""
        built = structure_or_problems(converter, event, Event, ("events", index))
        if isinstance(built, list):
            return built
        if keep:
            self.reconciled = (event, built)
        published = {  # the rule asks only of the sources of the event's reports
            report.source: None if facts.published is None else parse_edtf(facts.published)
            for report in built.reports
            if (facts := self.sources.get(report.source)) is not None
        }
        return list(reconciliation_problems(built, ("events", index), published))

    def _finer(self, index: int, event: dict[str, Any]) -> list[Problem]:
        return list(finer_than_evidence(event, ("events", index), self._published_text))

    def _published_text(self, source: str) -> str | None:
        """The publication date of a source read so far, as written."""
        facts = self.sources.get(source)
        return None if facts is None else facts.published

    def newer_state(self) -> tuple[object, ...]:
        """What the rules of schema 1.1.0 have noted so far (the fast path's second process
        gives up when its events noted any: it does not send it back), but the offsets into
        sources without a text, which it counts."""
        return (
            {feature: use.more for feature, use in self.newer_uses.items()},
            len(self.pending_claims),
            len(self.pending_reconciliations),
        )

    # -- ids and references ------------------------------------------------------------------

    def _claim_id(self, key: str, record_id: str, index: int, problems: list[Problem]) -> None:
        """Note the id of the record at ``index`` of a collection; a second use is a problem."""
        if key == "events":
            self.event_dates.note_id(record_id)  # (the rules of time resolve relations by it)
        first = self.first[key].setdefault(record_id, index)
        if first != index:
            problems.append(duplicate_id(key, index, record_id, first))

    def _refer_event(self, target: str, at: KeyPath, j: int, where: Where | None) -> None:
        """Note the reference of the ``j``-th relation of the event at ``at``: an event not
        yet read may come later, so it is resolved at the end."""
        if target not in self.first["events"]:
            path = (*at, "relations", j, "event")
            self.pending_events.append(Pending(format_pointer(path), target, _at(where, path)))

    def _refer_actor(
        self, ref: str, path: KeyPath, where: Where | None, problems: list[Problem]
    ) -> None:
        if ref in self.first["actors"]:
            return
        pending = Pending(format_pointer(path), ref, _at(where, path))
        if "actors" in self.complete:
            problems.append(unknown_reference("actor", pending, self._sorted("actors")))
        else:
            self.pending_actors.append(pending)

    def _refer_source(
        self,
        ref: str,
        path: KeyPath,
        quote: tuple[str, int, int] | None,
        where: Where | None,
        problems: list[Problem],
        facts: SourceFacts | None,
    ) -> None:
        if facts is not None:
            if not facts.decoded or quote is None:
                facts.cited += 1  # (a quote that was checked is counted where it was)
            if quote is not None:
                problems.extend(self._quote(facts, quote, path))
            return
        pending = Pending(
            format_pointer(path),
            ref,
            _at(where, path),
            quote,
            key_place=_at(where, (*path, "source")),
        )
        if "sources" in self.complete and ref not in self.first["sources"]:
            pending.pointer += "/source"
            pending.place = pending.key_place
            problems.append(unknown_reference("source", pending, self._sorted("sources")))
        else:
            self.pending_sources.append(pending)

    def _sorted(self, key: str) -> list[str]:
        """The ids of a collection, sorted (computed once the collection is complete)."""
        found = self.sorted_ids.get(key)
        if found is None or len(found) != len(self.first[key]):
            found = self.sorted_ids[key] = sorted(self.first[key])
        return found

    # -- source texts ------------------------------------------------------------------------

    def _text_bytes(self, facts: SourceFacts) -> bytes:
        """A source's text, read under the texts root only (see :mod:`timeline.files.texts`)."""
        assert self.base_dir is not None
        assert facts.path is not None
        if not self.texts_root_known:
            self.texts_root = default_root(self.base_dir)
            self.texts_root_known = True
        return read_text(self.texts_root, self.base_dir, facts.path)

    def _source_text(self, facts: SourceFacts) -> str | None:
        """A source's text: the texts used last are kept, up to :data:`_TEXTS_KEPT` bytes
        of memory, others read again when needed, so that memory holds a bounded part of the
        texts however many sources a dataset has."""
        if not facts.decoded:
            return None
        if self.last_text is not None and self.last_text[0] == facts.index:
            return self.last_text[1]
        text = self.texts.get(facts.index)
        if text is None:
            if self.reread > _REREAD_CAP:
                return None  # the caller says the quote is not checked
            try:
                text = self._text_bytes(facts).decode("utf-8")
            except (OSError, UnicodeDecodeError, TextRefused):  # pragma: no cover - read before
                return None
            self.reread += len(text)
        self._keep_text(facts.index, text)
        self.last_text = (facts.index, text)
        return text

    def _keep_text(self, index: int, text: str) -> None:
        """Keep a source's text as the most recently used, forgetting the oldest beyond
        :data:`_TEXTS_KEPT` bytes of memory."""
        old = self.texts.pop(index, None)
        self.texts_size += sys.getsizeof(text) - (0 if old is None else sys.getsizeof(old))
        self.texts[index] = text
        while self.texts_size > _TEXTS_KEPT and len(self.texts) > 1:
            self.texts_size -= sys.getsizeof(self.texts.pop(next(iter(self.texts))))

    def _text(self, facts: SourceFacts) -> Iterator[Problem]:
        """Read a source's text once (when a quote first needs it, or at the end)."""
        if facts.read or self.base_dir is None or facts.path is None:
            return
        facts.read = True
        try:
            data = self._text_bytes(facts)
        except TextRefused as refusal:
            facts.refused = refusal.reason
            return
        except OSError as exc:
            facts.error = exc.strerror or str(exc)
            return
        if facts.sha256 is not None and hashlib.sha256(data).hexdigest() != facts.sha256:
            # Nothing of a text that is not the one the source names is shown (its digest,
            # length or words), and its quotes are not checked against it.
            yield facts.problem(
                "sha256-mismatch",
                f"the text {facts.path!r} does not have the SHA-256 the source gives "
                f"(not {facts.sha256}): the quotes citing it are not checked",
                "sha256",
            )
            return
        try:
            self._keep_text(facts.index, data.decode("utf-8"))
            facts.decoded = True
        except UnicodeDecodeError as exc:
            yield facts.problem(
                "source-text-encoding",
                f"the text {facts.path!r} is not UTF-8 (byte {exc.start})",
                "path",
            )

    def _quote(
        self, facts: SourceFacts, quote: tuple[str, int, int], path: KeyPath
    ) -> list[Problem]:
        problems = list(self._text(facts))
        text = self._source_text(facts)
        if text is not None:
            problems.extend(quote_problems(*quote, text, path))
        elif facts.decoded and not facts.unchecked:  # it could not be read again
            facts.unchecked = True
            why = (
                "the texts cited in turn are too large to hold together, and reading them "
                f"again was stopped after {_REREAD_CAP:,} code points"
                if self.reread > _REREAD_CAP
                else "it could not be read again"
            )
            problems.append(
                facts.problem(
                    "source-text-unchecked",
                    f"the quotes citing the text {facts.path!r} from {format_pointer(path)} on "
                    f"are not checked: {why}",
                    "path",
                    severity=Severity.WARNING,
                )
            )
        return problems

    # -- the end -------------------------------------------------------------------------------

    def _at_its_event(self, problem: Problem) -> Problem:
        """A problem found at the end (the rules of time, a reconciliation that waited for a
        source listed after the events), placed at the start of the event its pointer is in
        (the nearest value that holds it whose place was kept), where it has no place."""
        tokens = _tokens(problem.pointer)
        if problem.line is not None or len(tokens) < 2 or tokens[0] != "events":
            return problem
        index = tokens[1]
        if not isinstance(index, int) or not 0 <= index < len(self.event_lines):
            return problem
        if not self.event_lines[index]:
            return problem
        return attrs.evolve(problem, line=self.event_lines[index], column=self.event_columns[index])

    @property
    def root_place(self) -> tuple[int, int] | None:
        """Where the document's object starts in its text, if it is read from one."""
        return self.root_reader.root_place if self.root_reader is not None else None

    def _finish(self) -> Iterator[Problem]:
        checked = {k: None if k in self.not_json else v for k, v in self.members.items()}
        for problem in shell_problems(checked):
            tokens = _tokens(problem.pointer)
            if tokens and str(tokens[0]) in self.not_json:
                continue  # reported as no JSON value already
            # A missing member of the document stands where the document starts.
            place = self.member_places.get(str(tokens[0])) if tokens else self.root_place
            text = self.member_texts.get(str(tokens[0])) if len(tokens) > 1 else None
            if place is not None and text is not None:
                inside = problem.pointer[len(format_pointer(tokens[:1])) :]
                place = Locator(text).place(inside, place)
            if place is not None:
                problem = attrs.evolve(problem, line=place[0], column=place[1])
            yield problem
        actor_ids = self.first["actors"]
        for pending in self.pending_actors:
            if pending.target not in actor_ids:
                yield unknown_reference("actor", pending, self._sorted("actors"))
        for pending in self.pending_events:
            if pending.target not in self.first["events"]:
                yield unknown_reference("event", pending, self._sorted("events"))
        for pending in self.pending_sources:
            facts = self.sources.get(pending.target)
            if facts is None:
                if pending.target not in self.first["sources"]:
                    source = attrs.evolve(
                        pending,
                        pointer=f"{pending.pointer}/{pending.key}",
                        place=pending.key_place or pending.place,
                    )
                    yield unknown_reference("source", source, self._sorted("sources"))
                continue
            if not pending.cites:
                continue
            facts.cited += 1
            if pending.quote is None:
                continue
            path = tuple(_tokens(pending.pointer))
            if facts.path is None and self.claim != OLDER_SCHEMA_ID:
                self.offsets_without_text.append((path, pending.place))
            for problem in self._quote(facts, pending.quote, path):
                yield attrs.evolve(
                    problem,
                    line=pending.place and pending.place[0],
                    column=pending.place and pending.place[1],
                )
        yield from self._newer_problems()
        derived: list[DerivedBounds] = []
        for problem in temporal_problems(self.event_dates, self._published(), derived.append):
            yield self._at_its_event(problem)
        yield from self._actor_problems()
        older = self.claim == OLDER_SCHEMA_ID
        for facts in self.sources.values():
            yield from self._text(facts)
            if older or facts.path is not None:  # else each quote is offsets-without-text
                yield from text_warnings(facts, self.base_dir)
        if self.records and not self.errors:
            lost = [
                _lost(key, len(self.built[key]), read)
                for key, read in self.lengths.items()
                if len(self.built[key]) != read
            ]
            yield from lost
            if not lost:
                self.dataset = self._assemble()
                if self.dataset is not None and derived:  # the views take them
                    remember_bounds(self.dataset, derived[0])

    def _newer_problems(self) -> Iterator[Problem]:
        """The rules of schema 1.1.0 that wait for the whole document: claims of
        responsibility, the version the document claims, reports and dates whose sources
        came late, offsets into sources without a text."""
        for pending in self.pending_claims:
            yield from claim_problems(
                pending,
                self.claim_events,
                pending.target in self.first["events"],
                self._sorted("events"),
            )
        for index, event in self.pending_reconciliations:
            for problem in self._reconciled(index, event):
                yield self._at_its_event(problem)
        yield from self._finer_at_end()
        if self.claim == OLDER_SCHEMA_ID:
            for use in self.newer_uses.values():
                yield schema_version_problem(
                    use.path, use.message, use.place, self.claim, more=use.more
                )
        elif self.claim is not None:
            yield from offsets_without_text(self.offsets_without_text)

    def _published(self) -> dict[str, datetime.date | None]:
        """The latest day of each dated source's publication (see :mod:`timeline.temporal`)."""
        published: dict[str, datetime.date | None] = {}
        for source_id, facts in self.sources.items():
            date = _edtf(facts.published) if facts.published is not None else None
            published[source_id] = None if date is None else date.latest
        return published

    def _actor_rules(self) -> Iterator[Problem]:
        ids = self.first["actors"]
        for actor in self.actors:
            if actor.part_of is not None:
                path: KeyPath = ("actors", actor.index, "part_of")
                if actor.part_of == actor.id:
                    yield Problem(
                        code="self-actor-reference",
                        pointer=format_pointer(path),
                        message=f"actor {actor.id!r} refers to itself",
                    )
                elif actor.part_of not in ids:
                    pending = Pending(format_pointer(path), actor.part_of, None)
                    yield unknown_reference("actor", pending, self._sorted("actors"))
            for j, target in enumerate(actor.affiliations):
                if target not in ids:
                    path = ("actors", actor.index, "affiliations", j, "actor")
                    pending = Pending(format_pointer(path), target, None)
                    yield unknown_reference("actor", pending, self._sorted("actors"))
        yield from part_of_cycles(self.actors)
        yield from shared_aliases(self.actors)

    def _actor_problems(self) -> Iterator[Problem]:
        """The rules on actors, each problem placed at the reference it is about, else at its
        actor's record."""
        by_index = {actor.index: actor for actor in self.actors}
        for problem in self._actor_rules():
            tokens = _tokens(problem.pointer)
            actor = (
                by_index.get(tokens[1]) if len(tokens) > 1 and isinstance(tokens[1], int) else None
            )
            if actor is not None and problem.line is None:
                inside = problem.pointer[len(format_pointer(("actors", actor.index))) :]
                found = actor.member_places.get(inside, actor.place)
                if found is not None:
                    problem = attrs.evolve(problem, line=found[0], column=found[1])
            yield problem

    def _assemble(self) -> Dataset | None:
        meta = {k: v for k, v in self.members.items() if k not in COLLECTIONS}
        shell = structure_or_problems(
            converter, {**meta, "sources": [], "actors": [], "events": []}, Dataset, ()
        )
        if isinstance(shell, list):  # pragma: no cover - the shell's schema passed
            return None
        return attrs.evolve(
            shell,
            sources=tuple(self.built["sources"]),
            actors=tuple(self.built["actors"]),
            events=tuple(self.built["events"]),
        )


@attrs.define
class _NewerUse:
    """The first use of a feature of schema 1.1.0, and the count of its other uses."""

    path: KeyPath
    message: str
    place: tuple[int, int] | None
    more: int = 0


def _reference_places(actor: dict[str, Any], where: Where | None) -> dict[str, tuple[int, int]]:
    """Where an actor's references to other actors stand, by pointer inside the record."""
    if where is None:
        return {}
    inside = ["/part_of"] if "part_of" in actor else []
    inside += [f"/affiliations/{j}/actor" for j in range(len(actor.get("affiliations", ())))]
    return {pointer: where.position(pointer) for pointer in inside}


def _tokens(pointer: str) -> list[str | int]:
    tokens: list[str | int] = []
    for token in pointer.split("/")[1:]:
        text = token.replace("~1", "/").replace("~0", "~")
        tokens.append(int(text) if text.isdigit() else text)
    return tokens


def _at(where: Where | None, path: KeyPath) -> tuple[int, int] | None:
    """The line and column of ``path`` (a pointer from the top) inside a record being read."""
    if where is None:
        return None
    return where.position(format_pointer(path[2:]))


def _placed(problem: Problem, where: Where, record: str) -> Problem:
    """The problem with the line and column of its pointer inside the record at ``record``
    (a problem of another record, such as its source's text, keeps its own place)."""
    if problem.line is not None:
        return problem
    if problem.pointer == record:
        inside = ""
    elif problem.pointer.startswith(f"{record}/"):
        inside = problem.pointer[len(record) :]
    else:
        return problem
    line, column = where.position(inside)
    return attrs.evolve(problem, line=line, column=column)


def _no_error(problems: list[Problem]) -> bool:
    """Whether ``problems`` holds no error (warnings alone let a record be built)."""
    return not problems or not any(problem.is_error for problem in problems)


def _unexplained(key: str, index: int, what: str) -> Problem:
    """The problem of a record that one check rejects and the exact checks find nothing
    wrong with: never passed, never dropped, reported (a fault of this library)."""
    return Problem(
        code="check-disagreement",
        pointer=join_pointer(key, index),
        message=f"the record {what}, yet the exact checks find no problem: this is a fault "
        "of timeline (please report it); the record is not accepted",
    )


def _lost(key: str, built: int, read: int) -> Problem:
    """The problem of a collection whose records were not all built (see
    :func:`_unexplained`)."""
    return Problem(
        code="check-disagreement",
        pointer=join_pointer(key),
        message=f"{read} records were read but {built} built, and no problem explains the "
        "difference: this is a fault of timeline (please report it); the dataset is not "
        "returned without them",
    )


# -- a record's own rules, on its document -----------------------------------------------


def _edtf(text: str) -> EdtfDate | None:
    """The date of an EDTF text, or None when it is none (another rule says so)."""
    try:
        return parse_edtf(text)
    except EdtfError:
        return None


def event_dates(index: int, event: Mapping[str, Any]) -> EventDates:
    """The compact form of an event document that the rules of time need (an event valid by
    its schema)."""
    return EventDates.from_parts(
        event["id"],
        EventType(event["type"]),
        Status(event["status"]),
        _edtf(event["date"]),
        [(RelationType(r["type"]), r["event"]) for r in event.get("relations", ())],
        [evidence["source"] for evidence in event["evidence"]],
        [
            (r["source"], _edtf(r["reported"]) if "reported" in r else None)
            for r in event.get("reports", ())
        ],
        index,
        [r["source"] for r in event.get("reports", ()) if r.get("status") in _FORETELLING],
    )


#: The statuses a report gives an event that has not happened yet (see EventDates.foretold).
_FORETELLING = frozenset(status.value for status in Status if status not in HAPPENED)


def rule(problems: list[Problem], path: KeyPath, check: Callable[..., None], *args: Any) -> bool:
    """Run a record rule; a broken one becomes a problem at ``path``."""
    try:
        check(*args)
    except (RecordError, EdtfError) as exc:
        problems.extend(record_problems(exc, path))
        return False
    return True


def check_fatalities(fatalities: Mapping[str, Any]) -> None:
    low, best, high = fatalities.get("low"), fatalities.get("best"), fatalities.get("high")
    check_counts(low, best, high, "fatalities")
    total = lower_bound(low, best, high)
    for index, subset in enumerate(fatalities.get("subsets", ())):
        numbers = (subset.get("low"), subset.get("best"), subset.get("high"))
        check_counts(*numbers, "subset fatalities")
        check_subset(total, lower_bound(*numbers), ("subsets", index))
