"""Read the records of a dataset file in batches, with a compiled parser, whatever its layout.

A dataset file may be written by anything: ``timeline dump`` and pretty-printers (records one to
a line, any indentation, tabs), ``json.dumps`` without an indent or ``jq -c`` (everything on one
line), a Windows editor (CRLF), a tool that sorts keys (``sources`` after ``events``) or escapes
every non-ASCII character. :class:`BatchReader` cuts each collection into batches of whole
records, about a megabyte each, and parses each cut with ``msgspec``, several times faster than
the standard library's decoder, without decoding the file to ``str``. A collection may be given
a type (see :mod:`timeline.reading._schema_shapes`): its records are then decoded into it, and a
cut that is JSON but not of that type is decoded again as plain JSON, so that the consumer's
exact check has the last word.

**Where a batch is cut.** A batch needs one record end near its size, not every one. A record
ends with a ``}`` that brings the braces counted from the batch's start (a record's start) back
to none open; brackets need no counting, since a record's own brace stays open over every array
inside it. ``bytes.count`` of ``{`` and ``}`` over the batch (C speed, a fraction of a
millisecond a megabyte each, against several milliseconds to decode it) gives how many braces
are open at its end; stepping back from there ``}`` by ``}``, each step counting the ``{`` of a
small gap, finds the last ``}`` at which none is open and that a comma (or the collection's
``]``) follows. The count is exact unless a string in the batch holds a brace that no other
closes or opens: then the cut is wrong, and does not parse (below). Only then, for that batch, is
the cut made by an exact scan: a compiled regular expression of whole records (strings, and
brackets balanced to :data:`~timeline.reading._text_positions.MAX_DEPTH` levels, with possessive
quantifiers so that it never backtracks), about ten times slower than counting but still far
from the cost of decoding, and the batch parsed again. Tracking strings byte by byte in Python,
or decoding the batch with ``msgspec``'s ``Raw`` to find its records, would cost more than the
count on every batch; a layout-specific marker (a newline, the records' indentation and ``}``)
held only for pretty-printed files.

**Why a wrong cut is harmless.** Every cut starts at a record's start (the first after the
collection's ``[``, or the one after a cut's end and its comma), and is parsed as ``[`` + cut +
``]``. A cut that ends inside a string leaves the string open; one that ends inside a record, or
in a nested value, leaves a bracket open that the one ``]`` added cannot close; one that runs
past the collection's end leaves text after the array. None of these parses; so a cut that
parses holds whole records, and a count misled by a string costs a second parse, never a wrong
record. When neither cut parses, :class:`NotBatchable` is raised.

What a decoder would not tell is screened for, cheaply and soundly (a false alarm costs a second
reading, a miss would be a wrong verdict): a batch decoded as plain JSON is walked for values
nested more than :data:`~timeline.reading._text_positions.MAX_DEPTH` levels (typed records
cannot nest deeper than their type), and a key that stands twice in one object, which a decoder
keeps one of silently, shows as a batch whose colons outnumber those of its records written
again (each key is followed by one colon, whitespace holds none whatever the layout, and a
string holds the same colons before and after, save a colon escaped as ``\\u003a``, whose
presence alone raises the alarm). Either sends the file to the exact reader, which finds and
places the fault.

**Collections after the events.** When the events open before every other collection is read
(sorted keys put ``sources`` after ``events``), the reader first finds where they end: it cuts
them as it will read them and parses each cut into raw slices (``msgspec.Raw``: as exact a
check of the cut as decoding it, at about the cost of counting its braces), reads on from
their ``]`` (the collections after them are handed over first, and named in
:attr:`BatchReader.after_events`), then goes back and hands over the events, which must end
at the ``]`` found (else :class:`NotBatchable`). So a consumer checks every event with every
source and actor known, whatever the order of the collections; it keeps nothing waiting for
them.

What lies outside the collections' bodies (the "skeleton": the metadata and the brackets) is
scanned token by token (strings and brackets; it is small) to find each collection's opener, a
key ``"sources"``, ``"actors"`` or ``"events"`` of the top-level object followed by ``:`` and
``[`` whatever the whitespace, and read at the end by the exact reader of
:mod:`timeline.reading._record_stream`, which checks the JSON of the top level and that each
body stood where that reader finds the collection. Whenever the text cannot be read this way or
is not valid JSON, :class:`NotBatchable` is raised and the caller reads the file again with the
exact reader, which also places every problem by line and column.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import attrs
import msgspec
import msgspec.inspect

from timeline.errors import InvalidDatasetError
from timeline.reading._record_stream import COLLECTIONS, Item, Reader
from timeline.reading._text_positions import MAX_DEPTH, deep_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = ["RECORDS", "Batch", "BatchReader", "Layout", "NotBatchable"]

BATCH = 1 << 20  # bytes of records parsed at once (1 MiB)
#: The most bytes a record, or the text around the collections, may take to be read here; a
#: larger one (or a text whose records do not end where expected) is left to the exact
#: reader, so that memory stays bounded whatever the text.
LARGEST = 16 * BATCH


_SPACES = re.compile(rb"[ \t\r\n]*")
#: A string of JSON text, or the next string or bracket.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_TOKEN = re.compile(rb'["{}\[\]]')
#: What follows a collection's key to open its array.
_OPENS = re.compile(rb"[ \t\r\n]*:[ \t\r\n]*\[")
_KEYS = {f'"{key}"'.encode(): key for key in COLLECTIONS}
#: What follows a record's end: a comma, or the collection's end.
_FOLLOWS = re.compile(rb"[ \t\r\n]*[,\]]")
#: How many ``}`` a cut steps back over before the exact scan is asked instead.
_STEPS = 4096


def _balanced(depth: int) -> bytes:
    """A pattern of one JSON array or object nested at most ``depth`` levels (brackets of
    either kind; the parse that follows checks that they pair)."""
    string = _STRING.pattern
    value = rb'[\[{](?:[^"\[\]{}]++|' + string + rb")*+[\]}]"
    for _ in range(depth - 1):
        value = rb'[\[{](?:[^"\[\]{}]++|' + string + rb"|" + value + rb")*+[\]}]"
    return value


_RECORD = _balanced(MAX_DEPTH)
#: Whole records and the commas between them, scanned exactly (given valid JSON).
RECORDS = re.compile(_RECORD + rb"(?:[ \t\r\n]*+,[ \t\r\n]*+" + _RECORD + rb")*+", re.DOTALL)
_FIRST = re.compile(_RECORD, re.DOTALL)
#: The bytes read past a collection's key for its colon and bracket, at most.
_LOOK = 4096


class Batch(NamedTuple):
    """A batch of records read: the index of its first record, and the file offsets where
    the first starts and the last ends (``b"[" + file[start:end] + b"]"`` is their array)."""

    first: int
    start: int
    end: int


class NotBatchable(Exception):
    """The text is not laid out as the batch reader expects, or is not valid JSON: read it
    with the exact reader instead."""


_PLAIN = msgspec.json.Decoder().decode
#: Records as the slices of text they stand in (parsed, not decoded).
_RAW = msgspec.json.Decoder(list[msgspec.Raw]).decode


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


_ENCODER = msgspec.json.Encoder()


def _may_repeat_a_key(data: bytes, records: Any, written: bytearray) -> bool:
    """Whether an object of the JSON text ``data`` may hold a key twice, ``records`` being
    what it was decoded into (a decoder keeps one of the two silently). Outside strings, a
    colon follows each key; inside, the colons of a string are the same before decoding and
    after writing again, save those written as a ``\u003a`` escape, which are rare. So
    unless such an escape stands in the text, a text with more colons than its records
    written again held a key the records lost. (They are written into ``written``, a buffer
    kept from one batch to the next.)"""
    if b"\\" in data and re.search(rb"\\u003[aA]", data):  # (a backslash is rare: fast)
        return True
    _ENCODER.encode_into(records, written)
    return data.count(b":") != written.count(b":")


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


@attrs.frozen
class Layout:
    """Where the records of a collection start (the file offset of the first) and, when the
    reader looked for it before reading them (see :class:`BatchReader`), the offset of the
    ``]`` that ends them."""

    start: int
    end: int | None = None


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
        self._batch_start = 0  # file offset of the first record of the batch read last
        self._batch_end = 0  # and of the end of its last record
        self._eof = False
        self._written = bytearray()  # a batch's records written again (see _may_repeat_a_key)
        self._skeleton: list[bytes] = []
        self._cuts: dict[str, int] = {}  # collection -> skeleton byte offset of its "["
        self._skeleton_size = 0
        #: Where the events start, once the reader has come to them.
        self.events: Layout | None = None
        #: The collections that stand after the events in the file, read before them (see
        #: :meth:`items`); filled before the first batch of events is handed over.
        self.after_events: set[str] = set()
        #: Set by the consumer when it has the first batch of events: the offset of a
        #: record's start where this reader pauses (an ``"paused"`` item), so that another
        #: reader can read the rest (see :meth:`rest`). The consumer then sets ``resume_at``
        #: and ``resumed``: that reader's :attr:`end` and how many records it read, or
        #: ``stop_at`` and 0 to read the rest here too.
        self.stop_at: int | None = None
        self.resume_at: int | None = None
        self.resumed = 0
        self.end = 0
        #: Each batch of events read: the index of its first record (in :meth:`rest`, counted
        #: from the first record read there), the file offset where it starts and where its
        #: last record ends, so that a record can be read again by the exact reader to place
        #: its problems, and the batch decoded again without being looked for.
        self.batches: list[Batch] = []

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
        depth = 0  # of the skeleton's brackets before self._pos (each collection's "[" too)
        deferred: Layout | None = None  # the events, when they are read last
        while True:
            # The skeleton before self._pos is kept; what follows is scanned token by token.
            found = _TOKEN.search(self._buf, self._pos)
            if found is None:
                self._keep_skeleton(len(self._buf))
                if not self._more(self._pos):
                    break
                continue
            at = found.start()
            if self._buf[at] != ord('"'):
                depth += 1 if self._buf[at] in b"{[" else -1
                self._keep_skeleton(at + 1)
                continue
            string = _STRING.match(self._buf, at)
            if string is None:  # cut by the buffer's end: read on (or not JSON)
                self._keep_skeleton(at)
                if len(self._buf) - at > LARGEST:
                    raise NotBatchable("a string of the top level is too large")
                if self._more(self._pos):
                    continue
                self._keep_skeleton(len(self._buf))  # the exact reader says where
                break
            key = _KEYS.get(string[0]) if depth == 1 else None
            opens = None if key is None else _OPENS.match(self._buf, string.end())
            near_end = len(self._buf) - string.end() < _LOOK  # its colon and "[" may follow
            if key is not None and opens is None and near_end and not self._eof:
                self._keep_skeleton(at)
                self._more(self._pos)
                continue
            if key is None or opens is None:
                self._keep_skeleton(string.end())
                continue
            if key in self._cuts:
                raise NotBatchable(f"{key!r} opens twice")
            self._keep_skeleton(opens.end())
            self._cuts[key] = self._skeleton_size - 1
            depth += 1  # its "]" is the skeleton's
            if key == "events" and deferred is None and not self._cuts.keys() >= set(COLLECTIONS):
                # Another collection may follow the events: go past them, to read it first.
                deferred = Layout(self._base + self._pos, self._records_end())
                continue
            if key != "events" and deferred is not None:
                self.after_events.add(key)
            yield from self._collection(key)
        if deferred is not None:
            self._jump(deferred.start)
            yield from self._collection("events", deferred.end)
        yield from self._members()

    def _records_end(self) -> int:
        """The offset of the ``]`` that ends the events starting at the current position,
        found by cutting them as :meth:`_records` does and parsing each cut into raw slices
        (which checks that it holds whole records, as exactly as decoding it, at about the
        cost of counting its braces), without decoding them."""
        self._pos = self._skip_space()
        if self._buf[self._pos : self._pos + 1] == b"{":
            for _ in self._records("events", _RAW):
                pass
            self._pos = self._skip_space()
        if self._buf[self._pos : self._pos + 1] != b"]":
            raise NotBatchable("the events do not end where their records do")
        return self._base + self._pos

    def _collection(self, key: str, end: int | None = None) -> Iterator[Item]:
        """The items of the collection whose records start at the current position (``end``:
        where its ``]`` must stand, when known)."""
        first = self._skip_space()
        if self._buf[first : first + 1] == b"]":
            if end is not None and self._base + first != end:
                raise NotBatchable(f"{key!r} does not end where it was found to")
            yield Item("end", key, index=0)
            return
        if self._buf[first : first + 1] != b"{":
            raise NotBatchable(f"the records of {key!r} are not objects")
        layout = Layout(self._base + first, end)
        if key == "events":
            self.events = layout
        self._pos = first
        index = 0
        while True:
            for records in self._records(key):
                if key == "events":
                    self.batches.append(Batch(index, self._batch_start, self._batch_end))
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
        if end is not None and self._base + follow != end:
            raise NotBatchable(f"{key!r} does not end where it was found to")
        self._pos = follow  # the "]" belongs to the skeleton
        yield Item("end", key, index=index)

    def rest(self, layout: Layout) -> Iterator[list[Any]]:
        """The records of the events from the record starting where the file stands (after
        ``layout.start``), as lists; :attr:`end` is then the offset after the last one."""
        self._base = self._file.tell()
        self._more(0)
        count = 0
        for records in self._records("events"):
            self.batches.append(Batch(count, self._batch_start, self._batch_end))
            yield records
            count += len(records)
        self.end = self._base + self._pos

    def _records(
        self, key: str, decode: Callable[[bytes], Any] | None = None
    ) -> Iterator[list[Any]]:
        """Batches of records, from the current position (a record's start) to the end of
        the collection (the position is left after the last record) or to :attr:`stop_at`;
        ``decode``: of each cut instead of the collection's decoder, unscreened (only to find
        where the records are)."""
        screened = decode is None and key in self._screened
        if decode is None:
            decode = self._decoders.get(key, _PLAIN)
        while True:
            end = self._cut()
            data = b"[" + self._buf[self._pos : end] + b"]"
            try:
                records, plain = _decoded(decode, data)
            except msgspec.DecodeError:
                # The count was misled by a string holding a brace, or the cut ran past the
                # collection's end: cut again by the exact scan. (Looking for the collection's
                # end in every batch would cost more than this, once a collection.)
                end = self._exact_cut()
                data = b"[" + self._buf[self._pos : end] + b"]"
                try:
                    records, plain = _decoded(decode, data)
                except msgspec.DecodeError as exc:
                    raise NotBatchable(f"a batch of {key!r} is not JSON: {exc}") from None
            if plain and deep_path(records, MAX_DEPTH + 1) is not None:  # a record is 1 deep
                raise NotBatchable(f"a batch of {key!r} nests too deeply")
            if (plain or screened) and _may_repeat_a_key(data, records, self._written):
                raise NotBatchable(f"a batch of {key!r} may hold a key twice in one object")
            del data
            self._batch_start = self._base + self._pos
            self._batch_end = self._base + end
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

    def _limit(self) -> int:
        """The end of the current batch's bytes: a batch's size from the current position,
        read into the buffer (or the buffer's end at the end of the file), and no further
        than :attr:`stop_at`."""
        limit = self._pos + BATCH
        while limit > len(self._buf) and self._more(self._pos):
            limit = self._pos + BATCH
        limit = min(limit, len(self._buf))
        if self.stop_at is not None:
            limit = min(limit, self.stop_at - self._base)
        return limit

    def _cut(self) -> int:
        """The end of the last record that the braces counted from the current position (a
        record's start) say ends within a batch's size, and that a comma or ``]`` follows;
        else (the first record is larger, or the count found none) the exact scan's cut."""
        at = self._limit()  # (which may read more: the buffer is taken after)
        buf, pos = self._buf, self._pos
        depth = buf.count(b"{", pos, at) - buf.count(b"}", pos, at)  # open at ``at``
        for _ in range(_STEPS):
            close = buf.rfind(b"}", pos, at)
            if close < 0:
                break
            depth -= buf.count(b"{", close + 1, at)  # open after the "}"
            if depth == 0 and _FOLLOWS.match(buf, close + 1):
                return close + 1
            depth += 1  # open before it
            at = close
        return self._exact_cut()

    def _exact_cut(self) -> int:
        """The end of the last whole record within a batch's size from the current position
        (a record's start), or of the first record when it is larger, found by the exact
        scan (:data:`RECORDS`)."""
        while True:
            found = RECORDS.match(self._buf, self._pos, self._limit())
            if found is None:  # the first record is larger than a batch: up to its end
                found = _FIRST.match(self._buf, self._pos)
                if (
                    found is not None
                    and self.stop_at is not None
                    and found.end() > self.stop_at - self._base
                ):
                    raise NotBatchable("the place to stop is not a record's start")
            if found is not None:
                return found.end()
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
