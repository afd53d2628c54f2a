"""A release folder for a dataset: its JSON, the schemas, every export, a descriptor, checksums.

:func:`publish` writes, into one folder:

- ``<id>.json``: the dataset in canonical JSON;
- ``schemas/<name>.jsonschema.json``: every shipped JSON Schema (shipped as
  ``<name>.schema.json``: Frictionless reads a file whose name ends in ``schema.json`` as a
  Table Schema, and one ending in ``jsonschema.json`` as the JSON Schema it is);
- one file per export format of :data:`timeline.publishing.exports.FORMATS`, named
  ``<id><suffix>``, or ``<id>.<format><suffix>`` when that name is taken (TimelineJS's
  ``.json``);
- ``datapackage.json``: a Frictionless Data Package (v2) descriptor of the files above, with
  a Table Schema for each export that is a table (CSV, JSON Lines: see
  :mod:`timeline.publishing.exports.fields`);
- ``SHA256SUMS``: the SHA-256 of every other file, in the format of ``sha256sum``.

Publishing is deterministic: the same dataset gives the same bytes in every file. No clock is
read: the descriptor's ``created`` is the dataset's own ``created`` date (left out when the
dataset has none), and its ``contributors`` are the dataset's.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from timeline.files.atomic import check_folders, check_target, write_bytes_atomic
from timeline.publishing.exports import FORMATS
from timeline.reading.document import dumps
from timeline.schema import schema_files

if TYPE_CHECKING:
    from timeline.model import Dataset

__all__ = [
    "CHECKSUMS_NAME",
    "DATA_PACKAGE_PROFILE",
    "DESCRIPTOR_NAME",
    "SCHEMAS_FOLDER",
    "SCHEMA_SUFFIX",
    "data_package",
    "publish",
    "release_files",
]

#: The ``$schema`` of the descriptor: the Data Package v2 profile.
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: The file name of the Data Package descriptor.
DESCRIPTOR_NAME = "datapackage.json"
#: The file name of the checksums.
CHECKSUMS_NAME = "SHA256SUMS"
#: The folder, inside the release, of the shipped schemas.
SCHEMAS_FOLDER = "schemas"
#: What the name of a JSON Schema ends with in the release.
SCHEMA_SUFFIX = ".jsonschema.json"

# A single SPDX licence identifier (not an expression, not a LicenseRef-): it has a page.
_SIMPLE_LICENSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")  # fullmatch


@attrs.frozen
class _File:
    """One file of a release, with what the descriptor says about it."""

    path: str  # relative, with forward slashes
    data: bytes
    name: str = attrs.field(kw_only=True)
    fmt: str = attrs.field(kw_only=True)
    mediatype: str = attrs.field(kw_only=True)
    description: str = attrs.field(kw_only=True)
    table_schema: dict[str, Any] | None = attrs.field(kw_only=True, default=None)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-.")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(dataset: Dataset) -> list[_File]:
    """The files of the release other than the descriptor and the checksums, sorted by path."""
    files = [
        _File(
            f"{dataset.id}.json",
            dumps(dataset).encode("utf-8"),
            name=_slug(dataset.id),
            fmt="json",
            mediatype="application/json",
            description="The dataset (sources, actors and events with their evidence and reports) "
            "in canonical JSON, valid against the schema in schemas/.",
        )
    ]
    for schema_name, entry in sorted(schema_files().items()):
        stem = schema_name.removesuffix(".schema.json")
        files.append(
            _File(
                f"{SCHEMAS_FOLDER}/{stem}{SCHEMA_SUFFIX}",
                entry.read_bytes(),
                name=_slug(f"schema-{stem}"),
                fmt="json",
                mediatype="application/schema+json",
                description=f"The JSON Schema (Draft 2020-12) that dataset files of {stem} follow.",
            )
        )
    taken = {DESCRIPTOR_NAME, CHECKSUMS_NAME, *(file.path for file in files)}
    for format_name, exporter in sorted(FORMATS.items()):
        path = f"{dataset.id}{exporter.suffix}"
        if path in taken:
            path = f"{dataset.id}.{format_name}{exporter.suffix}"
        taken.add(path)
        files.append(
            _File(
                path,
                exporter.render(dataset),
                name=_slug(f"{dataset.id}-{format_name}"),
                fmt=exporter.suffix.lstrip(".") or format_name,
                mediatype=exporter.media_type,
                description=f"The events in chronological order, exported as {format_name} "
                f"(`timeline export --to {format_name}`).{' ' if exporter.notes else ''}"
                f"{exporter.notes}",
                table_schema=exporter.table_schema() if exporter.table_schema else None,
            )
        )
    return sorted(files, key=lambda file: file.path)


def _licenses(license_text: str) -> list[dict[str, str]]:
    entry = {"name": license_text}
    if _SIMPLE_LICENSE.fullmatch(license_text) and not license_text.startswith("LicenseRef-"):
        entry["path"] = f"https://spdx.org/licenses/{license_text}.html"
    return [entry]


def _sources(dataset: Dataset) -> list[dict[str, str]]:
    sources: list[dict[str, str]] = []
    for source in dataset.sources:
        entry = {"title": source.title}
        # A source's own path is relative to the dataset's original folder, not to the
        # release, so only a URL is kept.
        if source.url is not None:
            entry["path"] = source.url
        sources.append(entry)
    return sources


def _descriptor(dataset: Dataset, files: list[_File]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": dataset.id,
        "title": dataset.title,
        "version": dataset.version,
    }
    if dataset.description is not None:
        descriptor["description"] = dataset.description
    if dataset.created is not None:
        # Data Package asks for an RFC 3339 date-time; the dataset knows the day.
        descriptor["created"] = f"{dataset.created.isoformat()}T00:00:00Z"
    if dataset.contributors:
        descriptor["contributors"] = [
            {
                key: value
                for key, value in (
                    ("title", person.title),
                    ("roles", [person.role] if person.role else None),
                    ("email", person.email),
                    ("path", person.path),
                )
                if value is not None
            }
            for person in dataset.contributors
        ]
    descriptor["licenses"] = _licenses(dataset.license)
    if dataset.sources:
        descriptor["sources"] = _sources(dataset)
    descriptor["resources"] = [_resource(file) for file in files]
    return descriptor


def _resource(file: _File) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": file.name,
        "path": file.path,
        "description": file.description,
        "format": file.fmt,
        "mediatype": file.mediatype,
        "encoding": "utf-8",
        "bytes": len(file.data),
        "hash": f"sha256:{_sha256(file.data)}",
    }
    if file.table_schema is not None:
        # A tabular resource: readers take each value's type from its Table Schema, never
        # guessing (a guess reads the CAMEO code 057 as the number 57).
        resource["type"] = "table"
        resource["schema"] = file.table_schema
    return resource


def data_package(dataset: Dataset) -> dict[str, Any]:
    """The Data Package descriptor of the dataset's release, as JSON-ready objects."""
    return _descriptor(dataset, _files(dataset))


