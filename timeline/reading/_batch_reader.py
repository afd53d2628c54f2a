"""Read the records of a pretty-printed dataset file in batches, with a compiled parser.

Most dataset files are written by a pretty-printer (``timeline`` itself, ``json.dumps`` with an
indent, ``jq``, ``JSON.stringify(…, null, 2)``): each record of a collection starts on a line of
its own and its closing brace stands on a line of its own at the record's indentation. Since a
JSON string holds no raw newline, a newline followed by exactly that indentation and ``}`` can
only be the end of a record. :class:`BatchReader` cuts a collection there, about a megabyte at a
time, and parses each cut with ``msgspec``, several times faster than the standard library's
decoder, without decoding the file to ``str``. A collection may be given a type (see
:mod:`timeline.reading._schema_shapes`): its records are then decoded into it, and a cut that is
JSON but not of that type is decoded again as plain JSON, so that the consumer's exact check has
the last word.

What a decoder would not tell is screened for, cheaply and soundly (a false alarm costs a second
reading, a miss would be a wrong verdict): a batch decoded as plain JSON is walked for values
nested more than :data:`~timeline.reading._text_positions.MAX_DEPTH` levels (typed records
cannot nest deeper than their type), and a key that stands twice in one object, which a decoder
keeps one of silently, shows as a batch whose colons outnumber those of its records written
again (each key is followed by one colon, and a string holds the same colons before and after).
Either sends the file to the exact reader, which finds and places the fault.

Nothing here is trusted blindly. A cut is parsed as ``[`` + cut + ``]``: it parses only if it
holds whole records, so a wrong cut fails. What lies outside the collections' bodies (the
"skeleton": the metadata and the brackets) is read at the end by the exact reader of
:mod:`timeline.reading._record_stream`, which checks the JSON of the top level and that each
body stood where that reader finds the collection. Whenever the layout is not the expected one
or the text is not valid JSON, :class:`NotBatchable` is raised and the caller reads the file
again with the exact reader, which also places every problem by line and column.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

import attrs
import msgspec
import msgspec.inspect

from timeline.errors import InvalidDatasetError
from timeline.reading._record_stream import COLLECTIONS, Item, Reader
from timeline.reading._text_positions import MAX_DEPTH, deep_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = ["BatchReader", "Layout", "NotBatchable"]

BATCH = 1 << 20  # bytes of records parsed at once (1 MiB)
#: The most bytes a record, or the text around the collections, may take to be read here; a
#: larger one (or a text whose records do not end where expected) is left to the exact
#: reader, so that memory stays bounded whatever the text.
LARGEST = 16 * BATCH


_SPACES = re.compile(rb"[ \t\r\n]*")


class NotBatchable(Exception):
    """The text is not laid out as the batch reader expects, or is not valid JSON: read it
    with the exact reader instead."""


_PLAIN = msgspec.json.Decoder().decode


def _decoded(decode: Callable[[bytes], Any], data: bytes) -> tuple[Any, bool]:
    """The records of a cut: of their type, or plain JSON when they are JSON but not of it,
    and whether they are plain JSON (raises :class:`msgspec.DecodeError` when the cut is not
    JSON; :class:`NotBatchable` when they nest too deeply for the decoder)."""
    try:
        if decode is _PLAIN:
            return _PLAIN(data), True
        try:
            return decode(data), False
        except msgspec.ValidationError:
            return _PLAIN(data), True
    except RecursionError:
        raise NotBatchable("a batch nests too deeply") from None


def _may_repeat_a_key(data: bytes, records: Any) -> bool:
    """Whether an object of the JSON text ``data`` may hold a key twice, ``records`` being
    what it was decoded into (a decoder keeps one of the two silently). Outside strings, a
    colon follows each key; inside, the colons of a string are the same before decoding and
    after writing again, save those written as a ``\u003a`` escape, which are rare. So
    unless such an escape stands in the text, a text with more colons than its records
    written again held a key the records lost."""
    if b"\\" in data and re.search(rb"\\u003[aA]", data):  # (a backslash is rare: fast)
        return True
    return data.count(b":") != msgspec.json.encode(records).count(b":")


def _keeps_keys(kind: Any) -> bool:
    """Whether values decoded into ``kind`` are written again with exactly the keys they
    were read with (structs whose optional fields are left unset, not given a default), so
    that :func:`_may_repeat_a_key` can compare them with their text."""
    info = msgspec.inspect.type_info(kind)
    stack: list[msgspec.inspect.Type] = [info]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, msgspec.inspect.StructType):
            for field in node.fields:
                # (an optional field left unset shows as one without a default)
                defaults = (field.default, field.default_factory)
                if not field.required and defaults != (msgspec.NODEFAULT, msgspec.NODEFAULT):
                    return False
                stack.append(field.type)
        elif isinstance(node, msgspec.inspect.UnionType):
            stack.extend(node.types)
        elif isinstance(node, (msgspec.inspect.ListType, msgspec.inspect.VarTupleType)):
            stack.append(node.item_type)
        elif isinstance(node, msgspec.inspect.DictType):
            stack.append(node.value_type)
        elif isinstance(node, msgspec.inspect.Metadata):
            stack.append(node.type)
        elif isinstance(
            node,
            (msgspec.inspect.DataclassType, msgspec.inspect.TypedDictType),
        ):
            return False  # (dataclasses and attrs classes) defaults given, or keys left out
    return True


def _space_end(data: bytes, at: int) -> int:
    """Where the whitespace that starts at ``at`` ends."""
    found = _SPACES.match(data, at)
    return found.end() if found else at


def _indentation(gap: bytes, what: str) -> bytes:
    """The indentation of a value that ``gap`` (the whitespace before it) puts at the start
    of the next line."""
    if not gap.startswith(b"\n") or gap.count(b"\n") != 1:
        raise NotBatchable(f"{what} are not one to a line")
    return gap[1:]


@attrs.frozen
class Layout:
    """How the records of a collection are laid out: where the first starts (a file
    offset), the bytes that end each (a newline, their indentation and ``}``) and the bytes
    that close the collection."""

    start: int
    marker: bytes
    closing: bytes


class BatchReader:
    """Reads a dataset from a binary file: the collections' records in batches (one
    ``"elements"`` item per batch, ``index`` the first record's), then the top-level members.

    Iterating raises :class:`NotBatchable` as soon as the file cannot be read this way;
    what was handed over before then must be thrown away.
    """

    def __init__(self, file: IO[bytes], *, types: Mapping[str, Any] | None = None) -> None:
        self._file = file
        #: The decoder of each collection's records (given ``types``: a collection's type).
        self._decoders: dict[str, Callable[[bytes], Any]] = {}
        #: The collections whose batches are screened for a key written twice: those whose
        #: records are written again with the keys they were read with.
        self._screened: set[str] = set(COLLECTIONS)
        for key, kind in (types or {}).items():
            self.decode_as(key, kind)
        self._buf = b""
        self._pos = 0  # index in _buf
        self._base = 0  # file offset of _buf[0]
        self._eof = False
        self._skeleton: list[bytes] = []
        self._cuts: dict[str, int] = {}  # collection -> skeleton byte offset of its "["
        self._skeleton_size = 0
        #: How the events are laid out, once the reader has come to them.
        self.events: Layout | None = None
        #: Set by the consumer when it has the first batch of events: the offset of a
        #: record's start where this reader pauses (an ``"paused"`` item), so that another
        #: reader can read the rest (see :meth:`rest`). The consumer then sets ``resume_at``
        #: and ``resumed``: that reader's :attr:`end` and how many records it read, or
        #: ``stop_at`` and 0 to read the rest here too.
        self.stop_at: int | None = None
        self.resume_at: int | None = None
        self.resumed = 0
        self.end = 0

    def decode_as(self, key: str, kind: Any) -> None:
        """Decode the records of the collection ``key`` read from now on into ``kind``
        (records that are JSON but not of it are decoded as plain JSON). Records of a type
        that does not keep their keys as read (see :func:`_keeps_keys`) are not screened for
        a duplicated key: the caller has them checked by another reader."""
        self._decoders[key] = msgspec.json.Decoder(list[kind]).decode
        if _keeps_keys(kind):
            self._screened.add(key)
        else:
            self._screened.discard(key)

    # -- the buffer ------------------------------------------------------------------------

    def _more(self, keep_from: int) -> bool:
        """Read the next chunk, dropping the buffer before ``keep_from``; False at the end."""
        if self._eof:
            return False
        data = self._file.read(max(BATCH, len(self._buf) - keep_from))
        if not data:
            self._eof = True
            return False
        self._base += keep_from
        self._buf = self._buf[keep_from:] + data
        self._pos -= keep_from
        return True

    def _keep_skeleton(self, end: int) -> None:
        piece = self._buf[self._pos : end]
        self._skeleton.append(piece)
        self._skeleton_size += len(piece)
        self._pos = end
        if self._skeleton_size > LARGEST:
            raise NotBatchable("the text around the collections is too large")

    def _skip_space(self) -> int:
        """The index of the next byte that is not whitespace (reading more as needed), or
        the buffer's length at the end of the file."""
        at = self._pos
        while True:
            at = _space_end(self._buf, at)
            if at < len(self._buf):
                return at
            offset = at - self._pos
            if not self._more(self._pos):
                return len(self._buf)
            at = self._pos + offset

    # -- the document ----------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        self._more(0)
        start = self._skip_space()
        if self._buf[start : start + 1] != b"{":
            raise NotBatchable("the document does not start with an object")
        gap = self._buf[start + 1 : _space_end(self._buf, start + 1)]
        indent = _indentation(gap, "the members")
        if not indent:
            raise NotBatchable("the members are not indented")
        opener = re.compile(
            rb"\n" + re.escape(indent) + rb'"(' + "|".join(COLLECTIONS).encode() + rb')"'
            rb"[ \t]*:[ \t]*\["
        )
        while True:
            found = opener.search(self._buf, self._pos)
            if found is None:
                keep = max(self._pos, len(self._buf) - 64)  # an opener may straddle chunks
                self._keep_skeleton(keep)
                if not self._more(self._pos):
                    self._keep_skeleton(len(self._buf))
                    break
                continue
            key = found[1].decode()
            if key in self._cuts:
                raise NotBatchable(f"{key!r} opens twice")
            self._keep_skeleton(found.end())
            self._cuts[key] = self._skeleton_size - 1
            yield from self._collection(key, indent)
        yield from self._members()

    def _collection(self, key: str, indent: bytes) -> Iterator[Item]:
        first = self._skip_space()
        if self._buf[first : first + 1] == b"]":
            yield Item("end", key, index=0)
            return
        records_indent = _indentation(self._buf[self._pos : first], f"the records of {key!r}")
        if self._buf[first] != ord("{"):
            raise NotBatchable(f"the records of {key!r} are not objects")
        layout = Layout(self._base + first, b"\n" + records_indent + b"}", b"\n" + indent + b"]")
        if key == "events":
            self.events = layout
        self._pos = first
        index = 0
        while True:
            for records in self._records(key, layout):
                yield Item("elements", key, records, index)
                index += len(records)
            if self.stop_at is None or self._base + self._pos != self.stop_at:
                break
            yield Item("paused", key, index=index)
            self.stop_at = None
            if self.resume_at is None:
                raise NotBatchable("the rest of the collection was not read")
            if self.resume_at != self._base + self._pos:
                # Another reader has read the rest: go on after its last record.
                self._jump(self.resume_at)
                index += self.resumed
                break
            # Otherwise the rest is read here too.
        follow = self._skip_space()
        if self._buf[follow : follow + 1] != b"]":
            raise NotBatchable(f"{key!r} does not end where its last record does")
        self._pos = follow  # the "]" belongs to the skeleton
        yield Item("end", key, index=index)

    def rest(self, layout: Layout) -> Iterator[list[Any]]:
        """The records of a collection from the record starting where the file stands, as
        lists (see :meth:`Layout`); :attr:`end` is then the offset after the last one."""
        self._base = self._file.tell()
        self._more(0)
        yield from self._records("events", layout)
        self.end = self._base + self._pos

    def _records(self, key: str, layout: Layout) -> Iterator[list[Any]]:
        """Batches of records, from the current position to the end of the collection (the
        position is left after the last record) or to :attr:`stop_at`."""
        decode = self._decoders.get(key, _PLAIN)
        screened = key in self._screened
        while True:
            end = self._cut(layout.marker)
            data = b"[" + self._buf[self._pos : end] + b"]"
            try:
                records, plain = _decoded(decode, data)
            except msgspec.DecodeError:
                # The cut may have gone past the collection's end (into the next collection,
                # whose records have the same indentation): cut before its closing bracket.
                # Looking for that bracket in every batch would cost more than this.
                end = self._cut(layout.marker, layout.closing)
                data = b"[" + self._buf[self._pos : end] + b"]"
                try:
                    records, plain = _decoded(decode, data)
                except msgspec.DecodeError as exc:
                    raise NotBatchable(f"a batch of {key!r} is not JSON: {exc}") from None
            if plain and deep_path(records, MAX_DEPTH + 1) is not None:  # a record is 1 deep
                raise NotBatchable(f"a batch of {key!r} nests too deeply")
            if (plain or screened) and _may_repeat_a_key(data, records):
                raise NotBatchable(f"a batch of {key!r} may hold a key twice in one object")
            del data
            self._pos = end
            yield records
            follow = self._skip_space()
            if self._buf[follow : follow + 1] != b",":
                return
            self._pos = follow + 1
            self._pos = self._skip_space()
            if self.stop_at is not None and self._base + self._pos >= self.stop_at:
                if self._base + self._pos != self.stop_at:
                    raise NotBatchable("the place to stop is not a record's start")
                return

    def _jump(self, offset: int) -> None:
        self._file.seek(offset)
        self._buf = b""
        self._pos = 0
        self._base = offset
        self._eof = False
        self._more(0)

    def _cut(self, marker: bytes, closing: bytes | None = None) -> int:
        """The end of the last record that ends within a batch's size from the current
        position (or of the first record, when it is larger); with ``closing``, before the
        collection's closing bracket."""
        while True:
            limit = self._pos + BATCH + len(marker)
            if limit > len(self._buf) and not self._eof:
                self._more(self._pos)
                continue
            closed = -1 if closing is None else self._buf.find(closing, self._pos, limit)
            if closed >= 0:
                limit = closed + len(marker)
            if self.stop_at is not None:
                limit = min(limit, self.stop_at - self._base)
            at = self._buf.rfind(marker, self._pos, limit)
            if at < 0:
                at = self._buf.find(marker, self._pos)
            if at >= 0:
                return at + len(marker)
            if len(self._buf) - self._pos > LARGEST or not self._more(self._pos):
                raise NotBatchable("a record does not end")

    def _members(self) -> Iterator[Item]:
        """The top-level members, read by the exact reader from the skeleton."""
        skeleton = b"".join(self._skeleton)
        try:
            text = skeleton.decode("utf-8")
        except UnicodeDecodeError:
            raise NotBatchable("the text is not UTF-8") from None
        brackets = {key: len(skeleton[:cut].decode("utf-8")) for key, cut in self._cuts.items()}
        reader = Reader(text)
        seen: set[str] = set()
        try:
            for item in reader.items():
                if item.kind == "member":
                    yield item
                elif item.kind == "end":
                    if item.where is None or brackets.get(item.key) != item.where.offset:
                        raise NotBatchable(f"{item.key!r} is not where it was cut")
                    seen.add(item.key)
                else:  # the skeleton is not an object, or a collection kept elements
                    raise NotBatchable("the skeleton holds more than the top level")
        except InvalidDatasetError:
            raise NotBatchable("the top level is not valid JSON") from None
        if seen != set(self._cuts):
            raise NotBatchable("a collection was cut where the top level has none")
