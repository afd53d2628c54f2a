"""Validation: the JSON Schema, the records' own rules, and the rules a schema cannot state.

A document is checked as a stream of its parts (see :mod:`timeline.reading._record_stream`): the
top-level members, and each source, actor and event on its own, so that a file of a million events
is checked in memory that grows with its largest record, not with the file. For each record:

1. the JSON Schema of :mod:`timeline.schema` for its kind, formats enforced (``edtf`` by the
   date parser). A compiled validator (``jsonschema-rs``) answers "valid?" fast; only for a
   record it rejects does ``jsonschema`` run, to report every problem exactly;
2. the rules a record checks alone (``low <= best <= high``, a subtype of its type, offsets
   that span the quote), by the same functions the records of :mod:`timeline.model` call;
3. the rules across records: unique ids, references that resolve (a reference to a record
   that comes later is checked when it has come), ``part_of`` without cycles, relations to
   other events, and evidence quotes that stand in the source text at their offsets, with the
   text's SHA-256 checked.

Each problem names its place as an RFC 6901 pointer and carries a stable code; where the
document was read from text, its line and column too.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import gc
import hashlib
import math
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from timeline.convert import converter, structure_or_problems
from timeline.errors import EdtfError, InvalidDatasetError, RecordError
from timeline.files.texts import TextRefused, default_root, read_text
from timeline.model import (
    SUBTYPES,
    Actor,
    Dataset,
    Event,
    EventSubtype,
    EventType,
    Source,
    check_counts,
    check_offsets,
    check_subset,
    check_subtype,
    lower_bound,
)
from timeline.names import fold
from timeline.problems import Problem, Severity, format_pointer, join_pointer, json_type_name
from timeline.reading._record_stream import COLLECTIONS, Item, Reader
from timeline.reading._text_positions import TOO_DEEP, deep_path
from timeline.reading._trusted_builder import TrustedBuilder
from timeline.schema import (
    FORMAT_CHECKS,
    StrictValidator,
    dataset_schema,
    dataset_validator,
    format_checker,
    integer_places,
)

try:  # the compiled validator is the fast path; without it, jsonschema answers alone
    import jsonschema_rs as _compiled
except ImportError:  # pragma: no cover - jsonschema-rs is a dependency; a platform may lack it
    _compiled = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    import jsonschema

    from timeline.reading._record_stream import Where

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
_RECORDS: dict[str, type[Any]] = {"sources": Source, "actors": Actor, "events": Event}
_DEFS = {"sources": "source", "actors": "actor", "events": "event"}
#: The (type, subtype) pairs that belong together, as their JSON values.
_SUBTYPE_PAIRS = frozenset(
    (type_.value, subtype.value) for type_, subtypes in SUBTYPES.items() for subtype in subtypes
)
Path_ = tuple[str | int, ...]


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
    """All problems of a document read as a stream (see :mod:`timeline.reading._record_stream`), and
    its records when ``records`` is asked and there is no error."""
    checker = _Checker(base_dir, records=records, texts_root=texts_root)
    problems: list[Problem] = []
    # Each record dies as soon as it is checked, which reference counting sees to; the cyclic
    # collector would only walk the records kept (ids, references) again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
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


def _shallow(value: Any, path: Path_) -> Any:
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


def _formatted_fields(
    defs: Mapping[str, Any], name: str
) -> list[tuple[str, Callable[[str], bool]]] | None:
    """The record's fields that have a format, with its check; None when a format stands
    deeper (in a nested object or array), where this shortcut does not reach."""
    fields: list[tuple[str, Callable[[str], bool]]] = []
    for field, schema in defs[name].get("properties", {}).items():
        resolved = _resolve(defs, schema)
        if "format" in resolved:
            fields.append((field, FORMAT_CHECKS[resolved["format"]]))
        if _has_format(defs, resolved, top=True):
            return None
    return fields


def _resolve(defs: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else schema


def _has_format(defs: Mapping[str, Any], schema: Mapping[str, Any], *, top: bool = False) -> bool:
    """Whether a format stands inside ``schema`` (its own counts unless ``top``)."""
    schema = _resolve(defs, schema)
    if "format" in schema and not top:
        return True
    children = [*schema.get("properties", {}).values()]
    if isinstance(schema.get("items"), Mapping):
        children.append(schema["items"])
    return any(_has_format(defs, child) for child in children)


def _written_integers(places: Mapping[str, Any], value: Any) -> bool:
    """Whether every integer of ``value`` at ``places`` (see
    :func:`timeline.schema.integer_places`) is written as one: JSON Schema counts ``13.0`` as
    an integer, which the strict validator and the records do not."""
    if type(value) is dict:
        for key, inner in places.items():
            found = value.get(key)
            if found is None:
                continue
            if inner is None:
                if type(found) is float:
                    return False
            elif not _written_integers(inner, found):
                return False
    elif type(value) is list and "*" in places:
        inner = places["*"]
        return all(_written_integers(inner, item) for item in value)
    return True


def _fast_check(
    structure: Callable[[Any], bool],
    fields: Sequence[tuple[str, Callable[[str], bool]]],
    integers: Mapping[str, Any],
    values: list[Any],
) -> bool:
    if not structure(values):
        return False
    for field, check in fields:
        for value in values:
            found = value.get(field)
            if isinstance(found, str) and not check(found):
                return False
    if integers:
        return all(_written_integers(integers, value) for value in values)
    return True


def _fast_validator(
    whole: Mapping[str, Any], name: str, exact: jsonschema.Draft202012Validator
) -> Callable[[list[Any]], bool]:
    """A yes/no for a list of records of the kind ``name`` (one call checks a batch), which
    answers as ``exact`` does: the same format checks, patterns read as ECMA-262 (as the
    compiled validator reads them), and integers as they are written."""
    if _compiled is None:  # pragma: no cover
        return functools.partial(_all, exact.is_valid)
    schema = {
        "$schema": whole["$schema"],
        "$defs": whole["$defs"],
        "type": "array",
        "items": {"$ref": f"#/$defs/{name}"},
    }
    integers = integer_places(whole["$defs"], whole["$defs"][name])
    fields = _formatted_fields(whole["$defs"], name)
    if fields is None:  # formats below the record's own fields: let the validator call
        structure = _compiled.validator_for(
            schema, formats=FORMAT_CHECKS, validate_formats=True
        ).is_valid
        fields = []
    else:
        # Calling back from the compiled validator into Python for each date costs more than
        # the rest of its check: it checks the structure, and the formats of the record's own
        # fields are checked here, by the same functions.
        structure = _compiled.validator_for(schema, validate_formats=False).is_valid
    return functools.partial(_fast_check, structure, fields, integers)


class _RecordSchemas:
    """The schema of each kind of record, as a fast yes/no and as exact problems."""

    def __init__(self) -> None:
        whole = dataset_schema()
        self._exact: dict[str, jsonschema.Draft202012Validator] = {}
        self._fast: dict[str, Callable[[list[Any]], bool]] = {}
        for key, name in _DEFS.items():
            schema = {
                "$schema": whole["$schema"],
                "$defs": whole["$defs"],
                "$ref": f"#/$defs/{name}",
            }
            exact = StrictValidator(schema, format_checker=format_checker())
            self._exact[key] = exact
            self._fast[key] = _fast_validator(whole, name, exact)

    def is_valid(self, key: str, value: Any) -> bool:
        return self._fast[key]([value])

    def all_valid(self, key: str, values: list[Any]) -> bool:
        """Whether every record of ``values`` is valid."""
        return self._fast[key](values)

    def problems(self, key: str, value: Any, path: Path_) -> list[Problem]:
        found: dict[Problem, None] = {}
        for error in self._exact[key].iter_errors(value):
            for problem in _schema_problems(error):
                pointer = format_pointer(path) + problem.pointer
                found[attrs.evolve(problem, pointer=pointer)] = None
        return _prefer_format(list(found))


def _all(check: Callable[[Any], bool], values: list[Any]) -> bool:  # pragma: no cover
    return all(check(value) for value in values)


@functools.cache
def _record_schemas() -> _RecordSchemas:
    return _RecordSchemas()


def _prefer_format(problems: list[Problem]) -> list[Problem]:
    """A bad date breaks both the pattern and the edtf format; the format says more."""
    dated = {p.pointer for p in problems if p.code.startswith("date-")}
    return [p for p in problems if not (p.code == "schema-pattern" and p.pointer in dated)]


def _shell_problems(members: Mapping[str, Any]) -> list[Problem]:
    """The top level with every collection that is an array taken as empty: its keys, their
    types and the metadata's values."""
    found: dict[Problem, None] = {}
    for error in dataset_validator().iter_errors(dict(members)):
        found.update(dict.fromkeys(_schema_problems(error)))
    return _prefer_format(list(found))


