"""The JSON Schema of each kind of record, checked fast and reported exactly.

A compiled validator (``jsonschema-rs``) answers "valid?" for a record; only for a record it
rejects does ``jsonschema`` run (:class:`~timeline.schema.StrictValidator`: patterns read as
ECMA-262, integers as written, every format enforced) to report each problem with its
pointer and a stable ``schema-<keyword>`` code. The top level is checked with every
collection taken as empty (:func:`shell_problems`); each record against its own definition.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from timeline.errors import EdtfError
from timeline.model import (
    Actor,
    Event,
    Source,
)
from timeline.problems import Problem, format_pointer, join_pointer, json_type_name
from timeline.schema import (
    FORMAT_CHECKS,
    StrictValidator,
    dataset_schema,
    dataset_validator,
    format_checker,
    integer_places,
    resolve_ref,
)

try:  # the compiled validator is the fast path; without it, jsonschema answers alone
    import jsonschema_rs as _compiled
except ImportError:  # pragma: no cover - jsonschema-rs is a dependency; a platform may lack it
    _compiled = None  # type: ignore[assignment]

from timeline.problems import KeyPath, shown

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    import jsonschema


RECORDS: dict[str, type[Any]] = {"sources": Source, "actors": Actor, "events": Event}


DEFS = {"sources": "source", "actors": "actor", "events": "event"}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def schema_problems(error: jsonschema.ValidationError) -> Iterator[Problem]:
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
        message = f"expected {names}, got {json_type_name(instance)} ({shown(instance, 40)})"
    elif keyword == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                yield Problem(code=code, pointer=pointer, message=f"missing required key {key!r}")
        return
    elif keyword == "enum":
        message = f"{shown(instance)} is not one of: {', '.join(map(str, value))}"
    elif keyword == "const":
        message = f"expected {value!r}, got {shown(instance)}"
    elif keyword == "pattern":
        what = str(schema.get("description", "")).rstrip(".")
        form = what[:1].lower() + what[1:] if what else f"a match of {value!r}"
        message = f"{shown(instance)} is not of the required form: {form}"
    elif keyword == "format":
        message = f"{shown(instance)} is not a valid {value}"
    elif keyword == "dependentRequired" and isinstance(instance, dict):
        for key, needs in value.items():
            for need in needs:
                if key in instance and need not in instance:
                    yield Problem(code=code, pointer=pointer, message=f"{key!r} needs {need!r}")
        return
    elif keyword == "anyOf" and all(_requires_one_key(sub) for sub in value):
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
        resolved = resolve_ref(defs, schema)
        if "format" in resolved:
            fields.append((field, FORMAT_CHECKS[resolved["format"]]))
        if _has_format(defs, resolved, top=True):
            return None
    return fields


def _has_format(defs: Mapping[str, Any], schema: Mapping[str, Any], *, top: bool = False) -> bool:
    """Whether a format stands inside ``schema`` (its own counts unless ``top``)."""
    schema = resolve_ref(defs, schema)
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


def _compiled_check(
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


def _compiled_validator(
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
    return functools.partial(_compiled_check, structure, fields, integers)


class RecordSchemas:
    """The schema of each kind of record, as a fast yes/no and as exact problems."""

    def __init__(self) -> None:
        whole = dataset_schema()
        self._exact: dict[str, jsonschema.Draft202012Validator] = {}
        self._fast: dict[str, Callable[[list[Any]], bool]] = {}
        for key, name in DEFS.items():
            schema = {
                "$schema": whole["$schema"],
                "$defs": whole["$defs"],
                "$ref": f"#/$defs/{name}",
            }
            exact = StrictValidator(schema, format_checker=format_checker())
            self._exact[key] = exact
            self._fast[key] = _compiled_validator(whole, name, exact)

    def is_valid(self, key: str, value: Any) -> bool:
        return self._fast[key]([value])

    def all_valid(self, key: str, values: list[Any]) -> bool:
        """Whether every record of ``values`` is valid."""
        return self._fast[key](values)

    def problems(self, key: str, value: Any, path: KeyPath) -> list[Problem]:
        found: dict[Problem, None] = {}
        for error in self._exact[key].iter_errors(value):
            for problem in schema_problems(error):
                pointer = format_pointer(path) + problem.pointer
                found[attrs.evolve(problem, pointer=pointer)] = None
        return prefer_format(list(found))


def _all(check: Callable[[Any], bool], values: list[Any]) -> bool:  # pragma: no cover
    return all(check(value) for value in values)


@functools.cache
def record_schemas() -> RecordSchemas:
    return RecordSchemas()


def _requires_one_key(branch: object) -> bool:
    """A branch of ``anyOf`` that requires one key (and declares it, for strict validators:
    ``{"required": ["low"], "properties": {"low": true}}``)."""
    if not isinstance(branch, Mapping) or set(branch) - {"properties"} != {"required"}:
        return False
    required = branch["required"]
    return len(required) == 1 and set(branch.get("properties", required)) == set(required)


def prefer_format(problems: list[Problem]) -> list[Problem]:
    """A bad date breaks both the pattern and its format (``edtf``, ``date``); the format
    says more."""
    dated = {p.pointer for p in problems if p.code.startswith("date-") or p.code == "schema-format"}
    return [p for p in problems if not (p.code == "schema-pattern" and p.pointer in dated)]


def shell_problems(members: Mapping[str, Any]) -> list[Problem]:
    """The top level with every collection that is an array taken as empty: its keys, their
    types and the metadata's values."""
    found: dict[Problem, None] = {}
    for error in dataset_validator().iter_errors(dict(members)):
        found.update(dict.fromkeys(schema_problems(error)))
    return prefer_format(list(found))
