"""Read a dataset document as a stream of its parts, one record at a time.

A dataset file can hold a million events. :class:`Reader` walks the top-level object with a
small buffer: each member other than the three collections is decoded whole, and each element
of ``sources``, ``actors`` and ``events`` is decoded alone (by the standard library's C
decoder, :meth:`json.JSONDecoder.raw_decode`) and handed over before the next is read. Memory
therefore grows with the largest record, not with the file, and the text of the record being
checked is at hand to place its problems by line and column.

Every fault of the text itself (not UTF-8, not JSON, a value nested more than
:data:`~timeline.reading._text_positions.MAX_DEPTH` levels, a key that stands twice in one
object at any depth, data after the document) raises
:class:`~timeline.errors.InvalidDatasetError` with one problem, placed by its pointer, line and
column; what was read before it has been handed over already. A fault is found without reading
further than the record it stands in, so that an invalid file is read in as little memory as a
valid one.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import IO, TYPE_CHECKING, Any

import attrs

from timeline.errors import InvalidDatasetError
from timeline.problems import Problem, join_pointer
from timeline.reading._text_positions import MAX_DEPTH, TOO_DEEP, Locator, text_fault

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["COLLECTIONS", "Item", "Reader", "Where", "places_of"]

#: The top-level members whose elements are read one at a time.
COLLECTIONS = ("sources", "actors", "events")

_CHUNK = 1 << 20  # bytes read at a time (1 MiB); a larger record grows the buffer
_WHITESPACE = re.compile(r"[ \t\n\r]*")
#: A decoding error this close to the end of the buffer may be the buffer's end, not the
#: text's fault (a literal, a number or an escape cut in two): more is read before judging.
_NEAR_END = 16


class _NotJson(ValueError):
    """A constant such as NaN that Python's decoder accepts but JSON does not."""


def _reject_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value")


