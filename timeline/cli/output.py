"""What the command line writes, and the codes it ends with when a signal stops it.

Standard output is written through :func:`write` and :func:`write_bytes` (all of it, or an
:class:`OutputError`), standard error through :func:`warn` (a failure there is left: the exit
code still tells). :func:`discard_output` drops what could not be delivered before the process
ends. A command writes nothing to ``sys.stdout`` or ``sys.stderr`` directly: it uses these.

A new command: a function in :mod:`timeline.cli.commands`, its sub-parser in
:mod:`timeline.cli.parser`; it writes through this module.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys

from timeline.files.sigterm import SIGTERM_EXIT

__all__ = [
    "INTERRUPTED",
    "TERMINATED",
    "OutputError",
    "Terminated",
    "discard_output",
    "flush",
    "reason_of",
    "warn",
    "write",
    "write_bytes",
]

#: The exit codes of a command ended by a signal, as a shell reports them (128 + signal).
INTERRUPTED = 128 + signal.SIGINT
TERMINATED = SIGTERM_EXIT


class Terminated(BaseException):
    """Raised in the main thread by SIGTERM while :func:`timeline.cli.commands.main` runs:
    like Ctrl-C's ``KeyboardInterrupt``, it unwinds the command so that every ``finally``
    block and ``with`` exit runs (a temporary file is removed, a second process ended);
    ``main`` then returns 143."""


class OutputError(Exception):
    """Standard output cannot be written (closed, full, or its reader gone)."""

    def __init__(self, reason: str, *, broken_pipe: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.broken_pipe = broken_pipe


def reason_of(exc: OSError) -> str:
    """Why an operation on a file failed, in the system's words."""
    return exc.strerror or str(exc)


def _output_error(exc: OSError) -> OutputError:
    return OutputError(reason_of(exc), broken_pipe=exc.errno == errno.EPIPE)


def write(text: str) -> None:
    """Write ``text`` to standard output, encoded as the stream encodes."""
    if sys.stdout is None:
        raise OutputError("it is closed")
    write_bytes(text.encode(sys.stdout.encoding, sys.stdout.errors or "strict"))


def write_bytes(data: bytes) -> None:
    """Write all of ``data`` to standard output: a write can take only part of it (the
    reader of a pipe went away meanwhile), and what it did not take must not be lost
    silently."""
    if sys.stdout is None:
        raise OutputError("it is closed")
    try:
        sys.stdout.flush()
        left = memoryview(data)
        while left:
            written = sys.stdout.buffer.write(left)
            if not written:  # None: a non-blocking output that takes nothing now
                raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
            left = left[written:]
        sys.stdout.buffer.flush()
    except OSError as exc:
        raise _output_error(exc) from None


def flush() -> None:
    """Deliver what is buffered for standard output (a full disk shows only here)."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise _output_error(exc) from None


def warn(text: str) -> None:
    """Write ``text`` to standard error; a standard error that cannot be written is left
    (the exit code still tells)."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError):
            sys.stderr.write(text)
            sys.stderr.flush()


def discard_output() -> None:
    """Drop what is left in the buffers of standard output and error: the interpreter's own
    last flush would fail again, print a message and change the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, stream.fileno())
                os.close(null)
