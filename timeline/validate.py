"""Validation: the JSON Schema, the records' own invariants, and the rules a schema cannot state.

Validation collects every problem it finds, in three passes over a parsed document:

1. the JSON Schema of :mod:`timeline.schema`, formats enforced (``edtf`` by the date parser);
2. structuring each source, actor and event that passed the schema into its record, which
   reports the invariants a record checks alone (``low <= best <= high``, …);
3. the rules across records: unique ids, references that resolve, ``part_of`` without cycles,
   relations to other events, and evidence quotes that stand in the source text at their
   offsets, with the text's SHA-256 checked.

Each problem names its place as an RFC 6901 pointer and carries a stable code.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from timeline._structure import structure_or_problems
from timeline.convert import converter
from timeline.errors import EdtfError, InvalidDatasetError
from timeline.model import Actor, Dataset, Event, Source
from timeline.problems import Problem, Severity, format_pointer, join_pointer, json_type_name
from timeline.schema import dataset_validator

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import jsonschema

__all__ = ["check", "iter_problems", "validate"]

_COLLECTIONS: tuple[tuple[str, type[Any]], ...] = (
    ("sources", Source),
    ("actors", Actor),
    ("events", Event),
)


def iter_problems(document: Any, *, base_dir: Path | None = None) -> Iterator[Problem]:
    """Yield every problem of a parsed dataset document, lazily.

    ``base_dir`` is the folder that the sources' ``path`` values are relative to (the folder
    of the dataset file). Without it, quotes are not checked against source texts.
    """
    yield from _Validation(document, base_dir).problems()


def check(document: Any, *, base_dir: Path | None = None) -> tuple[list[Problem], Dataset | None]:
    """All problems of a parsed document, and its records when it has no errors."""
    run = _Validation(document, base_dir)
    problems = list(run.problems())
    return problems, run.dataset


def validate(document: Any, *, base_dir: Path | None = None) -> Dataset:
    """Validate a parsed document and return its records.

    Raises :class:`~timeline.errors.InvalidDatasetError` holding every problem when there is
    at least one error (warnings alone do not raise).
    """
    problems, dataset = check(document, base_dir=base_dir)
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


# -- pass 1: the JSON Schema -------------------------------------------------------------------


def _show(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def _schema_problems(error: jsonschema.ValidationError) -> Iterator[Problem]:
    pointer = format_pointer(error.absolute_path)
    keyword = str(error.validator)
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    code = "schema-" + _kebab(keyword)
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        for key in sorted(set(instance) - known):
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield Problem(
                code="schema-unknown-key",
                pointer=join_pointer(*error.absolute_path, key),
                message=f"unknown key {key!r}{hint}",
            )
        return
    if keyword == "format" and value == "edtf" and isinstance(error.cause, EdtfError):
        yield Problem(code=error.cause.code, pointer=pointer, message=str(error.cause))
        return
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        names = " or ".join(
            {"object": "an object", "array": "an array", "integer": "an integer"}.get(t, f"a {t}")
            for t in expected
        )
        message = f"expected {names}, got {json_type_name(instance)} ({_show(instance, 40)})"
    elif keyword == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                yield Problem(code=code, pointer=pointer, message=f"missing required key {key!r}")
        return
    elif keyword == "enum":
        message = f"{_show(instance)} is not one of: {', '.join(map(str, value))}"
    elif keyword == "const":
        message = f"expected {value!r}, got {_show(instance)}"
    elif keyword == "pattern":
        what = str(schema.get("description", "")).rstrip(".")
        form = what[:1].lower() + what[1:] if what else f"a match of {value!r}"
        message = f"{_show(instance)} is not of the required form: {form}"
    elif keyword == "format":
        message = f"{_show(instance)} is not a valid {value}"
    elif keyword == "dependentRequired" and isinstance(instance, dict):
        for key, needs in value.items():
            for need in needs:
                if key in instance and need not in instance:
                    yield Problem(code=code, pointer=pointer, message=f"{key!r} needs {need!r}")
        return
    elif keyword == "anyOf" and all(
        set(sub) == {"required"} and len(sub["required"]) == 1 for sub in value
    ):
        keys = ", ".join(repr(sub["required"][0]) for sub in value)
        message = f"needs at least one of {keys}"
        code = "schema-required"
    elif keyword in {"minLength", "minItems"} and value == 1:
        message = "must not be empty"
    else:
        message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
    yield Problem(code=code, pointer=pointer, message=message)


def _schema_pass(document: Any) -> list[Problem]:
    # dict keys keep the order; identical problems (one per missing key is reported by
    # every `required` error of an object) are kept once.
    unique: dict[Problem, None] = {}
    for error in dataset_validator().iter_errors(document):
        unique.update(dict.fromkeys(_schema_problems(error)))
    problems = list(unique)
    # A bad date breaks both the pattern and the edtf format; the format says more.
    dated = {p.pointer for p in problems if p.code.startswith("date-")}
    return [p for p in problems if not (p.code == "schema-pattern" and p.pointer in dated)]


# -- pass 2: records ---------------------------------------------------------------------------


# -- pass 3: rules across records --------------------------------------------------------------


def _closest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3)
    return f" (closest: {', '.join(close)})" if close else ""


@attrs.define
class _Validation:
    document: Any
    base_dir: Path | None
    dataset: Dataset | None = None
    sources: dict[int, Source] = attrs.Factory(dict)
    actors: dict[int, Actor] = attrs.Factory(dict)
    events: dict[int, Event] = attrs.Factory(dict)

    def problems(self) -> Iterator[Problem]:
        doc = self.document
        if not isinstance(doc, dict):
            yield Problem(
                code="schema-type",
                message=f"a dataset is a JSON object, got {json_type_name(doc)}",
            )
            return
        try:
            schema_problems = _schema_pass(doc)
        except RecursionError:
            yield Problem(code="json-too-deep", message="the document nests too deeply to check")
            return
        yield from schema_problems
        has_errors = bool(schema_problems)
        bad = {p.pointer for p in schema_problems}
        for key, record in _COLLECTIONS:
            items = doc.get(key)
            if not isinstance(items, list):
                continue
            found: dict[int, Any] = getattr(self, key)
            for index, item in enumerate(items):
                prefix = join_pointer(key, index)
                if any(p == prefix or p.startswith(prefix + "/") for p in bad):
                    continue
                result = structure_or_problems(converter, item, record, (key, index))
                if isinstance(result, list):
                    has_errors = True
                    yield from result
                else:
                    found[index] = result
        for problem in self._cross_record_problems():
            has_errors = has_errors or problem.is_error
            yield problem
        if not has_errors:
            self.dataset = self._assemble()

    def _assemble(self) -> Dataset:
        meta = {k: v for k, v in self.document.items() if k not in {"sources", "actors", "events"}}
        shell = converter.structure({**meta, "sources": [], "actors": [], "events": []}, Dataset)
        return attrs.evolve(
            shell,
            sources=tuple(self.sources.values()),
            actors=tuple(self.actors.values()),
            events=tuple(self.events.values()),
        )

    def _raw_ids(self, key: str) -> list[str]:
        items = self.document.get(key)
        if not isinstance(items, list):
            return []
        ids = {i.get("id") for i in items if isinstance(i, dict)}
        return sorted(i for i in ids if isinstance(i, str))

    def _cross_record_problems(self) -> Iterator[Problem]:
        for key in ("sources", "actors", "events"):
            yield from _duplicate_ids(key, getattr(self, key))
        # Every id counts as known, even that of a record the schema rejected: its problems
        # are reported already, and the references to it are not wrong.
        refs = _References(*(self._raw_ids(key) for key in ("actors", "sources", "events")))
        for index, actor in self.actors.items():
            at = ("actors", index)
            if actor.part_of is not None:
                yield from refs.actor(actor.part_of, (*at, "part_of"), own=actor.id)
            for j, affiliation in enumerate(actor.affiliations):
                yield from refs.actor(affiliation.actor, (*at, "affiliations", j, "actor"))
        yield from _part_of_cycles(self.actors)
        yield from _shared_aliases(self.actors)
        for index, event in self.events.items():
            at = ("events", index)
            for j, participant in enumerate(event.participants):
                yield from refs.actor(participant.actor, (*at, "participants", j, "actor"))
            if event.fatalities is not None:
                for j, subset in enumerate(event.fatalities.subsets):
                    if subset.actor is not None:
                        where = (*at, "fatalities", "subsets", j, "actor")
                        yield from refs.actor(subset.actor, where)
            for j, evidence in enumerate(event.evidence):
                yield from refs.source(evidence.source, (*at, "evidence", j, "source"))
            for j, relation in enumerate(event.relations):
                yield from refs.event(relation.event, (*at, "relations", j, "event"), own=event.id)
        if self.base_dir is not None:
            yield from _text_problems(self.sources, self.events, self.base_dir)


def _duplicate_ids(key: str, records: Mapping[int, Source | Actor | Event]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, record in records.items():
        if record.id in first:
            yield Problem(
                code="duplicate-id",
                pointer=join_pointer(key, index, "id"),
                message=f"id {record.id!r} is already used by "
                f"{join_pointer(key, first[record.id])}",
            )
        else:
            first[record.id] = index


@attrs.frozen
class _References:
    actor_ids: list[str]
    source_ids: list[str]
    event_ids: list[str]

    def _check(
        self, what: str, ref: str, known: list[str], path: tuple[str | int, ...], own: str | None
    ) -> Iterator[Problem]:
        pointer = format_pointer(path)
        if ref == own:
            yield Problem(
                code=f"self-{what}-reference",
                pointer=pointer,
                message=f"{what} {ref!r} refers to itself",
            )
        elif not _contains(known, ref):
            yield Problem(
                code=f"unknown-{what}",
                pointer=pointer,
                message=f"no {what} has id {ref!r}{_closest(ref, known)}",
            )

    def actor(
        self, ref: str, path: tuple[str | int, ...], own: str | None = None
    ) -> Iterator[Problem]:
        return self._check("actor", ref, self.actor_ids, path, own)

    def source(self, ref: str, path: tuple[str | int, ...]) -> Iterator[Problem]:
        return self._check("source", ref, self.source_ids, path, None)

    def event(self, ref: str, path: tuple[str | int, ...], own: str) -> Iterator[Problem]:
        return self._check("event", ref, self.event_ids, path, own)


def _contains(sorted_ids: list[str], value: str) -> bool:
    index = bisect.bisect_left(sorted_ids, value)
    return index < len(sorted_ids) and sorted_ids[index] == value


def _part_of_cycles(actors: Mapping[int, Actor]) -> Iterator[Problem]:
    parent = {a.id: a.part_of for a in actors.values() if a.part_of is not None}
    index_of = {a.id: i for i, a in actors.items()}
    reported: set[str] = set()
    for start in sorted(parent):
        chain = [start]
        seen = {start}
        node = parent.get(start)
        while node is not None and node not in seen:
            chain.append(node)
            seen.add(node)
            node = parent.get(node)
        if node is None or node != start or start in reported:
            continue
        reported.update(chain)
        yield Problem(
            code="part-of-cycle",
            pointer=join_pointer("actors", index_of[start], "part_of"),
            message="part_of forms a cycle: " + " → ".join([*chain, start]),
        )


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _shared_aliases(actors: Mapping[int, Actor]) -> Iterator[Problem]:
    owner: dict[str, str] = {}
    for index, actor in actors.items():
        for j, name in enumerate((actor.name, *actor.aliases)):
            key = _fold(name)
            other = owner.setdefault(key, actor.id)
            if other != actor.id:
                where = ("name",) if j == 0 else ("aliases", j - 1)
                yield Problem(
                    code="ambiguous-name",
                    severity=Severity.WARNING,
                    pointer=join_pointer("actors", index, *where),
                    message=f"{name!r} also names actor {other!r}: look-ups by it are ambiguous",
                )


def _text_problems(
    sources: Mapping[int, Source], events: Mapping[int, Event], base_dir: Path
) -> Iterator[Problem]:
    cited: dict[str, list[tuple[int, int]]] = {}
    for index, event in events.items():
        for j, evidence in enumerate(event.evidence):
            cited.setdefault(evidence.source, []).append((index, j))
    for index, source in sources.items():
        quotes = cited.get(source.id, [])
        if source.path is None:
            if quotes:
                yield Problem(
                    code="source-text-unavailable",
                    severity=Severity.WARNING,
                    pointer=join_pointer("sources", index),
                    message=f"source {source.id!r} has no text (no path): "
                    f"{len(quotes)} quote(s) citing it are not checked",
                )
            continue
        # Lexically normalised, as a URL would be: "data/../seeds/x.txt" finds seeds/x.txt
        # even before the folder data/ exists.
        text_path = Path(os.path.normpath(base_dir / source.path))
        try:
            data = text_path.read_bytes()
        except OSError as exc:
            yield Problem(
                code="source-text-missing",
                severity=Severity.WARNING,
                pointer=join_pointer("sources", index, "path"),
                message=f"cannot read the text {source.path!r} ({exc.strerror or exc}): "
                f"{len(quotes)} quote(s) citing it are not checked",
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if source.sha256 is not None and digest != source.sha256:
            yield Problem(
                code="sha256-mismatch",
                pointer=join_pointer("sources", index, "sha256"),
                message=f"the text {source.path!r} has SHA-256 {digest}, not {source.sha256}",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(
                code="source-text-encoding",
                pointer=join_pointer("sources", index, "path"),
                message=f"the text {source.path!r} is not UTF-8 (byte {exc.start})",
            )
            continue
        for event_index, j in quotes:
            evidence = events[event_index].evidence[j]
            yield from _quote_problems(
                evidence.quote,
                evidence.start,
                evidence.end,
                text,
                ("events", event_index, "evidence", j),
            )


def _quote_problems(
    quote: str, start: int, end: int, text: str, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if end > len(text):
        yield Problem(
            code="quote-out-of-range",
            pointer=format_pointer((*path, "end")),
            message=f"end {end} lies past the end of the source text ({len(text)} code points)",
        )
        return
    found = text[start:end]
    if found == quote:
        return
    elsewhere = text.find(quote)
    hint = (
        f"; the quote stands at [{elsewhere}, {elsewhere + len(quote)})"
        if elsewhere >= 0
        else "; the quote is nowhere in the text"
    )
    yield Problem(
        code="quote-mismatch",
        pointer=format_pointer((*path, "quote")),
        message=f"the source text at [{start}, {end}) reads {_show(found)}, "
        f"not {_show(quote)}{hint}",
    )
