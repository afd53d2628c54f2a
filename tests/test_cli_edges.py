"""The command line's own edges, for every command of its parser: a closed standard input, a
standard output that is closed or full, a standard error that is full, empty names, and the
entries of a scanned folder that are not plain files. Never a traceback; the documented exit
code (0 done, 1 invalid, 2 usage error, unreadable input or unwritable output)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.conftest import DATA, timeline_command
from timeline.cli import commands as cli
from timeline.cli.parser import build_parser
from timeline.reading.result import ExitCode

ROOT = Path(__file__).parent.parent
MINIMAL = DATA / "valid" / "minimal.json"
SEED = ROOT / "data" / "afghanistan-2021-seed.json"
FULL = Path("/dev/full")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="streams redirected by a POSIX shell")

#: A value for each argument a command requires, by its metavar or name: a new command
#: whose required argument is not here fails test_every_command_is_run below.
VALUES = {
    "PATH": "dataset.json",
    "DATASET": "dataset.json",
    "NAME": "taliban",
    "ID": "kabul-airport-suicide-bombing",
    "DIR": "release",
    "seeds": "seeds",
}


def commands() -> dict[str, argparse.ArgumentParser]:
    (action,) = (a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def value(action: argparse.Action) -> str:
    if action.choices:
        return sorted(action.choices)[0]
    key = action.metavar if isinstance(action.metavar, str) else action.dest
    assert key in VALUES, f"no value for the argument {key}: add one to VALUES"
    return VALUES[key]


def command_line(name: str) -> list[str]:
    """``name`` with a value for each argument it requires, and a dataset where it takes one."""
    args = [name]
    for action in commands()[name]._actions:
        if action.option_strings:
            if action.required:
                args += [action.option_strings[0], value(action)]
        elif action.nargs != "?" or action.metavar in ("PATH", "DATASET"):
            args.append(value(action))
    return args


COMMANDS = sorted(commands())
CALLS = [[c] for c in ("--help", "--version")] + [[c, "--help"] for c in COMMANDS]


@pytest.fixture
def workdir(tmp_path):
    """A folder with a dataset whose texts resolve, and a seeds folder to build."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "dataset.json").write_text(
        SEED.read_text(encoding="utf-8").replace('"../seeds/', '"seeds/'), encoding="utf-8"
    )
    return tmp_path


