"""The data dictionary of the dataset schema, in Markdown, made from the schema itself.

Every property of the published schema has a description; this module lays them out as one
table per kind of object (the dataset, a source, an actor, an event and their parts), with
each field's type, whether it is required, its allowed values and its form. The page
``docs/data-dictionary.md`` is its output, and a test fails when the page is stale::

    python -m timeline.publishing.dictionary > docs/data-dictionary.md
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from timeline.schema import DATASET_SCHEMA_ID, dataset_schema

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["render_dictionary"]


def _ref_name(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _type(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    name = _ref_name(schema)
    if name is not None:
        target = defs[name]
        if target.get("type") == "object":
            return f"[{name}](#{name.replace('_', '-')})"
        return _type(target, defs)
    kind = schema.get("type")
    if kind == "array":
        return f"array of {_type(schema['items'], defs)}"
    if "const" in schema:
        return "string (constant)"
    if kind == "object":
        return "object"
    return str(kind or "any")


def _rules(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    name = _ref_name(schema)
    if name is not None and defs[name].get("type") != "object":
        schema = {**defs[name], **{k: v for k, v in schema.items() if k != "$ref"}}
    rules = []
    if "const" in schema:
        rules.append(f"`{schema['const']}`")
    if "enum" in schema:
        rules.append("one of " + ", ".join(f"`{value}`" for value in schema["enum"]))
    if "format" in schema:
        rules.append(f"format `{schema['format']}`")
    if "pattern" in schema and "format" not in schema:
        rules.append(f"pattern `{schema['pattern'].removesuffix(_END_GUARD)}`")
    for key, word in (("minimum", "at least"), ("maximum", "at most")):
        if key in schema:
            rules.append(f"{word} {schema[key]}")
    if schema.get("minItems") == 1 or schema.get("minLength") == 1:
        rules.append("not empty")
    if schema.get("uniqueItems"):
        rules.append("no repeats")
    return "; ".join(rules).replace("|", "\\|")


def _table(title: str, schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Iterator[str]:
    yield f"## {title}"
    yield ""
    yield str(schema.get("description", "")).strip()
    yield ""
    yield "| Field | Type | Required | Description | Values |"
    yield "|---|---|---|---|---|"
    required = set(schema.get("required", ()))
    for field, child in schema.get("properties", {}).items():
        description = str(child.get("description", "")).replace("|", "\\|")
        yes = "yes" if field in required else ""
        yield (
            f"| `{field}` | {_type(child, defs)} | {yes} | {description} | {_rules(child, defs)} |"
        )
    for key, rule in schema.get("dependentRequired", {}).items():
        yield ""
        yield f"`{key}` requires {', '.join(f'`{k}`' for k in rule)}."
    yield ""


#: What each pattern of the schema ends with: ``$`` is the end of the string in ECMA-262, and
#: the guard says so to Python's ``re`` too. The tables leave it out.
_END_GUARD = "(?!\\n)"


def _file_name() -> str:
    """The file name of the shipped schema of :data:`DATASET_SCHEMA_ID`."""
    return f"dataset-{DATASET_SCHEMA_ID.rsplit(':', 1)[-1]}.schema.json"


def render_dictionary() -> str:
    """The data dictionary of the shipped dataset schema, as Markdown."""
    schema = dataset_schema(DATASET_SCHEMA_ID)
    defs = schema["$defs"]
    lines = [
        "# Data dictionary",
        "",
        f"Every field of a dataset that follows `{DATASET_SCHEMA_ID}`",
        f"([schemas/{_file_name()}](../schemas/{_file_name()})).",
        "This page is made from the schema's own descriptions by",
        "`python -m timeline.publishing.dictionary > docs/data-dictionary.md`;",
        "do not edit it by hand.",
        "Patterns are ECMA-262 regular expressions, as JSON Schema defines them; in the schema",
        f"each ends with `${_END_GUARD}`, so that Python's `re`, whose `$` also matches before a",
        "final line break, reads them alike (see docs/validation.md). The tables leave that out.",
        "",
    ]
    lines += _table("dataset", schema, defs)
    for name, definition in defs.items():
        if definition.get("type") == "object":
            lines += _table(name, definition, defs)
            for field, child in definition.get("properties", {}).items():
                if child.get("type") == "object":  # an object defined in place
                    lines += _table(f"{name}.{field}", child, defs)
    lines += ["## Value types", ""]
    for name, definition in defs.items():
        if definition.get("type") != "object":
            lines.append(
                f"- **{name}**: {definition.get('description', '')} ({_rules(definition, defs)})"
            )
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover - python -m timeline.publishing.dictionary
    sys.stdout.write(render_dictionary())
