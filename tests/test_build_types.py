"""``timeline build``: every value of an annotation is type-checked, texts are read under the
texts root, and a quote's search and its messages stay small whatever the quote."""

from __future__ import annotations

import datetime
import json
import math
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_build import GUIDE_ANNOTATION, GUIDE_DATASET, GUIDE_TEXT, PROBLEM_LINE
from timeline.curation.build import build_seeds
from timeline.reading.result import ExitCode

TEXT_NAME = "2024-03-07-storm-closes-harbour.txt"
ANNOTATION_NAME = "2024-03-07-storm-closes-harbour.toml"
FILES = {"dataset.toml": GUIDE_DATASET, ANNOTATION_NAME: GUIDE_ANNOTATION}


# -- a TOML writer for the tests, in the plain style the annotations use -----------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_scalar(v)}" for k, v in value.items()) + " }"
    return repr(value)


def _lines(table: dict[str, Any]) -> list[str]:
    return [f"{key} = {_scalar(value)}" for key, value in table.items()]


def to_toml(document: dict[str, Any]) -> str:
    """TOML text of ``document``: tables and arrays of tables as sections, the rest inline."""
    top, sections = [], []
    for key, value in document.items():
        if isinstance(value, dict):
            sections += [f"[{key}]", *_lines(value), ""]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for element in value:
                sections += [f"[[{key}]]", *_lines(element), ""]
        else:
            top.append(f"{key} = {_scalar(value)}")
    return "\n".join([*top, "", *sections])


