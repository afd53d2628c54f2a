"""The published JSON Schemas, shipped inside the package, and validators built from them.

Validation never touches the network: every schema is read from the package (or, in a
checkout, from the repository's ``schemas/`` folder) and formats are checked locally.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema

from timeline.dates import parse_edtf
from timeline.errors import EdtfError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "DATASET_SCHEMA_ID",
    "dataset_schema",
    "dataset_validator",
    "format_checker",
    "schema_files",
]

#: The ``$id`` of the dataset schema this version of the library writes.
DATASET_SCHEMA_ID = "urn:timeline:schema:dataset:1.0.0"


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


def _check_edtf(instance: object) -> bool:
    if isinstance(instance, str):
        parse_edtf(instance)  # raises EdtfError, which becomes the message
    return True


@functools.cache
def format_checker() -> jsonschema.FormatChecker:
    """The format checker: the standard formats plus ``edtf``, checked by :mod:`timeline.dates`."""
    checker = jsonschema.FormatChecker()
    checker.checks("edtf", raises=EdtfError)(_check_edtf)
    return checker


@functools.cache
def dataset_validator(schema_id: str = DATASET_SCHEMA_ID) -> jsonschema.Draft202012Validator:
    """A validator of the dataset schema with formats enforced, built once."""
    return jsonschema.Draft202012Validator(
        dataset_schema(schema_id), format_checker=format_checker()
    )
