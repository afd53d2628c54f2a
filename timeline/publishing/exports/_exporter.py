"""What every export format is: a name, a file suffix, a media type and a renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from timeline.model import Dataset

__all__ = ["Exporter"]


@attrs.frozen(kw_only=True)
class Exporter:
    """A format a dataset can be exported to.

    ``render`` gives the whole dataset in this format, deterministically: the same dataset
    always gives the same bytes. ``table_schema``, for a format that is a table, gives its
    Frictionless Table Schema (see :mod:`timeline.publishing.exports.fields`), which a
    release's ``datapackage.json`` carries for the file.
    """

    name: str  # as ``timeline export --to`` takes it
    suffix: str  # the usual file name suffix, with its dot
    media_type: str
    render: Callable[[Dataset], bytes]
    table_schema: Callable[[], dict[str, Any]] | None = None
