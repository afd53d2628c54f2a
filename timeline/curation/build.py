"""Build a dataset from ``seeds/``: annotated source texts in, a validated dataset out.

``seeds/dataset.toml`` holds the dataset's metadata, its actors and the sources known only by
a citation; every other ``seeds/<document>.toml`` annotates the text file it names. The build

1. finds each quote in its text (once, or at the ``occurrence`` the curator gives) and
   computes its code-point offsets;
2. resolves each date phrase ("on Thursday") against the document's publication date and keeps
   the phrase in ``date_text``;
3. resolves each actor named by id, name or alias (ignoring case and accents) to its id;
4. gives each event without an ``id`` the slug of its title;
5. validates the result as :func:`timeline.validate` does, and reports every problem at the
   annotation file and line it comes from.

The same input always gives the same bytes: nothing depends on the clock or on the order in
which the file system lists files.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tomllib
import typing
import unicodedata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from timeline.convert import make_converter, structure_or_problems
from timeline.curation._toml_lines import toml_line
from timeline.curation.annotation import DocumentAnnotation, EventNote, QuoteNote, SeedIndex
from timeline.dates import EdtfDate, Precision, parse_edtf, resolve_phrase
from timeline.errors import DatePhraseError, EdtfError, RecordError, TimelineError
from timeline.files.texts import TextRefused, default_root, read_text
from timeline.model import Dataset, Event, Evidence, Participant, Source
from timeline.names import NameIndex
from timeline.problems import Problem, join_pointer
from timeline.reading.document import dumps, unstructure
from timeline.reading.result import FileResult
from timeline.reading.validation import check
from timeline.schema import DATASET_SCHEMA_ID

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


__all__ = ["INDEX_NAME", "BuildError", "BuildResult", "build", "build_seeds", "slugify"]

#: The file of ``seeds/`` that holds the dataset's metadata and actors.
INDEX_NAME = "dataset.toml"

_T = TypeVar("_T")


class BuildError(TimelineError, ValueError):
    """The annotations have problems; :attr:`files` holds them by annotation file."""

    def __init__(self, files: Sequence[FileResult]) -> None:
        self.files = tuple(files)
        count = sum(len(f.problems) for f in self.files)
        first = next((f"{f.path}: {p}" for f in self.files for p in f.problems), "")
        super().__init__(f"{count} problem(s) in the annotations; the first: {first}")


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build gives: the dataset when there is no error, and the problems of each
    annotation file (warnings included)."""

    dataset: Dataset | None
    files: tuple[FileResult, ...]

    @property
    def ok(self) -> bool:
        """True when the dataset was built."""
        return self.dataset is not None