def run(args: list[str], cwd: Path, *, shell: str = "") -> subprocess.CompletedProcess[bytes]:
    """The real command, its streams redirected by ``shell`` (``>&-``, ``>/dev/full``…)."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {shell}', "sh", *timeline_command(), *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "error", "COLUMNS": "100"},
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_run(workdir, name):
    """The command lines used below succeed as they are: each edge changes one thing."""
    result = run(command_line(name), workdir)
    assert (result.returncode, result.stderr) == (ExitCode.VALID, b"")
    assert result.stdout


def test_every_command_of_the_parser_has_a_function():
    """A sub-parser in timeline.cli.parser and a function in timeline.cli.commands make a
    command; one without the other fails here rather than when it is run."""
    assert sorted(cli.COMMANDS) == COMMANDS


needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")


@needs_full
@pytest.mark.parametrize("args", [*CALLS, *([c] for c in COMMANDS)], ids=" ".join)
@pytest.mark.parametrize(
    ("shell", "reason"),
    [(">/dev/full", "No space left on device"), (">&-", "it is closed")],
    ids=["full", "closed"],
)
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(workdir, args, shell, reason):
    if len(args) == 1 and args[0] in COMMANDS:
        args = command_line(args[0])
    result = run(args, workdir, shell=shell)
    assert result.stderr.decode() == f"timeline: cannot write to standard output: {reason}\n"
    assert result.returncode == ExitCode.USAGE


NORMAL: dict[tuple[str, ...], subprocess.CompletedProcess[bytes]] = {}


@needs_full
@pytest.mark.parametrize("args", [*CALLS, *([c] for c in COMMANDS)], ids=" ".join)
@pytest.mark.parametrize("shell", ["2>/dev/full", "<&-", "2>&-"])
def test_a_closed_input_or_lost_error_stream_changes_nothing(workdir, args, shell):
    if len(args) == 1 and args[0] in COMMANDS:
        args = command_line(args[0])
    key = tuple(args)
    if key not in NORMAL:  # the same in every scratch folder: its names are relative
        NORMAL[key] = run(args, workdir)
    expected = NORMAL[key]
    result = run(args, workdir, shell=shell)
    assert result.returncode == expected.returncode == ExitCode.VALID
    assert result.stdout == expected.stdout
    assert result.stderr == (b"" if "2>" in shell else expected.stderr)


def test_a_closed_standard_input_is_unreadable(workdir):
    result = run(["validate", "--format", "json", "-"], workdir, shell="<&-")
    assert result.returncode == ExitCode.USAGE
    (file,) = json.loads(result.stdout)["files"]
    assert file["readable"] is False
    assert file["problems"][0]["message"] == "cannot read: standard input is closed"


def test_a_reader_that_goes_away_ends_quietly(tmp_path):
    """`| head`: the rest of the output has nobody to read it; exit 2, nothing on stderr."""
    generate(tmp_path / "big.json", 400, seed=1)  # its export is more than a pipe holds
    with subprocess.Popen(
        [*timeline_command(), "export", "--to", "jsonl", "big.json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert len(process.stdout.read(10)) == 10
        process.stdout.close()
        assert process.wait(timeout=60) == ExitCode.USAGE
        assert process.stderr.read() == b""


# -- empty names -------------------------------------------------------------------------------

PATHLIKE = {"PATH", "DATASET", "DIR", "seeds", "output"}


def path_arguments() -> list[tuple[str, str]]:
    """(command, argument) for every argument of every command that names a file or folder."""
    found = []
    for name, parser in commands().items():
        for action in parser._actions:
            key = action.metavar if isinstance(action.metavar, str) else action.dest
            if key in PATHLIKE or action.dest in PATHLIKE:
                found.append((name, action.option_strings[0] if action.option_strings else key))
    return found


@pytest.mark.parametrize(("name", "argument"), path_arguments())
def test_an_empty_name_is_a_usage_error(workdir, name, argument):
    args = command_line(name)
    if argument.startswith("-"):
        if argument in args:
            args[args.index(argument) + 1] = ""
        else:
            args += [argument, ""]
    else:
        args = [a if a != value_of(name, argument) else "" for a in args]
        if "" not in args:
            args.append("")
    before = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    result = run(args, workdir)
    assert result.returncode == ExitCode.USAGE
    assert b"an empty name is not a file or folder" in result.stderr
    assert b"Traceback" not in result.stderr
    assert sorted(p.relative_to(workdir) for p in workdir.rglob("*")) == before


def value_of(name: str, argument: str) -> str:
    (action,) = (
        a
        for a in commands()[name]._actions
        if not a.option_strings and argument in (a.metavar, a.dest)
    )
    return value(action)


# -- what a folder scan finds ------------------------------------------------------------------


def fifo(path: Path, outside: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path, outside: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def broken_link(path: Path, outside: Path) -> None:
    path.symlink_to(outside / "missing.json")


def link_outside(path: Path, outside: Path) -> None:
    path.symlink_to(outside / "secret.json")


def link_inside(path: Path, outside: Path) -> None:
    path.symlink_to("valid.json")


def folder_link_outside(path: Path, outside: Path) -> None:
    path.symlink_to(outside, target_is_directory=True)


ENTRIES = {
    f.__name__: f
    for f in (fifo, unix_socket, broken_link, link_outside, link_inside, folder_link_outside)
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
@pytest.mark.parametrize("kind", sorted(ENTRIES))
def test_a_folder_entry_that_is_not_a_file_is_unreadable(tmp_path, kind):
    folder, outside = tmp_path / "scanned", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    shutil.copy(MINIMAL, folder / "valid.json")
    shutil.copy(MINIMAL, outside / "secret.json")
    entry = folder / ("more" if kind.startswith("folder") else "entry.json")
    ENTRIES[kind](entry, outside)
    result = run(["validate", "--format", "json", "scanned"], tmp_path)
    assert result.returncode == ExitCode.USAGE, result.stdout  # a FIFO is not opened: no hang
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"scanned/valid.json", f"scanned/{entry.name}"}
    assert files["scanned/valid.json"]["valid"] is True
    assert files[f"scanned/{entry.name}"]["readable"] is False
    assert files[f"scanned/{entry.name}"]["problems"][0]["code"] == "file-unreadable"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root lists any folder")
def test_a_folder_that_cannot_be_listed_is_unreadable(tmp_path):
    shutil.copy(MINIMAL, tmp_path / "valid.json")
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed").chmod(0)
    try:
        result = run(["validate", "--format", "json", "."], tmp_path)
    finally:
        (tmp_path / "closed").chmod(0o700)
    assert result.returncode == ExitCode.USAGE
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files["closed"]["readable"] is False
    assert "cannot list the folder" in files["closed"]["problems"][0]["message"]


def test_a_link_named_on_the_command_line_is_followed(tmp_path):
    (tmp_path / "link.json").symlink_to(MINIMAL)
    result = run(["validate", "link.json"], tmp_path)
    assert result.returncode == ExitCode.VALID
