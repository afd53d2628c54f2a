"""Ids kept as hashes: what the fast path needs to know of a million event ids, in 24 bytes each.

Checking that ids are unique and that references resolve needs every id until the end of the
file. Kept as strings in a table (as the exact reader keeps them, to say where the first use
stands and which ids are closest), a million event ids take some 150 MB, more than the rest
of a streamed validation together. The fast path needs neither the string nor a table, so it
keeps each id as two 64-bit hashes of it (the interpreter's keyed string hash of the id and
of the id with a NUL after it), in arrays of machine integers split into buckets by the low
bits of the first hash, and checks uniqueness and references bucket by bucket at the end.
Beside each id stands the order in which it was noted (the record's index when each record
notes its id once, in order): the ids found twice are named by it, and the exact reader reads
just those records to say which id and where. Beside each reference stands the order of the
last id noted before it (the record that holds it, when a record notes its id before its
references): a reference that names no record is named by it, and read again the same way.

Two different ids have the same pair of hashes with a probability of about 2^-128: a false
"duplicate" is told by the ids read again, and costs only the exact reader's second reading; a
reference taken as resolved although its id is missing would need such a pair, which is far
less likely than a fault of the machine.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TypeAlias

    #: What arrays are sent and received as (bytes, or the arrays themselves).
    Buffer: TypeAlias = bytes | bytearray | memoryview | array[int]

__all__ = ["HashedIds", "Noted"]

_BUCKETS = 256  # a million ids: about 4,000 in each, so each check holds little at a time


class HashedIds:
    """Ids and references to them, kept as pairs of hashes."""

    def __init__(self) -> None:
        #: Three integers an id: its two hashes and the order it was noted in.
        self._ids = [array("q") for _ in range(_BUCKETS)]
        self._refs = [array("q") for _ in range(_BUCKETS)]
        self._count = 0  # the ids noted

    def add(self, record_id: str) -> None:
        """Note a record's id."""
        first = hash(record_id)
        bucket = self._ids[first % _BUCKETS]
        bucket.append(first)
        bucket.append(hash(record_id + "\0"))
        bucket.append(self._count)
        self._count += 1

    def refer(self, target: str, order: int | None = None) -> None:
        """Note a reference to a record's id, made by the record whose id was noted last
        (or noted as ``order``, as :meth:`resolve` needs); resolved (or not) by
        :meth:`check`."""
        first = hash(target)
        bucket = self._refs[first % _BUCKETS]
        bucket.append(first)
        bucket.append(hash(target + "\0"))
        bucket.append(self._count - 1 if order is None else order)

    def extend(
        self,
        other: HashedIds,
        *,
        referred: int | None = None,
        receive: Callable[[], Buffer] | None = None,
    ) -> None:
        """Take in the ids and references of ``other`` (kept in the same process's hashes):
        the orders of its ids follow this one's, and so do those of its references (or they
        follow ``referred``, the references noted here, when each was noted with its own
        order). With ``receive``, ``other`` was sent without its arrays (:meth:`detach`):
        they are the buffers ``receive`` gives next, each appended here as it comes."""
        kept_there = (*other._ids, *other._refs)
        take = receive or iter([memoryview(kept).cast("B") for kept in kept_there]).__next__
        before = self._count
        for kept in self._ids:
            _append_shifted(kept, take(), before)
        self._count += other._count
        shift = before if referred is None else referred
        for kept in self._refs:
            _append_shifted(kept, take(), shift)

    def detach(self) -> list[array[int]]:
        """Take out the arrays of hashes (this keeps empty ones, and its count): a process
        sends them apart, each as it is (see :meth:`extend`)."""
        taken = [*self._ids, *self._refs]
        self.release()
        return taken

    def release(self) -> None:
        """Let go of the hashes (their count stays): once :meth:`faults` or :meth:`resolve`
        has been asked, what comes next need not hold them."""
        self._ids = [array("q") for _ in range(_BUCKETS)]
        self._refs = [array("q") for _ in range(_BUCKETS)]

    def resolve(
        self, references: int, position_of: array[int]
    ) -> tuple[array[int], dict[int, int]]:
        """What each reference names, when each of the ``references`` was noted with its own
        order (0, 1, ...), among the ids that have a position (``position_of``: of each id's
        order, a position, or -1 for an id that has none): the position of the first id with
        its hashes that has one (-1: none); and of each position whose id a position before
        it has, the position of the first. One pass over the buckets; what it holds at a time
        is one bucket's."""
        named = array("q", [-1]) * references
        later: dict[int, int] = {}
        for ids, refs in zip(self._ids, self._refs, strict=True):
            first: dict[tuple[int, int], int] = {}
            for pair, order in _noted(ids):
                position = position_of[order]
                if position < 0:
                    continue
                kept = first.setdefault(pair, position)
                if kept != position:
                    later[position] = kept
            for pair, order in _noted(refs):
                named[order] = first.get(pair, -1)
        return named, later

    def __len__(self) -> int:
        return self._count

    def check(self) -> tuple[str, str] | None:
        """The problem's code and message when two ids may be the same or a reference may
        name no record, or None."""
        unresolved, duplicates = self.faults()
        if unresolved:
            return "unknown-event", "a reference may name no record"
        if duplicates:
            return "duplicate-id", "two records may have the same id"
        return None

    def faults(self) -> tuple[Noted, Noted]:
        """The references that may name no record and the ids noted more than once: the two
        hashes of each, and the orders of the records that made the references (ascending)
        or that the id was noted in, in the order of each one's first. One pass over the
        buckets."""
        unresolved: Noted = []
        duplicates: Noted = []
        for ids, refs in zip(self._ids, self._refs, strict=True):
            unique = set(zip(ids[::3], ids[1::3], strict=True))
            pairs = zip(refs[::3], refs[1::3], strict=True)
            if not unique.issuperset(pairs):
                unresolved.extend(_orders(refs, unique))
            if 3 * len(unique) != len(ids):
                duplicates.extend(
                    (pair, kept) for pair, kept in _orders(ids, set()) if len(kept) > 1
                )
        unresolved.sort(key=lambda fault: fault[1][0])
        duplicates.sort(key=lambda fault: fault[1][0])
        return unresolved, duplicates

    @staticmethod
    def hashes(record_id: str) -> tuple[int, int]:
        """The two hashes an id is kept as."""
        return hash(record_id), hash(record_id + "\0")


def _append_shifted(kept: array[int], taken: Buffer, by: int) -> None:
    """Append the notes of ``taken`` (a bucket's, three integers a note) to ``kept``, each
    order (every third integer) added ``by``."""
    start = len(kept)
    kept.frombytes(taken)
    if by:
        kept[start + 2 :: 3] = array("q", (order + by for order in kept[start + 2 :: 3]))


#: Pairs of hashes, each with the orders it was noted at.
Noted = list[tuple[tuple[int, int], list[int]]]


def _noted(bucket: array[int]) -> Iterator[tuple[tuple[int, int], int]]:
    """The notes of a bucket of three integers a note: the pair of hashes, and the order."""
    return zip(zip(bucket[::3], bucket[1::3], strict=True), bucket[2::3], strict=True)


def _orders(noted: array[int], leave_out: set[tuple[int, int]]) -> Noted:
    """The pairs of hashes of a bucket of three integers a note (``noted``), but those of
    ``leave_out``, each with the orders it was noted at, ascending."""
    orders: dict[tuple[int, int], list[int]] = {}
    for pair, order in _noted(noted):
        if pair not in leave_out:
            orders.setdefault(pair, []).append(order)
    return [(pair, sorted(kept)) for pair, kept in orders.items()]