def _paths(value: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place of a value below the document."""
    found = [at] if at else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*at, index))
    return found


def _replaced(document: Any, path: tuple[str | int, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {k: _replaced(v, rest, new) if k == head else v for k, v in document.items()}
    return [_replaced(v, rest, new) if i == head else v for i, v in enumerate(document)]


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for token in path:
        document = document[token]
    return document


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
#: A value of each TOML type, by the name of the type.
TOML_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "string": _TEXT,
    "integer": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(allow_nan=False),
    "boolean": st.booleans(),
    "date": st.dates(),
    "date-time": st.datetimes(),
    "time": st.times(),
    "array": st.lists(st.integers(0, 9) | _TEXT, max_size=3),
    "table": st.dictionaries(
        st.from_regex(r"[a-z]{1,6}", fullmatch=True), st.integers(), max_size=2
    ),
}


def _kind(value: Any) -> str:
    for name, kind in (
        ("boolean", bool),
        ("integer", int),
        ("float", float),
        ("string", str),
        ("date-time", datetime.datetime),
        ("date", datetime.date),
        ("time", datetime.time),
        ("array", list),
        ("table", dict),
    ):
        if isinstance(value, kind):
            return name
    raise AssertionError(value)


MUTATIONS = [
    (name, path, kind)
    for name, text in FILES.items()
    for path in _paths(tomllib.loads(text))
    for kind in TOML_VALUES
    if kind != _kind(_at(tomllib.loads(text), path))
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MUTATIONS), st.data())
def test_every_value_of_the_wrong_toml_type_is_a_located_problem(mutation, data):
    name, path, kind = mutation
    new = data.draw(TOML_VALUES[kind], label="value")
    document = _replaced(tomllib.loads(FILES[name]), path, new)
    text = to_toml(document)
    assert tomllib.loads(text) == document
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder) / "seeds"
        seeds.mkdir()
        for file_name, content in {**FILES, name: text}.items():
            (seeds / file_name).write_text(content, encoding="utf-8")
        (seeds / TEXT_NAME).write_text(GUIDE_TEXT, encoding="utf-8")
        result = build_seeds(seeds, Path(folder) / "data" / "out.json", texts_root=seeds)
    assert result.dataset is None
    pointer = "/" + "/".join(str(token) for token in path)
    problems = [p for f in result.files if Path(f.path).name == name for p in f.problems]
    placed = [p for p in problems if p.pointer == pointer or p.pointer.startswith(pointer + "/")]
    assert placed, (pointer, new, problems)


def _seeds(folder: Path, **replace: tuple[str, str]) -> Path:
    """The guide's seeds with a line of one of its files replaced: ``file=(old, new)``."""
    seeds = folder / "seeds"
    seeds.mkdir()
    for file_name, content in FILES.items():
        for old, new in [v for k, v in replace.items() if FILES.get(_file(k)) is content]:
            assert old in content
            content = content.replace(old, new, 1)
        (seeds / file_name).write_text(content, encoding="utf-8")
    (seeds / TEXT_NAME).write_text(GUIDE_TEXT, encoding="utf-8")
    return seeds


def _file(key: str) -> str:
    return "dataset.toml" if key == "index" else ANNOTATION_NAME


def _problems(
    run_cli, seeds: Path, tmp_path: Path, cwd: Path | None = None
) -> list[dict[str, str]]:
    out = str(tmp_path / "out.json")
    result = run_cli("build", str(seeds), "-o", out, cwd=cwd or tmp_path)
    assert result.returncode == ExitCode.INVALID, result.stdout + result.stderr
    assert result.stderr == b""
    lines = result.stdout.decode().splitlines()
    assert lines[-1].startswith("build failed: ")
    printed = [m.groupdict() for line in lines[:-1] if (m := PROBLEM_LINE.match(line))]
    assert len(printed) == len(lines) - 1, lines
    assert not (tmp_path / "out.json").exists()
    return printed


STRING_FOR_ARRAY = {
    "aliases": (
        "index",
        'aliases = ["harbour authority", "the authority"]',
        'aliases = "IS"',
        ("dataset.toml", "13", "/actors/0/aliases"),
    ),
    "quotes": (
        "annotation",
        'quotes = [\n  "The authority closed the port on Tuesday after a storm tore away '
        'part of the pier.",\n]',
        'quotes = "W"',
        (ANNOTATION_NAME, "19", "/events/0/quotes"),
    ),
}


@pytest.mark.parametrize("key", sorted(STRING_FOR_ARRAY))
def test_a_string_where_an_array_belongs_is_named_at_its_line(run_cli, tmp_path, key):
    which, old, new, where = STRING_FOR_ARRAY[key]
    seeds = _seeds(tmp_path, **{which: (old, new)})
    printed = _problems(run_cli, seeds, tmp_path)
    got = [
        (Path(p["file"]).name, p["line"], p["pointer"], p["code"], p["message"]) for p in printed
    ]
    assert got == [(*where, "schema-type", "expected an array, got a string")]


def test_a_text_outside_the_seeds_is_refused_and_not_echoed(run_cli, tmp_path):
    secret = tmp_path / "hostname"
    secret.write_text("SECRET host name, a quote the build must not echo\n", encoding="utf-8")
    for path in (str(secret), "../hostname"):
        work = tmp_path / path.replace("/", "_").replace(".", "_")
        work.mkdir()
        seeds = _seeds(work, annotation=(f'text = "{TEXT_NAME}"', f'text = "{path}"'))
        if path.startswith(".."):
            (work / "hostname").write_bytes(secret.read_bytes())
        printed = _problems(run_cli, seeds, work, cwd=seeds)  # the texts root: seeds/
        assert [(p["pointer"], p["code"]) for p in printed] == [
            ("/document/text", "source-text-refused")
        ]
        assert "SECRET" not in printed[0]["message"]


def test_the_texts_root_of_build_can_be_widened(run_cli, tmp_path):
    shared = tmp_path / "texts"
    shared.mkdir()
    (shared / TEXT_NAME).write_text(GUIDE_TEXT, encoding="utf-8")
    seeds = _seeds(tmp_path, annotation=(f'text = "{TEXT_NAME}"', f'text = "../texts/{TEXT_NAME}"'))
    out = tmp_path / "data" / "out.json"
    refused = run_cli("build", str(seeds), "-o", str(out), cwd=seeds)
    assert refused.returncode == ExitCode.INVALID
    assert b"[source-text-refused]" in refused.stdout
    built = run_cli("build", str(seeds), "-o", str(out), "--texts-root", str(tmp_path), cwd=seeds)
    assert built.returncode == ExitCode.VALID, built.stdout + built.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["sources"][0]["path"] == (
        f"../texts/{TEXT_NAME}"
    )


# -- quotes in a long text: bounded messages ---------------------------------------------------

LONG_TEXT = ("The harbour authority said the repairs had begun. " * 4000) + "\n" + GUIDE_TEXT


def _long(tmp_path: Path, quote: str) -> list[str]:
    seeds = _seeds(
        tmp_path,
        annotation=(
            '"The authority closed the port on Tuesday after a storm tore away part of the pier."',
            quote,
        ),
    )
    (seeds / TEXT_NAME).write_text(LONG_TEXT, encoding="utf-8")
    result = build_seeds(seeds, tmp_path / "out.json", texts_root=seeds)
    assert result.dataset is None
    return [f"{p.code}: {p.message}" for f in result.files for p in f.problems]


def test_a_common_quote_names_a_few_lines_only(tmp_path):
    (message,) = _long(tmp_path, '"the"')
    assert message.startswith("quote-ambiguous: the quote stands at least 1000 times")
    assert len(message) < 300


def test_a_long_quote_not_found_shows_a_short_passage(tmp_path):
    quote = "The harbour authority said the repairs had begun, " * 200
    (message,) = _long(tmp_path, json.dumps(quote))
    assert message.startswith("quote-not-found: the quote is not in the text; ")
    found = re.search(r"the closest passage is at line 1: '([^']*)'…$", message)
    assert found, message
    assert found[1] == LONG_TEXT[:80]


def test_an_occurrence_below_1_is_named(tmp_path):
    (message,) = _long(tmp_path, '{ text = "the", occurrence = 0 }')
    assert message == "quote-occurrence: occurrence 0 asked: occurrences are counted from 1"


def test_a_subtype_of_another_type_is_named_at_its_line(run_cli, tmp_path):
    seeds = _seeds(tmp_path, annotation=('subtype = "pledge"', 'subtype = "ceasefire"'))
    printed = _problems(run_cli, seeds, tmp_path)
    line = GUIDE_ANNOTATION.splitlines().index('subtype = "pledge"') + 1
    assert [(Path(p["file"]).name, p["line"], p["pointer"], p["code"]) for p in printed] == [
        (ANNOTATION_NAME, str(line), "/events/1/subtype", "subtype-mismatch")
    ]
