"""The ids of the fast path, kept as hashes, against plain sets of strings."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from timeline._hashed_ids import HashedIds

IDS = st.lists(st.text(min_size=1, max_size=12), max_size=60)


def _kept(ids: list[str], refs: list[str]) -> HashedIds:
    kept = HashedIds()
    for record_id in ids:
        kept.add(record_id)
    for target in refs:
        kept.refer(target)
    return kept


def _expected(ids: list[str], refs: list[str]) -> str | None:
    if len(set(ids)) != len(ids):
        return "duplicate-id"
    if not set(refs) <= set(ids):
        return "unknown-event"
    return None


@given(ids=IDS, refs=IDS)
def test_check_answers_what_sets_of_the_strings_answer(ids, refs):
    kept = _kept(ids, refs)
    assert len(kept) == len(ids)
    if _expected(ids, refs) is None:
        assert kept.check() is None
    else:
        assert kept.check() is not None


@given(ids=IDS, refs=IDS, cut=st.integers(min_value=0, max_value=60))
def test_two_halves_taken_in_answer_what_the_whole_answers(ids, refs, cut):
    first = _kept(ids[:cut], refs[:cut])
    second = pickle.loads(pickle.dumps(_kept(ids[cut:], refs[cut:])))  # as sent between processes
    first.extend(second)
    assert len(first) == len(ids)
    assert (first.check() is None) == (_expected(ids, refs) is None)


def test_each_kind_of_problem_is_told():
    assert _kept(["a", "b"], ["b", "a", "b"]).check() is None
    assert _kept(["a", "b", "a"], []).check() == (
        "duplicate-id",
        "two records may have the same id",
    )
    assert _kept(["a", "b"], ["c"]).check() == ("unknown-event", "a reference may name no record")
    # An id and the same id with a NUL after it are different ids.
    assert _kept(["a", "a\0"], ["a\0"]).check() is None


@given(ids=IDS, cut=st.integers(min_value=0, max_value=60))
def test_the_ids_noted_twice_are_named_by_the_order_they_were_noted_in(ids, cut):
    """Each id used more than once, by its hashes, with every index it stands at (the first
    first), whether noted by one process or by two taken in."""
    first = _kept(ids[:cut], [])
    first.extend(pickle.loads(pickle.dumps(_kept(ids[cut:], []))))
    expected = {}
    for index, record_id in enumerate(ids):
        expected.setdefault(record_id, []).append(index)
    twice = {
        HashedIds.hashes(record_id): indexes
        for record_id, indexes in expected.items()
        if len(indexes) > 1
    }
    unresolved, found = first.faults()
    assert not unresolved
    assert dict(found) == twice
    assert [indexes[0] for _, indexes in found] == sorted(indexes[0] for indexes in twice.values())


@given(
    ids=st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=40),
    refs=st.lists(st.tuples(st.integers(min_value=0), st.text(max_size=6)), max_size=40),
    cut=st.integers(min_value=0, max_value=40),
)
def test_references_to_no_record_are_named_by_the_record_that_made_them(ids, refs, cut):
    """Each record notes its id, then its references (as the checkers do): each target no
    record has, by its hashes, with the index of every record that names it, whether noted by
    one process or by two taken in."""
    made: dict[int, list[str]] = {}
    for at, target in refs:
        made.setdefault(at % len(ids), []).append(target)

    def kept(indexes: range) -> HashedIds:
        noted = HashedIds()
        for index in indexes:
            noted.add(ids[index])
            for target in made.get(index, []):
                noted.refer(target)
        return noted

    cut = min(cut, len(ids))
    first = kept(range(cut))
    first.extend(pickle.loads(pickle.dumps(kept(range(cut, len(ids))))))
    expected: dict[tuple[int, int], list[int]] = {}
    for index in sorted(made):
        for target in made[index]:
            if target not in ids:
                expected.setdefault(HashedIds.hashes(target), []).append(index)
    unresolved, _ = first.faults()
    assert dict(unresolved) == expected
    assert [orders[0] for _, orders in unresolved] == sorted(o[0] for o in expected.values())
