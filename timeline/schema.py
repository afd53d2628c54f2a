"""The published JSON Schemas, shipped inside the package, and validators built from them.

Validation never touches the network: every schema is read from the package (or, in a
checkout, from the repository's ``schemas/`` folder) and formats are checked locally.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import jsonschema.validators
from rfc3986_validator import validate_rfc3986  # type: ignore[import-untyped]

from timeline.dates import is_edtf, parse_edtf
from timeline.errors import EdtfError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from importlib.resources.abc import Traversable

__all__ = [
    "DATASET_SCHEMA_ID",
    "DATASET_SCHEMA_IDS",
    "FORMAT_CHECKS",
    "NEW",
    "UNREQUIRED",
    "StrictValidator",
    "dataset_schema",
    "dataset_validator",
    "ecma_regex",
    "format_checker",
    "integer_places",
    "newer_feature_list",
    "newer_feature_uses",
    "newer_features",
    "resolve_ref",
    "schema_files",
    "schema_version",
]

#: The ``$id`` of the dataset schema this version of the library writes.
DATASET_SCHEMA_ID = "urn:timeline:schema:dataset:1.1.0"
#: The ``$id`` of every dataset schema this library reads, oldest first.
DATASET_SCHEMA_IDS = ("urn:timeline:schema:dataset:1.0.0", DATASET_SCHEMA_ID)


def _schema_dir() -> Traversable:
    packaged = resources.files("timeline") / "schemas"
    if packaged.is_dir():
        return packaged
    # A checkout or an editable install: the schemas sit at the top of the repository.
    return Path(__file__).resolve().parent.parent / "schemas"


def schema_files() -> dict[str, Traversable]:
    """The shipped schema files, by file name."""
    folder = _schema_dir()
    return {entry.name: entry for entry in folder.iterdir() if entry.name.endswith(".schema.json")}


@functools.cache
def _schemas_by_id() -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for entry in schema_files().values():
        schema = json.loads(entry.read_text(encoding="utf-8"))
        by_id[schema["$id"]] = schema
    return by_id


def dataset_schema(schema_id: str = DATASET_SCHEMA_ID) -> dict[str, Any]:
    """The dataset schema with the given ``$id`` (a fresh copy the caller may change)."""
    try:
        schema = _schemas_by_id()[schema_id]
    except KeyError:
        known = ", ".join(sorted(_schemas_by_id()))
        raise LookupError(f"no shipped schema has $id {schema_id!r} (known: {known})") from None
    copied: dict[str, Any] = json.loads(json.dumps(schema))
    return copied


# -- patterns ------------------------------------------------------------------------------------

#: What ECMA-262 (the regular expressions of JSON Schema) means by a construct, in Python's
#: words. Python's ``$`` also matches before a final line break, its ``\d`` and ``\w`` take
#: every script's digits and letters, and its ``.`` takes a carriage return.
_ECMA_OUTSIDE_CLASS = {
    "$": r"\Z",
    ".": r"[^\n\r\u2028\u2029]",
    r"\d": "[0-9]",
    r"\D": "[^0-9]",
    r"\w": "[A-Za-z0-9_]",
    r"\W": "[^A-Za-z0-9_]",
}
_ECMA_INSIDE_CLASS = {r"\d": "0-9", r"\w": "A-Za-z0-9_"}


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    r"""A schema's ``pattern`` compiled so that Python's :func:`re.search` reads it as
    ECMA-262 does: ``$`` is the end of the string (never before a final line break), and
    ``\d``, ``\w`` and ``.`` mean what they mean there.

    >>> bool(ecma_regex("^[a-z]+$").search("kabul\n"))
    False
    >>> bool(ecma_regex(r"^\d+$").search("٣"))
    False
    """
    out: list[str] = []
    in_class = False
    at = 0
    while at < len(pattern):
        char = pattern[at]
        pair = pattern[at : at + 2]
        if char == "\\":
            table = _ECMA_INSIDE_CLASS if in_class else _ECMA_OUTSIDE_CLASS
            out.append(table.get(pair, pair))
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("[^]", at) or pattern.startswith("[]", at):
                raise re.error("an empty class or [^] is read differently by Python", pattern)
        else:
            out.append(_ECMA_OUTSIDE_CLASS.get(char, char))
            at += 1
            continue
        out.append(char)
        at += 1
    return re.compile("".join(out))


def _pattern(
    validator: jsonschema.protocols.Validator,
    pattern: str,
    instance: object,
    schema: Mapping[str, Any],
) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _integer(checker: object, instance: object) -> bool:
    """An integer is a JSON number written without a fraction or exponent: ``13``, not
    ``13.0`` (which JSON Schema counts as an integer, and a record cannot hold)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