def slugify(text: str) -> str:
    """A slug id for a title: lower-case ASCII words joined by hyphens.

    >>> slugify("IS-Khorasan claims the suicide bombing at Kabul airport")
    'is-khorasan-claims-the-suicide-bombing-at-kabul-airport'
    >>> slugify("Zürich: «Ça va?»")
    'zurich-ca-va'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)
    return slug[:100].rstrip("-")


def _toml_type(value: Any) -> str:
    """How a message names the TOML type of a value read by :mod:`tomllib`."""
    for kind, name in _TOML_TYPES:
        if isinstance(value, kind):
            return name
    return type(value).__name__  # pragma: no cover - tomllib gives only the types above


_TOML_TYPES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (datetime.datetime, "a date-time"),
    (datetime.date, "a date"),
    (datetime.time, "a time"),
    (list, "an array"),
    (dict, "a table"),
)


def _is_tuple(kind: Any) -> bool:
    return typing.get_origin(kind) is tuple


def _wrong_toml_type(expected: str, value: Any) -> RecordError:
    return RecordError("schema-type", f"expected {expected}, got {_toml_type(value)}")


def _annotation_converter() -> cattrs.Converter:
    """The dataset's strict converter, stricter still for TOML: an array is wanted where the
    record has a tuple (a string is not an array of its letters), a table where it has a
    record, and a wrong type is named as TOML names it."""
    conv = make_converter()

    def strict(kind: type, expected: str, check: Any) -> Any:
        base = conv.get_structure_hook(kind)

        def structure(value: Any, cls: type) -> Any:
            if not check(value):
                raise _wrong_toml_type(expected, value)
            return base(value, cls)

        return structure

    for kind, expected in (
        (str, "a string"),
        (int, "an integer"),
        (bool, "a boolean"),
        (EdtfDate, "a string (an EDTF date)"),
    ):
        wanted = str if kind is EdtfDate else kind
        conv.register_structure_hook(kind, strict(kind, expected, lambda v, k=wanted: type(v) is k))
    conv.register_structure_hook(
        float, strict(float, "a number", lambda v: type(v) in (int, float))
    )

    def array(kind: Any) -> Any:
        (item, *_) = typing.get_args(kind)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _wrong_toml_type("an array", value)
            handler = conv.get_structure_hook(item)
            items, errors = [], []
            for i, element in enumerate(value):
                try:
                    items.append(handler(element, item))
                except Exception as exc:
                    note = cattrs.IterableValidationNote(f"Structuring {kind} @ index {i}", i, item)
                    exc.add_note(note)
                    errors.append(exc)
            if errors:
                raise cattrs.IterableValidationError(f"While structuring {kind!r}", errors, kind)
            return tuple(items)

        return structure

    conv.register_structure_hook_factory(_is_tuple, array)

    def table(cls: type) -> Any:
        generated: Any = make_dict_structure_fn(cls, conv)

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise _wrong_toml_type("a table", value)
            return generated(value, cls)

        return structure

    conv.register_structure_hook_factory(attrs.has, table)
    quote_table = table(QuoteNote)

    def quote(value: Any, _: type) -> QuoteNote:
        if isinstance(value, str):
            return QuoteNote(text=value)
        if not isinstance(value, dict):
            raise _wrong_toml_type("a string or a table { text = ..., occurrence = N }", value)
        result: QuoteNote = quote_table(value, QuoteNote)
        return result

    conv.register_structure_hook(QuoteNote, quote)
    # TOML has dates of its own (created = 2026-11-24): take them as they are.
    calendar_date = conv.get_structure_hook(datetime.date)

    def day(value: Any, kind: type) -> datetime.date:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        result: datetime.date = calendar_date(value, kind)
        return result

    conv.register_structure_hook(datetime.date, day)
    conv.register_structure_hook(
        datetime.date,
        strict(datetime.date, "a date (YYYY-MM-DD)", lambda v: type(v) in (str, datetime.date)),
    )
    return conv


_CONVERTER = _annotation_converter()


@attrs.define
class _Annotated:
    """One annotation file being read: its text (for line numbers) and its problems."""

    path: Path
    shown: str
    text: str = ""
    problems: list[Problem] = attrs.Factory(list)

    def add(self, code: str, pointer: str, message: str) -> None:
        self.problems.append(
            Problem(code=code, pointer=pointer, message=message, line=self.line(pointer))
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            line = problem.line if problem.line is not None else self.line(problem.pointer)
            self.problems.append(attrs.evolve(problem, line=line))

    def line(self, pointer: str) -> int | None:
        return toml_line(self.text, pointer) if self.text else None

    def load(self, record: type[_T]) -> _T | None:
        try:
            self.text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 ({exc.reason})"
            self.add("file-unreadable", "", f"cannot read {self.shown}: {reason}")
            return None
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            line, column = (int(found[1]), int(found[2])) if found else (None, None)
            self.problems.append(
                Problem(
                    code="toml-syntax",
                    message=f"invalid TOML: {exc}",
                    line=line,
                    column=column,
                )
            )
            return None
        except RecursionError:
            self.add(
                "toml-syntax",
                "",
                f"invalid TOML: {self.shown} nests arrays or tables too deeply to be read",
            )
            return None
        result = structure_or_problems(_CONVERTER, data, record, ())
        if isinstance(result, list):
            self.extend(result)
            return None
        return result

    def result(self) -> FileResult:
        return FileResult(path=self.shown, problems=tuple(self.problems))


class _Actors:
    """Actor look-up by id, name or alias, ignoring case and accents."""

    def __init__(self, index: SeedIndex) -> None:
        self.names = NameIndex(index.actors)

    def resolve(self, name: str) -> str:
        """The id of the actor ``name`` names; a :class:`RecordError` when none or several."""
        ids = self.names.lookup(name)
        if len(ids) == 1:
            return next(iter(ids))
        if ids:
            raise RecordError(
                "ambiguous-actor",
                f"{name!r} names several actors ({', '.join(sorted(ids))}): use an id",
            )
        suggestions = self.names.closest(name)
        hint = f"; the closest known actors: {', '.join(suggestions)}" if suggestions else ""
        raise RecordError(
            "unknown-actor",
            f"no actor is named {name!r} in {INDEX_NAME} (by id, name or alias){hint}",
        )


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


#: How many occurrences of a quote are counted when no ``occurrence`` is asked: enough to say
#: that a quote is ambiguous, and how much, without counting a letter's every use.
_OCCURRENCES_COUNTED = 1000
#: How many lines of an ambiguous quote's occurrences a message names.
_LINES_SHOWN = 10
#: Where in a quote that is not found the closest passage is looked for (evenly spaced
#: starting points), and how many characters of that passage a message shows.
_HINT_ANCHORS = 16
_HINT_SHOWN = 80


def _occurrences(text: str, quote: str, limit: int) -> list[int]:
    """The starts of the first ``limit`` occurrences of ``quote`` in ``text``, overlapping
    ones included ("no, no" stands twice in "no, no, no")."""
    starts: list[int] = []
    found = text.find(quote)
    while found >= 0 and len(starts) < limit:
        starts.append(found)
        found = text.find(quote, found + 1)
    return starts


def _lines(text: str, starts: list[int]) -> list[int]:
    """The 1-based lines of ascending offsets, counting the text's newlines once."""
    lines, line, last = [], 1, 0
    for start in starts:
        line += text.count("\n", last, start)
        last = start
        lines.append(line)
    return lines


