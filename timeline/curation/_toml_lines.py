"""Find the line of a TOML document where a JSON pointer's value is written.

``tomllib`` gives values without positions; build errors must still name the annotation
line. The annotation files are written by hand in a plain style (tables and arrays of tables,
``key = value`` lines, arrays one element a line), and this finds the line of a pointer in
that style: the header of ``[[events]]`` number *k*, then the line of the key inside it, then
the line of the array element. Where the style differs, it falls back to the nearest line it
is sure of.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?$")


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def toml_line(text: str, pointer: str) -> int | None:
    """The 1-based line where the value at ``pointer`` is written, as near as can be told.

    >>> doc = "\\n".join(['[a]', 'x = 1', '', '[[events]]', 'id = "one"', '',
    ...     '[[events]]', 'id = "two"', 'q = [', '  "a",', '  "b",', ']'])
    >>> toml_line(doc, "/events/1/q/1")
    11
    >>> toml_line(doc, "/a/x")
    2
    >>> toml_line(doc, "/events/1")
    7
    >>> doc += "\\n[[events.reports]]\\nnote = 1\\n\\n[[events.reports]]\\nnote = 2"
    >>> toml_line(doc, "/events/1/reports/1/note")
    17
    >>> toml_line(doc, "/events/1/q/1")
    11
    """
    lines = text.splitlines()
    tokens = _tokens(pointer)
    if not tokens:
        return None
    headers = [
        (number, match.group(1))
        for number, line in enumerate(lines)
        if (match := _HEADER.match(line))
    ]
    return _line_in(lines, headers, tokens[0], tokens[1:], 0, len(lines))


def _line_in(
    lines: list[str],
    headers: list[tuple[int, str]],
    table: str,
    rest: list[str],
    low: int,
    high: int,
) -> int | None:
    """The line of ``rest`` in the table ``table`` whose header stands in lines
    ``[low, high)``; a table's own sub-tables (``[[events.reports]]`` after ``[[events]]``)
    belong to it."""
    starts = [number for number, name in headers if name == table and low <= number < high]
    if rest and rest[0].isdigit():
        index = int(rest[0])
        if index >= len(starts):
            return None
        start, rest = starts[index], rest[1:]
    elif starts:
        start = starts[0]
    else:
        return None
    inside = f"{table}."
    end = next(
        (number for number, name in headers if number > start and not name.startswith(inside)),
        high,
    )
    if rest and any(name == inside + rest[0] for number, name in headers if start < number < end):
        return _line_in(lines, headers, inside + rest[0], rest[1:], start, end)
    body_end = next((number for number, _ in headers if number > start), end)
    found = start
    if rest:
        key = re.compile(rf"^\s*{re.escape(rest[0])}\s*=")
        for number in range(start + 1, body_end):
            if key.match(lines[number]):
                found = number
                break
        else:
            return start + 1
        if len(rest) > 1 and rest[1].isdigit():
            found = _element_line(lines, found, body_end, int(rest[1]))
    return found + 1


def _element_line(lines: list[str], key_line: int, end: int, index: int) -> int:
    """The line of element ``index`` of an array written one element a line after
    ``key_line``; the key's line when the array is written on one line."""
    if lines[key_line].rstrip().endswith("]"):
        return key_line
    seen = -1
    for number in range(key_line + 1, end):
        stripped = lines[number].strip()
        if stripped.startswith(("{", '"', "'")):
            seen += 1
            if seen == index:
                return number
        if stripped.startswith("]"):
            break
    return key_line
