"""The cattrs converter between records and JSON-ready Python objects.

One converter, made by :func:`make_converter`, serves every entry point. It is strict: a
string is never turned into a number, unknown keys are an error (``forbid_extra_keys``), and
optional fields that hold their default (``None``, an empty tuple) are left out of the output,
so that structuring and unstructuring a schema-valid document gives it back unchanged.

cattrs reports failures as nested exception groups whose notes say which attribute or index
failed; :func:`structure_or_problems` flattens them into :class:`~timeline.problems.Problem`
values with RFC 6901 pointers. Validation and the build both use it, so a record's rule is
reported one way.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from timeline.dates import EdtfDate, parse_edtf
from timeline.errors import EdtfError, RecordError, RecordTypeError
from timeline.model import (
    Dataset,
)
from timeline.problems import KeyPath, Problem, format_pointer, json_type_name

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["converter", "make_converter", "record_problems", "structure_or_problems"]

_E = TypeVar("_E", bound=enum.Enum)
_R = TypeVar("_R")


def _wrong_type(expected: str, value: Any) -> RecordTypeError:
    return RecordTypeError("schema-type", f"expected {expected}, got {json_type_name(value)}")


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong_type("a string", value)
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type("an integer", value)
    return value


def _strict_float(value: Any, _: type) -> float:
    # An integer stays an integer, so that 34 is written back as 34, not 34.0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type("a number", value)
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type("true or false", value)
    return value


def _structure_enum(value: Any, vocabulary: type[enum.Enum]) -> enum.Enum:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in vocabulary)
        raise RecordError("schema-enum", f"{value!r} is not one of: {allowed}") from None


_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: Any, _: type) -> datetime.date:
    text = _strict_str(value, str)
    try:
        if not _CALENDAR_DATE.fullmatch(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise RecordError(
            "schema-format", f"{text!r} is not a calendar date (YYYY-MM-DD)"
        ) from None


def _structure_edtf(value: Any, _: type) -> EdtfDate:
    return parse_edtf(_strict_str(value, str))


#: Fields whose JSON key is not their name.
_OVERRIDES: dict[type[Any], dict[str, Any]] = {Dataset: {"schema": override(rename="$schema")}}


def _in_field_order(
    cls: type[Any], conv: cattrs.Converter, **overrides: Any
) -> Callable[[Any], dict[str, Any]]:
    """An unstructure function that omits defaults and keeps the fields' declared order.

    cattrs writes the fields without defaults first; the canonical form follows the record.
    """
    generated = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
    keys = [overrides[f.name].rename if f.name in overrides else f.name for f in attrs.fields(cls)]

    def unstructure(record: Any) -> dict[str, Any]:
        raw = generated(record)
        return {key: raw[key] for key in keys if key in raw}

    return unstructure


def make_converter() -> cattrs.Converter:
    """A new converter configured for timeline records."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(EdtfDate, _structure_edtf)
    conv.register_structure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook(EdtfDate, str)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: _in_field_order(cls, conv, **_OVERRIDES.get(cls, {}))
    )
    conv.register_structure_hook(
        Dataset,
        make_dict_structure_fn(
            Dataset, conv, _cattrs_forbid_extra_keys=True, **_OVERRIDES[Dataset]
        ),
    )
    return conv


#: The converter used by :func:`timeline.load` and friends.
converter = make_converter()


def structure_or_problems(
    converter: cattrs.Converter, item: Any, record: type[_R], path: KeyPath
) -> _R | list[Problem]:
    """The record, or the problems that kept ``item`` from becoming one."""
    try:
        return converter.structure(item, record)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        return list(record_problems(exc, path))


def record_problems(exc: BaseException, path: KeyPath) -> Iterator[Problem]:
    """Flatten cattrs' exception groups into located problems."""
    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            step = note.index if isinstance(note, cattrs.IterableValidationNote) else note.name
            yield from record_problems(inner, (*path, step))
        for inner in without_notes:
            yield from record_problems(inner, path)
    elif isinstance(exc, RecordError):  # at the member at fault, where one is
        yield Problem(code=exc.code, pointer=format_pointer((*path, *exc.at)), message=exc.message)
    elif isinstance(exc, EdtfError):
        yield Problem(code=exc.code, pointer=format_pointer(path), message=str(exc))
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        known = sorted(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield Problem(
                code="schema-unknown-key",
                pointer=format_pointer((*path, key)),
                message=f"unknown key {key!r}{hint}",
            )
    elif isinstance(exc, KeyError):
        yield Problem(
            code="schema-required",
            pointer=format_pointer(path),
            message=f"missing required key {exc.args[0]!r}",
        )
    else:
        yield Problem(code="record-invalid", pointer=format_pointer(path), message=str(exc))
