"""Atomic file writes: a temporary file in the target's folder, then a rename.

What a write refuses, what it leaves behind when it is interrupted and how the next write
cleans that up:

- The target must be a regular file or not exist yet: a FIFO, a device, a socket, a folder
  or a symbolic link (even one to a regular file) is refused with :class:`UnsafeTargetError`
  (an :class:`OSError`), and nothing is written. Replacing a device or a FIFO with a file, or
  a link with a file, is never what was meant.
- ``within`` names a folder the write must stay inside: neither it nor any folder between it
  and the target may be a symbolic link (each is created when missing).
- The temporary file is named ``.NAME.PID.RANDOM.tmp`` (``NAME`` the target's name, ``PID``
  the writing process). Any exception, ``KeyboardInterrupt`` (SIGINT) included, removes it.
  While the write runs, SIGTERM is turned into ``SystemExit(143)`` (128 + 15, the status a
  shell reports for a process ended by SIGTERM) when nothing else handles SIGTERM, so a
  terminated write cleans up too. A write ended by SIGKILL, which nothing can catch, leaves
  its temporary file; the next write of the same target removes the temporary files of that
  name whose process is gone.
- A folder of files (:func:`write_folder_atomic`) is written into a temporary folder beside
  it, ``.NAME.PID.RANDOM.tmp``, which is renamed to the target once it is complete; a
  target that holds files is replaced only when asked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.files.kinds import file_kind
from timeline.files.sigterm import sigterm_raises

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "UnsafeTargetError",
    "check_folders",
    "check_target",
    "write_bytes_atomic",
    "write_folder_atomic",
]

# Opening the temporary file never follows a link and never takes an existing file.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


class UnsafeTargetError(OSError):
    """A path a write refuses: not a regular file, or a symbolic link on the way to it.

    Its ``strerror`` says why (``"is a FIFO, not a regular file"``) and its ``filename`` names
    the path refused.
    """


def check_target(path: Path) -> None:
    """Raise :class:`UnsafeTargetError` unless ``path`` is missing or a regular file (a
    symbolic link is refused, whatever it points to)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    kind = file_kind(mode)
    if kind is None:
        return
    if stat.S_ISLNK(mode):
        code, reason = errno.ELOOP, "is a symbolic link"
    else:
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        reason = f"is {kind}, not a regular file"
    raise UnsafeTargetError(code, f"{reason}: refusing to replace it", str(path))


def check_folders(within: Path, folder: Path, *, create: bool = False) -> None:
    """Raise :class:`UnsafeTargetError` if ``within`` or a folder from it down to ``folder``
    is a symbolic link, :class:`NotADirectoryError` if one is not a folder. With ``create``,
    the missing ones are created (``within`` with its parents); without, a missing folder ends
    the check (nothing below it can be a link yet)."""
    current = within
    for part in (None, *folder.relative_to(within).parts):
        if part is not None:
            current = current / part
        try:
            mode = current.lstat().st_mode
        except FileNotFoundError:
            if not create:
                return
            current.mkdir(parents=part is None, exist_ok=True)
            mode = current.lstat().st_mode
        if stat.S_ISLNK(mode):
            raise UnsafeTargetError(
                errno.ELOOP, "is a symbolic link: refusing to write through it", str(current)
            )
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))


def _owner_is_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # alive and another user's, or no process number at all
        return False
    return False


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporary files of writes of ``folder/name`` whose process is gone (a write
    ended by SIGKILL). Only on POSIX, where asking whether a process exists is harmless."""
    if os.name != "posix":
        return
    pattern = re.compile(rf"\.{re.escape(name)}\.([0-9]+)\.[0-9a-f]{{16}}\.tmp")
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if found and entry.is_file(follow_symlinks=False) and _owner_is_gone(int(found[1])):
                with contextlib.suppress(FileNotFoundError):
                    Path(entry.path).unlink()


def _open_temporary(path: str, flags: int) -> int:
    return os.open(path, _TEMP_FLAGS, 0o600)


def write_bytes_atomic(path: Path, data: bytes, *, within: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The temporary file is created beside the target (a rename is atomic only within one file
    system) and removed again when anything goes wrong, SIGTERM and SIGINT included. The
    target must be missing or a regular file (see the module's documentation); with
    ``within``, the folders from ``within`` down to the target's are created when missing and
    none may be a symbolic link. Raises :class:`UnsafeTargetError` for a target refused,
    :class:`OSError` when the file cannot be written.
    """
    path = Path(path)
    if within is not None:
        check_folders(Path(within), path.parent, create=True)
    check_target(path)
    _remove_leftovers(path.parent, path.name)
    with sigterm_raises():
        tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp"
        try:
            with open(tmp, "xb", opener=_open_temporary) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                # Keep the permissions of the file being replaced.
                tmp.chmod(path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                tmp.chmod(0o666 & ~umask)
            check_target(path)  # still a regular file (or missing) just before the rename
            tmp.replace(path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise


def _remove_tree(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)


def _is_empty_folder(path: Path) -> bool:
    with os.scandir(path) as entries:
        return next(entries, None) is None


def write_folder_atomic(path: Path, fill: Callable[[Path], None], *, replace: bool = False) -> None:
    """Make the folder ``path`` so that readers see no folder, or the old one, or the whole new
    one, never half of it: ``fill`` writes the files into a temporary folder beside ``path``
    (``.NAME.PID.RANDOM.tmp``), which is then renamed to ``path``.

    ``path`` must be missing or a folder (a symbolic link, even to a folder, is refused with
    :class:`UnsafeTargetError`; a file with :class:`NotADirectoryError`). An empty folder is
    replaced by the rename itself. A folder that holds anything is refused with an
    :class:`OSError` (``ENOTEMPTY``) unless ``replace``: then it is renamed aside, the new one
    renamed in, and the old one removed. Any exception, SIGINT and SIGTERM included, removes
    the temporary folder; the target is left as it was.
    """
    path = Path(path)
    try:
        mode: int | None = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        raise UnsafeTargetError(
            errno.ELOOP, "is a symbolic link: refusing to replace it", str(path)
        )
    if mode is not None and not stat.S_ISDIR(mode):
        raise NotADirectoryError(errno.ENOTDIR, "is not a folder", str(path))
    if mode is not None and not replace and not _is_empty_folder(path):
        raise OSError(errno.ENOTEMPTY, "is a folder that is not empty", str(path))
    with sigterm_raises():
        tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp"
        old = tmp.with_name(tmp.name.removesuffix(".tmp") + ".old")
        try:
            tmp.mkdir()
            fill(tmp)
            try:
                tmp.rename(path)  # a missing or empty folder: one atomic step
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or not replace:
                    raise
                path.rename(old)
                try:
                    tmp.rename(path)
                except BaseException:
                    old.rename(path)  # the old folder back, as it was
                    raise
        except BaseException:
            _remove_tree(tmp)
            raise
        finally:
            _remove_tree(old)