# -- the rules across records -------------------------------------------------------------------


def _closest(name: str, known: Sequence[str]) -> str:
    """A hint of the known ids most like ``name`` (``known`` sorted). With many ids only the
    neighbours of ``name`` in sorted order are compared: a typo late in an id still finds it,
    and the hint costs O(log n), not a comparison with every id."""
    if len(known) > 200:
        at = bisect.bisect_left(known, name)
        known = known[max(0, at - 25) : at + 25]
    close = difflib.get_close_matches(name, known, n=3)
    shown = (c if c.isprintable() else repr(c) for c in close)  # a line break stays in line
    return f" (closest: {', '.join(shown)})" if close else ""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _not_json(value: Any, path: Path_) -> Iterator[Problem]:
    """What in a record no JSON text can hold: half a surrogate pair in a string or a key,
    and, in a document built in Python rather than parsed, a key that is not a string, a
    float that is not finite or an integer longer than a JSON reader takes (the readers of
    text refuse those as syntax). No validator is given such a record."""
    stack: list[tuple[Any, Path_]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    yield _not_json_problem(
                        (*where, str(key)), f"a key that is not a string ({key!r})"
                    )
                    continue
                if not _encodable(key):
                    yield _surrogate_problem((*where, key), "the key")
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, n)) for n, child in enumerate(item))
        elif isinstance(item, str):
            if not _encodable(item):
                yield _surrogate_problem(where, "the string")
        elif isinstance(item, float) and not math.isfinite(item):
            yield _not_json_problem(where, f"{item!r}, which is not a JSON number")
        elif isinstance(item, int) and item.bit_length() > 14_000 and abs(item) >= _INT_LIMIT:
            yield _not_json_problem(where, "an integer of thousands of digits")


