"""The shape of a record, as types that ``msgspec`` decodes and checks in one pass.

Checking a large file spends much of its time turning each event's JSON into dictionaries
and then asking a compiled validator whether they fit the schema, which first converts them
again. ``msgspec`` can do both at once: it decodes JSON bytes straight into ``Struct``
objects of declared types, checking the types, the required and unknown keys, the
vocabularies, lengths and bounds as it goes. :func:`shape_of` writes those types from the
dataset's JSON Schema itself, so that the schema stays the one statement of the contract.

The types are a yes/no, never the judge: they accept *no* document the schema rejects, save
for the constraints that :data:`LEFT_TO_RULES` names, which the caller checks itself (and
whose check the tests compare with the schema's). Where they reject a document the schema
accepts (an integer written ``1.0``, say), the caller asks the exact validator instead. A
schema keyword this module does not know makes :func:`shape_of` raise :class:`Unshapeable`,
and the caller then keeps to the exact path.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec

from timeline.schema import dataset_schema

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["LEFT_TO_RULES", "UNSET", "Unshapeable", "event_shape", "given", "shape_of"]

#: The constraints of the dataset schema that the types leave out, by definition and keyword.
#: ``slug`` and ``edtf`` patterns (and the ``edtf`` format) would cost a regular expression
#: per string: the caller checks each event's own id and date (a date once per distinct
#: text), and a reference to a record is a slug when it resolves to a record's id, which the
#: rules require anyway. The rest are constraints across keys of one object, which types
#: cannot state: the caller checks them where the keys are present.
LEFT_TO_RULES: frozenset[tuple[str, str]] = frozenset(
    {
        ("slug", "pattern"),
        ("edtf", "pattern"),
        ("edtf", "format"),
        ("place", "dependentRequired"),
        ("place.country", "pattern"),
        ("fatalities", "anyOf"),
        ("fatality_subset", "allOf"),
        ("evidence", "dependentRequired"),
        ("evidence", "anyOf"),
        ("attribution", "anyOf"),
        ("report", "anyOf"),
    }
)

_IGNORED = frozenset({"description", "title", "$comment", "examples"})
#: The value of an optional key that the document leaves out, in a typed record.
UNSET = msgspec.UNSET


def given(value: Any) -> Any:
    """A typed record's optional value, None when the document leaves it out."""
    return None if value is UNSET else value


class Unshapeable(ValueError):
    """The schema uses a keyword (or a form of one) that :func:`shape_of` does not translate."""


def shape_of(schema: Mapping[str, Any], name: str) -> Any:
    """The type of the records of ``schema``'s definition ``name`` (``"event"``): a
    ``msgspec.Struct`` class with its nested classes, for ``msgspec.json.Decoder``."""
    return _Shaper(schema.get("$defs", {})).definition(name)


@functools.cache
def event_shape() -> Any | None:
    """The typed shape of the shipped schema's events, made once (None: the schema has a
    keyword this module does not translate, and events are handled as plain JSON)."""
    try:
        return shape_of(dataset_schema(), "event")
    except Unshapeable:  # pragma: no cover - the shipped schema is shaped (tested)
        return None


