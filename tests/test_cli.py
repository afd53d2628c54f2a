"""The ``timeline`` command, run through its real entry point in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, timeline_command
from timeline.reading.result import ExitCode

MINIMAL = DATA / "valid" / "minimal.json"
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


def _expected(case):
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))["problems"]


def test_help_lists_the_commands(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    assert b"validate" in result.stdout


def test_version(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith(b"timeline ")


def test_python_dash_m_works_like_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(MINIMAL)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == ExitCode.VALID
    assert b"1 valid" in result.stdout


def test_valid_file_exits_0_with_a_summary(run_cli):
    result = run_cli("validate", str(MINIMAL))
    assert result.returncode == ExitCode.VALID
    assert result.stdout.decode() == "1 file checked, 1 valid, 0 invalid (0 errors, 0 warnings)\n"
    assert result.stderr == b""


def test_every_invalid_case_in_one_call(run_cli):
    """Many files in one call: every expected problem printed as path:/pointer: message."""
    paths = [str(case / "dataset.json") for case in INVALID]
    result = run_cli("validate", *paths)
    assert result.returncode == ExitCode.INVALID
    out = result.stdout.decode()
    assert b"Traceback" not in result.stderr
    for case, path in zip(INVALID, paths, strict=True):
        for problem in _expected(case):
            # (a pointer is printed with any half of a surrogate pair as its \u escape)
            pointer = problem["pointer"].encode("utf-8", "backslashreplace").decode()
            where = f"{path}:{pointer}:" if pointer else f"{path}:"
            lines = [line for line in out.splitlines() if line.startswith(where)]
            assert any(f"[{problem['code']}]" in line for line in lines), (where, problem)
    summary = out.splitlines()[-1]
    assert summary.startswith(f"{len(INVALID)} files checked, 0 valid, {len(INVALID)} invalid")


def test_a_folder_is_searched_for_json_files(run_cli, tmp_path):
    for case in INVALID[:3]:
        (tmp_path / "nested" / case.name).mkdir(parents=True)
        (tmp_path / "nested" / case.name / "data.json").write_bytes(
            (case / "dataset.json").read_bytes()
        )
    (tmp_path / "notes.txt").write_text("not a dataset", encoding="utf-8")
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == ExitCode.INVALID
    assert b"3 files checked, 0 valid, 3 invalid" in result.stdout
    assert run_cli("validate", str(DATA / "valid")).returncode == ExitCode.VALID


def test_warnings_pass_unless_strict(run_cli):
    path = str(DATA / "warning" / "source-text-missing" / "dataset.json")
    lenient = run_cli("validate", path)
    assert lenient.returncode == ExitCode.VALID
    assert b"warning: cannot read the text 'gone.txt'" in lenient.stdout
    strict = run_cli("validate", "--strict", path)
    assert strict.returncode == ExitCode.INVALID


def test_allowed_warnings_stay_warnings_when_strict(run_cli):
    """``--allow CODE`` keeps that code's warnings warnings under ``--strict``; others count."""
    path = str(DATA / "valid" / "complete.json")
    assert run_cli("validate", "--strict", path).returncode == ExitCode.INVALID
    allowed = run_cli("validate", "--strict", "--allow", "evidence-unverifiable", path)
    assert allowed.returncode == ExitCode.VALID, allowed.stdout
    assert b"1 valid" in allowed.stdout
    github = run_cli(
        "validate", "--strict", "--allow", "evidence-unverifiable", "--format", "github", path
    )
    assert github.returncode == ExitCode.VALID
    assert b"::warning " in github.stdout
    assert b"::error " not in github.stdout
    other = str(DATA / "warning" / "source-text-missing" / "dataset.json")
    strict = run_cli(
        "validate",
        "--strict",
        "--allow",
        "evidence-unverifiable",
        "--allow",
        "ambiguous-name",
        other,
    )
    assert strict.returncode == ExitCode.INVALID


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("evidence-unverifable", "did you mean evidence-unverifiable?"),
        ("unverifiable", "did you mean evidence-unverifiable?"),
        ("unknown-sourse", "did you mean unknown-source?"),
        ("x", "the codes are listed in docs/validation.md"),
    ],
)
def test_allow_takes_only_known_codes(run_cli, code, named):
    """An unknown ``--allow`` code is a usage error of one line, naming the closest codes,
    before any file is read."""
    path = str(DATA / "valid" / "complete.json")
    result = run_cli("validate", "--strict", "--allow", code, path)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert lines == [f"timeline validate: --allow {code}: not a problem code ({named})"]


def test_standard_input_resolves_texts_from_the_working_folder(run_cli):
    result = run_cli("validate", "-", stdin=MINIMAL.read_bytes(), cwd=MINIMAL.parent)
    assert result.returncode == ExitCode.VALID
    bad = run_cli("validate", "-", stdin=b'{"id": 1}')
    assert bad.returncode == ExitCode.INVALID
    assert b"-:/id: expected a string, got an integer (1) [schema-type]" in bad.stdout