#: The least integer too long for a JSON text here: 4,301 digits (Python reads at most 4,300
#: from text, and the readers of text apply that).
_INT_LIMIT = 10**4300


def _not_json_problem(path: Path_, what: str) -> Problem:
    return Problem(
        code="json-syntax",
        pointer=format_pointer(path),
        message=f"{what}: no JSON text can hold it",
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate_problem(path: Path_, what: str) -> Problem:
    return Problem(
        code="json-lone-surrogate",
        pointer=format_pointer(path),
        message=f"{what} holds a \\u escape of half a UTF-16 surrogate pair, which is no character",
    )


@attrs.define
class _Pending:
    """A reference, or a quote, that can be checked only once more of the document is read."""

    pointer: str
    target: str
    place: tuple[int, int] | None
    quote: tuple[str, int, int] | None = None


@attrs.define
class _SourceFacts:
    index: int
    path: str | None
    sha256: str | None
    place: tuple[int, int] | None
    read: bool = False
    decoded: bool = False  # read and decoded: quotes can be checked
    error: str | None = None  # why the text could not be read
    refused: str | None = None  # why the text was not read (see timeline.files.texts)
    cited: int = 0
    unchecked: bool = False  # quotes left unchecked once reading texts again was stopped

    def problem(
        self, code: str, message: str, *where: str, severity: Severity = Severity.ERROR
    ) -> Problem:
        """A problem of this source (at its member ``where``), placed at its record."""
        line, column = self.place if self.place else (None, None)
        return Problem(
            code=code,
            severity=severity,
            pointer=join_pointer("sources", self.index, *where),
            message=message,
            line=line,
            column=column,
        )


@attrs.define
class _ActorFacts:
    index: int
    id: str
    part_of: str | None
    affiliations: list[str]
    names: list[str]
    place: tuple[int, int] | None  # where the actor's record starts, to place its problems


class _Checker:
    """Checks the parts of one document as they come, and what spans them at the end."""

    def __init__(
        self, base_dir: Path | None, *, records: bool, texts_root: Path | None = None
    ) -> None:
        self.base_dir = base_dir
        self.texts_root = texts_root
        self.texts_root_known = texts_root is not None  # else found on the first text read
        self.records = records
        self.schemas = _record_schemas()
        self.dataset: Dataset | None = None
        self.members: dict[str, Any] = {}
        self.not_json: set[str] = set()  # top-level members holding what no JSON text can
        self.member_places: dict[str, tuple[int, int] | None] = {}
        self.first: dict[str, dict[str, int]] = {key: {} for key in COLLECTIONS}
        self.complete: set[str] = set()
        self.sources: dict[str, _SourceFacts] = {}
        self.actors: list[_ActorFacts] = []
        self.pending_actors: list[_Pending] = []
        self.pending_sources: list[_Pending] = []
        self.pending_events: list[_Pending] = []
        self.built: dict[str, list[Any]] = {key: [] for key in COLLECTIONS}
        self.lengths: dict[str, int] = {}  # each collection's length, once read whole
        self.trusted = TrustedBuilder()
        self.sorted_ids: dict[str, list[str]] = {}
        self.texts: dict[int, str] = {}  # source index -> text, the most recently used last
        self.texts_size = 0  # the memory they take, in bytes
        self.reread = 0  # code points of texts read again after they were forgotten
        self.last_text: tuple[int, str] | None = None
        self.errors = False
        self.rules: dict[str, Callable[[int, dict[str, Any], Where | None], list[Problem]]] = {
            "sources": self._sources,
            "actors": self._actors,
            "events": self._events,
        }

    def run(self, items: Iterable[Item]) -> Iterator[Problem]:
        for item in items:
            if item.kind == "root":
                self.errors = True
                yield Problem(
                    code="schema-type",
                    message=f"a dataset is a JSON object, got {json_type_name(item.value)}",
                )
                return
            if item.kind == "member":
                if (
                    item.where is None
                    or item.where.search(_SURROGATE_ESCAPE)
                    or not isinstance(item.key, str)
                    or not _encodable(item.key)
                ):  # the member as an object of one key: its key is checked too
                    found = list(_not_json({item.key: item.value}, ()))
                    if found:  # the top level's schema is not asked about it
                        self.not_json.add(str(item.key))
                    if item.where is not None:
                        member, where = join_pointer(item.key), item.where
                        found = [_placed(problem, where, member) for problem in found]
                    yield from self._noted(found)
                    if not isinstance(item.key, str):
                        continue
                self.members[item.key] = item.value
                self.member_places[item.key] = item.where.position() if item.where else None
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
        or says why. Either the record is built or a problem is added: never neither."""
        try:
            self.built[key].append(self.trusted.build[key](value))
        except (ValueError, TypeError, KeyError):
            built = structure_or_problems(converter, value, _RECORDS[key], (key, index))
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
            problems.extend(_not_json(value, (key, index)))
        not_json = bool(problems)
        if type(value) is dict:
            record_id = value.get("id")
            if type(record_id) is str:
                self._claim_id(key, record_id, index, problems)
        if not_json:
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
            self.sources[source_id] = _SourceFacts(
                index=index,
                path=source.get("path"),
                sha256=source.get("sha256"),
                place=where.position() if where is not None else None,
            )
        return []

    def _actors(self, index: int, actor: dict[str, Any], where: Where | None) -> list[Problem]:
        self.actors.append(
            _ActorFacts(
                index=index,
                id=actor["id"],
                part_of=actor.get("part_of"),
                affiliations=[a["actor"] for a in actor.get("affiliations", ())],
                names=[actor["name"], *actor.get("aliases", ())],
                place=where.position() if where is not None else None,
            )
        )
        return []

    def _events(self, index: int, event: dict[str, Any], where: Where | None) -> list[Problem]:
        # The hot path of a large file: each rule first asks the cheapest question that a good
        # record answers with yes, and makes its pointer and message only for a problem.
        problems: list[Problem] = []
        at: Path_ = ("events", index)
        subtype = event.get("subtype")
        if subtype is not None and (event["type"], subtype) not in _SUBTYPE_PAIRS:
            _rule(problems, at, check_subtype, EventType(event["type"]), EventSubtype(subtype))
        fatalities = event.get("fatalities")
        if fatalities is not None:
            _rule(problems, (*at, "fatalities"), _check_fatalities, fatalities)
        actors = self.first["actors"]
        participants = event.get("participants")
        if participants is not None:
            for j, participant in enumerate(participants):
                if participant["actor"] not in actors:
                    path = (*at, "participants", j, "actor")
                    self._refer_actor(participant["actor"], path, where, problems)
        if fatalities is not None:
            for j, subset in enumerate(fatalities.get("subsets", ())):
                if "actor" in subset and subset["actor"] not in actors:
                    path = (*at, "fatalities", "subsets", j, "actor")
                    self._refer_actor(subset["actor"], path, where, problems)
        sources = self.sources
        for j, evidence in enumerate(event["evidence"]):
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
            path = (*at, "evidence", j)
            spans = _rule(problems, path, check_offsets, start, end, quote)
            checked = (quote, start, end) if spans else None  # wrong offsets: no quote to check
            self._refer_source(evidence["source"], path, checked, where, problems, facts)
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

    # -- ids and references ------------------------------------------------------------------

    def _claim_id(self, key: str, record_id: str, index: int, problems: list[Problem]) -> None:
        """Note the id of the record at ``index`` of a collection; a second use is a problem."""
        first = self.first[key].setdefault(record_id, index)
        if first != index:
            problems.append(_duplicate(key, index, record_id, first))

    def _refer_event(self, target: str, at: Path_, j: int, where: Where | None) -> None:
        """Note the reference of the ``j``-th relation of the event at ``at``: an event not
        yet read may come later, so it is resolved at the end."""
        if target not in self.first["events"]:
            path = (*at, "relations", j, "event")
            self.pending_events.append(_Pending(format_pointer(path), target, _at(where, path)))

    def _refer_actor(
        self, ref: str, path: Path_, where: Where | None, problems: list[Problem]
    ) -> None:
        if ref in self.first["actors"]:
            return
        pending = _Pending(format_pointer(path), ref, _at(where, path))
        if "actors" in self.complete:
            problems.append(_unknown("actor", pending, self._sorted("actors")))
        else:
            self.pending_actors.append(pending)

    def _refer_source(
        self,
        ref: str,
        path: Path_,
        quote: tuple[str, int, int] | None,
        where: Where | None,
        problems: list[Problem],
        facts: _SourceFacts | None,
    ) -> None:
        if facts is not None:
            if not facts.decoded or quote is None:
                facts.cited += 1  # (a quote that was checked is counted where it was)
            if quote is not None:
                problems.extend(self._quote(facts, quote, path))
            return
        pending = _Pending(format_pointer(path), ref, _at(where, path), quote)
        if "sources" in self.complete and ref not in self.first["sources"]:
            pending.pointer += "/source"
            problems.append(_unknown("source", pending, self._sorted("sources")))
        else:
            self.pending_sources.append(pending)

    def _sorted(self, key: str) -> list[str]:
        """The ids of a collection, sorted (computed once the collection is complete)."""
        found = self.sorted_ids.get(key)
        if found is None or len(found) != len(self.first[key]):
            found = self.sorted_ids[key] = sorted(self.first[key])
        return found

    # -- source texts ------------------------------------------------------------------------

    def _text_bytes(self, facts: _SourceFacts) -> bytes:
        """A source's text, read under the texts root only (see :mod:`timeline.files.texts`)."""
        assert self.base_dir is not None
        assert facts.path is not None
        if not self.texts_root_known:
            self.texts_root = default_root(self.base_dir)
            self.texts_root_known = True
        return read_text(self.texts_root, self.base_dir, facts.path)

    def _source_text(self, facts: _SourceFacts) -> str | None:
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

    def _text(self, facts: _SourceFacts) -> Iterator[Problem]:
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
        self, facts: _SourceFacts, quote: tuple[str, int, int], path: Path_
    ) -> list[Problem]:
        problems = list(self._text(facts))
        text = self._source_text(facts)
        if text is not None:
            problems.extend(_quote_problems(*quote, text, path))
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

    def _finish(self) -> Iterator[Problem]:
        checked = {k: None if k in self.not_json else v for k, v in self.members.items()}
        for problem in _shell_problems(checked):
            tokens = _tokens(problem.pointer)
            if tokens and str(tokens[0]) in self.not_json:
                continue  # reported as no JSON value already
            place = self.member_places.get(str(tokens[0])) if tokens else None
            if place is not None:
                problem = attrs.evolve(problem, line=place[0], column=place[1])
            yield problem
        actor_ids = self.first["actors"]
        for pending in self.pending_actors:
            if pending.target not in actor_ids:
                yield _unknown("actor", pending, self._sorted("actors"))
        for pending in self.pending_events:
            if pending.target not in self.first["events"]:
                yield _unknown("event", pending, self._sorted("events"))
        for pending in self.pending_sources:
            facts = self.sources.get(pending.target)
            if facts is None:
                if pending.target not in self.first["sources"]:
                    source = attrs.evolve(pending, pointer=pending.pointer + "/source")
                    yield _unknown("source", source, self._sorted("sources"))
                continue
            facts.cited += 1
            if pending.quote is None:
                continue
            path = tuple(_tokens(pending.pointer))
            for problem in self._quote(facts, pending.quote, path):
                yield attrs.evolve(
                    problem,
                    line=pending.place and pending.place[0],
                    column=pending.place and pending.place[1],
                )
        yield from self._actor_problems()
        for facts in self.sources.values():
            yield from self._text(facts)
            yield from _text_warnings(facts, self.base_dir)
        if self.records and not self.errors:
            lost = [
                _lost(key, len(self.built[key]), read)
                for key, read in self.lengths.items()
                if len(self.built[key]) != read
            ]
            yield from lost
            if not lost:
                self.dataset = self._assemble()

    def _actor_rules(self) -> Iterator[Problem]:
        ids = self.first["actors"]
        for actor in self.actors:
            if actor.part_of is not None:
                path: Path_ = ("actors", actor.index, "part_of")
                if actor.part_of == actor.id:
                    yield Problem(
                        code="self-actor-reference",
                        pointer=format_pointer(path),
                        message=f"actor {actor.id!r} refers to itself",
                    )
                elif actor.part_of not in ids:
                    pending = _Pending(format_pointer(path), actor.part_of, None)
                    yield _unknown("actor", pending, self._sorted("actors"))
            for j, target in enumerate(actor.affiliations):
                if target not in ids:
                    path = ("actors", actor.index, "affiliations", j, "actor")
                    pending = _Pending(format_pointer(path), target, None)
                    yield _unknown("actor", pending, self._sorted("actors"))
        yield from _part_of_cycles(self.actors)
        yield from _shared_aliases(self.actors)

    def _actor_problems(self) -> Iterator[Problem]:
        """The rules on actors, each problem placed at its actor's record."""
        place = {actor.index: actor.place for actor in self.actors}
        for problem in self._actor_rules():
            tokens = _tokens(problem.pointer)
            found = place.get(tokens[1]) if len(tokens) > 1 and isinstance(tokens[1], int) else None
            if found is not None and problem.line is None:
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