class _Shaper:
    def __init__(self, defs: Mapping[str, Any]) -> None:
        self._defs = defs
        self._made: dict[str, Any] = {}

    def definition(self, name: str) -> Any:
        made = self._made.get(name)
        if made is None:
            if name not in self._defs:
                raise Unshapeable(f"no definition {name!r}")
            made = self._made[name] = self.shape(self._defs[name], name)
        return made

    def shape(self, schema: Mapping[str, Any], where: str) -> Any:
        if not isinstance(schema, Mapping):
            raise Unshapeable(f"{where}: a schema that is not an object")
        ref = schema.get("$ref")
        if ref is not None:
            if set(schema) - _IGNORED - {"$ref"}:
                raise Unshapeable(f"{where}: $ref beside other keywords")
            if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
                raise Unshapeable(f"{where}: $ref {ref!r}")
            return self.definition(ref.removeprefix("#/$defs/"))
        kind = schema.get("type")
        if "enum" in schema:
            return self._enum(schema, where)
        make: dict[Any, Callable[[Mapping[str, Any], str], Any]] = {
            "object": self._object,
            "array": self._array,
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
        }
        if kind not in make:
            raise Unshapeable(f"{where}: type {kind!r}")
        return make[kind](schema, where)

    def _rest(self, schema: Mapping[str, Any], where: str, known: set[str]) -> set[str]:
        """The keywords of ``schema`` the types leave to the rules; an unknown one raises."""
        left = set()
        for keyword in set(schema) - _IGNORED - known - {"type"}:
            if (where, keyword) not in LEFT_TO_RULES:
                raise Unshapeable(f"{where}: keyword {keyword!r}")
            left.add(keyword)
        return left

    def _object(self, schema: Mapping[str, Any], where: str) -> Any:
        self._rest(schema, where, {"properties", "required", "additionalProperties"})
        if schema.get("additionalProperties") is not False:
            raise Unshapeable(f"{where}: objects must forbid other keys")
        properties: Mapping[str, Any] = schema.get("properties", {})
        required = list(schema.get("required", []))
        if set(required) - set(properties):
            raise Unshapeable(f"{where}: a required key without a schema")
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for key in required:  # required first: msgspec wants fields without defaults first
            fields.append((key, self.shape(properties[key], f"{where}.{key}")))
        for key, child in properties.items():
            if key not in required:
                shaped = self.shape(child, f"{where}.{key}")
                fields.append((key, shaped | msgspec.UnsetType, UNSET))
        return msgspec.defstruct(
            "".join(part.title() for part in where.replace(".", "_").split("_")),
            fields,
            forbid_unknown_fields=True,
            gc=False,  # decoded JSON holds no cycles: the collector need not track them
            module=__name__,
        )

    def _array(self, schema: Mapping[str, Any], where: str) -> Any:
        self._rest(schema, where, {"items", "minItems", "maxItems"})
        if "items" not in schema:
            raise Unshapeable(f"{where}: an array without items")
        item = self.shape(schema["items"], f"{where}[]")
        return _constrained(
            list[item],  # type: ignore[valid-type]
            min_length=schema.get("minItems"),
            max_length=schema.get("maxItems"),
        )

    def _string(self, schema: Mapping[str, Any], where: str) -> Any:
        left = self._rest(schema, where, {"minLength", "maxLength"})
        pattern = None if "pattern" in left else schema.get("pattern")
        return _constrained(
            str,
            min_length=schema.get("minLength"),
            max_length=schema.get("maxLength"),
            pattern=pattern,
        )

    def _integer(self, schema: Mapping[str, Any], where: str) -> Any:
        self._rest(schema, where, {"minimum", "maximum"})
        return _constrained(int, ge=schema.get("minimum"), le=schema.get("maximum"))

    def _number(self, schema: Mapping[str, Any], where: str) -> Any:
        self._rest(schema, where, {"minimum", "maximum"})
        # Both, so that a number keeps the form it was written in (0 stays 0, not 0.0), as
        # the records do; msgspec refuses true and false for either.
        bounds = {"ge": schema.get("minimum"), "le": schema.get("maximum")}
        return _constrained(int, **bounds) | _constrained(float, **bounds)

    def _enum(self, schema: Mapping[str, Any], where: str) -> Any:
        self._rest(schema, where, {"enum"})
        values = schema["enum"]
        if schema.get("type") != "string" or not all(isinstance(v, str) for v in values):
            raise Unshapeable(f"{where}: an enum of other than strings")
        return Literal[tuple(values)]


def _constrained(base: Any, **constraints: Any) -> Any:
    given = {key: value for key, value in constraints.items() if value is not None}
    return Annotated[base, msgspec.Meta(**given)] if given else base
