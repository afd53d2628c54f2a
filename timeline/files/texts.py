"""Reading a source text safely: under a root, a regular file, of a bounded size.

A dataset names its texts by paths relative to itself, and ``timeline validate`` runs on
datasets written by anyone. A text is read only when its path, with every symbolic link
resolved, stays inside the *texts root*, names no hidden file or folder (``.git``, ``.env``),
and is a regular file of at most :data:`TEXT_SIZE_CAP` bytes. Anything else is refused with a
:class:`TextRefused` that says why, without reading it. ``timeline validate`` and
``timeline build`` both read texts through :func:`read_text`.

The default root (:func:`default_root`) is the current working directory when the dataset's
folder lies inside it, otherwise the dataset's folder alone.
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

from timeline.files.kinds import file_kind

__all__ = ["TEXT_SIZE_CAP", "TextRefused", "default_root", "read_text"]

#: The largest source text read, in bytes (64 MiB): a larger one is refused.
TEXT_SIZE_CAP = 64 * 1024 * 1024

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class TextRefused(Exception):
    """A source text that is not read: :attr:`reason` says why (never what it holds)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def default_root(folder: Path, cwd: Path | None = None) -> Path | None:
    """The texts root of a dataset (or seeds) folder: the current working directory when
    ``folder`` lies inside it, else ``folder`` itself. The top of the file system is never a
    default root (it would open every file to a dataset): None then, and every text is
    refused until a root is named.

    >>> default_root(Path("/srv/repo/data"), cwd=Path("/srv/repo"))
    PosixPath('/srv/repo')
    >>> default_root(Path("/tmp/elsewhere"), cwd=Path("/srv/repo"))
    PosixPath('/tmp/elsewhere')
    >>> default_root(Path("/srv/repo/data"), cwd=Path("/"))
    PosixPath('/srv/repo/data')
    >>> default_root(Path("/"), cwd=Path("/")) is None
    True
    """
    here = Path(os.path.realpath(Path.cwd() if cwd is None else cwd))
    real = Path(os.path.realpath(folder))
    root = here if real.is_relative_to(here) and here.parent != here else real
    return None if root.parent == root else root


def _resolve(root: Path, base: Path, name: str) -> Path:
    """The real path ``name`` (relative to ``base``) names, when it stays inside ``root``."""
    if "\0" in name:
        raise TextRefused("it holds a NUL character, which no file name can")
    if Path(name).is_absolute() or name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        raise TextRefused("an absolute path: a text's path is relative to the dataset")
    real_root = Path(os.path.realpath(root))
    # Lexically normalised first, as a URL would be ("data/../seeds/x.txt" finds seeds/x.txt
    # even before the folder data/ exists), then every symbolic link resolved.
    real = Path(os.path.realpath(os.path.normpath(Path(base) / name)))
    if not real.is_relative_to(real_root):
        raise TextRefused(
            f"it leads outside the texts root {str(root)!r} (a wider root is given with "
            "--texts-root)"
        )
    if any(part.startswith(".") for part in real.relative_to(real_root).parts):
        raise TextRefused("it names a hidden file or folder (a name starting with '.')")
    return real


def read_text(root: Path | None, base: Path, name: str, *, cap: int = TEXT_SIZE_CAP) -> bytes:
    """The bytes of the text at ``name`` relative to ``base``, read only under ``root``.

    Raises :class:`TextRefused` when the path leaves ``root`` (symbolic links resolved), is
    absolute, names a hidden file, is not a regular file, or holds more than ``cap`` bytes;
    :class:`OSError` when the file cannot be opened (missing, not permitted).
    """
    if root is None:
        raise TextRefused(
            "there is no texts root (the dataset's folder is the top of the file system): "
            "name one with --texts-root"
        )
    real = _resolve(root, base, name)
    descriptor = os.open(real, _FLAGS)
    try:
        status = os.fstat(descriptor)
        kind = file_kind(status.st_mode)
        if kind is not None:
            raise TextRefused(f"it is {kind}, not a regular file")
        if status.st_size > cap:
            raise TextRefused(f"it is larger than the cap of {cap} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(descriptor, min(cap + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > cap:
            raise TextRefused(f"it is larger than the cap of {cap} bytes")
        return b"".join(chunks)
    finally:
        os.close(descriptor)
