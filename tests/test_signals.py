"""Signals and the second process: a command ended by Ctrl-C or SIGTERM exits 130 or 143 with
nothing on standard error, and the process that checks the second half of the events never
outlives the one that started it, however that one ends."""

from __future__ import annotations

import multiprocessing.context
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import timeline
from benchmarks.generate import generate
from timeline.cli.commands import main
from timeline.reading import _batch_reader, _fast_check

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="finds the second process through /proc"
)

#: The events shared between two processes even in a small file, each batch of events slowed
#: down so that the second process is still checking when the first is ended. ``SLOWER``
#: leaves the kernel's watch (PR_SET_PDEATHSIG) out, to test what works everywhere.
PRELUDE = """\
import sys, time
import timeline.reading._batch_reader as b, timeline.reading._fast_check as f
b.BATCH = 64 << 10
f.SHARE_FROM = 0
f._second_core = lambda: True
batch = f._FastChecker.batch
def slow(self, key, index, values):
    if key == "events":
        time.sleep(0.5)
    yield from batch(self, key, index, values)
f._FastChecker.batch = slow
if sys.argv[1] == "portable":
    f._die_with_parent = lambda: None
"""
SCRIPTS = {
    "validate": PRELUDE + "from timeline.cli.commands import main\nsys.exit(main(sys.argv[2:]))\n",
    "load": PRELUDE + "import timeline\ntimeline.load(sys.argv[-1])\n",
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """A generated dataset of a few megabytes: tens of slowed batches in each half."""
    path = tmp_path_factory.mktemp("signals") / "events.json"
    generate(path, 1500, seed=5)
    return path


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_until(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Started:
    """A script run with its output in files (a pipe would stay open in a second process
    that outlives it), and the second process it forks."""

    def __init__(self, tmp_path: Path, script: str, *args: str) -> None:
        self.out, self.err = tmp_path / "stdout", tmp_path / "stderr"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SCRIPTS[script], *args],
                stdout=out,
                stderr=err,
                env={**os.environ, "PYTHONWARNINGS": "error"},
                start_new_session=True,  # its own group, as a terminal gives a command
            )
        found: set[int] = set()
        assert wait_until(lambda: bool(found.update(children(self.process.pid)) or found), 60)
        (self.worker,) = found
        time.sleep(0.3)  # into the slowed batches of both processes

    def wait(self) -> int:
        return self.process.wait(timeout=60)

    def stderr(self) -> str:
        return self.err.read_text(errors="replace")

    def clean_up(self) -> None:
        for pid in (self.process.pid, self.worker):
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=60)


@pytest.mark.parametrize("layers", ["linux", "portable"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_the_second_process_dies_with_the_first(tmp_path, dataset, script, signum, layers):
    started = Started(tmp_path, script, layers, "validate", str(dataset))
    try:
        assert running(started.worker)
        os.kill(started.process.pid, signum)  # the first process alone
        started.wait()
        assert wait_until(lambda: not running(started.worker), 5), "the second process lives"
    finally:
        started.clean_up()


@pytest.mark.parametrize(
    ("signum", "group", "code"),
    [
        (signal.SIGINT, True, 130),  # Ctrl-C in a terminal: every process of the group
        (signal.SIGINT, False, 130),
        (signal.SIGTERM, True, 143),  # a CI job cancelled, `timeout`
        (signal.SIGTERM, False, 143),
    ],
)
@pytest.mark.parametrize("command", ["validate", "show"])
def test_a_signal_ends_the_command_cleanly(tmp_path, dataset, command, signum, group, code):
    started = Started(tmp_path, "validate", "linux", command, str(dataset))
    try:
        if group:
            os.killpg(started.process.pid, signum)
        else:
            os.kill(started.process.pid, signum)
        assert started.wait() == code
        assert wait_until(lambda: not running(started.worker), 5)
        assert started.stderr() == ""  # no traceback, no "Process ForkProcess-1:"
        assert started.out.read_bytes() == b""  # no verdict from a check cut short
    finally:
        started.clean_up()


def test_ctrl_c_reaching_the_second_process_first_prints_nothing(tmp_path, dataset):
    """Ctrl-C reaches every process of the group, in no set order: the second one leaves it
    to the first (it printed "Process ForkProcess-1:" and a traceback)."""
    started = Started(tmp_path, "validate", "linux", "validate", str(dataset))
    try:
        os.kill(started.worker, signal.SIGINT)
        time.sleep(1)  # a slowed batch: the second process has seen it
        os.kill(started.process.pid, signal.SIGINT)
        assert started.wait() == 130
        assert wait_until(lambda: not running(started.worker), 5)
        assert started.stderr() == ""
    finally:
        started.clean_up()


def test_a_second_process_that_cannot_be_started_leaves_the_work_to_the_first(dataset, monkeypatch):
    """A fork refused (a limit on processes): this process checks and loads every event."""

    def refused(self):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(_batch_reader, "BATCH", 64 << 10)
    monkeypatch.setattr(_fast_check, "SHARE_FROM", 0)
    monkeypatch.setattr(_fast_check, "_second_core", lambda: True)
    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refused, raising=False)
    loaded = timeline.load(dataset)
    assert len(loaded.events) == 1500
    assert main(["validate", "--quiet", str(dataset)]) == 0
