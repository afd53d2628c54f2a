"""The published schemas work in other validators: ajv 8 (Draft 2020-12, ajv-formats) compiles
them in strict mode given the `edtf` format docs/validation.md registers, and gives the seed
and every mutant made from the schema (each breaking one of its rules once) the verdict of
`timeline validate`; the `edtf` pattern refuses what the date parser refuses, but for the
order of an interval's ends, which is the format's."""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from tests.conftest import timeline_command
from tests.strategies_dates import edtf_strings
from timeline.dates import is_edtf, parse_edtf
from timeline.errors import EdtfError
from timeline.schema import DATASET_SCHEMA_IDS, dataset_schema, ecma_regex, resolve_ref

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
NODE_MODULES = ROOT / "tests" / "js" / "node_modules"
NODE = shutil.which("node")


# -- the edtf pattern against the date parser ----------------------------------------------------


def _parser_verdict(text: str) -> bool:
    """What a validator without the format must answer: True when the parser takes the date
    or refuses it only because the interval ends before it starts."""
    try:
        parse_edtf(text)
    except EdtfError as error:
        return error.code == "date-reversed"
    return True


def _points() -> list[str]:
    years = ["0000", "0001", "0004", "0100", "1900", "2000", "2020", "2021", "2100", "9999"]
    found: list[str] = []
    for year in years:
        found.append(year)
        for month in range(0, 14):
            found.append(f"{year}-{month:02d}")
            found += [f"{year}-{month:02d}-{day:02d}" for day in range(0, 33)]
    found += ["2021-21", "2021-8", "2021-08-1", "21-08-26", "20210826", "2021/08"]
    return found


def _times() -> list[str]:
    times = ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "9:00:00", "12:00"]
    zones = ["", "Z", "z", "+00:00", "-05:30", "+14:00", "+14:59", "+15:00", "+05:60", "+0530"]
    return [f"2021-08-26T{time}{zone}" for time in times for zone in zones] + [
        "2021-02-29T10:00:00",
        "2021-08-26t10:00:00",
        "2021-08-26T10:00:00.5Z",
        "2021-08T10:00:00",
    ]


POINTS = _points()
QUALIFIED = [f"{point}{mark}" for point in POINTS for mark in ("", "?", "~", "%", "?~")]
ENDS = [
    "",
    "..",
    "2021",
    "2021-08",
    "2021-08-26",
    "2021-08-26~",
    "2021-02-29",
    "2020-02-29",
    "2021-13",
    "2021-08-26T10:00:00Z",
    "2021-08-26T10:00:00+05:00",
    "2021-08-26T09:00:00",
    "2021-08-26T10:00:00?",
]


def test_the_edtf_pattern_refuses_exactly_what_the_parser_refuses_but_reversed_intervals():
    pattern = ecma_regex(dataset_schema()["$defs"]["edtf"]["pattern"])
    texts = [
        *QUALIFIED,
        *_times(),
        *("/".join(pair) for pair in itertools.product(ENDS, repeat=2)),
        *(f"{end}/2021-08-26" for end in POINTS[::7]),
        *(f"2021-08-26/{end}" for end in POINTS[::7]),
        "2021-08-26/2021-08-27/2021-08-28",
        "..",
        "/",
        "",
        " 2021",
        "2021\n",
    ]
    wrong = [text for text in texts if bool(pattern.search(text)) != _parser_verdict(text)]
    assert wrong == []
    assert len(texts) > 20_000


@given(edtf_strings())
def test_the_edtf_pattern_admits_every_date_the_parser_takes(text):
    assert ecma_regex(dataset_schema()["$defs"]["edtf"]["pattern"]).search(text)


@pytest.mark.parametrize("schema_id", DATASET_SCHEMA_IDS)
def test_every_shipped_schema_has_the_same_date_patterns(schema_id):
    older, newer = (dataset_schema(each) for each in DATASET_SCHEMA_IDS)
    schema = dataset_schema(schema_id)
    assert schema["$defs"]["edtf"] == newer["$defs"]["edtf"] == older["$defs"]["edtf"]
    created = ecma_regex(schema["properties"]["created"]["pattern"])
    days = [point for point in POINTS if point.count("-") == 2]
    assert [day for day in days if bool(created.search(day)) != _parser_verdict(day)] == []


