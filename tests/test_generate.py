"""The benchmark generator writes valid, canonical, deterministic datasets, and its mutations
are each caught by validation where they were made."""

from __future__ import annotations

import json
import re

import pytest

import timeline
from benchmarks.generate import MUTATION_KINDS, generate, mutations_path, texts_dir
from timeline.reading.document import check_file

EVENTS = 300


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    path = tmp_path_factory.mktemp("valid") / "events.json"
    generate(path, EVENTS, seed=7)
    return path


@pytest.fixture(scope="module")
def invalid(tmp_path_factory):
    path = tmp_path_factory.mktemp("invalid") / "events.json"
    generate(path, 2 * EVENTS, seed=7, invalid=0.1)
    return path


def test_a_generated_dataset_has_no_problems(valid):
    problems, dataset = check_file(valid)
    assert [str(p) for p in problems] == []
    assert dataset is not None
    assert len(dataset.events) == EVENTS
    assert {e.evidence[0].source for e in dataset.events} == {s.id for s in dataset.sources}


def test_the_source_texts_count_code_points_not_bytes(valid):
    texts = sorted(texts_dir(valid).glob("source-*.txt"))
    assert texts
    for text in texts:
        data = text.read_bytes()
        assert len(data.decode("utf-8")) < len(data)  # not ASCII: offsets are code points


def test_generation_is_deterministic(valid, tmp_path):
    again = tmp_path / valid.name
    generate(again, EVENTS, seed=7)
    assert again.read_bytes() == valid.read_bytes()
    first = {p.name: p.read_bytes() for p in texts_dir(valid).iterdir()}
    second = {p.name: p.read_bytes() for p in texts_dir(again).iterdir()}
    assert first == second


def test_another_seed_gives_another_dataset(valid, tmp_path):
    other = tmp_path / valid.name
    generate(other, EVENTS, seed=8)
    assert other.read_bytes() != valid.read_bytes()


def test_the_output_is_canonical(valid):
    text = valid.read_text(encoding="utf-8")
    assert timeline.dumps(timeline.load(valid)) == text


def test_every_mutation_is_caught_where_it_was_made(invalid):
    record = json.loads(mutations_path(invalid).read_text(encoding="utf-8"))
    mutations = {m["index"]: m for m in record["mutations"]}
    assert len(mutations) == round(0.1 * 2 * EVENTS)
    assert len({m["kind"] for m in mutations.values()}) >= len(MUTATION_KINDS) - 2

    problems, dataset = check_file(invalid)
    assert dataset is None
    found: dict[int, set[str]] = {}
    for problem in problems:
        match = re.fullmatch(r"/events/(\d+)(?:/.*)?", problem.pointer)
        assert match is not None, f"a problem outside the events: {problem}"
        index = int(match.group(1))
        assert index in mutations, f"a problem in an unmutated event: {problem}"
        found.setdefault(index, set()).add(problem.code)
    for index, mutation in mutations.items():
        assert index in found, f"mutation not caught: {mutation}"
        assert found[index] & set(mutation["codes"]), (mutation, found[index])


def test_a_valid_dataset_leaves_no_stale_mutation_list(tmp_path):
    path = tmp_path / "events.json"
    generate(path, 20, seed=1, invalid=0.5)
    assert mutations_path(path).exists()
    generate(path, 20, seed=1)
    assert not mutations_path(path).exists()
    assert check_file(path)[0] == []


def test_every_phrase_of_time_the_generator_writes_leaves_its_date_as_precise_as_it_is():
    """A generated ``date_text`` never resolves to a span that holds a finer date (validation
    warns of that, and one warning in a million events sends the whole file to the exact
    reader): each phrase resolves to one day, or not at all."""
    import datetime

    from benchmarks.synthetic.vocabulary import WHEN
    from timeline.errors import DatePhraseError

    published = datetime.date(2021, 8, 30)
    for phrase in WHEN:
        try:
            resolved = timeline.resolve_phrase(phrase, published)
        except DatePhraseError:
            continue
        assert resolved.earliest == resolved.latest, phrase