def test_json_format(run_cli):
    case = DATA / "invalid" / "dangling-source" / "dataset.json"
    result = run_cli("validate", "--format", "json", str(MINIMAL), str(case))
    assert result.returncode == ExitCode.INVALID
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["exit_code"] == ExitCode.INVALID
    first, second = report["files"]
    assert first == {"path": str(MINIMAL), "readable": True, "valid": True, "problems": []}
    assert second["valid"] is False
    (problem,) = second["problems"]
    assert problem["code"] == "unknown-source"
    assert problem["pointer"] == "/events/1/evidence/0/source"
    assert problem["severity"] == "error"
    assert isinstance(problem["line"], int)
    assert isinstance(problem["column"], int)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "no-such-file.json"], b"no-such-file.json: cannot read: No such file"),
        (["validate", "--format", "xml", "x.json"], b"invalid choice: 'xml'"),
        (["validate"], b"the following arguments are required: PATH"),
        (["frobnicate"], b"invalid choice: 'frobnicate'"),
        ([], b"the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_and_unreadable_files_exit_2(run_cli, tmp_path, args, expected):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert expected in result.stdout + result.stderr
    assert b"Traceback" not in result.stderr


def test_unreadable_beats_invalid(run_cli, tmp_path):
    result = run_cli("validate", str(INVALID[0] / "dataset.json"), str(tmp_path / "missing.json"))
    assert result.returncode == ExitCode.USAGE


def test_an_empty_folder_is_an_error(run_cli, tmp_path):
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == ExitCode.USAGE
    assert b"the folder holds no .json file" in result.stdout


def test_input_is_never_modified(run_cli):
    before = {p: p.read_bytes() for p in (DATA / "invalid").rglob("*") if p.is_file()}
    run_cli("validate", str(DATA / "invalid"))
    after = {p: p.read_bytes() for p in (DATA / "invalid").rglob("*") if p.is_file()}
    assert before == after


def test_a_100_mb_file_is_held_in_a_few_times_its_size(tmp_path):
    """Validating a 100 MB dataset peaks well under three times the file's size."""
    doc = json.loads(MINIMAL.read_text(encoding="utf-8"))
    del doc["sources"][0]["path"], doc["sources"][0]["sha256"]
    doc["events"][0]["summary"] = "Kabul " * (100_000_000 // 6)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc), encoding="utf-8")
    size = big.stat().st_size
    assert size >= 100_000_000
    del doc
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *timeline_command(), "validate", str(big)],
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak_kib = map(int, result.stdout.split())
    assert code == ExitCode.VALID
    assert peak_kib * 1024 < 3 * size


def _without_texts(document):
    for source in document["sources"]:
        source.pop("path", None)
        source.pop("sha256", None)
    return document


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_a_pipe_named_as_a_file_gets_the_verdict_of_the_file(run_cli, case):
    """A pipe (``<(command)``, ``/dev/stdin``) can be read once: it is, by the exact reader,
    and its verdict is the file's (the fast path read it first, and the exact reader then
    found what was left: an empty file, or the end of a valid one)."""
    data = (case / "dataset.json").read_bytes()
    from_file = run_cli("validate", "--format", "json", "-", stdin=data)
    through_pipe = run_cli("validate", "--format", "json", "/dev/stdin", stdin=data)
    assert through_pipe.returncode == from_file.returncode
    problems = [json.loads(r.stdout)["files"][0]["problems"] for r in (from_file, through_pipe)]
    assert problems[0] == problems[1]


def test_a_pipe_cannot_hide_garbage_before_a_valid_dataset(run_cli):
    """A megabyte of garbage (the fast path's batch) before a valid dataset: the fast path
    gives up on the garbage, and a second reading of the pipe saw only the valid rest."""
    document = _without_texts(json.loads(MINIMAL.read_text(encoding="utf-8")))
    data = b"X" * (1 << 20) + json.dumps(document, indent=2).encode()
    result = run_cli("validate", "/dev/stdin", stdin=data)
    assert result.returncode == ExitCode.INVALID
    assert b"[json-syntax]" in result.stdout
    loaded = subprocess.run(
        [sys.executable, "-c", "import timeline; timeline.load('/dev/stdin')"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert loaded.returncode == 1
    assert b"InvalidDatasetError" in loaded.stderr


def test_run_from_the_top_of_the_file_system_no_text_is_read(run_cli):
    """Standard input from ``/``: the dataset's folder is the top of the file system, which
    is never a default texts root, so ``etc/hostname`` is refused, not read."""
    document = json.loads((DATA / "valid" / "complete.json").read_text(encoding="utf-8"))
    document["sources"][0]["path"] = "etc/hostname"
    result = run_cli(
        "validate", "--format", "json", "-", stdin=json.dumps(document).encode(), cwd=Path("/")
    )
    problems = json.loads(result.stdout)["files"][0]["problems"]
    [problem] = [p for p in problems if p["code"] != "evidence-unverifiable"]  # citations
    assert (problem["code"], problem["pointer"]) == ("source-text-refused", "/sources/0/path")
    assert "there is no texts root" in problem["message"]
