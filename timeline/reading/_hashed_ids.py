"""Ids kept as hashes: what the fast path needs to know of a million event ids, in 16 bytes each.

Checking that ids are unique and that references resolve needs every id until the end of the
file. Kept as strings in a table (as the exact reader keeps them, to say where the first use
stands and which ids are closest), a million event ids take some 150 MB, more than the rest
of a streamed validation together. The fast path only has to answer "no problem", so it keeps
each id as two 64-bit hashes of it (the interpreter's keyed string hash of the id and of the id
with a NUL after it), in arrays of machine integers split into buckets by the low bits of the
first hash, and checks uniqueness and references bucket by bucket at the end.

Two different ids have the same pair of hashes with a probability of about 2^-128: a false
"duplicate" costs only the exact reader's second reading (which finds no problem); a
reference taken as resolved although its id is missing would need such a pair, which is far
less likely than a fault of the machine.
"""

from __future__ import annotations

from array import array

__all__ = ["HashedIds"]

_BUCKETS = 256  # a million ids: about 4,000 in each, so each check holds little at a time


class HashedIds:
    """Ids and references to them, kept as pairs of hashes."""

    def __init__(self) -> None:
        self._ids = [array("q") for _ in range(_BUCKETS)]
        self._refs = [array("q") for _ in range(_BUCKETS)]

    def add(self, record_id: str) -> None:
        """Note a record's id."""
        first = hash(record_id)
        bucket = self._ids[first % _BUCKETS]
        bucket.append(first)
        bucket.append(hash(record_id + "\0"))

    def refer(self, target: str) -> None:
        """Note a reference to a record's id, resolved (or not) by :meth:`check`."""
        first = hash(target)
        bucket = self._refs[first % _BUCKETS]
        bucket.append(first)
        bucket.append(hash(target + "\0"))

    def extend(self, other: HashedIds) -> None:
        """Take in the ids and references of ``other`` (kept in the same process's hashes)."""
        for mine, theirs in zip(self._ids, other._ids, strict=True):
            mine.extend(theirs)
        for mine, theirs in zip(self._refs, other._refs, strict=True):
            mine.extend(theirs)

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._ids) // 2

    def check(self) -> tuple[str, str] | None:
        """The problem's code and message when two ids may be the same or a reference may
        name no record, or None."""
        for ids, refs in zip(self._ids, self._refs, strict=True):
            pairs = set(zip(ids[::2], ids[1::2], strict=True))
            if 2 * len(pairs) != len(ids):
                return "duplicate-id", "two records may have the same id"
            if not pairs.issuperset(zip(refs[::2], refs[1::2], strict=True)):
                return "unknown-event", "a reference may name no record"
        return None
