"""Where things stand in the JSON text a value was parsed from, without building it again:
where a pointer's value starts (to place a problem by line and column), and the faults of
the text a decoder does not report (a key written twice, nesting too deep).
"""

from __future__ import annotations

import json
import re
from typing import Any

from timeline.problems import format_pointer

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]+")
_CONTAINER_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


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


class Locator:
    """Where values start in one JSON text, for as many pointers as asked: each array's
    element starts and each object's member starts are found once, on the first pointer
    that passes through it, so that placing a problem at each of a record's n relations
    costs O(n), not O(n²).

    >>> Locator('{"a": [1, {"b": true}]}').offset("/a/1/b")
    16
    """

    def __init__(self, text: str) -> None:
        self._scanner = _Scanner(text)
        self._text = text
        self._offsets: dict[str, int | None] = {"": self._scanner.skip_ws(0)}
        self._children: dict[int, dict[str, int]] = {}  # a container's start -> its children

    def offset(self, pointer: str) -> int | None:
        """Where the value at ``pointer`` starts, if it is there (None for a string that
        is not a pointer)."""
        if pointer in self._offsets:
            return self._offsets[pointer]
        if not pointer.startswith("/"):
            return None
        at = len(pointer)
        while pointer[:at] not in self._offsets:  # the longest prefix already known
            at = pointer.rindex("/", 0, at)
        known = pointer[:at]
        pos = self._offsets[known]
        for token in pointer[at + 1 :].split("/"):
            known = f"{known}/{token}"
            if pos is not None:
                pos = self._children_of(pos).get(_unescape(token))
            self._offsets[known] = pos
        return pos

    def nearest(self, pointer: str) -> int:
        """Where the value at ``pointer`` starts or, where it is missing, the nearest value
        that holds where it would stand (the text's start at the last).

        >>> Locator('{"a": {"b": 1}}').nearest("/a/c/d")
        6
        """
        offset = None
        while pointer and offset is None:
            offset = self.offset(pointer)
            if offset is None:
                pointer = pointer[: pointer.rindex("/")] if "/" in pointer else ""
        return offset if offset is not None else self._offsets[""] or 0

    def place(self, pointer: str, start: tuple[int, int]) -> tuple[int, int]:
        """The line and column of :meth:`nearest` value of ``pointer``, the text starting at
        line and column ``start``."""
        offset = self.nearest(pointer)
        newlines = self._text.count("\n", 0, offset)
        if newlines == 0:
            return start[0], start[1] + offset
        return start[0] + newlines, offset - self._text.rindex("\n", 0, offset)

    def _children_of(self, pos: int) -> dict[str, int]:
        """The starts of the members (by key) or elements (by index, as text) of the
        container at ``pos``; empty for a scalar or a broken text."""
        found = self._children.get(pos)
        if found is None:
            found = self._children[pos] = self._scan(pos)
        return found

    def _scan(self, pos: int) -> dict[str, int]:
        text, scanner = self._text, self._scanner
        if pos >= len(text) or text[pos] not in "[{":
            return {}
        closing = "]" if text[pos] == "[" else "}"
        children: dict[str, int] = {}
        pos = scanner.skip_ws(pos + 1)
        while pos < len(text) and text[pos] != closing:
            if closing == "}":
                match = _STRING.match(text, pos)
                if match is None:
                    break
                name = json.loads(match.group())
                pos = scanner.skip_ws(match.end())
                if pos >= len(text) or text[pos] != ":":
                    break
                pos = scanner.skip_ws(pos + 1)
            else:
                name = str(len(children))
            children.setdefault(name, pos)
            end = scanner.skip_value(pos)
            if end is None:
                break
            pos = scanner.skip_ws(end)
            if pos < len(text) and text[pos] == ",":
                pos = scanner.skip_ws(pos + 1)
        return children


#: How deeply the arrays and objects of one record (or of one top-level member) may nest,
#: the record itself counting as one level. A valid record nests a few levels; checking a
#: value of hundreds of levels would exhaust the stack of the decoders and validators that
#: walk it, so a deeper value is refused at reading, before any of them sees it.
MAX_DEPTH = 32
#: The message of a value nested more than :data:`MAX_DEPTH` levels, whoever finds it.
TOO_DEEP = (
    "the JSON nests arrays or objects too deeply to be read "
    f"(more than {MAX_DEPTH} levels in one record; a dataset nests a few)"
)

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]', re.DOTALL)


def text_fault(
    text: str, start: int = 0, max_depth: int = MAX_DEPTH
) -> tuple[str, str, int] | None:
    """The first fault, in the order of the text, of the JSON value that starts at ``start``
    that a decoder would not report: a key that stands twice in one object
    (``"json-duplicate-key"``) or a value nested more than ``max_depth`` levels
    (``"json-too-deep"``); as its code, its pointer relative to the value and its index in
    ``text``, or None. The text is walked token by token, without recursion, so that it may
    be as deep as it likes.

    >>> text_fault('{"a": {"b": 1, "b": 2}}')
    ('json-duplicate-key', '/a/b', 15)
    >>> text_fault('[[1, [2]]]', max_depth=2)
    ('json-too-deep', '/0/1', 5)
    """
    if text[start : start + 1] not in ("[", "{"):
        return None
    # One frame per open container: its keys so far (None for an array), then the token of
    # the child being read (a key, or an index), then whether a key comes next.
    frames: list[list[Any]] = []
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        char = token[0]
        if char == '"':
            if frames and frames[-1][2]:
                frame = frames[-1]
                try:
                    key = json.loads(token)
                except ValueError:
                    return None
                if key in frame[0]:
                    tokens = [f[1] for f in frames[:-1]]
                    return "json-duplicate-key", format_pointer((*tokens, key)), match.start()
                frame[0].add(key)
                frame[1], frame[2] = key, False
            elif not frames:
                return None  # a string alone
        elif char in "[{":
            if len(frames) >= max_depth:
                return "json-too-deep", format_pointer(f[1] for f in frames), match.start()
            frames.append([set(), "", True] if char == "{" else [None, 0, False])
        elif char in "]}":
            if not frames:
                return None
            frames.pop()
            if not frames:
                return None
        elif frames:  # a comma
            frame = frames[-1]
            if frame[0] is None:
                frame[1] += 1
            else:
                frame[2] = True
    return None


def deep_path(value: Any, max_depth: int = MAX_DEPTH) -> tuple[str | int, ...] | None:
    """The path of an array or object of a decoded JSON ``value`` that stands more than
    ``max_depth`` levels deep (``value`` itself is the first level), or None; walked
    without recursion.

    >>> deep_path({"a": [[1]]}, max_depth=2)
    ('a', 0)
    """
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        kind = type(item)
        if kind is dict:
            children: Any = item.items()
        elif kind is list:
            children = enumerate(item)
        else:
            continue
        if len(path) >= max_depth:
            return path
        stack.extend(
            (child, (*path, token)) for token, child in children if type(child) in (dict, list)
        )
    return None
