"""What every export format is: a name, a file suffix, a media type and a renderer; or, for a
format written as a folder of files, a name, a media type, the optional group it needs and a
writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from timeline.model import Dataset

__all__ = ["Exporter", "FolderExporter"]


@attrs.frozen(kw_only=True)
class Exporter:
    """A format a dataset can be exported to.

    ``render`` gives the whole dataset in this format, deterministically: the same dataset
    always gives the same bytes. ``table_schema``, for a format that is a table, gives its
    Frictionless Table Schema (see :mod:`timeline.publishing.exports.fields`), which a
    release's ``datapackage.json`` carries for the file. ``notes`` is what a reader of the
    file must know beyond its format (the CSV's neutralised cells), which the release's
    descriptor adds to the file's description.
    """

    name: str  # as ``timeline export --to`` takes it
    summary: str  # what it is, in a few words, for ``timeline export --help``
    suffix: str  # the usual file name suffix, with its dot
    media_type: str
    render: Callable[[Dataset], bytes]
    table_schema: Callable[[], dict[str, Any]] | None = None
    notes: str = ""


@attrs.frozen(kw_only=True)
class FolderExporter:
    """A format a dataset is exported to as a folder of files (Parquet's partitions), which
    needs an optional dependency.

    ``write(dataset, folder, replace)`` makes the folder atomically (see
    :func:`timeline.files.atomic.write_folder_atomic`): a folder that holds files is refused
    unless ``replace``. ``extra`` is the optional group of the package the format needs (see
    :func:`timeline.publishing.extras.install_hint`). A folder format is not part of a
    release, which is one file per format.
    """

    name: str  # as ``timeline export --to`` takes it
    summary: str  # what it is, in a few words, for ``timeline export --help``
    media_type: str  # of each file of the folder
    extra: str
    write: Callable[[Dataset, Path, bool], None]
