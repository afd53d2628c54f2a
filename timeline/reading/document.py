"""Reading and writing dataset documents: JSON text in, records out, and back.

``load``/``loads`` read, validate and structure; ``dump``/``dumps`` write the canonical form:
keys in the records' field order, two-space indentation, UTF-8 with no ``\\u`` escapes, and a
newline at the end. A canonical document survives ``loads`` then ``dumps`` byte for byte.

Reading goes through :mod:`timeline.reading._record_stream`: a file is read a record at a time,
so that checking it needs memory for its largest record, not for the whole file. A file is
first read the fast way, whatever its layout (:mod:`timeline.reading._batch_reader`); the
exact reader reads it again only when it has a problem to place or cannot be read that way.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.convert import converter
from timeline.errors import InvalidDatasetError
from timeline.files.atomic import write_bytes_atomic
from timeline.reading._fast_check import check_fast
from timeline.reading._record_stream import Reader
from timeline.reading.validation import check_reader

if TYPE_CHECKING:
    from typing import IO

    from timeline.model import Dataset
    from timeline.problems import Problem

__all__ = [
    "check_document",
    "check_file",
    "check_stream",
    "dump",
    "dumps",
    "load",
    "loads",
    "unstructure",
]


def check_stream(
    stream: IO[bytes],
    *,
    base_dir: Path | None = None,
    records: bool = True,
    texts_root: Path | None = None,
) -> tuple[list[Problem], Dataset | None]:
    """Read and validate a dataset from a binary stream: every problem, placed by line and
    column, and the records when ``records`` is asked and there is no error."""
    return check_reader(Reader(stream), base_dir=base_dir, records=records, texts_root=texts_root)


def check_document(
    data: bytes | str,
    *,
    base_dir: Path | None = None,
    records: bool = True,
    texts_root: Path | None = None,
) -> tuple[list[Problem], Dataset | None]:
    """Validate a dataset given as JSON text (see :func:`check_stream`).

    Sources' texts are checked against the quotes only when ``base_dir`` (the folder their
    paths are relative to) is given. They are read only under ``texts_root``: by default the
    current working directory when ``base_dir`` lies inside it, else ``base_dir`` itself.
    """
    if isinstance(data, str):
        reader = Reader(data)
        return check_reader(reader, base_dir=base_dir, records=records, texts_root=texts_root)
    return check_stream(io.BytesIO(data), base_dir=base_dir, records=records, texts_root=texts_root)


def check_file(
    path: Path, *, records: bool = True, texts_root: Path | None = None
) -> tuple[list[Problem], Dataset | None]:
    """Read and validate a dataset file; source texts are found beside it, and read only
    under ``texts_root`` (see :func:`check_document`).

    A regular file is read the fast way first and again by the exact reader only when it has
    a problem; anything else (a pipe such as ``<(command)`` or ``/dev/stdin``, a device) can
    be read only once, so it is read once, by the exact reader, and its texts are found
    from the working folder, as for standard input.

    Raises :class:`OSError` when the file cannot be read.
    """
    base_dir = Path(path).parent
    with Path(path).open("rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            base_dir = Path.cwd()
        else:
            checked = check_fast(
                Path(path), base_dir=base_dir, records=records, texts_root=texts_root
            )
            if checked is not None:
                return checked
        return check_stream(stream, base_dir=base_dir, records=records, texts_root=texts_root)


def loads(
    text: bytes | str, *, base_dir: Path | None = None, texts_root: Path | None = None
) -> Dataset:
    """Parse, validate and structure a dataset from JSON text.

    Sources' texts are checked against the quotes only when ``base_dir`` (the folder their
    paths are relative to) is given, and read only under ``texts_root`` (see
    :func:`check_document`). Raises :class:`~timeline.errors.InvalidDatasetError` holding
    every problem when there is at least one error.
    """
    problems, dataset = check_document(text, base_dir=base_dir, texts_root=texts_root)
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


def load(path: str | Path, *, texts_root: str | Path | None = None) -> Dataset:
    """Read a dataset file; source texts are found relative to the file's folder, and read
    only under ``texts_root`` (by default the current working directory when the file lies
    inside it, else the file's folder)."""
    root = Path(texts_root) if texts_root is not None else None
    problems, dataset = check_file(Path(path), texts_root=root)
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


def unstructure(dataset: Dataset) -> dict[str, Any]:
    """The dataset as JSON-ready Python objects, in canonical key order."""
    result: dict[str, Any] = converter.unstructure(dataset)
    return result


def dumps(dataset: Dataset) -> str:
    """The canonical JSON text of a dataset."""
    return json.dumps(unstructure(dataset), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dump(dataset: Dataset, path: str | Path) -> None:
    """Write the canonical JSON of a dataset to ``path``, atomically."""
    write_bytes_atomic(Path(path), dumps(dataset).encode("utf-8"))
