"""SIGTERM as an exception: while a block runs, SIGTERM unwinds it like Ctrl-C does, so that
every ``finally`` block and ``with`` exit runs (a temporary file is removed, a second process
ended) before the process ends with the status a shell reports for SIGTERM.

The command line wraps each command in it (raising ``timeline.cli.output.Terminated``); an
atomic write wraps itself in it (raising ``SystemExit(143)``), so that a library caller's write
cleans up too.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import FrameType

__all__ = ["SIGTERM_EXIT", "sigterm_raises"]

#: The exit status of a process ended by SIGTERM, as a shell reports it: 128 + 15.
SIGTERM_EXIT = 128 + signal.SIGTERM


def _exit() -> BaseException:
    return SystemExit(SIGTERM_EXIT)


@contextlib.contextmanager
def sigterm_raises(raised: Callable[[], BaseException] = _exit) -> Iterator[None]:
    """While the block runs, SIGTERM raises ``raised()`` instead of ending the process at once.

    Only when SIGTERM has its default action and this is the main thread (the only one that
    may set a handler): a handler someone else installed (an outer block's, or SIGTERM
    ignored) is left as it is, and the previous handler comes back afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise raised()

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
