"""The inputs of ``timeline validate``: the names on its command line turned into files to
check, and each checked.

A name is a file, ``-`` for standard input, or a folder searched for ``*.json`` entries. An
entry that is not read (a symbolic link, a FIFO, a folder that cannot be listed) is not left
out silently: it becomes an unreadable file in the result.

A new command: a function in :mod:`timeline.cli.commands`, its sub-parser in
:mod:`timeline.cli.parser`; it needs this module only when it reads the named inputs as
``validate`` does.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.cli.output import reason_of
from timeline.files.kinds import file_kind
from timeline.problems import Problem
from timeline.reading.document import check_file, check_stream
from timeline.reading.result import FileResult

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["validate_inputs"]

STDIN = "-"


def _unreadable(name: str, reason: str) -> FileResult:
    problem = Problem(code="file-unreadable", message=f"cannot read: {reason}")
    return FileResult(path=name, problems=(problem,), readable=False)


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Each input as (the name to show, the file (None for standard input), why it is not
    read (None when it is to be read)). Folders are searched for ``*.json`` entries, in
    sorted order (see :func:`_scan`)."""
    for name in paths:
        if name == STDIN:
            yield name, None, None
            continue
        path = Path(name)
        try:
            folder = path.is_dir()
        except OSError:  # a name too long, say: reading it says why
            folder = False
        if not folder:
            yield name, path, None
            continue
        found = _scan(path)
        if not found:
            yield name, path, "the folder holds no .json file"
        for file, refused in found:
            yield str(file), file, refused


def _scan(folder: Path) -> list[tuple[Path, str | None]]:
    """The ``*.json`` entries under ``folder``, each with the reason it is not read (None
    for a regular file, which is). Nothing found is left out silently: a symbolic link (to
    a file or a folder) is not followed, so that a scan never reads outside the folder; a
    FIFO, socket or device is not opened; a sub-folder that cannot be listed is reported."""
    found: list[tuple[Path, str | None]] = []

    def unlisted(exc: OSError) -> None:
        found.append((Path(exc.filename or folder), f"cannot list the folder: {reason_of(exc)}"))

    for top, folders, files in os.walk(folder, onerror=unlisted):
        for name in folders:
            if Path(top, name).is_symlink():
                found.append((Path(top, name), _LINK))
        for name in files:
            if name.endswith(".json"):
                found.append((Path(top, name), _refused(Path(top, name))))
    return sorted(found)


_LINK = "a symbolic link, not followed in a folder scan (name its target to check it)"


def _refused(path: Path) -> str | None:
    """Why the entry ``path`` of a folder scan is not read, or None when it is a file."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return reason_of(exc)
    kind = file_kind(mode)
    if kind is None:
        return None
    if stat.S_ISLNK(mode):
        return _LINK
    return f"{kind}, not a regular file, is not read in a folder scan"


def validate_inputs(paths: Sequence[str], texts_root: Path | None = None) -> list[FileResult]:
    """Validate every input named on the command line; source texts are read only under
    ``texts_root`` (see :mod:`timeline.files.texts` for the default)."""
    results: list[FileResult] = []
    for name, path, refused in _inputs(paths):
        if refused is not None:
            results.append(_unreadable(name, refused))
            continue
        try:
            if path is None:
                if sys.stdin is None:
                    results.append(_unreadable(name, "standard input is closed"))
                    continue
                problems, _ = check_stream(
                    sys.stdin.buffer, base_dir=Path.cwd(), records=False, texts_root=texts_root
                )
            else:
                problems, _ = check_file(path, records=False, texts_root=texts_root)
        except OSError as exc:
            results.append(_unreadable(name, reason_of(exc)))
            continue
        results.append(FileResult(path=name, problems=tuple(problems)))
    return results
