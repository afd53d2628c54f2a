"""Problems: what is wrong with a dataset, where, and why.

A :class:`Problem` is data, not an exception: validation collects every problem it finds and
hands them over as a flat list, so that a maintainer sees all of them at once.
"""

from __future__ import annotations

import difflib
import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "VALIDATION_CODES",
    "KeyPath",
    "Problem",
    "Severity",
    "closest_codes",
    "format_pointer",
    "join_pointer",
    "json_type_name",
    "shown",
]

#: Where a value stands in a document: its keys and indexes from the top
#: (``("events", 3, "date")``), which :func:`format_pointer` writes as an RFC 6901 pointer.
KeyPath = tuple[str | int, ...]


#: Every code validation reports, errors and warnings: the codes are stable (a release may
#: add one, never rename one). docs/validation.md lists each (tests/test_docs.py compares the
#: two), and ``timeline validate --allow CODE`` takes only these.
VALIDATION_CODES: frozenset[str] = frozenset(
    {
        "ambiguous-name",
        "attribution-empty",
        "attribution-not-perpetrator",
        "check-disagreement",
        "claim-not-a-claim",
        "claim-of-unhappened",
        "claim-without-claimed",
        "coordinates-incomplete",
        "date-after-publication",
        "date-basis-phrase",
        "date-basis-source",
        "date-finer-than-evidence",
        "date-invalid",
        "date-reversed",
        "date-source-uncited",
        "duplicate-id",
        "evidence-incomplete",
        "evidence-missing",
        "evidence-offsets",
        "evidence-unverifiable",
        "fatalities-empty",
        "fatalities-order",
        "fatalities-subset",
        "fatalities-subset-unnamed",
        "file-unreadable",
        "json-duplicate-key",
        "json-empty",
        "json-encoding",
        "json-lone-surrogate",
        "json-syntax",
        "json-too-deep",
        "offsets-without-text",
        "part-of-cycle",
        "quote-mismatch",
        "quote-out-of-range",
        "record-invalid",
        "relation-cycle",
        "relation-date-conflict",
        "relation-types",
        "report-dates-conflict",
        "report-empty",
        "report-evidence-source",
        "report-mismatch",
        "schema-any-of",
        "schema-const",
        "schema-dependent-required",
        "schema-enum",
        "schema-format",
        "schema-max-length",
        "schema-maximum",
        "schema-min-items",
        "schema-min-length",
        "schema-min-properties",
        "schema-minimum",
        "schema-pattern",
        "schema-required",
        "schema-type",
        "schema-unique-items",
        "schema-unknown-key",
        "schema-version",
        "self-actor-reference",
        "self-event-reference",
        "sha256-mismatch",
        "source-text-encoding",
        "source-text-missing",
        "source-text-refused",
        "source-text-unavailable",
        "source-text-unchecked",
        "status-fatalities",
        "subtype-mismatch",
        "unknown-actor",
        "unknown-event",
        "unknown-source",
    }
)


def closest_codes(code: str) -> list[str]:
    """The known codes closest to a misspelled one, closest first (none when nothing is near).

    >>> closest_codes("evidence-unverifable")[0]
    'evidence-unverifiable'
    >>> closest_codes("date-finer")
    ['date-finer-than-evidence']
    """
    known = sorted(VALIDATION_CODES)
    containing = [known_code for known_code in known if len(code) > 3 and code in known_code]
    if containing:
        return containing[:3]
    return difflib.get_close_matches(code, known, n=3, cutoff=0.8)


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
