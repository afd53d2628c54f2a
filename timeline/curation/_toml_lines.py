"""Find the line of a TOML document where a JSON pointer's value is written.

``tomllib`` gives values without positions; build errors must still name the annotation
line. The annotation files are written by hand in a plain style (tables and arrays of tables,
``key = value`` lines, arrays one element a line), and this finds the line of a pointer in
that style: the header of ``[[events]]`` number *k*, then the line of the key inside it, then
the line of the array element. Where the style differs, it falls back to the nearest line it
is sure of.

A file with many problems is indexed once (:class:`TomlLines`: its lines, and its table
headers by name), and each pointer is looked up in the index: the cost of a look-up grows with
the length of the table it points into, not with the length of the file.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?$")


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def toml_line(text: str, pointer: str) -> int | None:
    """The 1-based line where the value at ``pointer`` is written, as near as can be told
    (for more than one pointer into one text, index it once with :class:`TomlLines`).

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
    return TomlLines(text).line(pointer)


class TomlLines:
    """A TOML text indexed for :meth:`line`: its lines, its table headers in order, and the
    lines of the headers of each table name."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [
            (number, match.group(1))
            for number, line in enumerate(self.lines)
            if (match := _HEADER.match(line))
        ]
        #: The header lines, ascending (for bisection), and those of each table name.
        self.numbers = [number for number, _ in self.headers]
        self.by_name: dict[str, list[int]] = {}
        for number, name in self.headers:
            self.by_name.setdefault(name, []).append(number)

    def line(self, pointer: str) -> int | None:
        """The 1-based line where the value at ``pointer`` is written, as :func:`toml_line`."""
        tokens = _tokens(pointer)
        if not tokens:
            return None
        return self._line_in(tokens[0], tokens[1:], 0, len(self.lines))

    def _line_in(self, table: str, rest: list[str], low: int, high: int) -> int | None:
        """The line of ``rest`` in the table ``table`` whose header stands in lines
        ``[low, high)``; a table's own sub-tables (``[[events.reports]]`` after ``[[events]]``)
        belong to it."""
        numbers = self.by_name.get(table, [])
        first, last = bisect_left(numbers, low), bisect_left(numbers, high)
        if rest and rest[0].isdigit():
            index = int(rest[0])
            if index >= last - first:
                return None
            start, rest = numbers[first + index], rest[1:]
        elif last > first:
            start = numbers[first]
        else:
            return None
        inside = f"{table}."
        after = bisect_right(self.numbers, start)  # the first header after the table's own
        end, stop = high, len(self.headers)
        for at in range(after, len(self.headers)):
            if not self.headers[at][1].startswith(inside):
                end, stop = self.headers[at][0], at
                break
        if rest and any(self.headers[at][1] == inside + rest[0] for at in range(after, stop)):
            return self._line_in(inside + rest[0], rest[1:], start, end)
        body_end = self.numbers[after] if after < len(self.numbers) else end
        found = start
        if rest:
            key = re.compile(rf"^\s*{re.escape(rest[0])}\s*=")
            for number in range(start + 1, body_end):
                if key.match(self.lines[number]):
                    found = number
                    break
            else:
                return start + 1
            if len(rest) > 1 and rest[1].isdigit():
                found = _element_line(self.lines, found, body_end, int(rest[1]))
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
