"""Find where a JSON pointer's value starts in the JSON text it was parsed from.

Used only to place problems by line and column, so it scans lazily: it walks down the
pointer's path and skips every value off the path without building it.
"""

from __future__ import annotations

import json
import re

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]+")
_CONTAINER_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_tokens(pointer: str) -> list[str]:
    """The reference tokens of an RFC 6901 pointer (``""`` has none)."""
    return [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text

    def skip_ws(self, pos: int) -> int:
        match = _WHITESPACE.match(self.text, pos)
        return match.end() if match else pos

    def skip_value(self, pos: int) -> int | None:
        text = self.text
        if pos >= len(text):
            return None
        char = text[pos]
        if char == '"':
            match = _STRING.match(text, pos)
            return match.end() if match else None
        if char in "[{":
            depth = 0
            for match in _CONTAINER_TOKEN.finditer(text, pos):
                token = match.group()
                if token in ("[", "{"):
                    depth += 1
                elif token in ("]", "}"):
                    depth -= 1
                    if depth == 0:
                        return match.end()
            return None
        match = _SCALAR.match(text, pos)
        return match.end() if match else None

    def member(self, pos: int, key: str) -> int | None:
        """The start of ``key``'s value in the object that starts at ``pos``."""
        text = self.text
        pos = self.skip_ws(pos + 1)
        while pos < len(text) and text[pos] != "}":
            match = _STRING.match(text, pos)
            if match is None:
                return None
            name = json.loads(match.group())
            pos = self.skip_ws(match.end())
            if pos >= len(text) or text[pos] != ":":
                return None
            pos = self.skip_ws(pos + 1)
            if name == key:
                return pos
            end = self.skip_value(pos)
            if end is None:
                return None
            pos = self.skip_ws(end)
            if pos < len(text) and text[pos] == ",":
                pos = self.skip_ws(pos + 1)
        return None

    def element(self, pos: int, index: int) -> int | None:
        """The start of the element ``index`` of the array that starts at ``pos``."""
        text = self.text
        pos = self.skip_ws(pos + 1)
        for _ in range(index):
            if pos >= len(text) or text[pos] == "]":
                return None
            end = self.skip_value(pos)
            if end is None:
                return None
            pos = self.skip_ws(end)
            if pos >= len(text) or text[pos] != ",":
                return None
            pos = self.skip_ws(pos + 1)
        return pos if pos < len(text) and text[pos] != "]" else None


def value_offset(text: str, pointer: str) -> int | None:
    """Where the value at ``pointer`` starts in ``text``, as an index, if it is there.

    >>> value_offset('{"a": [1, {"b": true}]}', "/a/1/b")
    16
    """
    scanner = _Scanner(text)
    pos: int | None = scanner.skip_ws(0)
    for token in pointer_tokens(pointer):
        if pos is None or pos >= len(text):
            return None
        if text[pos] == "{":
            pos = scanner.member(pos, token)
        elif text[pos] == "[" and token.isdigit():
            pos = scanner.element(pos, int(token))
        else:
            return None
    return pos