def _closest_passage(text: str, quote: str) -> str:
    """The passage of ``text`` most like ``quote``, to show where a mistyped quote belongs.

    From a few starting points of the quote, the longest part found in the text (a binary
    search of its length, each step one search of the text): the passage is where the quote
    would stand around the longest such part. Its cost grows with the text's length times a
    bounded number of steps, not with the text's length times the quote's.
    """
    best, best_start = 0, 0
    anchors = sorted({len(quote) * i // _HINT_ANCHORS for i in range(_HINT_ANCHORS)})
    for anchor in anchors:
        low, high = best, len(quote) - anchor  # is a part longer than the best found?
        if high <= best or quote[anchor : anchor + best + 1] not in text:
            continue
        low = best + 1
        while low < high:
            middle = (low + high + 1) // 2
            if quote[anchor : anchor + middle] in text:
                low = middle
            else:
                high = middle - 1
        best, best_start = low, text.find(quote[anchor : anchor + low]) - anchor
    start = max(0, best_start)
    passage = text[start : start + min(len(quote), _HINT_SHOWN)]
    more = "…" if len(quote) > _HINT_SHOWN else ""
    return f"line {_line_of(text, start)}: {passage!r}{more}"


def locate_quote(text: str, quote: QuoteNote) -> tuple[int, int]:
    """The code-point offsets ``[start, end)`` of a quote in a text.

    Raises :class:`RecordError` when the quote is empty, is not in the text (naming the
    closest passage), stands more than once without an ``occurrence`` (overlapping
    occurrences count), or not that often.
    """
    if not quote.text:
        raise RecordError("quote-empty", "the quote is empty: quote the words of the text")
    asked = quote.occurrence
    if asked is not None and asked < 1:
        raise RecordError(
            "quote-occurrence", f"occurrence {asked} asked: occurrences are counted from 1"
        )
    limit = _OCCURRENCES_COUNTED if asked is None else asked
    starts = _occurrences(text, quote.text, limit)
    if not starts:
        raise RecordError(
            "quote-not-found",
            f"the quote is not in the text; the closest passage is at "
            f"{_closest_passage(text, quote.text)}",
        )
    if asked is None:
        if len(starts) > 1:
            lines = ", ".join(str(n) for n in _lines(text, starts[:_LINES_SHOWN]))
            if len(starts) > _LINES_SHOWN:
                lines += ", …"
            times = f"at least {len(starts)}" if len(starts) == limit else str(len(starts))
            raise RecordError(
                "quote-ambiguous",
                f"the quote stands {times} times in the text (lines {lines}): "
                "write it as { text = ..., occurrence = N } or quote more of the sentence",
            )
        start = starts[0]
    elif asked <= len(starts):
        start = starts[asked - 1]
    else:
        raise RecordError(
            "quote-occurrence",
            f"occurrence {asked} asked, but the quote stands {len(starts)} time(s) in the text",
        )
    return start, start + len(quote.text)


#: A date written with EDTF's characters only (digits, - / . : T Z + ? ~ % X): it is meant as
#: EDTF, and when it is not valid the parser says why. Phrases have letters ("26 August").
_EDTF_SHAPED = re.compile(r"(?=.*[0-9])[0-9X./:TZ+?~%-]+")  # fullmatch: no line break after


def _resolve_date(note: EventNote, published: EdtfDate | None) -> tuple[EdtfDate, str | None]:
    """The event's EDTF date and the phrase it came from (if it was a phrase)."""
    if _EDTF_SHAPED.fullmatch(note.date):
        return parse_edtf(note.date), note.date_text
    if published is None or published.precision is not Precision.DAY or published.is_interval:
        raise RecordError(
            "date-phrase-unanchored",
            f"{note.date!r} is not EDTF, and a phrase needs the document's publication day "
            "to be resolved against (document.published, as YYYY-MM-DD)",
        )
    assert published.earliest is not None  # a single day has bounds
    try:
        resolved = resolve_phrase(note.date, published.earliest, future=note.date_future)
    except DatePhraseError as exc:
        raise RecordError("date-phrase-unknown", str(exc)) from None
    return resolved, note.date_text or note.date


def _event(
    note: EventNote,
    at: tuple[str | int, ...],
    source_id: str,
    document: _Document,
    actors: _Actors,
    file: _Annotated,
) -> Event | None:
    """The event of a note, or None after recording its problems in ``file``.

    What fails because the document's text or publication date could not be had is not
    reported again for every event: the document's problem says it once.
    """
    failed = False
    text = document.text

    def attempt(pointer: str, work: Any) -> Any:
        nonlocal failed
        try:
            return work()
        except (RecordError, EdtfError) as exc:
            failed = True
            code = exc.code
            message = exc.message if isinstance(exc, RecordError) else str(exc)
            file.add(code, pointer, message)
            return None

    evidence = []
    for j, quote in enumerate(note.quotes):
        if text is None:
            failed = True  # the text's problem is reported once, on the document
            continue
        span = attempt(join_pointer(*at, "quotes", j), lambda q=quote: locate_quote(text, q))
        if span is not None:
            evidence.append(
                Evidence(source=source_id, quote=quote.text, start=span[0], end=span[1])
            )
    date: tuple[EdtfDate, str | None] | None
    if document.published_failed and not _EDTF_SHAPED.fullmatch(note.date):
        failed, date = True, None  # a phrase needs the publication date, reported once
    else:
        date = attempt(join_pointer(*at, "date"), lambda: _resolve_date(note, document.published))
    participants = [
        attempt(
            join_pointer(*at, "participants", j, "actor"),
            lambda p=p: Participant(actor=actors.resolve(p.actor), role=p.role),
        )
        for j, p in enumerate(note.participants)
    ]
    fatalities = note.fatalities
    if fatalities is not None and fatalities.subsets:
        subsets = [
            attempt(
                join_pointer(*at, "fatalities", "subsets", j, "actor"),
                lambda s=s: (
                    s if s.actor is None else attrs.evolve(s, actor=actors.resolve(s.actor))
                ),
            )
            for j, s in enumerate(fatalities.subsets)
        ]
        if not failed:
            fatalities = attrs.evolve(fatalities, subsets=tuple(subsets))
    if failed or date is None:
        return None
    event: Event | None = attempt(
        join_pointer(*at),
        lambda: Event(
            id=note.id or _slug_id(note.title),
            type=note.type,
            subtype=note.subtype,
            title=note.title,
            summary=note.summary,
            date=date[0],
            date_text=date[1],
            place=note.place,
            participants=tuple(participants),
            fatalities=fatalities,
            status=note.status,
            evidence=tuple(evidence),
            relations=note.relations,
        ),
    )
    return event


def _slug_id(title: str) -> str:
    slug = slugify(title)
    if not slug:
        raise RecordError(
            "id-missing",
            f"the title {title!r} gives no id (it has no Latin letters or digits): write an id",
        )
    return slug


def _posix_relpath(target: Path, start: Path) -> str:
    return PurePosixPath(*Path(os.path.relpath(target.resolve(), start.resolve())).parts).as_posix()


@attrs.frozen
class _Origin:
    """Where a record of the built dataset comes from: a file and a pointer into it."""

    file: _Annotated
    pointer: tuple[str | int, ...]


def build_seeds(seeds: Path, output: Path, *, texts_root: Path | None = None) -> BuildResult:
    """Build the dataset of a seeds folder, as it will be written to ``output``.

    ``output`` fixes the sources' ``path`` values (relative to the dataset file); nothing is
    written. Every problem is reported at its annotation file and line. Texts are read only
    under ``texts_root``: by default the current working directory when ``seeds`` lies inside
    it, else ``seeds`` itself (see :mod:`timeline.files.texts`).
    """
    seeds = Path(seeds)
    root = default_root(seeds) if texts_root is None else Path(texts_root)
    index_file = _Annotated(seeds / INDEX_NAME, str(seeds / INDEX_NAME))
    index = index_file.load(SeedIndex)
    annotations = [
        _Annotated(path, str(path))
        for path in sorted(seeds.glob("*.toml"))
        if path.name != INDEX_NAME
    ]
    files = [index_file, *annotations]
    if index is None:
        return BuildResult(dataset=None, files=tuple(f.result() for f in files))
    actors = _Actors(index)
    sources: list[Source] = []
    events: list[Event] = []
    origins: dict[str, list[_Origin]] = {"sources": [], "events": [], "actors": []}
    broken = False
    for file in annotations:
        annotation = file.load(DocumentAnnotation)
        if annotation is None:
            broken = True
            continue
        document = _document(annotation, file, output, root)
        if document.source is None:
            broken = True
        else:
            sources.append(document.source)
            origins["sources"].append(_Origin(file, ("document",)))
        source_id = annotation.document.id
        for k, note in enumerate(annotation.events):
            event = _event(note, ("events", k), source_id, document, actors, file)
            if event is None:
                broken = True
            else:
                events.append(event)
                origins["events"].append(_Origin(file, ("events", k)))
    for i, _ in enumerate(index.sources):
        origins["sources"].append(_Origin(index_file, ("sources", i)))
    origins["actors"] = [_Origin(index_file, ("actors", i)) for i in range(len(index.actors))]
    broken = _duplicate_event_ids(events, origins["events"]) or broken
    if broken:
        return BuildResult(dataset=None, files=tuple(f.result() for f in files))
    dataset = Dataset(
        schema=DATASET_SCHEMA_ID,
        # The [dataset] table holds the dataset's own metadata fields, by their names.
        **attrs.asdict(index.dataset, recurse=False),
        sources=(*sources, *index.sources),
        actors=index.actors,
        events=tuple(events),
    )
    problems, valid = check(unstructure(dataset), base_dir=output.parent, texts_root=root)
    for problem in problems:
        _report_back(problem, origins, index_file)
    return BuildResult(
        dataset=dataset if valid is not None else None,
        files=tuple(f.result() for f in files),
    )


@attrs.frozen
class _Document:
    """An annotated document as the build reads it: the parts that could be read."""

    source: Source | None
    text: str | None
    published: EdtfDate | None
    published_failed: bool


def _duplicate_event_ids(events: Sequence[Event], origins: Sequence[_Origin]) -> bool:
    """Report event ids used twice, at the second use, naming the first by file and line."""
    first: dict[str, _Origin] = {}
    found = False
    for event, origin in zip(events, origins, strict=True):
        if event.id not in first:
            first[event.id] = origin
            continue
        found = True
        earlier = first[event.id]
        line = earlier.file.line(join_pointer(*earlier.pointer))
        where = f"{earlier.file.shown}:{line}" if line is not None else earlier.file.shown
        origin.file.add(
            "duplicate-id",
            join_pointer(*origin.pointer, "id"),
            f"event id {event.id!r} is already used by the event at {where}"
            " (an event without an id takes the slug of its title)",
        )
    return found


def _document(
    annotation: DocumentAnnotation, file: _Annotated, output: Path, root: Path | None
) -> _Document:
    """The source record of an annotated document, its text and its publication date, each
    reported once (on the document) when it cannot be had."""
    note = annotation.document
    published: EdtfDate | None = None
    try:
        published = parse_edtf(note.published)
    except EdtfError as exc:
        file.add(exc.code, "/document/published", str(exc))
    text_path = file.path.parent / note.text
    text: str | None = None
    data = b""
    try:
        data = read_text(root, file.path.parent, note.text)
        text = data.decode("utf-8")
    except TextRefused as refusal:
        file.add(
            "source-text-refused",
            "/document/text",
            f"the text {note.text!r} is not read: {refusal.reason}",
        )
    except OSError as exc:
        file.add(
            "source-text-missing", "/document/text", f"cannot read {text_path}: {exc.strerror}"
        )
    except UnicodeDecodeError as exc:
        file.add("source-text-encoding", "/document/text", f"{text_path} is not UTF-8 ({exc})")
    if text is None or published is None:
        return _Document(None, text, published, published is None)
    source = Source(
        id=note.id,
        title=note.title,
        language=note.language,
        translated_from=note.translated_from,
        publisher=note.publisher,
        published=published,
        published_inference=note.published_inference,
        url=note.url,
        citation=note.citation,
        path=_posix_relpath(text_path, output.parent),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return _Document(source, text, published, False)


#: Keys of the dataset that an annotation writes under another name.
_TO_ANNOTATION = {"evidence": "quotes", "path": "text", "sha256": "text"}


def _report_back(
    problem: Problem, origins: dict[str, list[_Origin]], index_file: _Annotated
) -> None:
    """Report a problem of the built dataset at the annotation it comes from."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in problem.pointer.split("/")[1:]]
    if len(tokens) >= 2 and tokens[0] in origins and tokens[1].isdigit():
        origin = origins[tokens[0]][int(tokens[1])]
        rest = [_TO_ANNOTATION.get(t, t) for t in tokens[2:]]
        if tokens[0] == "events" and rest[:1] == ["quotes"]:
            rest = rest[:2]  # a quote's offsets and source are the build's, the quote is not
        pointer = join_pointer(*origin.pointer, *rest)
        origin.file.extend([attrs.evolve(problem, pointer=pointer, line=None)])
    else:
        pointer = join_pointer("dataset", *tokens) if tokens else ""
        index_file.extend([attrs.evolve(problem, pointer=pointer, line=None)])


def build(seeds: Path, output: Path, *, texts_root: Path | None = None) -> Dataset:
    """Build the dataset of a seeds folder (see :func:`build_seeds`) or raise
    :class:`BuildError` with every problem."""
    result = build_seeds(seeds, output, texts_root=texts_root)
    if result.dataset is None:
        raise BuildError([f for f in result.files if f.problems])
    return result.dataset


def render(dataset: Dataset) -> bytes:
    """The bytes a build writes: the canonical JSON of the dataset."""
    return dumps(dataset).encode("utf-8")
