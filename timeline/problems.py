"""Problems: what is wrong with a dataset, where, and why.

A :class:`Problem` is data, not an exception: validation collects every problem it finds and
hands them over as a flat list, so that a maintainer sees all of them at once.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "KeyPath",
    "Problem",
    "Severity",
    "format_pointer",
    "join_pointer",
    "json_type_name",
    "shown",
]

#: Where a value stands in a document: its keys and indexes from the top
#: (``("events", 3, "date")``), which :func:`format_pointer` writes as an RFC 6901 pointer.
KeyPath = tuple[str | int, ...]


class Severity(enum.Enum):
    """How bad a problem is: an error makes a dataset invalid, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


_JSON_TYPE_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}


def json_type_name(value: object) -> str:
    """How a message names the JSON type of a parsed value ("an object", "a string"…)."""
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from reference tokens.

    >>> join_pointer("events", 3, "date")
    '/events/3/date'
    >>> join_pointer("a/b", "m~n")
    '/a~1b/m~0n'
    >>> join_pointer()
    ''
    """
    return "".join("/" + _escape(token) for token in tokens)


def format_pointer(path: Iterable[str | int]) -> str:
    """The RFC 6901 pointer of a path given as a sequence of keys and indexes."""
    return join_pointer(*path)


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a dataset.

    ``code`` is stable and meant for machines (``duplicate-id``), ``message`` is meant for
    people, ``pointer`` is an RFC 6901 JSON pointer into the document (``""`` is the whole
    document). ``line`` and ``column`` (both 1-based) are set where the problem could be placed
    in the text the document was parsed from.
    """

    code: str
    message: str
    pointer: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None
    column: int | None = None

    @property
    def is_error(self) -> bool:
        """True for problems that make the dataset invalid."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = self.pointer or (
            f"line {self.line}, column {self.column}" if self.line is not None else ""
        )
        prefix = f"{where}: " if where else ""
        warning = "warning: " if self.severity is Severity.WARNING else ""
        return f"{prefix}{warning}{self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        """The problem as a JSON-ready dictionary (the CLI's ``--format json``)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis, for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