class _DuplicateKey(ValueError):
    """An object holds a key twice (the decoder would keep the last value silently)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise _DuplicateKey
    return value


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_object)


class Where:
    """Where a decoded value stands in the text: turns pointers inside it into line and
    column. Valid only while the reader has not moved on."""

    def __init__(self, reader: Reader, start: int, end: int) -> None:
        self._reader = reader
        self._start = start  # index in the reader's buffer
        self._end = end
        self._located: Locator | None = None

    @property
    def offset(self) -> int:
        """Where the value starts in the reader's buffer (for a string read whole: in it)."""
        return self._start

    @property
    def text(self) -> str:
        """The value's own JSON text."""
        return self._reader.buf[self._start : self._end]

    def search(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` occurs in the value's text (without copying the text)."""
        return pattern.search(self._reader.buf, self._start, self._end) is not None

    def position(self, pointer: str = "") -> tuple[int, int]:
        """Line and column (1-based) of the value at ``pointer``, relative to this value;
        where the pointer cannot be followed (a member that is missing), of the nearest
        value that holds where it would stand."""
        offset = self._locator().nearest(pointer) if pointer else 0
        return self._reader.position(self._start + offset)

    def _locator(self) -> Locator:
        """The locator of the value's text, made on the first pointer asked for and kept
        for the others (the text is copied once)."""
        if self._located is None:
            self._located = Locator(self.text)
        return self._located


@attrs.frozen
class Item:
    """One part of the document, in the order of the text.

    ``kind`` is ``"member"`` (a top-level member other than the collections, or a collection
    that is not an array), ``"element"`` (an element of a collection, with its ``index``),
    ``"elements"`` (a list of consecutive elements, ``index`` the first one's), ``"end"`` (a
    collection has been read whole: ``index`` is its length and ``where`` its ``[``) or
    ``"root"`` (the document is not an object: ``value`` is all of it).
    """

    kind: str
    key: str
    value: Any = None
    index: int = -1
    where: Where | None = None


class Reader:
    """Reads the JSON text of a dataset from a binary file or a string, part by part."""

    def __init__(self, source: IO[bytes] | str) -> None:
        self.buf = ""
        self.pos = 0
        self._offset_line = 1  # the line number at buf[0]
        self._column_base = 0  # the column of buf[0] on its line, minus one
        self._counted = (0, 0)  # (index, newlines before it) of the last position asked
        self._moves = 0  # how many times the buffer has dropped what was consumed
        #: Where the document's object starts (line, column), once it has been read: a
        #: problem of the whole document (a missing member) stands there.
        self.root_place: tuple[int, int] | None = None
        if isinstance(source, str):
            self._file: IO[bytes] | None = None
            self.buf = source
            self._eof = True
        else:
            self._file = source
            self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
            self._eof = False

    # -- the buffer ------------------------------------------------------------------------

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of ``buf[index]``.

        Lines are counted from the last position asked for, so that asking in the order of
        the text counts each line once.
        """
        known_index, known_newlines = self._counted
        if index < known_index:
            known_index, known_newlines = 0, 0
        newlines = known_newlines + self.buf.count("\n", known_index, index)
        self._counted = (index, newlines)
        if newlines == 0:
            return self._offset_line, self._column_base + index + 1
        return self._offset_line + newlines, index - self.buf.rfind("\n", 0, index)

    def _more(self) -> bool:
        """Read more text, dropping what has been consumed; False at the end of the file."""
        if self._eof or self._file is None:
            return False
        consumed = self.buf[: self.pos]
        newlines = consumed.count("\n")
        if newlines:
            self._offset_line += newlines
            self._column_base = len(consumed) - consumed.rfind("\n") - 1
        else:
            self._column_base += len(consumed)
        self.buf = self.buf[self.pos :]
        self.pos = 0
        self._moves += 1
        self._counted = (0, 0)
        # As much again as is held (a record larger than the buffer is read in as few steps
        # as doubling takes), decoded a chunk at a time and joined once.
        wanted = max(_CHUNK, len(self.buf))
        pieces = [self.buf]
        read = 0
        while read < wanted:
            data = self._file.read(_CHUNK)
            read += len(data)
            try:
                pieces.append(self._decoder.decode(data, final=not data))
            except UnicodeDecodeError as exc:
                self.buf = "".join(pieces)
                raise self._not_utf8(data, exc) from None
            if not data:
                self._eof = True
                break
        self.buf = "".join(pieces)
        return read > 0

    def _not_utf8(self, data: bytes, exc: UnicodeDecodeError) -> InvalidDatasetError:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, column = self.position(len(self.buf))
        lines = good.count("\n")
        line += lines
        column = len(good) - good.rfind("\n") if lines else column + len(good)
        return _fault(
            "json-encoding",
            f"byte 0x{data[exc.start]:02x} at line {line}, column {column} is not UTF-8: "
            "a dataset is UTF-8 text",
            line,
            column,
        )

    def _skip_ws(self) -> None:
        while True:
            match = _WHITESPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf) or not self._more():
                return

    def _peek(self) -> str:
        self._skip_ws()
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def _syntax(self, message: str) -> InvalidDatasetError:
        line, column = self.position(self.pos)
        return _fault(
            "json-syntax", f"invalid JSON at line {line}, column {column}: {message}", line, column
        )

    def _expect(self, char: str, message: str) -> None:
        if self._peek() != char:
            raise self._syntax(message)
        self.pos += 1

    def _value(self, pointer: str = "") -> tuple[Any, Where]:
        """Decode the value at the current position (after whitespace), the value at
        ``pointer`` in the document (which names it in a problem)."""
        self._skip_ws()
        while True:
            start = self.pos
            try:
                value, end = _DECODER.raw_decode(self.buf, start)
            except json.JSONDecodeError as exc:
                into = exc.pos - start  # reading more moves the value to the buffer's start
                if self._cut_short(exc) and self._more():
                    continue  # the value may go on past the buffer
                self.pos = start + into
                raise self._syntax(exc.msg) from None
            except (_DuplicateKey, RecursionError):
                raise self._text_fault(start, pointer) from None
            except _NotJson as exc:
                line, column = self.position(start)
                raise _fault("json-syntax", f"invalid JSON: {exc}", line, column) from None
            except ValueError as exc:  # an integer of thousands of digits
                line, column = self.position(start)
                raise _fault("json-syntax", f"invalid JSON: {exc}", line, column) from None
            if end == len(self.buf) and self._more():
                continue  # a number may go on past the buffer: decode it whole
            if (
                type(value) in (dict, list)
                and self.buf.count("[", start, end) + self.buf.count("{", start, end) > MAX_DEPTH
            ):  # as many brackets as that (in strings too) is the least a deep value needs
                found = text_fault(self.buf, start)
                if found is not None:
                    raise self._text_fault(start, pointer, found)
            self.pos = end
            return value, Where(self, start, end)

    def _cut_short(self, exc: json.JSONDecodeError) -> bool:
        """Whether a decoding error may come from the end of the buffer rather than from the
        text (judged without reading more: a fault early in a large file is told at once)."""
        return exc.pos >= len(self.buf) - _NEAR_END or exc.msg.startswith("Unterminated string")

    def _text_fault(
        self, start: int, pointer: str, found: tuple[str, str, int] | None = None
    ) -> InvalidDatasetError:
        """The problem of the value at ``start``, which the decoder refused for a duplicated
        key or too deep a nesting (``found``: what :func:`text_fault` found in it)."""
        if found is None:
            found = text_fault(self.buf, start)
        if found is None:  # pragma: no cover - the text holds what the decoder refused
            code, inner, at = "json-too-deep", "", start
        else:
            code, inner, at = found
        line, column = self.position(at)
        if code == "json-duplicate-key":
            key = inner.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            message = (
                f"the key {key!r} stands twice in one object (line {line}): "
                "a JSON reader would keep one of the two silently"
            )
        else:
            message = TOO_DEEP
        return _fault(code, message, line, column, pointer + inner)

    # -- the document ----------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        """The parts of the document, in the order of the text."""
        self._skip_ws()
        if self.pos >= len(self.buf):
            # the only place an empty file has: its first line
            raise _fault("json-empty", "the file is empty: a dataset is a JSON object", 1, 1)
        if self.buf.startswith("\ufeff", self.pos):
            self.pos += 1  # a byte order mark is allowed and ignored (RFC 8259, section 8.1)
        if self._peek() != "{":
            value, where = self._value()
            self._end_of_document()
            yield Item("root", "", value, where=where)
            return
        self.root_place = self.position(self.pos)
        self.pos += 1
        seen: set[str] = set()
        if self._peek() == "}":
            self.pos += 1
        else:
            while True:
                if self._peek() != '"':
                    raise self._syntax("Expecting property name enclosed in double quotes")
                key, where = self._value()
                if key in seen:
                    line, column = where.position()
                    raise _fault(
                        "json-duplicate-key",
                        f"the key {key!r} stands twice in the document (line {line})",
                        line,
                        column,
                        join_pointer(key),
                    )
                seen.add(key)
                self._expect(":", "Expecting ':' delimiter")
                if key in COLLECTIONS and self._peek() == "[":
                    yield from self._collection(key)
                else:
                    value, where = self._value(join_pointer(key))
                    yield Item("member", key, value, where=where)
                if self._peek() == ",":
                    self.pos += 1
                    continue
                self._expect("}", "Expecting ',' delimiter")
                break
        self._end_of_document()

    def _collection(self, key: str) -> Iterator[Item]:
        opened, moves = self.pos, self._moves
        self.pos += 1  # the [
        index = 0
        if self._peek() == "]":
            self.pos += 1
        else:
            for item in self.elements(key, 0):
                yield item
                index += 1
            self._expect("]", "Expecting ',' delimiter")
        bracket = Where(self, opened, opened + 1) if moves == self._moves else None
        yield Item("end", key, index=index, where=bracket)

    def elements(self, key: str, index: int) -> Iterator[Item]:
        """The elements of the collection ``key`` from the one that starts here (after
        whitespace), the ``index``-th, to the last (the position is left before the ``]``)."""
        while True:
            value, where = self._value(join_pointer(key, index))
            yield Item("element", key, value, index, where)
            index += 1
            if self._peek() != ",":
                return
            self.pos += 1

    def start_at(self, line: int, column: int) -> None:
        """Say that the text read from now on starts at ``line`` and ``column`` (1-based) of
        the document: a reader of a stream positioned at a record's start places the
        record's values as the reader of the whole document does (see :func:`places_of`)."""
        self._offset_line = line
        self._column_base = column - 1
        self._counted = (0, 0)

    def _end_of_document(self) -> None:
        if self._peek() != "":
            raise self._syntax("Extra data")


def places_of(stream: IO[bytes], offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """The line and column (1-based, as :class:`Reader` counts them: a column is a count of
    code points) of each byte offset of ``offsets`` in the UTF-8 text of ``stream``, each an
    offset where a character starts; read once, from the start to the last of them."""
    places: dict[int, tuple[int, int]] = {}
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    stream.seek(0)
    read = 0  # bytes read so far
    line, column = 1, 1  # where the byte at ``read`` stands
    for offset in sorted(set(offsets)):
        while read < offset:
            data = stream.read(min(_CHUNK, offset - read))
            if not data:
                raise ValueError(f"the offset {offset} is past the end of the text")
            read += len(data)
            newlines = data.count(b"\n")
            if newlines:
                line += newlines
                decoder.reset()  # a newline ends any character: what follows starts one
                column = 1 + len(decoder.decode(data[data.rfind(b"\n") + 1 :]))
            else:
                column += len(decoder.decode(data))
        places[offset] = (line, column)
    return places


def _fault(
    code: str, message: str, line: int | None = None, column: int | None = None, pointer: str = ""
) -> InvalidDatasetError:
    problem = Problem(code=code, message=message, pointer=pointer, line=line, column=column)
    return InvalidDatasetError([problem])