def release_files(dataset: Dataset) -> dict[str, bytes]:
    """Every file of the dataset's release, by relative path (forward slashes), in the order
    :func:`publish` writes them: the data files sorted by path, then the descriptor, then the
    checksums."""
    files = _files(dataset)
    contents = {file.path: file.data for file in files}
    descriptor = json.dumps(_descriptor(dataset, files), ensure_ascii=False, indent=2) + "\n"
    contents[DESCRIPTOR_NAME] = descriptor.encode("utf-8")
    sums = "".join(f"{_sha256(data)}  {path}\n" for path, data in sorted(contents.items()))
    contents[CHECKSUMS_NAME] = sums.encode("utf-8")
    return contents


def publish(dataset: Dataset, directory: str | Path) -> list[Path]:
    """Write the release folder of ``dataset`` into ``directory``; returns the files written.

    The folder (and its parents) is created when missing. Files already there are left alone,
    except those of the release, which are replaced, each atomically. The folder, the folders
    inside it and the release's files may not be symbolic links, and a file of the release may
    not be a FIFO, a device or a socket: those are refused with
    :class:`~timeline.files.atomic.UnsafeTargetError` (an :class:`OSError`) before anything is
    written through them. Raises :class:`OSError` when the folder cannot be made or a file
    cannot be written.
    """
    folder = Path(directory)
    files = {
        folder.joinpath(*relative.split("/")): data
        for relative, data in release_files(dataset).items()
    }
    for target in files:  # refuse before writing anything
        check_folders(folder, target.parent)
        check_target(target)
    written: list[Path] = []
    for target, data in files.items():
        write_bytes_atomic(target, data, within=folder)
        written.append(target)
    return written
