"""Structure JSON-like data into records, turning every failure into located problems.

cattrs reports failures as nested exception groups whose notes say which attribute or index
failed; this flattens them into :class:`~timeline.problems.Problem` values with RFC 6901
pointers. Validation and the build both use it, so a record's rule is reported one way.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs

from timeline.errors import EdtfError, RecordError
from timeline.problems import Problem, format_pointer

if TYPE_CHECKING:
    from collections.abc import Iterator

_R = TypeVar("_R")

Path = tuple[str | int, ...]


def structure_or_problems(
    converter: cattrs.Converter, item: Any, record: type[_R], path: Path
) -> _R | list[Problem]:
    """The record, or the problems that kept ``item`` from becoming one."""
    try:
        return converter.structure(item, record)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        return list(record_problems(exc, path))


def record_problems(exc: BaseException, path: Path) -> Iterator[Problem]:
    """Flatten cattrs' exception groups into located problems."""
    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            step = note.index if isinstance(note, cattrs.IterableValidationNote) else note.name
            yield from record_problems(inner, (*path, step))
        for inner in without_notes:
            yield from record_problems(inner, path)
    elif isinstance(exc, RecordError):
        yield Problem(code=exc.code, pointer=format_pointer(path), message=exc.message)
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