def _tokens(pointer: str) -> list[str | int]:
    tokens: list[str | int] = []
    for token in pointer.split("/")[1:]:
        text = token.replace("~1", "/").replace("~0", "~")
        tokens.append(int(text) if text.isdigit() else text)
    return tokens


def _at(where: Where | None, path: Path_) -> tuple[int, int] | None:
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


def _duplicate(key: str, index: int, record_id: str, first: int) -> Problem:
    return Problem(
        code="duplicate-id",
        pointer=join_pointer(key, index, "id"),
        message=f"id {record_id!r} is already used by {join_pointer(key, first)}",
    )


def _unknown(what: str, pending: _Pending, known: Sequence[str]) -> Problem:
    return Problem(
        code=f"unknown-{what}",
        pointer=pending.pointer,
        message=f"no {what} has id {pending.target!r}{_closest(pending.target, known)}",
        line=pending.place[0] if pending.place else None,
        column=pending.place[1] if pending.place else None,
    )


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
    """The problem of a collection whose records were not all built (see :func:`_unexplained`)."""
    return Problem(
        code="check-disagreement",
        pointer=join_pointer(key),
        message=f"{read} records were read but {built} built, and no problem explains the "
        "difference: this is a fault of timeline (please report it); the dataset is not "
        "returned without them",
    )