#: The JSON Schema 2020-12 validator with the two readings this project holds every checker
#: to: patterns as ECMA-262 reads them (:func:`ecma_regex`) and integers as they are written.
StrictValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _integer),
)


def resolve_ref(defs: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """``schema``, or the definition of ``defs`` its ``$ref`` names (``#/$defs/NAME``),
    followed until a schema that is not a reference."""
    while isinstance(ref := schema.get("$ref"), str):
        schema = defs[ref.rsplit("/", 1)[-1]]
    return schema


def integer_places(defs: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """Where a record of ``schema`` holds integers: a tree of its keys (``"*"`` for the items
    of an array), ``None`` at an integer. Derived from the schema, so a new integer field is
    found without being named."""
    schema = resolve_ref(defs, schema)
    tree: dict[str, Any] = {}
    for key, child in schema.get("properties", {}).items():
        resolved = resolve_ref(defs, child)
        if resolved.get("type") == "integer":
            tree[key] = None
        elif inner := integer_places(defs, resolved):
            tree[key] = inner
    if isinstance(schema.get("items"), dict) and (inner := integer_places(defs, schema["items"])):
        tree["*"] = inner
    return tree


# -- formats -------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def _is_email(instance: str) -> bool:
    """An address as RFC 5321 writes a mailbox (``local@domain``, dot-atoms, ASCII)."""
    return _EMAIL.fullmatch(instance) is not None


def _is_uri(instance: str) -> bool:
    """An absolute URI of RFC 3986 (a scheme, no spaces or control characters)."""
    if _SPACE_OR_CONTROL.search(instance):
        return False
    found = validate_rfc3986(instance, rule="URI")
    return found is not None and found.end() == len(instance)


def _is_date(instance: str) -> bool:
    """A full date of RFC 3339 (``2021-08-26``) that is on the calendar."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", instance) is None:
        return False
    try:
        date.fromisoformat(instance)
    except ValueError:
        return False
    return True


#: Every format the schemas use, checked by one function each: the exact validator and the
#: compiled one (``jsonschema-rs``) are both given these, so that they cannot disagree.
FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "edtf": is_edtf,
    "email": _is_email,
    "uri": _is_uri,
}


def _check_edtf(instance: object) -> bool:
    if isinstance(instance, str):
        parse_edtf(instance)  # raises EdtfError, which becomes the message
    return True


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda instance: not isinstance(instance, str) or check(instance)


@functools.cache
def format_checker() -> jsonschema.FormatChecker:
    """The format checker of :data:`FORMAT_CHECKS` (``edtf`` raising the date parser's
    error, which says what is wrong)."""
    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(_strings_only(check))
    checker.checks("edtf", raises=EdtfError)(_check_edtf)
    return checker


@functools.cache
def dataset_validator(schema_id: str = DATASET_SCHEMA_ID) -> jsonschema.Draft202012Validator:
    """A validator of the dataset schema with formats enforced, built once."""
    validator: jsonschema.Draft202012Validator = StrictValidator(
        dataset_schema(schema_id), format_checker=format_checker()
    )
    return validator


# -- what a schema adds to an older one ----------------------------------------------------------

#: In a tree of :func:`newer_features`: the key is new.
NEW = "new"
#: In a tree of :func:`newer_features`: the keys an object of the older schema required and
#: the newer one lets a document leave out.
UNREQUIRED = "-unrequired"


def schema_version(schema_id: str) -> str:
    """The version a schema's ``$id`` ends with: ``1.1.0`` of ``urn:…:dataset:1.1.0``."""
    return schema_id.rsplit(":", 1)[-1]


def newer_features(old_id: str, new_id: str, name: str) -> dict[str, Any]:
    """What the schema ``new_id`` lets a record of the definition ``name`` hold that the
    schema ``old_id`` does not: a tree of its keys (``"*"`` for the items of an array), with
    :data:`NEW` at a key the older schema does not know and, under :data:`UNREQUIRED`, the keys
    it required that the newer one does not. Derived by walking the two schemas, so a key
    added to a later schema is found without being named."""
    old, new = dataset_schema(old_id), dataset_schema(new_id)
    return _newer(old["$defs"], new["$defs"], old["$defs"][name], new["$defs"][name])


def _newer(
    old_defs: Mapping[str, Any],
    new_defs: Mapping[str, Any],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> dict[str, Any]:
    old, new = resolve_ref(old_defs, old), resolve_ref(new_defs, new)
    tree: dict[str, Any] = {}
    old_properties = old.get("properties", {})
    for key, child in new.get("properties", {}).items():
        if key not in old_properties:
            tree[key] = NEW
        elif inner := _newer(old_defs, new_defs, old_properties[key], child):
            tree[key] = inner
    unrequired = [key for key in old.get("required", []) if key not in new.get("required", [])]
    if unrequired:
        tree[UNREQUIRED] = unrequired
    old_items, new_items = old.get("items"), new.get("items")
    if (
        isinstance(old_items, dict)
        and isinstance(new_items, dict)
        and (inner := _newer(old_defs, new_defs, old_items, new_items))
    ):
        tree["*"] = inner
    return tree


def newer_feature_uses(
    tree: Mapping[str, Any], value: Any, path: tuple[str | int, ...], new_id: str
) -> Iterator[tuple[tuple[str, ...], tuple[str | int, ...], str]]:
    """Every place in ``value`` (a record at ``path``) that uses what a tree of
    :func:`newer_features` names, in the order of the document: the feature (its keys in the
    tree, ``"*"`` for the items of an array, :data:`UNREQUIRED` for the keys left out), the
    path of the place, and the message saying what is new."""
    yield from _uses(tree, value, path, (), schema_version(new_id))


def _uses(
    tree: Mapping[str, Any],
    value: Any,
    path: tuple[str | int, ...],
    feature: tuple[str, ...],
    version: str,
) -> Iterator[tuple[tuple[str, ...], tuple[str | int, ...], str]]:
    if type(value) is list:
        inner = tree.get("*")
        if inner is not None:
            for index, item in enumerate(value):
                yield from _uses(inner, item, (*path, index), (*feature, "*"), version)
        return
    if type(value) is not dict:
        return
    left_out = [key for key in tree.get(UNREQUIRED, ()) if key not in value]
    if left_out:
        keys = " and ".join(filter(None, [", ".join(map(repr, left_out[:-1])), repr(left_out[-1])]))
        yield (*feature, UNREQUIRED), path, f"leaving out {keys} is new in schema {version}"
    for key, value_tree in value.items():
        inner = tree.get(key)
        if inner is None or key == UNREQUIRED:
            continue
        if inner == NEW:
            yield (*feature, key), (*path, key), f"{key!r} is new in schema {version}"
        else:
            yield from _uses(inner, value_tree, (*path, key), (*feature, key), version)


def newer_feature_list(tree: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """Every feature a tree of :func:`newer_features` names, as :func:`newer_feature_uses`
    names them."""
    found: list[tuple[str, ...]] = []
    for key, inner in tree.items():
        if key == UNREQUIRED or inner == NEW:
            found.append((key,))
        else:
            found.extend((key, *feature) for feature in newer_feature_list(inner))
    return found
