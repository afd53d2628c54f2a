"""What kind of file a mode names, in words: reading a source text and writing an output both
refuse anything but a regular file, and say what they found instead."""

from __future__ import annotations

import stat

__all__ = ["file_kind"]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what the file is (``"a FIFO"``).

    >>> import os
    >>> file_kind(os.stat(".").st_mode)
    'a folder'
    """
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "a file of an unknown kind")