def _rule(problems: list[Problem], path: Path_, check: Callable[..., None], *args: Any) -> bool:
    """Run a record rule; a broken one becomes a problem at ``path``."""
    try:
        check(*args)
    except (RecordError, EdtfError) as exc:
        message = exc.message if isinstance(exc, RecordError) else str(exc)
        problems.append(Problem(code=exc.code, pointer=format_pointer(path), message=message))
        return False
    return True


def _check_fatalities(fatalities: Mapping[str, Any]) -> None:
    low, best, high = fatalities.get("low"), fatalities.get("best"), fatalities.get("high")
    check_counts(low, best, high, "fatalities")
    total = lower_bound(low, best, high)
    for subset in fatalities.get("subsets", ()):
        numbers = (subset.get("low"), subset.get("best"), subset.get("high"))
        check_counts(*numbers, "subset fatalities")
        check_subset(total, lower_bound(*numbers))


def _text_warnings(facts: _SourceFacts, base_dir: Path | None) -> Iterator[Problem]:
    """The warning of a source whose quotes are not checked: it has no text, or its text is
    refused or cannot be read."""
    if base_dir is None:
        return
    where: tuple[str, ...]
    if facts.path is None:
        if not facts.cited:
            return
        code, where, why = "source-text-unavailable", (), "this source has no text (no path)"
    elif facts.refused is not None:
        code, where = "source-text-refused", ("path",)
        why = f"the text {facts.path!r} is not read: {facts.refused}"
    elif facts.error is not None:
        code, where = "source-text-missing", ("path",)
        why = f"cannot read the text {facts.path!r} ({facts.error})"
    else:
        return
    message = f"{why}; {facts.cited} quote(s) citing it are not checked"
    yield facts.problem(code, message, *where, severity=Severity.WARNING)


