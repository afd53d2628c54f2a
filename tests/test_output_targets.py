"""What ``timeline export -o`` and ``timeline publish -o`` write to, and what an interrupted
write leaves behind: FIFOs, devices, sockets and symbolic links are refused (exit 2, nothing
written), and a write ended by SIGTERM or SIGINT leaves no temporary file."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA
from timeline import load
from timeline.publishing.exports import FORMATS
from timeline.reading.result import ExitCode

MINIMAL = DATA / "valid" / "minimal.json"
SEEDS = Path(__file__).parent.parent / "seeds"
OLD = b"the old export\n"
#: Every command that writes a file named by ``-o``, and what it says when it refuses it.
WRITERS = {
    "export": (
        lambda target: ("export", "--to", "csv", "-o", str(target), str(MINIMAL)),
        "cannot write",
    ),
    "build": (lambda target: ("build", str(SEEDS), "-o", str(target)), "cannot write"),
    "build --check": (
        lambda target: ("build", str(SEEDS), "--check", "-o", str(target)),
        "nothing to compare with",
    ),
}


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _refused(result, what: str) -> None:
    assert result.returncode == ExitCode.USAGE, result.stderr
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert what in stderr
    assert len(stderr.strip().splitlines()) == 1


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _link_to_file(path: Path) -> None:
    path.with_name("elsewhere").write_bytes(OLD)
    path.symlink_to("elsewhere")


def _dangling_link(path: Path) -> None:
    path.symlink_to("nowhere")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (_fifo, "is a FIFO"),
        (_socket, "is a socket"),
        (_link_to_file, "is a symbolic link"),
        (_dangling_link, "is a symbolic link"),
        (_folder, "is a folder"),
    ],
)
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_target_that_is_not_a_regular_file_is_refused(run_cli, tmp_path, make, what, command):
    target = tmp_path / "out.csv"
    make(target)
    before = _names(tmp_path)
    kind = stat.S_IFMT(target.lstat().st_mode)
    arguments, refusal = WRITERS[command]
    result = run_cli(*arguments(target))
    _refused(result, what)
    assert refusal in result.stderr.decode()
    assert stat.S_IFMT(target.lstat().st_mode) == kind  # still what it was
    assert _names(tmp_path) == before  # nothing else written, no temporary file
    if make is _link_to_file:
        assert (tmp_path / "elsewhere").read_bytes() == OLD
    if make is _dangling_link:
        assert not (tmp_path / "nowhere").exists()


def _device(tmp_path: Path) -> Path:
    """A character device: a copy of /dev/null in ``tmp_path`` when allowed, else /dev/null
    (which a process that may not make devices may not replace either)."""
    null = Path("/dev/null").stat()
    copy = tmp_path / "null"
    try:
        os.mknod(copy, stat.S_IFCHR | 0o666, null.st_rdev)
    except OSError:
        return Path("/dev/null")
    return copy


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_device_is_refused(run_cli, tmp_path, command):
    device = _device(tmp_path)
    arguments, refusal = WRITERS[command]
    result = run_cli(*arguments(device))
    _refused(result, f"{device}")
    assert "is a character device" in result.stderr.decode()
    assert refusal in result.stderr.decode()
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert not [p for p in device.parent.iterdir() if p.name.startswith(f".{device.name}.")]


def test_export_replaces_a_regular_file(run_cli, tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    result = run_cli("export", "--to", "csv", "-o", str(target), str(MINIMAL))
    assert result.returncode == ExitCode.VALID, result.stderr
    assert target.read_bytes() == FORMATS["csv"].render(load(MINIMAL))
    assert _names(tmp_path) == ["out.csv"]


def _release_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_publish_refuses_a_symlinked_output_folder(run_cli, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "release"
    link.symlink_to(real)
    result = run_cli("publish", "-o", str(link), str(MINIMAL))
    _refused(result, f"cannot write into {link}: is a symbolic link")
    assert list(real.iterdir()) == []


def test_publish_refuses_a_symlinked_folder_inside_it_and_writes_nothing(run_cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    release = tmp_path / "release"
    release.mkdir()
    (release / "schemas").symlink_to(elsewhere)
    result = run_cli("publish", "-o", str(release), str(MINIMAL))
    _refused(result, f"({release / 'schemas'}): is a symbolic link")
    assert list(elsewhere.iterdir()) == []
    assert _release_files(release) == ["schemas"]  # not one release file written


@pytest.mark.parametrize(("make", "what"), [(_fifo, "is a FIFO"), (_link_to_file, "symbolic")])
def test_publish_refuses_a_release_file_that_is_not_a_regular_file(run_cli, tmp_path, make, what):
    release = tmp_path / "release"
    release.mkdir()
    make(release / "SHA256SUMS")
    before = _release_files(release)
    result = run_cli("publish", "-o", str(release), str(MINIMAL))
    _refused(result, what)
    assert _release_files(release) == before


# -- interrupted writes -----------------------------------------------------------------------

# Runs the command's entry point with a write that stops, once its temporary file holds the
# export, until a signal comes: the signal then arrives in the middle of the write, every time.
_SLOW_WRITE = """
import os, sys, time
from pathlib import Path

