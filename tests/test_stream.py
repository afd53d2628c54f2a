"""The stream reader gives the same answers whatever the size of its buffer.

A file is read a chunk at a time; a record, a string, a number, a multi-byte character or a
line may be cut by a chunk's end. Reading every test file with chunks of a few bytes must
give exactly the problems (with lines and columns) that reading it in one piece gives.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys

import pytest

from tests.conftest import DATA
from timeline.reading import _record_stream, validation
from timeline.reading._record_stream import Reader
from timeline.reading.document import check_document, check_file, check_stream
from timeline.reading.validation import _Checker

ROOT = DATA.parent.parent
FILES = sorted(
    [
        *(DATA / "valid").glob("*.json"),
        *(p / "dataset.json" for p in (DATA / "invalid").iterdir() if p.is_dir()),
        *(p / "dataset.json" for p in (DATA / "warning").iterdir() if p.is_dir()),
        ROOT / "data" / "afghanistan-2021-seed.json",
    ]
)


def _answers(path, chunk, monkeypatch):
    monkeypatch.setattr(_record_stream, "_CHUNK", chunk)
    with path.open("rb") as stream:
        problems, dataset = check_stream(stream, base_dir=path.parent, records=True)
    return [(p.code, p.pointer, p.line, p.column, p.message) for p in problems], dataset


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_small_chunks_give_the_same_answers(path, chunk, monkeypatch):
    whole = _answers(path, 1 << 20, monkeypatch)
    assert _answers(path, chunk, monkeypatch) == whole


def test_lines_and_columns_point_at_the_value():
    text = (DATA / "invalid" / "wrong-types" / "dataset.json").read_text(encoding="utf-8")
    problems, _ = check_document(text)
    lines = text.splitlines()
    for problem in problems:
        assert problem.line is not None
        assert problem.column is not None
        at = lines[problem.line - 1][problem.column - 1 :]
        key = problem.pointer.rsplit("/", 1)[-1]
        # the value of the key the pointer ends with starts there
        assert at.startswith(("5", "{", '"101"')), (problem, at, key)


def test_a_record_larger_than_the_buffer(monkeypatch):
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    del document["sources"][0]["path"], document["sources"][0]["sha256"]
    document["events"][0]["summary"] = "é🙂 " * 5000
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    monkeypatch.setattr(_record_stream, "_CHUNK", 100)
    problems, dataset = check_stream(io.BytesIO(data), records=True)
    assert problems == []
    assert dataset is not None
    assert dataset.events[0].summary == "é🙂 " * 5000


def test_a_multibyte_character_cut_by_a_chunk_is_read_whole(monkeypatch):
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    document["title"] = "ÉÉÉ 🙂 قندهار"
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    for chunk in range(1, 9):
        monkeypatch.setattr(_record_stream, "_CHUNK", chunk)
        problems, dataset = check_stream(io.BytesIO(data), records=True)
        assert dataset is not None, problems
        assert dataset.title == "ÉÉÉ 🙂 قندهار"


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ('{"id": "a"} {}', "json-syntax", (1, 13)),
        ('{"events": [{}, ]}', "json-syntax", (1, 17)),
        ('{"id": "a", "id": "b"}', "json-duplicate-key", (1, 13)),
        ('{"events": [1e99999]}', "", None),
        ("  \n\t ", "json-empty", None),
        ('{"id": 12345678901234567890123}', "schema-type", (1, 8)),
    ],
)
def test_faults_of_the_text(text, code, where):
    problems, dataset = check_document(text)
    assert dataset is None
    if code:
        found = [p for p in problems if p.code == code]
        assert found, problems
        if where is not None:
            assert (found[0].line, found[0].column) == where


def _many_texts(tmp_path, count):
    """The minimal dataset with ``count`` more sources, each with a short text of its own,
    and an event citing each of them in turn, twice over."""
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    for k in range(count):
        text = f"Text number {k:04}."
        (tmp_path / f"t{k}.txt").write_text(text, encoding="utf-8")
        document["sources"].append(
            {
                "id": f"t{k}",
                "title": f"Text {k}",
                "language": "en",
                "published": "2021-08-28",
                "path": f"t{k}.txt",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        )
    cited = [
        {"source": f"t{k % count}", "quote": "Text", "start": 0, "end": 4} for k in range(2 * count)
    ]
    document["events"][1]["evidence"].extend(cited)
    (tmp_path / "minimal.txt").write_bytes((DATA / "valid" / "minimal.txt").read_bytes())
    return document


def test_only_a_bounded_part_of_the_source_texts_is_held(tmp_path, monkeypatch):
    monkeypatch.setattr(validation, "_TEXTS_KEPT", 400)  # bytes: about six of the texts
    document = _many_texts(tmp_path, 40)
    checker = _Checker(tmp_path, records=False)
    reader = Reader(json.dumps(document, indent=2))
    assert list(checker.run(reader.items())) == []
    assert all(facts.read for facts in checker.sources.values())
    assert 1 < len(checker.texts) < 40
    assert 0 < checker.texts_size <= 400
    assert checker.texts_size == sum(sys.getsizeof(text) for text in checker.texts.values())


def test_small_texts_are_each_read_once_whatever_the_order_of_their_quotes(tmp_path, monkeypatch):
    """Quotes that cite many sources in turn do not read their texts again and again."""
    document = _many_texts(tmp_path, 40)
    read: list[str] = []
    real = _Checker._text_bytes

    def counting(self, facts):
        read.append(facts.path)
        return real(self, facts)

    monkeypatch.setattr(_Checker, "_text_bytes", counting)
    checker = _Checker(tmp_path, records=False)
    assert list(checker.run(Reader(json.dumps(document, indent=2)).items())) == []
    assert len(read) == len(set(read)) == 41  # the 40 texts and the minimal one


def test_reading_texts_again_is_bounded_and_the_quotes_left_are_said(tmp_path, monkeypatch):
    """Texts too large to hold together, cited in turn, are read again only up to a cap;
    the quotes that would need more are not checked, and a warning says so."""
    monkeypatch.setattr(validation, "_TEXTS_KEPT", 10)  # bytes: less than a text
    monkeypatch.setattr(validation, "_REREAD_CAP", 200)  # ten texts read again
    document = _many_texts(tmp_path, 40)
    path = tmp_path / "many.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    problems, dataset = check_file(path)
    assert dataset is not None  # warnings only
    unchecked = [p for p in problems if p.code == "source-text-unchecked"]
    assert unchecked
    assert all(p.severity.value == "warning" for p in unchecked)
    assert {p.pointer for p in unchecked} <= {f"/sources/{k}/path" for k in range(1, 41)}
    assert all("reading them again was stopped" in p.message for p in unchecked)
    assert _key(problems) == _key(check_document(path.read_bytes(), base_dir=tmp_path)[0])


def _key(problems):
    return sorted((p.code, p.pointer, p.message) for p in problems)
