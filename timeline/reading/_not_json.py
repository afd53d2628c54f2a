r"""Values no JSON text can hold, found in a record before any validator sees it.

A document parsed from text cannot hold them (the readers refuse them as syntax), but one
built in Python can, and a string decoded from a ``\u`` escape can hold half a surrogate
pair: a key that is not a string, a float that is not finite, an integer longer than a JSON
reader takes, a lone surrogate in a string or a key.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from timeline.problems import KeyPath, Problem, format_pointer

if TYPE_CHECKING:
    from collections.abc import Iterator


def not_json(value: Any, path: KeyPath) -> Iterator[Problem]:
    """What in a record no JSON text can hold: half a surrogate pair in a string or a key,
    and, in a document built in Python rather than parsed, a key that is not a string, a
    float that is not finite or an integer longer than a JSON reader takes (the readers of
    text refuse those as syntax). No validator is given such a record."""
    stack: list[tuple[Any, KeyPath]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str):
                    yield _not_json_problem(
                        (*where, str(key)), f"a key that is not a string ({key!r})"
                    )
                    continue
                if not encodable(key):
                    yield _surrogate_problem((*where, key), "the key")
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, n)) for n, child in enumerate(item))
        elif isinstance(item, str):
            if not encodable(item):
                yield _surrogate_problem(where, "the string")
        elif isinstance(item, float) and not math.isfinite(item):
            yield _not_json_problem(where, f"{item!r}, which is not a JSON number")
        elif isinstance(item, int) and item.bit_length() > 14_000 and abs(item) >= _INT_LIMIT:
            yield _not_json_problem(where, "an integer of thousands of digits")


#: The least integer too long for a JSON text here: 4,301 digits (Python reads at most 4,300
#: from text, and the readers of text apply that).
_INT_LIMIT = 10**4300


def _not_json_problem(path: KeyPath, what: str) -> Problem:
    return Problem(
        code="json-syntax",
        pointer=format_pointer(path),
        message=f"{what}: no JSON text can hold it",
    )


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate_problem(path: KeyPath, what: str) -> Problem:
    return Problem(
        code="json-lone-surrogate",
        pointer=format_pointer(path),
        message=f"{what} holds a \\u escape of half a UTF-16 surrogate pair, which is no character",
    )
