"""Event-timeline datasets extracted from news, every value backed by its source.

Read and check a dataset
    load(path), loads(text)     validated records, or InvalidDatasetError with every problem
    iter_problems(document)     every problem of a parsed document (validate: its records)
    load_default()              the seed dataset shipped with the package
    dump, dumps, unstructure    the canonical JSON back
    converter                   the strict cattrs converter: converter.structure(data, Event)
The records (frozen attrs classes)
    Dataset of Source, Actor and Event records and their parts (Place, Participant, Fatalities,
    Evidence, Relation ...), with the closed vocabularies (EventType, Role, Status ...)
Dates with honest precision
    parse_edtf(text)            an EdtfDate: earliest and latest possible day, Precision
    resolve_phrase(phrase, published)   "on Thursday" against a publication date
Views
    Timeline(dataset)           chronological order, date ranges (Hits), actor views
                                (ActorEvents of ActorEvent, ActorSummary), relations (Linked)
Curation
    build(seeds, output)        annotated source texts in, a validated dataset out
Data frames
    to_pandas(dataset)          the events as a typed pandas DataFrame (table="participants":
                                one row per actor in its role); needs pandas>=2
Problems and errors
    Problem (pointer, line, column, stable code, Severity); every exception derives from
    TimelineError

The stages behind these names are the subpackages reading, curation, query, publishing (the
exports, the release folder) and cli; docs/architecture.md in the source repository maps them.

>>> import timeline
>>> timeline.parse_edtf("2020-02").precision
<Precision.MONTH: 'month'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from timeline.convert import converter
from timeline.curation.build import BuildError, build
from timeline.dates import EdtfDate, Overlap, Precision, parse_edtf, resolve_phrase
from timeline.errors import (
    DatePhraseError,
    EdtfError,
    InvalidDatasetError,
    MissingExtraError,
    RecordError,
    RecordTypeError,
    TimelineError,
)
from timeline.model import (
    Actor,
    ActorKind,
    Affiliation,
    Attribution,
    Contributor,
    Dataset,
    DateBasis,
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
    Report,
    ReportedPerpetrator,
    Responsibility,
    Role,
    Source,
    Status,
)
from timeline.problems import Problem, Severity
from timeline.publishing.frames import to_pandas
from timeline.query.results import ActorEvents, EventList, Hit, Hits
from timeline.query.views import (
    ActorEvent,
    ActorSummary,
    AmbiguousActorError,
    Grouping,
    Linked,
    Timeline,
    UnknownActorError,
    UnknownEventError,
)
from timeline.reading.document import dump, dumps, load, loads, unstructure
from timeline.reading.shipped import load_default
from timeline.reading.validation import iter_problems, validate
from timeline.schema import DATASET_SCHEMA_ID, dataset_schema
from timeline.temporal import Basis, BasisKind, Bounds, DerivedBounds, derive_bounds

if TYPE_CHECKING:
    __version__: str

#: Names that were public once and now live elsewhere: where, and the attribute there.
_MOVED = {"make_converter": ("timeline.convert", "make_converter")}


def __getattr__(name: str) -> Any:
    """``__version__``, read when asked for; a name that moved, with a DeprecationWarning."""
    # The version is read from the installed package's metadata only when asked for: reading
    # it costs a tenth of the command's start-up, which every `timeline validate` pays.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("timeline")
        except PackageNotFoundError:  # pragma: no cover - a tree that is not installed
            return "0+unknown"
    if name in _MOVED:
        import importlib
        import warnings

        module, attribute = _MOVED[name]
        warnings.warn(
            f"timeline.{name} is not part of the public API any more; use {module}.{attribute}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")


__all__ = [
    "DATASET_SCHEMA_ID",
    "Actor",
    "ActorEvent",
    "ActorEvents",
    "ActorKind",
    "ActorSummary",
    "Affiliation",
    "AmbiguousActorError",
    "Attribution",
    "Basis",
    "BasisKind",
    "Bounds",
    "BuildError",
    "Contributor",
    "Dataset",
    "DateBasis",
    "DatePhraseError",
    "DerivedBounds",
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
    "Grouping",
    "Hit",
    "Hits",
    "InvalidDatasetError",
    "Linked",
    "MissingExtraError",
    "Overlap",
    "Participant",
    "Place",
    "Precision",
    "Problem",
    "RecordError",
    "RecordTypeError",
    "Relation",
    "RelationType",
    "Report",
    "ReportedPerpetrator",
    "Responsibility",
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
    "derive_bounds",
    "dump",
    "dumps",
    "iter_problems",
    "load",
    "load_default",
    "loads",
    "parse_edtf",
    "resolve_phrase",
    "to_pandas",
    "unstructure",
    "validate",
]