marker = Path(sys.argv[1])
real_fsync = os.fsync

def slow_fsync(fd):
    marker.write_text(str(os.getpid()))
    time.sleep(120)
    real_fsync(fd)

os.fsync = slow_fsync
from timeline.cli.commands import main
sys.exit(main(sys.argv[2:]))
"""


def _interrupted_export(tmp_path: Path, signum: int) -> tuple[int, bytes, Path]:
    """An export to ``tmp_path/out/out.csv`` sent ``signum`` while it writes."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.csv"
    target.write_bytes(OLD)
    marker = tmp_path / "writing"
    command = [sys.executable, "-c", _SLOW_WRITE, str(marker)]
    command += ["export", "--to", "csv", "-o", str(target), str(MINIMAL)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():  # waiting for a state, not timing anything
            if process.poll() is not None:
                pytest.fail(f"the export ended before its write: {process.communicate()}")
            assert time.monotonic() < deadline
            time.sleep(0.05)
        temporary = [p.name for p in out.iterdir() if p.name != "out.csv"]
        assert len(temporary) == 1  # the write is under way: its temporary file exists
        assert re.fullmatch(rf"\.out\.csv\.{process.pid}\.[0-9a-f]{{16}}\.tmp", temporary[0])
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    return process.returncode, stderr, target


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 128 + signal.SIGINT)],
)
def test_a_write_ended_by_sigterm_or_sigint_leaves_no_temporary_file(tmp_path, signum, status):
    returncode, stderr, target = _interrupted_export(tmp_path, signum)
    assert returncode == status  # 143 for SIGTERM, 130 for SIGINT
    assert b"Traceback" not in stderr
    assert _names(target.parent) == ["out.csv"]
    assert target.read_bytes() == OLD  # the old export, whole


def test_the_next_write_removes_what_a_killed_write_left(run_cli, tmp_path):
    returncode, _, target = _interrupted_export(tmp_path, signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    left = [p.name for p in target.parent.iterdir() if p.name != "out.csv"]
    assert len(left) == 1
    pid = int(left[0].split(".")[3])  # SIGKILL cannot be caught: the temporary file stays, for now
    assert target.read_bytes() == OLD
    # A temporary file of a live process (this one) and one of another target stay.
    alive = target.parent / f".out.csv.{os.getpid()}.0123456789abcdef.tmp"
    other = target.parent / f".other.csv.{pid}.0123456789abcdef.tmp"
    huge = target.parent / f".out.csv.{10**30}.0123456789abcdef.tmp"  # no process number
    for path in (alive, other, huge):
        path.write_bytes(b"")
    result = run_cli("export", "--to", "csv", "-o", str(target), str(MINIMAL))
    assert result.returncode == ExitCode.VALID, result.stderr
    assert _names(target.parent) == sorted(["out.csv", alive.name, other.name, huge.name])
    assert target.read_bytes() == FORMATS["csv"].render(load(MINIMAL))


def _custom_handler(signum, frame):  # pragma: no cover - never called
    raise AssertionError(signum)


@pytest.mark.parametrize("handler", [signal.SIG_DFL, signal.SIG_IGN, _custom_handler])
def test_a_write_leaves_the_sigterm_handler_as_it_found_it(tmp_path, handler):
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        timeline.dump(load(MINIMAL), tmp_path / "out.json")
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert _names(tmp_path) == ["out.json"]
