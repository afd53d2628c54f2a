"""Source texts are read only under the texts root, as regular files of a bounded size, and
nothing of a text that is refused or fails its SHA-256 is shown; the build reads the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA, timeline_command
from timeline.files.texts import TEXT_SIZE_CAP
from timeline.reading.document import check_file
from timeline.reading.result import ExitCode

MINIMAL = DATA / "valid" / "minimal.json"
SECRET = "SECRET-WORDS: root:x:0:0 the text no dataset may show\n" * 3
SECRET_ENV = "TIMELINE_TEST_SECRET_VALUE_41d9"


def _dataset(path: str, sha256: str) -> dict:
    document = json.loads(MINIMAL.read_text(encoding="utf-8"))
    document["sources"][0].update(path=path, sha256=sha256)
    return document


@pytest.fixture
def tree(tmp_path):
    """A checkout (``root``, the current folder) with ``data/``, and a secret outside it."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    return root, outside / "secret.txt"


def _validate(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run(
        [*timeline_command(), "validate", *args],
        capture_output=True,
        cwd=root,
        env={**os.environ, "PYTHONWARNINGS": "error", **(env or {})},
        check=False,
        timeout=timeout,
    )


def _no_trace_of(output: bytes, data: bytes) -> None:
    """Nothing of ``data``: none of its words, its SHA-256, or its length."""
    text = output.decode()
    assert "Traceback" not in text
    for word in ("SECRET", "root:x", SECRET_ENV):
        assert word not in text
    assert hashlib.sha256(data).hexdigest() not in text
    assert f"({len(data)} code points)" not in text


def _escape_routes(root: Path, secret: Path) -> dict[str, str]:
    """Every way out of the root a path can take, each set up in ``root/data``: the path the
    dataset names for each."""
    data = root / "data"
    (data / "link.txt").symlink_to(secret)
    (data / "linked").symlink_to(secret.parent, target_is_directory=True)
    (data / "chain.txt").symlink_to(data / "link.txt")
    (data / "zero").symlink_to("/dev/zero")
    (data / "environ").symlink_to("/proc/self/environ")
    hidden = root / ".git"
    hidden.mkdir()
    (hidden / "config").write_text(SECRET, encoding="utf-8")
    return {
        "up and out": "../../outside/secret.txt",
        "far up": "../" * 30 + "etc/passwd",
        "through the data folder's parent": "../data/../../outside/secret.txt",
        "a symbolic link": "link.txt",
        "a link to a link": "chain.txt",
        "a linked folder": "linked/secret.txt",
        "a device": "zero",
        "the environment of the process": "environ",
        "a hidden folder": "../.git/config",
    }


ROUTES = [
    "up and out",
    "far up",
    "through the data folder's parent",
    "a symbolic link",
    "a link to a link",
    "a linked folder",
    "a device",
    "the environment of the process",
    "a hidden folder",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("known", [True, False], ids=["its sha256", "another sha256"])
def test_validate_reads_nothing_outside_the_texts_root(tree, route, known):
    root, secret = tree
    path = _escape_routes(root, secret)[route]
    data = secret.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest() if known else "0" * 64
    dataset = root / "data" / "dataset.json"
    dataset.write_text(json.dumps(_dataset(path, sha256)), encoding="utf-8")
    result = _validate(root, "--format", "github", "data/dataset.json", env={"S": SECRET_ENV})
    _no_trace_of(result.stdout + result.stderr, data)
    assert result.returncode == ExitCode.VALID, result.stdout  # a warning
    assert b"source-text-refused" in result.stdout
    strict = _validate(root, "--strict", "--format", "json", "data/dataset.json")
    _no_trace_of(strict.stdout + strict.stderr, data)
    assert strict.returncode == ExitCode.INVALID
    (problem,) = json.loads(strict.stdout)["files"][0]["problems"]
    assert (problem["code"], problem["pointer"], problem["severity"]) == (
        "source-text-refused",
        "/sources/0/path",
        "warning",
    )
    assert "quote(s) citing it are not checked" in problem["message"]


def test_an_absolute_path_is_not_read(tree):
    root, secret = tree
    data = secret.read_bytes()
    dataset = root / "data" / "dataset.json"
    document = _dataset(str(secret), hashlib.sha256(data).hexdigest())
    dataset.write_text(json.dumps(document), encoding="utf-8")
    result = _validate(root, "data/dataset.json")
    _no_trace_of(result.stdout + result.stderr, data)
    assert result.returncode == ExitCode.INVALID  # the schema refuses an absolute path
    problems = list(timeline.iter_problems(document, base_dir=root / "data"))
    assert [p.code for p in problems if p.pointer == "/sources/0/path"] == ["schema-pattern"]
    assert all("SECRET" not in p.message for p in problems)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tree):
    root, _ = tree
    os.mkfifo(root / "data" / "pipe.txt")
    dataset = root / "data" / "dataset.json"
    dataset.write_text(json.dumps(_dataset("pipe.txt", "0" * 64)), encoding="utf-8")
    result = _validate(root, "--format", "json", "data/dataset.json", timeout=60)
    (problem,) = json.loads(result.stdout)["files"][0]["problems"]
    assert problem["code"] == "source-text-refused"
    assert "a FIFO, not a regular file" in problem["message"]


def test_a_text_larger_than_the_cap_is_refused_unread(tree):
    root, _ = tree
    big = root / "data" / "big.txt"
    with big.open("wb") as file:
        file.truncate(TEXT_SIZE_CAP + 1)  # sparse: nothing is written
    dataset = root / "data" / "dataset.json"
    dataset.write_text(json.dumps(_dataset("big.txt", "0" * 64)), encoding="utf-8")
    result = _validate(root, "--format", "json", "data/dataset.json")
    (problem,) = json.loads(result.stdout)["files"][0]["problems"]
    assert problem["code"] == "source-text-refused"
    assert f"larger than the cap of {TEXT_SIZE_CAP} bytes" in problem["message"]


def test_a_text_that_fails_its_sha256_is_neither_shown_nor_quoted(tree):
    root, secret = tree
    (root / "data" / "text.txt").write_bytes(secret.read_bytes())
    dataset = root / "data" / "dataset.json"
    dataset.write_text(json.dumps(_dataset("text.txt", "0" * 64)), encoding="utf-8")
    result = _validate(root, "--format", "json", "data/dataset.json")
    _no_trace_of(result.stdout, secret.read_bytes())
    assert result.returncode == ExitCode.INVALID
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [(p["code"], p["pointer"]) for p in problems] == [
        ("sha256-mismatch", "/sources/0/sha256")
    ]
    assert "the quotes citing it are not checked" in problems[0]["message"]


def _outside_cwd(tmp_path: Path) -> tuple[Path, Path]:
    """A checkout where data/ and seeds/ are siblings, and another folder to run from."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "seeds").mkdir()
    text = (DATA / "valid" / "minimal.txt").read_bytes()
    (project / "seeds" / "minimal.txt").write_bytes(text)
    document = _dataset("../seeds/minimal.txt", hashlib.sha256(text).hexdigest())
    (project / "data" / "minimal.json").write_text(json.dumps(document), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return project, elsewhere


def test_the_default_root_is_the_current_folder_holding_the_dataset(tmp_path):
    project, elsewhere = _outside_cwd(tmp_path)
    inside = _validate(project, "--strict", "data/minimal.json")
    assert inside.returncode == ExitCode.VALID, inside.stdout
    dataset = str(project / "data" / "minimal.json")
    outside = _validate(elsewhere, "--format", "json", dataset)
    assert outside.returncode == ExitCode.VALID
    (problem,) = json.loads(outside.stdout)["files"][0]["problems"]
    assert problem["code"] == "source-text-refused"
    assert "--texts-root" in problem["message"]
    given = _validate(elsewhere, "--strict", "--texts-root", str(project), dataset)
    assert given.returncode == ExitCode.VALID, given.stdout
    narrow = _validate(project, "--strict", "--texts-root", "data", "data/minimal.json")
    assert narrow.returncode == ExitCode.INVALID
    assert b"source-text-refused" in narrow.stdout


def test_the_library_takes_a_texts_root(tmp_path, monkeypatch):
    project, elsewhere = _outside_cwd(tmp_path)
    monkeypatch.chdir(elsewhere)
    path = project / "data" / "minimal.json"
    problems, dataset = check_file(path)
    assert [p.code for p in problems] == ["source-text-refused"]
    assert dataset is not None
    assert check_file(path, texts_root=project)[0] == []
    assert timeline.load(path, texts_root=project) == timeline.load(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(timeline.iter_problems(document, base_dir=path.parent, texts_root=project)) == []


def test_a_texts_root_that_is_no_folder_is_a_usage_error(tmp_path):
    result = _validate(tmp_path, "--texts-root", "missing", str(MINIMAL))
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == b"timeline validate: --texts-root missing: not a folder\n"


def test_the_shipped_dataset_checks_its_quotes_from_any_folder(tmp_path):
    code = (
        "import timeline, timeline.reading.shipped as s, timeline.reading.document as d\n"
        "p = s.default_dataset_path()\n"
        "problems, _ = d.check_file(p, texts_root=p.parent.parent)\n"
        "assert {p.code for p in problems} == {'evidence-unverifiable'}, problems\n"
        "assert timeline.load_default().events\n"
    )
    python = Path(timeline_command()[0]).parent / "python"
    result = subprocess.run(
        [str(python), "-c", code], capture_output=True, cwd=tmp_path, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
