"""timeline: event-timeline datasets extracted from news.

Typed, frozen records (:mod:`timeline.model`), dates with honest precision
(:mod:`timeline.dates`), validation against the published JSON Schema and the rules a schema
cannot state (:mod:`timeline.reading.validation`), and canonical JSON in and out.

>>> import timeline
>>> timeline.parse_edtf("2020-02").precision
<Precision.MONTH: 'month'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.convert import converter, make_converter
from timeline.curation.build import BuildError, build
from timeline.dates import EdtfDate, Overlap, Precision, parse_edtf, resolve_phrase
from timeline.errors import (
    DatePhraseError,
    EdtfError,
    InvalidDatasetError,
    RecordError,
    RecordTypeError,
    TimelineError,
)
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Contributor,
    Dataset,
    Event,
    EventSubtype,
    EventType,
    Evidence,
    ExternalIds,
    Fatalities,
    FatalitySubset,
    GeoPrecision,
    Participant,
    Place,
    Relation,
    RelationType,
    Role,
    Source,
    Status,
)
from timeline.problems import Problem, Severity
from timeline.query.results import EventList, Hit, Hits
from timeline.query.views import Timeline, UnknownActorError, UnknownEventError
from timeline.reading.document import dump, dumps, load, loads, unstructure
from timeline.reading.shipped import load_default
from timeline.reading.validation import iter_problems, validate
from timeline.schema import DATASET_SCHEMA_ID, dataset_schema

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata only when asked for: reading
    # it costs a tenth of the command's start-up, which every `timeline validate` pays.
    if name != "__version__":
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("timeline")
    except PackageNotFoundError:  # pragma: no cover - running from a tree that is not installed
        return "0+unknown"


__all__ = [
    "DATASET_SCHEMA_ID",
    "Actor",
    "ActorKind",
    "Affiliation",
    "BuildError",
    "Contributor",
    "Dataset",
    "DatePhraseError",
    "EdtfDate",
    "EdtfError",
    "Event",
    "EventList",
    "EventSubtype",
    "EventType",
    "Evidence",
    "ExternalIds",
    "Fatalities",
    "FatalitySubset",
    "GeoPrecision",
    "Hit",
    "Hits",
    "InvalidDatasetError",
    "Overlap",
    "Participant",
    "Place",
    "Precision",
    "Problem",
    "RecordError",
    "RecordTypeError",
    "Relation",
    "RelationType",
    "Role",
    "Severity",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "UnknownActorError",
    "UnknownEventError",
    "__version__",
    "build",
    "converter",
    "dataset_schema",
    "dump",
    "dumps",
    "iter_problems",
    "load",
    "load_default",
    "loads",
    "make_converter",
    "parse_edtf",
    "resolve_phrase",
    "unstructure",
    "validate",
]
