"""Event-timeline datasets extracted from news, every value backed by its source.

Read and check a dataset
    load(path), loads(text)     validated records, or InvalidDatasetError with every problem
    iter_problems(document)     every problem of a parsed document (validate: its records)
    load_default()              the seed dataset shipped with the package
    dump, dumps, unstructure    the canonical JSON back
    converter                   the strict cattrs converter: converter.structure(data, Event)
    dataset_schema(), DATASET_SCHEMA_ID     the JSON Schema the records are checked against
The records (frozen attrs classes; help(timeline.Event) shows one)
    Dataset of Source, Actor, Event; an Actor's Affiliation, Contributor; an Event's Place,
    Participant, Fatalities (FatalitySubset), Evidence, Report (ReportedPerpetrator),
    Responsibility, Relation, ExternalIds
    Vocabularies: EventType, EventSubtype, Role, Attribution, Status, ActorKind, DateBasis,
    GeoPrecision, RelationType
Dates with honest precision
    parse_edtf(text)            an EdtfDate: earliest and latest possible day, Precision,
                                Overlap with another
    resolve_phrase(phrase, published)   "on Thursday" against a publication date
    derive_bounds(events, ...)  what the relations imply: DerivedBounds of Bounds, each with
                                its Basis (BasisKind)
Views
    Timeline(dataset)           chronological order (EventList), date ranges (Hits of Hit),
                                actor views (ActorEvents of ActorEvent, ActorSummary,
                                Grouping), relations (Linked)
Curation
    build(seeds, output)        annotated source texts in, a validated dataset out
Data frames
    to_pandas(dataset)          the events as a typed pandas DataFrame (table="participants":
                                one row per actor in its role); needs pandas>=2
Problems and errors
    Problem (pointer, line, column, stable code, Severity). Every exception derives from
    TimelineError: InvalidDatasetError, RecordError, RecordTypeError, EdtfError,
    DatePhraseError, BuildError, MissingExtraError, UnknownActorError, AmbiguousActorError,
    UnknownEventError

Import the classes by name (``from timeline import Event``): ``from timeline import *`` gives
the functions. The stages behind these names are the subpackages reading, curation, query,
publishing (the exports, the release folder) and cli; docs/architecture.md in the source
repository maps them.

>>> import timeline
>>> timeline.parse_edtf("2020-02").precision
<Precision.MONTH: 'month'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The classes are re-exported one by one (``Name as Name``, PEP 484) and named in the map above
# rather than in ``__all__``: ``help(timeline)`` documents every name of ``__all__`` in full,
# which for some fifty classes is thousands of lines. ``__all__`` holds the functions.
from timeline.convert import converter
from timeline.curation.build import BuildError as BuildError
from timeline.curation.build import build
from timeline.dates import EdtfDate as EdtfDate
from timeline.dates import Overlap as Overlap
from timeline.dates import Precision as Precision
from timeline.dates import parse_edtf, resolve_phrase
from timeline.errors import DatePhraseError as DatePhraseError
from timeline.errors import EdtfError as EdtfError
from timeline.errors import InvalidDatasetError as InvalidDatasetError
from timeline.errors import MissingExtraError as MissingExtraError
from timeline.errors import RecordError as RecordError
from timeline.errors import RecordTypeError as RecordTypeError
from timeline.errors import TimelineError as TimelineError
from timeline.model import Actor as Actor
from timeline.model import ActorKind as ActorKind
from timeline.model import Affiliation as Affiliation
from timeline.model import Attribution as Attribution
from timeline.model import Contributor as Contributor
from timeline.model import Dataset as Dataset
from timeline.model import DateBasis as DateBasis
from timeline.model import Event as Event
from timeline.model import EventSubtype as EventSubtype
from timeline.model import EventType as EventType
from timeline.model import Evidence as Evidence
from timeline.model import ExternalIds as ExternalIds
from timeline.model import Fatalities as Fatalities
from timeline.model import FatalitySubset as FatalitySubset
from timeline.model import GeoPrecision as GeoPrecision
from timeline.model import Participant as Participant
from timeline.model import Place as Place
from timeline.model import Relation as Relation
from timeline.model import RelationType as RelationType
from timeline.model import Report as Report
from timeline.model import ReportedPerpetrator as ReportedPerpetrator
from timeline.model import Responsibility as Responsibility
from timeline.model import Role as Role
from timeline.model import Source as Source
from timeline.model import Status as Status
from timeline.problems import Problem as Problem
from timeline.problems import Severity as Severity
from timeline.publishing.frames import to_pandas
from timeline.query.results import ActorEvent as ActorEvent
from timeline.query.results import ActorEvents as ActorEvents
from timeline.query.results import EventList as EventList
from timeline.query.results import Hit as Hit
from timeline.query.results import Hits as Hits
from timeline.query.views import ActorSummary as ActorSummary
from timeline.query.views import AmbiguousActorError as AmbiguousActorError
from timeline.query.views import Grouping as Grouping
from timeline.query.views import Linked as Linked
from timeline.query.views import Timeline as Timeline
from timeline.query.views import UnknownActorError as UnknownActorError
from timeline.query.views import UnknownEventError as UnknownEventError
from timeline.reading.document import dump, dumps, load, loads, unstructure
from timeline.reading.shipped import load_default
from timeline.reading.validation import iter_problems, validate
from timeline.schema import DATASET_SCHEMA_ID, dataset_schema
from timeline.temporal import Basis as Basis
from timeline.temporal import BasisKind as BasisKind
from timeline.temporal import Bounds as Bounds
from timeline.temporal import DerivedBounds as DerivedBounds
from timeline.temporal import derive_bounds

if TYPE_CHECKING:
    from typing import Any

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