def _integers(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "integer":
            found.append(node)
        for child in node.values():
            found += _integers(child)
    elif isinstance(node, list):
        for child in node:
            found += _integers(child)
    return found


@pytest.mark.parametrize("schema_id", DATASET_SCHEMA_IDS)
def test_every_integer_of_the_schema_says_it_is_written_without_a_fraction(schema_id):
    integers = _integers(dataset_schema(schema_id))
    assert len(integers) >= 8
    for schema in integers:
        assert "13, not 13.0" in schema["description"]


# -- mutants: each rule of the schema broken once ------------------------------------------------

#: A value of another JSON type, for each type.
_WRONG_TYPE: dict[str, Any] = {
    "string": 7,
    "integer": "7",
    "number": "7",
    "array": {"a": 1},
    "object": ["a"],
}
#: Strings a pattern is tried with, until one it refuses.
_OFF_PATTERN = ["Not A Slug!", "x", "1", "", "/etc/passwd", "C:\\texts\\a.txt", "a\\b", "ab\n"]
#: Dates the `edtf` pattern must refuse, and one the format refuses.
_BAD_DATES = {
    "month 13": "2021-13",
    "day 32": "2021-08-32",
    "30 February": "2021-02-30",
    "29 February of a common year": "2021-02-29",
    "31 April": "2021-04-31",
    "hour 24": "2021-08-26T24:00:00Z",
    "minute 60": "2021-08-26T10:60:00Z",
    "offset beyond 14 hours": "2021-08-26T10:00:00+15:00",
    "qualified date-time": "2021-08-26T10:00:00?",
    "year 0000": "0000-08-26",
    "interval with no date": "../..",
    "reversed interval": "2021-08-30/2021-08-26",
    "reversed interval of months": "2021-09/2021-08-31",
    "reversed date-times of one day": "2021-08-26T10:00:00Z/2021-08-26T14:00:00+05:00",
}
_BAD_FORMATS = {"uri": "not a uri", "email": "nobody", "date": "2021-02-29"}


class _Mutants:
    """Every rule of ``schema`` that ``document`` reaches, broken once at the first place
    that the rule applies to."""

    def __init__(self, schema: dict[str, Any], document: dict[str, Any]) -> None:
        self.defs = schema["$defs"]
        self.document = document
        self.made: dict[str, dict[str, Any]] = {}
        self.seen: set[tuple[str, str]] = set()
        self.walk(schema, document, (), "#")

    def add(self, where: str, rule: str, path: tuple[str | int, ...], change: Any) -> None:
        if (where, rule) in self.seen:
            return
        self.seen.add((where, rule))
        mutant = copy.deepcopy(self.document)
        parent = mutant
        for key in path[:-1]:
            parent = parent[key]
        if callable(change):
            change(parent[path[-1]] if path else mutant)
        else:
            parent[path[-1]] = change
        name = f"{where}/{rule}".lstrip("#/").replace("$defs/", "")
        self.made[re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")] = mutant

    def walk(self, node: dict[str, Any], value: Any, path: tuple[str | int, ...], where: str):
        ref = node.get("$ref")
        if isinstance(ref, str):
            where = ref
        schema = resolve_ref(self.defs, node)
        self.rules(schema, value, path, where)
        for branch in schema.get("allOf", ()):
            self.rules(branch, value, path, where)
        if isinstance(value, dict):
            for key, child in schema.get("properties", {}).items():
                if key in value and isinstance(child, dict):
                    self.walk(child, value[key], (*path, key), f"{where}/{key}")
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                self.walk(schema["items"], item, (*path, index), f"{where}/items")

    def rules(self, schema: dict[str, Any], value: Any, path: tuple[str | int, ...], where: str):
        kind = schema.get("type")
        if path and kind in _WRONG_TYPE:
            self.add(where, "type", path, _WRONG_TYPE[kind])
        if path and kind == "integer":
            self.add(where, "fraction", path, value + 0.5)
        if "enum" in schema:
            self.add(where, "enum", path, "not-in-the-vocabulary")
        if "const" in schema:
            self.add(where, "const", path, f"not {schema['const']}")
        if "pattern" in schema:
            pattern = ecma_regex(schema["pattern"])
            wrong = next(t for t in _OFF_PATTERN if t and not pattern.search(t))
            self.add(where, "pattern", path, wrong)
        if schema.get("format") == "edtf":
            for rule, date in _BAD_DATES.items():
                self.add(where, rule, path, date)
        elif "format" in schema:
            self.add(where, "format", path, _BAD_FORMATS[schema["format"]])
        for keyword, broken in (("minLength", ""), ("minItems", []), ("minProperties", {})):
            if keyword in schema:
                self.add(where, keyword, path, broken)
        if "maxLength" in schema:
            self.add(where, "maxLength", path, "a" * (schema["maxLength"] + 1))
        if "minimum" in schema:
            self.add(where, "minimum", path, schema["minimum"] - 1)
        if "maximum" in schema:
            self.add(where, "maximum", path, schema["maximum"] + 1)
        if schema.get("uniqueItems") and value:
            self.add(where, "uniqueItems", path, [*value, value[0]])
        if not isinstance(value, dict):
            return
        if schema.get("additionalProperties") is False:
            self.add(where, "unknown key", path, lambda record: record.update(colour="red"))
        for key in schema.get("required", ()):
            self.add(where, f"required {key}", path, lambda record, key=key: record.pop(key))
        for key, needs in schema.get("dependentRequired", {}).items():
            if key in value:
                for need in needs:
                    self.add(
                        where,
                        f"{key} needs {need}",
                        path,
                        lambda record, need=need: record.pop(need, None),
                    )
        branches = schema.get("anyOf", ())
        keys = [key for branch in branches for key in branch.get("required", ())]
        if keys:
            self.add(
                where,
                "anyOf",
                path,
                lambda record: [record.pop(key, None) for key in keys],
            )


#: The datasets mutated: each fills every field of its schema.
COMPLETE = {
    DATASET_SCHEMA_IDS[0]: DATA / "valid" / "complete-1.0.0.json",
    DATASET_SCHEMA_IDS[1]: DATA / "valid" / "complete.json",
}


def _mutants() -> dict[str, dict[str, Any]]:
    made: dict[str, dict[str, Any]] = {}
    for schema_id, path in COMPLETE.items():
        document = json.loads(path.read_text(encoding="utf-8"))
        version = schema_id.rsplit(":", 1)[-1]
        for name, mutant in _Mutants(dataset_schema(schema_id), document).made.items():
            made[f"{version}-{name}"] = mutant
    return made


MUTANTS = _mutants()


def test_the_mutants_break_every_kind_of_rule():
    rules = {name.split("-", 1)[1] for name in MUTANTS}
    for expected in (
        "title-type",  # a wrong type at the top level
        "schema-enum",
        "schema-const",
        "slug-pattern",
        "slug-maxlength",
        "edtf-month-13",
        "edtf-day-32",
        "edtf-reversed-interval",
        "evidence-start-fraction",
        "evidence-end-minimum",
        "evidence-unknown-key",
        "event-required-date",
        "fatalities-anyof",
        "fatality-subset-anyof",
        "place-latitude-maximum",
        "actor-aliases-uniqueitems",
        "source-path-needs-sha256",
        "source-url-format",
        "contributor-email-format",
        "created-format",
    ):
        assert expected in rules, expected
    assert len(MUTANTS) > 150


def _valid_dates() -> dict[str, dict[str, Any]]:
    """The minimal dataset with intervals a validator must accept as its source's
    publication: every precision, and date-times of one day in order."""
    document = json.loads((DATA / "valid" / "minimal.json").read_text(encoding="utf-8"))
    made: dict[str, dict[str, Any]] = {}
    for index, date in enumerate(
        [
            "2021-08-28/2021-09",
            "2021-09/2021-09-01",
            "2021-09-02/2021-09",
            "2021-08-28/2021",
            "2021-08-28~/..",
            "2021-09-01T10:00:00+05:00/2021-09-01T06:00:00Z",
            "2021-09-01T10:00:00/2021-09-01T10:00:00",
            "2021-09-01T09:00:00Z/2021-09-01T10:00:00",
            "2021-09-01/2021-09-01T00:00:00",
            "2024-02-29",
            "2400-02-29",
        ]
    ):
        changed = copy.deepcopy(document)
        changed["sources"][0]["published"] = date
        made[f"date-{index}"] = changed
    return made


def _ajv_block() -> str:
    """The ajv script of docs/validation.md, as the page gives it."""
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```js\n(.*?)```", text, flags=re.DOTALL)
    return block


needs_ajv = pytest.mark.skipif(
    NODE is None or not (NODE_MODULES / "ajv" / "dist" / "2020.js").is_file(),
    reason="node and tests/js/node_modules (npm ci --prefix tests/js) are needed",
)


def _write(folder: Path, documents: dict[str, dict[str, Any]]) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for name, document in documents.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _ajv_verdicts(release: Path, script: Path, paths: list[Path]) -> dict[str, str]:
    """ajv's line for each file, from one node process run in the script's folder on the
    schemas of ``release``."""
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(script), str(release), *map(str, paths)],
        cwd=script.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no strict-mode warning
    lines = done.stdout.splitlines()
    assert len(lines) == len(paths)
    return dict(line.split(": ", 1) for line in lines)


def _timeline_verdicts(run_cli, paths: list[Path]) -> dict[str, dict[str, Any]]:
    done = run_cli("validate", "--format", "json", "--quiet", *map(str, paths), cwd=ROOT)
    report = json.loads(done.stdout)
    return {entry["path"]: entry for entry in report["files"]}


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """A fresh release of the seed, made by ``timeline publish``."""
    folder = tmp_path_factory.mktemp("release") / "release"
    done = subprocess.run(
        [*timeline_command(), "publish", "-o", str(folder)],
        capture_output=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert done.returncode == 0, done.stderr
    return folder


@needs_ajv
def test_ajv_and_timeline_validate_agree_on_the_seed_and_every_mutant(tmp_path, run_cli, release):
    script = tmp_path / "validate.js"
    script.write_text(_ajv_block(), encoding="utf-8")
    seed = [
        path
        for path in sorted(release.glob("*.json"))
        if json.loads(path.read_text(encoding="utf-8")).get("$schema") in DATASET_SCHEMA_IDS
    ]
    valid = [
        *seed,
        *COMPLETE.values(),
        DATA / "valid" / "minimal.json",
        *_write(tmp_path / "dates", _valid_dates()),
    ]
    assert [path.name for path in seed] == ["afghanistan-2021-seed.json"]
    mutants = _write(tmp_path / "mutants", MUTANTS)
    ajv = _ajv_verdicts(release, script, [*valid, *mutants])
    checked = _timeline_verdicts(run_cli, [*valid, *mutants])
    for path in valid:
        assert ajv[str(path)] == "valid", path.name
        assert checked[str(path)]["valid"], (path.name, checked[str(path)]["problems"])
    passed_by_ajv = [path.name for path in mutants if ajv[str(path)] == "valid"]
    passed_by_timeline = [path.name for path in mutants if checked[str(path)]["valid"]]
    assert passed_by_ajv == []
    assert passed_by_timeline == []


def _interval_ends() -> list[str]:
    days = ["2021", "2021-08", "2021-08-26", "2021-08-31", "2021-09-01", "2021-12-31", "2022"]
    times = [
        f"{day}T{time}{zone}"
        for day in ("2021-08-26", "2021-08-27")
        for time in ("00:00:00", "09:30:00", "23:59:59")
        for zone in ("", "Z", "+05:00", "-03:00")
    ]
    return [*days, *(f"{day}{mark}" for day in days for mark in "?~%"), *times, "", ".."]


@needs_ajv
def test_the_ajv_steps_run_beside_the_release_and_leave_it_as_published(tmp_path):
    """The shell steps of docs/validation.md, as written, from a fresh folder: `npm install`
    is recorded instead of run (the tests' ajv is installed once, found through NODE_PATH),
    and the script is saved where the steps say. The release holds its own files only."""
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    [steps] = re.findall(r"```sh\n(timeline publish .*?)```", text, flags=re.DOTALL)
    script = tmp_path / "validate.js.txt"
    script.write_text(_ajv_block(), encoding="utf-8")
    stubs = (
        'npm() { printf "%s\\n" "$*" > "$WORK/npm-args"; }\n'
        'node() { [ -e validate.js ] || cp "$SCRIPT" validate.js; command node "$@"; }\n'
        "set -e\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    command = Path(timeline_command()[0])
    if not command.is_file() or command.name != "timeline":
        pytest.skip("the timeline console script is not installed")
    done = subprocess.run(
        ["bash", "-c", stubs + steps],
        cwd=work,
        env={
            **os.environ,
            "NODE_PATH": str(NODE_MODULES),
            "PATH": f"{command.parent}{os.pathsep}{os.environ['PATH']}",
            "SCRIPT": str(script),
            "WORK": str(work),
            "PYTHONWARNINGS": "error",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "../release/afghanistan-2021-seed.json: valid"
    assert (work / "npm-args").read_text().split() == ["install", "ajv@8", "ajv-formats@3"]
    release = work / "release"
    listed = {line.split()[-1] for line in (release / "SHA256SUMS").read_text().splitlines()}
    held = {str(p.relative_to(release)) for p in release.rglob("*") if p.is_file()}
    assert held == {*listed, "SHA256SUMS"}
    assert (work / "ajv-check" / "validate.js").is_file()


@needs_ajv
def test_the_documented_edtf_format_finds_every_reversed_interval(tmp_path):
    """The `edtf` format docs/validation.md registers says of every interval the pattern
    admits what the date parser says: in order, or ending before it starts."""
    pattern = ecma_regex(dataset_schema()["$defs"]["edtf"]["pattern"])
    ends = _interval_ends()
    texts = [f"{a}/{b}" for a in ends for b in ends if pattern.search(f"{a}/{b}")]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(texts), encoding="utf-8")
    script = tmp_path / "edtf.js"
    script.write_text(
        _ajv_block() + "\nfor (const text of JSON.parse(fs.readFileSync(process.env.CASES))) "
        "console.log(edtf(text) ? 1 : 0);\n",
        encoding="utf-8",
    )
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(script), str(ROOT)],
        cwd=ROOT,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES), "CASES": str(cases)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answers = done.stdout.splitlines()
    assert len(answers) == len(texts) > 500
    wrong = [
        text
        for text, answer in zip(texts, answers, strict=True)
        if (answer == "1") != is_edtf(text)
    ]
    assert wrong == []
    assert answers.count("0") > 100


@needs_ajv
def test_ajv_takes_13_0_for_an_integer_and_timeline_does_not(tmp_path, run_cli):
    """The one schema-level disagreement docs/validation.md states: JavaScript reads 13.0 and
    13 as one number, while the library refuses a fraction where the schema asks for an
    integer."""
    script = tmp_path / "validate.js"
    script.write_text(_ajv_block(), encoding="utf-8")
    text = (DATA / "valid" / "minimal.json").read_text(encoding="utf-8")
    dataset = tmp_path / "fraction.json"
    dataset.write_text(text.replace('"start": 18,', '"start": 18.0,'), encoding="utf-8")
    assert _ajv_verdicts(ROOT, script, [dataset]) == {str(dataset): "valid"}
    [entry] = _timeline_verdicts(run_cli, [dataset]).values()
    assert not entry["valid"]
    assert ("schema-type", "/events/0/evidence/0/start") in {
        (problem["code"], problem["pointer"]) for problem in entry["problems"]
    }


def _check_jsonschema() -> list[str]:
    script = Path(sys.executable).parent / "check-jsonschema"
    return [str(script)] if script.exists() else [sys.executable, "-m", "check_jsonschema"]


@pytest.mark.parametrize("schema_id", DATASET_SCHEMA_IDS)
def test_check_jsonschema_refuses_every_mutant_but_a_reversed_interval(tmp_path, schema_id):
    """check-jsonschema, as docs/validation.md says to run it (with rfc3986-validator, which
    timeline installs too): every mutant of the schema is refused but the reversed intervals,
    whose check is the `edtf` format's, which it does not know; the valid files pass."""
    version = schema_id.rsplit(":", 1)[-1]
    valid = [COMPLETE[schema_id]]
    if schema_id == DATASET_SCHEMA_IDS[-1]:
        valid += [ROOT / "data" / "afghanistan-2021-seed.json", DATA / "valid" / "minimal.json"]
        valid += _write(tmp_path / "dates", _valid_dates())
    mutants = _write(
        tmp_path / "mutants",
        {name: mutant for name, mutant in MUTANTS.items() if name.startswith(f"{version}-")},
    )
    schema = ROOT / "schemas" / f"dataset-{version}.schema.json"
    done = subprocess.run(
        [*_check_jsonschema(), "-o", "json", "--schemafile", str(schema)]
        + [str(path) for path in [*valid, *mutants]],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["parse_errors"] == []
    refused = {error["filename"] for error in report["errors"]}
    assert [path.name for path in valid if str(path) in refused] == []
    passed = sorted(path.name for path in mutants if str(path) not in refused)
    assert passed == [
        f"{version}-edtf-reversed-date-times-of-one-day.json",
        f"{version}-edtf-reversed-interval-of-months.json",
        f"{version}-edtf-reversed-interval.json",
    ]


def test_the_documented_check_jsonschema_command_passes_the_release(release):
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```shell\n(check-jsonschema .*?)```", text, flags=re.DOTALL)
    [command] = [shlex.split(line) for line in block.splitlines()]
    done = subprocess.run(
        [*_check_jsonschema(), *command[1:]],
        cwd=release,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok -- validation done"