def _part_of_cycles(actors: Sequence[_ActorFacts]) -> Iterator[Problem]:
    """Each cycle of ``part_of`` once, from its smallest id, in the order of those ids.

    Every actor has at most one parent, so a walk up from each actor not yet seen either
    ends, meets a walk done before, or closes a cycle on itself: each actor is walked once,
    and the check costs O(n) however long the chains are."""
    parent = {a.id: a.part_of for a in actors if a.part_of is not None}
    index_of = {a.id: a.index for a in reversed(actors)}
    on_walk, done = 1, 2
    state: dict[str, int] = {}
    cycles: list[list[str]] = []
    for start in parent:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = on_walk
            walk.append(node)
            node = parent.get(node)
        if node is not None and state[node] == on_walk:
            cycles.append(walk[walk.index(node) :])
        for walked in walk:
            state[walked] = done
    for cycle in sorted(cycles, key=min):
        first = min(cycle)
        at = cycle.index(first)
        chain = [*cycle[at:], *cycle[:at], first]
        if len(chain) > _CYCLE_SHOWN:  # a message stays a line: the first ids and the count
            chain = [*chain[: _CYCLE_SHOWN - 2], f"… ({len(cycle):,} actors in all)", first]
        yield Problem(
            code="part-of-cycle",
            pointer=join_pointer("actors", index_of[first], "part_of"),
            message="part_of forms a cycle: " + " → ".join(chain),
        )


#: The most ids a part-of-cycle message lists.
_CYCLE_SHOWN = 12


def _shared_aliases(actors: Sequence[_ActorFacts]) -> Iterator[Problem]:
    owner: dict[str, str] = {}
    for actor in actors:
        index = actor.index
        for j, name in enumerate(actor.names):
            key = fold(name)
            other = owner.setdefault(key, actor.id)
            if other != actor.id:
                where = ("name",) if j == 0 else ("aliases", j - 1)
                yield Problem(
                    code="ambiguous-name",
                    severity=Severity.WARNING,
                    pointer=join_pointer("actors", index, *where),
                    message=f"{name!r} also names actor {other!r}: look-ups by it are ambiguous",
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
