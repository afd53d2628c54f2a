"""Build a dataset from ``seeds/``: annotated source texts in, a validated dataset out.

``seeds/dataset.toml`` holds the dataset's metadata, its actors and the sources known only by
a citation; every other ``seeds/<document>.toml`` annotates the text file it names. The build

1. finds each quote in its text (once, or at the ``occurrence`` the curator gives) and
   computes its code-point offsets;
2. resolves each date phrase ("on Thursday") against the document's publication date and keeps
   the phrase in ``date_text``;
3. resolves each actor named by id, name or alias (ignoring case and accents) to its id, or
   by an alias of the document's own (``[document] aliases``, not written into the dataset);
4. gives each event without an ``id`` the slug of its title;
5. reads citations of sources known only by their citation (``evidence``, with a ``locator``),
   and who a quote or citation is ``according_to`` (an actor, or a source), as the evidence's
   attribution; sets ``date_basis`` ``resolved`` where it resolved a phrase;
6. reads each source's reports of an event (``[[events.reports]]``: its toll, date and
   perpetrators, with their evidence);
7. merges into each event what other documents add to it (``extends``), in the order of the
   documents' file names, and reports an event two entries define at both places; an event
   whose definition leaves out its fatalities or date takes what its reports reconcile to,
   by :mod:`timeline.reconcile`; a date, status or fatalities that the definition writes and
   other reports give too becomes the defining document's report, and the event takes the
   value reconciled from all of them (a later document revises it); reports whose dates
   share no day are reported at the later one, naming the other's file and line (whether or
   not the event has a date);
8. validates the result as :func:`timeline.validate` does, and reports every problem at the
   annotation file and line it comes from.

The same input always gives the same bytes: nothing depends on the clock or on the order in
which the file system lists files.
"""

from __future__ import annotations

import datetime
import difflib
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
from timeline.curation._toml_lines import TomlLines
from timeline.curation.annotation import (
    CitationNote,
    DocumentAnnotation,
    EventExtension,
    EventNote,
    QuoteNote,
    ReportNote,
    SeedIndex,
)
from timeline.dates import EdtfDate, Precision, parse_edtf, resolve_phrase
from timeline.errors import DatePhraseError, EdtfError, RecordError, TimelineError
from timeline.files.texts import TextRefused, default_root, read_text
from timeline.model import (
    Attribution,
    Dataset,
    DateBasis,
    Event,
    Evidence,
    Fatalities,
    Participant,
    Relation,
    Report,
    Source,
)
from timeline.names import NameIndex, fold
from timeline.problems import Problem, join_pointer
from timeline.reading.document import dumps, unstructure
from timeline.reading.result import FileResult
from timeline.reading.validation import check
from timeline.reconcile import (
    DateConflict,
    counts_equal,
    reconcile_date,
    reconcile_fatalities,
    reconcile_status,
)
from timeline.schema import DATASET_SCHEMA_ID

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


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
        if "quote" in value and "text" not in value:  # { quote = ..., according_to = ... }
            value = {("text" if key == "quote" else key): item for key, item in value.items()}
        result: QuoteNote = quote_table(value, QuoteNote)
        return result

    conv.register_structure_hook(QuoteNote, quote)

    def aliases(value: Any, _: type) -> dict[str, str]:
        if not isinstance(value, dict):
            raise _wrong_toml_type("a table", value)
        text = conv.get_structure_hook(str)
        found: dict[str, str] = {}
        errors = []
        for key, name in value.items():
            try:
                found[key] = text(name, str)
            except Exception as exc:
                exc.add_note(cattrs.IterableValidationNote(f"Structuring @ key {key!r}", key, str))
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError("While structuring aliases", errors, dict)
        return found

    conv.register_structure_hook_func(lambda kind: kind == dict[str, str], aliases)
    note_table = table(EventNote)
    extension_table = table(EventExtension)
    extension_keys = {field.name for field in attrs.fields(EventExtension)}
    defining_keys = {field.name for field in attrs.fields(EventNote)} - extension_keys

    def event_entry(value: Any, _: type) -> EventNote | EventExtension:
        """An ``[[events]]`` entry: an extension when it has ``extends``, else a definition."""
        if not isinstance(value, dict) or "extends" not in value:
            defined: EventNote = note_table(value, EventNote)
            return defined
        redefined = sorted(defining_keys.intersection(value), key=list(value).index)
        if redefined:
            errors = []
            for key in redefined:
                error = RecordError(
                    "extends-redefines",
                    f"{key!r} is the defining document's to set: an entry with `extends` adds "
                    "quotes, evidence, participants, relations and reports to an event defined "
                    "elsewhere (a revised value is a report of this document)",
                )
                error.add_note(cattrs.AttributeValidationNote(f"Structuring {key}", key, Any))
                errors.append(error)
            raise cattrs.ClassValidationError("an extension sets a defining key", errors, dict)
        extension: EventExtension = extension_table(value, EventExtension)
        return extension

    conv.register_structure_hook(EventNote | EventExtension, event_entry)
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
    """One annotation file being read: its text (for line numbers, indexed once when a line
    is first asked) and its problems."""

    path: Path
    shown: str
    text: str = ""
    problems: list[Problem] = attrs.Factory(list)
    lines: TomlLines | None = attrs.field(default=None, init=False)

    def add(self, code: str, pointer: str, message: str) -> None:
        self.problems.append(
            Problem(code=code, pointer=pointer, message=message, line=self.line(pointer))
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            line = problem.line if problem.line is not None else self.line(problem.pointer)
            self.problems.append(attrs.evolve(problem, line=line))

    def line(self, pointer: str) -> int | None:
        if not self.text:
            return None
        if self.lines is None:
            self.lines = TomlLines(self.text)
        return self.lines.line(pointer)

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
    """Actor look-up by id, name or alias, ignoring case and accents; in one document, its
    own aliases (``[document] aliases``) first."""

    def __init__(
        self,
        names: NameIndex,
        scoped: dict[str, str] | None = None,
        elsewhere: dict[str, list[str]] | None = None,
    ) -> None:
        self.names = names
        self.scoped = scoped or {}
        self.elsewhere = elsewhere or {}

    def resolve(self, name: str) -> str:
        """The id of the actor ``name`` names; a :class:`RecordError` when none or several."""
        scoped = self.scoped.get(fold(name))
        if scoped is not None:
            return scoped
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
        scopes = self.elsewhere.get(fold(name))
        if scopes:
            hint += f"; {name!r} is an alias of {', '.join(scopes)} only"
        raise RecordError(
            "unknown-actor",
            f"no actor is named {name!r} in {INDEX_NAME} (by id, name or alias){hint}",
        )

    def in_document(self, aliases: dict[str, str], file: _Annotated) -> _Actors:
        """The look-up of one document: its own aliases, each resolved to an actor (a
        problem at the alias when it names none or several), before the dataset's names."""
        scoped: dict[str, str] = {}
        for alias, name in aliases.items():
            pointer = join_pointer("document", "aliases", alias)
            try:
                actor = self.resolve(name)
            except RecordError as exc:
                file.add(exc.code, pointer, exc.message)
                continue
            folded = fold(alias)
            if scoped.get(folded, actor) != actor:
                file.add(
                    "ambiguous-actor",
                    pointer,
                    f"the alias {alias!r} names {scoped[folded]} by another spelling, and "
                    f"{actor} here: an alias names one actor",
                )
                continue
            scoped[folded] = actor
        return _Actors(self.names, scoped, self.elsewhere)


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


def _resolve_date(
    written: str, date_text: str | None, future: bool, anchor: EdtfDate | None, what: str
) -> tuple[EdtfDate, str | None, bool]:
    """The EDTF date of a written date, the phrase it came from (if a phrase), and whether
    the build resolved it; ``anchor`` is the day a phrase is resolved against (``what`` names
    it in a message)."""
    if _EDTF_SHAPED.fullmatch(written):
        return parse_edtf(written), date_text, False
    if anchor is None or anchor.precision is not Precision.DAY or anchor.is_interval:
        raise RecordError(
            "date-phrase-unanchored",
            f"{written!r} is not EDTF, and a phrase needs {what} to be resolved against "
            "(as YYYY-MM-DD)",
        )
    assert anchor.earliest is not None  # a single day has bounds
    try:
        resolved = resolve_phrase(written, anchor.earliest, future=future)
    except DatePhraseError as exc:
        raise RecordError("date-phrase-unknown", str(exc)) from None
    return resolved, date_text or written, True


@attrs.frozen
class _Origin:
    """Where a record of the built dataset comes from: a file and a pointer into it.
    ``inner``: a pointer inside the record names the annotation's key of the same name (not
    so for a quote, whose offsets and source are the build's)."""

    file: _Annotated
    pointer: tuple[str | int, ...]
    inner: bool = True
    evidence: tuple[_Origin, ...] = ()
    """A report's: where each of its evidence is written (its quotes, then its citations)."""


@attrs.define
class _Entry:
    """What one ``[[events]]`` entry gives the event it defines or extends: the event's id,
    the fields of the event (for a definition whose fields could be read), and the evidence,
    participants, relations and reports it brings, each with the place where the annotation
    writes it."""

    target: str | None
    origin: _Origin
    defines: bool
    named_by: str
    document: str = ""
    draft: dict[str, Any] | None = None
    evidence: list[tuple[Evidence, _Origin]] = attrs.Factory(list)
    participants: list[tuple[Participant, _Origin]] = attrs.Factory(list)
    relations: list[tuple[Relation, _Origin]] = attrs.Factory(list)
    reports: list[tuple[Report, _Origin]] = attrs.Factory(list)
    failed: bool = False

    def where(self) -> str:
        """``file:line`` of the key that names the entry's event, as a message names it."""
        file, pointer = self.origin.file, (*self.origin.pointer, self.named_by)
        line = file.line(join_pointer(*pointer))
        return f"{file.shown}:{line}" if line is not None else file.shown


def _note_id(note: EventNote) -> str | None:
    """The id a definition gives its event: the written one, else the slug of the title."""
    return note.id or slugify(note.title) or None


@attrs.frozen
class _Sources:
    """The sources an annotation may cite, by id, with their publication dates."""

    published: dict[str, EdtfDate | None]

    def known(self, source: str) -> str:
        """``source`` when it is a source's id; else ``unknown-source``, with the closest ids."""
        if source in self.published:
            return source
        close = difflib.get_close_matches(source, sorted(self.published), n=3, cutoff=0.6)
        hint = f"; the closest known sources: {', '.join(close)}" if close else ""
        raise RecordError(
            "unknown-source",
            f"no source has id {source!r} (a document's id, or a [[sources]] entry of "
            f"dataset.toml){hint}",
        )


class _Reader:
    """Reads the parts of one ``[[events]]`` entry into records, each problem recorded in
    the annotation at its pointer (and the entry marked as failed)."""

    def __init__(
        self,
        entry: _Entry,
        source_id: str,
        document: _Document,
        actors: _Actors,
        sources: _Sources,
        file: _Annotated,
    ) -> None:
        self.entry, self.source_id, self.document = entry, source_id, document
        self.actors, self.sources, self.file = actors, sources, file

    def attempt(self, pointer: tuple[str | int, ...], work: Any) -> Any:
        try:
            return work()
        except (RecordError, EdtfError) as exc:
            self.entry.failed = True
            message = exc.message if isinstance(exc, RecordError) else str(exc)
            self.file.add(exc.code, join_pointer(*pointer), message)
            return None

    def attribution(self, name: str) -> Attribution:
        """An ``according_to``: the actor it names, else the source of that id."""
        try:
            return Attribution(actor=self.actors.resolve(name))
        except RecordError as exc:
            if name in self.sources.published:
                return Attribution(source=name)
            if exc.code != "unknown-actor":
                raise
            raise RecordError(
                "unknown-actor",
                f"{exc.message}; nor is it the id of a source (`according_to` names an actor "
                "or a source)",
            ) from None

    def quotes(
        self, quotes: Sequence[QuoteNote], at: tuple[str | int, ...]
    ) -> list[tuple[Evidence, _Origin]]:
        """The evidence of quotes of the document's text, at their offsets."""
        found = []
        text = self.document.text
        for j, quote in enumerate(quotes):
            if text is None:
                self.entry.failed = True  # the text's problem is reported once, on the document
                continue
            span = self.attempt((*at, "quotes", j), lambda q=quote: locate_quote(text, q))
            said = None
            if quote.according_to is not None:
                said = self.attempt(
                    (*at, "quotes", j, "according_to"),
                    lambda q=quote: self.attribution(q.according_to),
                )
            if span is not None:
                evidence = Evidence(
                    source=self.source_id,
                    quote=quote.text,
                    start=span[0],
                    end=span[1],
                    attribution=said,
                )
                found.append((evidence, _Origin(self.file, (*at, "quotes", j), inner=False)))
        return found

    def citations(
        self, citations: Sequence[CitationNote], at: tuple[str | int, ...]
    ) -> list[tuple[Evidence, _Origin]]:
        """The evidence of citations: a source by its id and a place in it."""
        found = []
        for j, cited in enumerate(citations):
            where = (*at, "evidence", j)
            if (
                self.attempt((*where, "source"), lambda c=cited: self.sources.known(c.source))
                is None
            ):
                continue
            said = None
            if cited.according_to is not None:
                said = self.attempt(
                    (*where, "according_to"), lambda c=cited: self.attribution(c.according_to)
                )
            evidence = self.attempt(
                where,
                lambda c=cited, a=said: Evidence(
                    source=c.source, locator=c.locator, note=c.note, quote=c.quote, attribution=a
                ),
            )
            if evidence is not None:
                found.append((evidence, _Origin(self.file, where)))
        return found

    def fatalities(
        self, fatalities: Fatalities | None, at: tuple[str | int, ...]
    ) -> Fatalities | None:
        """Fatalities with the actors of their subsets resolved."""
        if fatalities is None or not fatalities.subsets:
            return fatalities
        subsets = [
            self.attempt(
                (*at, "fatalities", "subsets", j, "actor"),
                lambda s=s: (
                    s if s.actor is None else attrs.evolve(s, actor=self.actors.resolve(s.actor))
                ),
            )
            for j, s in enumerate(fatalities.subsets)
        ]
        if any(subset is None for subset in subsets):
            return None
        return attrs.evolve(fatalities, subsets=tuple(subsets))

    def report(
        self, note: ReportNote, at: tuple[str | int, ...]
    ) -> tuple[Report | None, tuple[_Origin, ...]]:
        """One report and where each of its evidence is written: its source (given, else this
        document when it quotes it, else the source its citations cite), its evidence, its
        date resolved against its date of report, its fatalities and perpetrators with their
        actors resolved."""
        failed, self.entry.failed = self.entry.failed, False
        evidence = self.quotes(note.quotes, at) + self.citations(note.evidence, at)
        if note.source is not None:
            self.attempt((*at, "source"), lambda: self.sources.known(note.source))
        source = note.source or (
            note.evidence[0].source if note.evidence and not note.quotes else self.source_id
        )
        reported = None
        if note.reported is not None:
            reported = self.attempt((*at, "reported"), lambda: parse_edtf(note.reported))
        anchor = reported if note.reported is not None else self.sources.published.get(source)
        date: tuple[EdtfDate, str | None, bool] | None = None
        if note.date is not None and (note.reported is None or reported is not None):
            written = note.date
            date = self.attempt(
                (*at, "date"),
                lambda: _resolve_date(
                    written,
                    note.date_text,
                    note.date_future,
                    anchor,
                    "the report's `reported` day, or its source's publication day",
                ),
            )
        fatalities = self.fatalities(note.fatalities, at)
        perpetrators = [
            self.attempt(
                (*at, "perpetrators", k, "actor"),
                lambda p=p: attrs.evolve(p, actor=self.actors.resolve(p.actor)),
            )
            for k, p in enumerate(note.perpetrators)
        ]
        report = None
        if not self.entry.failed:
            report = self.attempt(
                at,
                lambda: Report(
                    source=source,
                    reported=reported,
                    date=date[0] if date is not None else None,
                    date_text=date[1] if date is not None else note.date_text,
                    fatalities=fatalities,
                    status=note.status,
                    perpetrators=tuple(perpetrators),
                    evidence=tuple(e for e, _ in evidence),
                    note=note.note,
                ),
            )
        self.entry.failed = self.entry.failed or failed
        return report, tuple(origin for _, origin in evidence)


def _entry(
    note: EventNote | EventExtension,
    at: tuple[str | int, ...],
    source_id: str,
    document: _Document,
    actors: _Actors,
    sources: _Sources,
    file: _Annotated,
) -> _Entry:
    """What an ``[[events]]`` entry gives, its problems recorded in ``file`` (then ``failed``).

    What fails because the document's text or publication date could not be had is not
    reported again for every event: the document's problem says it once.
    """
    if isinstance(note, EventNote):
        entry = _Entry(
            _note_id(note), _Origin(file, at), True, "id" if note.id else "title", source_id
        )
    else:
        entry = _Entry(note.extends, _Origin(file, at), False, "extends", source_id)
    read = _Reader(entry, source_id, document, actors, sources, file)
    entry.evidence = read.quotes(note.quotes, at) + read.citations(note.evidence, at)
    for j, p in enumerate(note.participants):
        participant = read.attempt(
            (*at, "participants", j, "actor"),
            lambda p=p: attrs.evolve(p, actor=actors.resolve(p.actor)),
        )
        if participant is not None:
            entry.participants.append((participant, _Origin(file, (*at, "participants", j))))
    for j, relation in enumerate(note.relations):
        entry.relations.append((relation, _Origin(file, (*at, "relations", j))))
    for j, report_note in enumerate(note.reports):
        if document.published_failed and report_note.reported is None:
            entry.failed = True  # the publication date is reported once, on the document
            continue
        report, evidence = read.report(report_note, (*at, "reports", j))
        if report is not None:
            entry.reports.append((report, _Origin(file, (*at, "reports", j), evidence=evidence)))
    if not isinstance(note, EventNote):
        return entry
    date: tuple[EdtfDate, str | None, bool] | None = None
    if note.date is None:
        pass  # reconciled from the event's reports when they are merged
    elif document.published_failed and not _EDTF_SHAPED.fullmatch(note.date):
        entry.failed = True  # a phrase needs the publication date, reported once
    else:
        written = note.date
        date = read.attempt(
            (*at, "date"),
            lambda: _resolve_date(
                written,
                note.date_text,
                note.date_future,
                document.published,
                "the document's publication day (document.published)",
            ),
        )
    fatalities = read.fatalities(note.fatalities, at)
    if note.date_source is not None:
        read.attempt((*at, "date_source"), lambda: sources.known(note.date_source))
    event_id = read.attempt(at, lambda: note.id or _slug_id(note.title))
    if entry.failed:
        return entry
    basis = note.date_basis
    if basis is None and date is not None and date[2]:
        basis = DateBasis.RESOLVED  # the build resolved the phrase; the curator says the rest
    entry.draft = {
        "id": event_id,
        "type": note.type,
        "subtype": note.subtype,
        "title": note.title,
        "summary": note.summary,
        "date": date[0] if date is not None else None,
        "date_text": date[1] if date is not None else note.date_text,
        "date_basis": basis,
        "date_source": note.date_source,
        "place": note.place,
        "fatalities": fatalities,
        "status": note.status,
    }
    return entry


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


def build_seeds(seeds: Path, output: Path, *, texts_root: Path | None = None) -> BuildResult:
    """Build the dataset of a seeds folder, as it will be written to ``output``.

    ``output`` fixes the sources' ``path`` values (relative to the dataset file); nothing is
    written. Every problem is reported at its annotation file and line. Texts are read only
    under ``texts_root``: by default the current working directory when ``seeds`` lies inside
    it, else ``seeds`` itself (see :mod:`timeline.files.texts`).

    The documents are read in the order of their file names (the build order). An event is
    defined by one document and may be extended by any (``extends``): its evidence,
    participants and relations are those of every entry, in build order.
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
    loaded = [(file, file.load(DocumentAnnotation)) for file in annotations]
    scopes: dict[str, list[str]] = {}
    for _, annotation in loaded:
        if annotation is not None:
            for alias in annotation.document.aliases:
                scope = f"the document {annotation.document.id!r}"
                scopes.setdefault(fold(alias), []).append(scope)
    actors = _Actors(NameIndex(index.actors), elsewhere=scopes)
    cited = _Sources({source.id: source.published for source in index.sources})
    for _, annotation in loaded:
        if annotation is not None:
            cited.published.setdefault(annotation.document.id, None)
    sources: list[Source] = []
    origins: dict[str, list[_Origin]] = {"sources": [], "events": [], "actors": []}
    entries: list[_Entry] = []
    for file, annotation in loaded:
        if annotation is None:
            continue
        document = _document(annotation, file, output, root)
        cited.published[annotation.document.id] = document.published
        if document.source is not None:
            sources.append(document.source)
            origins["sources"].append(_Origin(file, ("document",)))
        here = actors.in_document(annotation.document.aliases, file)
        for k, note in enumerate(annotation.events):
            entries.append(
                _entry(note, ("events", k), annotation.document.id, document, here, cited, file)
            )
    for i, _ in enumerate(index.sources):
        origins["sources"].append(_Origin(index_file, ("sources", i)))
    origins["actors"] = [_Origin(index_file, ("actors", i)) for i in range(len(index.actors))]
    events, parts = _merged_events(entries, origins["events"], cited.published)
    if any(file.problems for file in files):  # every problem before validation is an error
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
        _report_back(problem, origins, parts, index_file)
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


#: Where each evidence, participant and relation of the built events is written: by the
#: event's index, the collection's name and the index in it.
_Parts = dict[tuple[int, str, int], _Origin]


def _merged_events(
    entries: Sequence[_Entry], origins: list[_Origin], published: Mapping[str, EdtfDate | None]
) -> tuple[list[Event], _Parts]:
    """The events of the entries, each defined once and merged with its extensions in build
    order; ``origins`` gets each event's definition. Two definitions of one id are reported at
    each (``duplicate-event``), an extension of no defined event at its ``extends``. An event
    whose definition leaves out its fatalities or its date takes them from its reports, by
    the one rule of :mod:`timeline.reconcile` (``published``: each source's publication); an
    event whose reports' dates conflict is reported and left out."""
    definitions: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.defines and entry.target is not None:
            definitions.setdefault(entry.target, []).append(entry)
    for event_id, defined in definitions.items():
        for entry in defined if len(defined) > 1 else ():
            others = ", ".join(other.where() for other in defined if other is not entry)
            slug = "" if entry.named_by == "id" else " (the slug of its title: write an id)"
            entry.origin.file.add(
                "duplicate-event",
                join_pointer(*entry.origin.pointer, entry.named_by),
                f"the event {event_id!r}{slug} is also defined at {others}: define an event "
                f"once, and add to it from another document with `extends = {event_id!r}`",
            )
    for entry in entries:
        if not entry.defines and entry.target not in definitions:
            assert entry.target is not None  # an extension names its event
            close = difflib.get_close_matches(entry.target, list(definitions), n=3, cutoff=0.6)
            hint = f"; the closest ids: {', '.join(close)}" if close else ""
            entry.origin.file.add(
                "unknown-event",
                join_pointer(*entry.origin.pointer, "extends"),
                f"no document defines an event {entry.target!r} to extend{hint}",
            )
    contributions: dict[str, list[_Entry]] = {}  # the definition and extensions, in order
    for entry in entries:
        target = entry.target
        if target is None or target not in definitions:
            continue  # reported: an extension of no event, or a title with no id
        if not entry.defines or entry is definitions[target][0]:
            contributions.setdefault(target, []).append(entry)
    events: list[Event] = []
    parts: _Parts = {}
    for event_id, (definition, *_) in definitions.items():
        if definition.draft is None:
            continue  # its problems are reported
        merged: dict[str, list[tuple[Any, _Origin]]] = {}
        for name in ("evidence", "participants", "relations", "reports"):
            values: list[tuple[Any, _Origin]] = []
            for entry in contributions[event_id]:
                seen = {value for value, _ in values}
                values.extend(part for part in getattr(entry, name) if part[0] not in seen)
            merged[name] = values
        draft = dict(definition.draft)
        revisable = _definition_report(definition, draft, merged)
        reports = tuple(value for value, _ in merged["reports"])
        if draft["fatalities"] is None or "fatalities" in revisable:
            reconciled = reconcile_fatalities(reports, published)
            if not counts_equal(draft["fatalities"], reconciled):
                draft["fatalities"] = reconciled
        if "status" in revisable:
            draft["status"] = reconcile_status(reports, published) or draft["status"]
        if not _date_of_reports(draft, merged["reports"], definition, "date" in revisable):
            continue
        try:
            event = Event(
                **draft,
                evidence=tuple(value for value, _ in merged["evidence"]),
                participants=tuple(value for value, _ in merged["participants"]),
                relations=tuple(value for value, _ in merged["relations"]),
                reports=reports,
            )
        except RecordError as exc:  # at the member at fault, where one is (the subtype)
            definition.origin.file.add(
                exc.code, join_pointer(*definition.origin.pointer, *exc.at), exc.message
            )
            continue
        for name, values in merged.items():
            for j, (_, origin) in enumerate(values):
                parts[len(events), name, j] = origin
        events.append(event)
        origins.append(definition.origin)
    return events, parts


#: The values of an event that its reports give, and a definition may also write: the
#: definition's is then its document's report of it (see :func:`_definition_report`).
_REPORTED = ("date", "status", "fatalities")


def _definition_report(
    definition: _Entry, draft: dict[str, Any], merged: dict[str, list[tuple[Any, _Origin]]]
) -> set[str]:
    """Make the definition's own date (with its wording), status and fatalities the defining
    document's report of them, where the event's reports give that value too: the report's
    source is the document, its evidence the definition's quotes, and it stands first among
    the event's reports. The event's value is then reconciled from all the reports, so that
    a later document revises it without editing the definition.

    A value is left as the definition writes it (and checked against the reconciled one by
    the validation) when no report gives it, when a report of the defining document itself
    gives it (the curator wrote the document's report apart), or when the definition quotes
    nothing of its document (a report needs evidence of its own source). The names of the
    values made into a report (or already the document's report) are returned."""
    reports = [report for report, _ in merged["reports"]]
    own = [report for report in reports if report.source == definition.document]
    revisable: set[str] = set()
    values: dict[str, Any] = {}
    for name in _REPORTED:
        if draft[name] is None or all(getattr(r, name) is None for r in reports):
            continue
        if any(getattr(r, name) is not None for r in own):
            continue
        revisable.add(name)
        values[name] = draft[name]
    if "date" in values:
        values["date_text"] = draft["date_text"]
    evidence = tuple(e for e, _ in definition.evidence if e.source == definition.document)
    if not values or not evidence:
        return set()
    report = Report(source=definition.document, evidence=evidence, **values)
    merged["reports"].insert(0, (report, definition.origin))
    return revisable


def _date_of_reports(
    draft: dict[str, Any],
    reports: Sequence[tuple[Report, _Origin]],
    definition: _Entry,
    revisable: bool = False,
) -> bool:
    """Check that the reports' dates share a day (by :func:`timeline.reconcile.reconcile_date`),
    whatever the event's own date, and set an undated event's date to what they reconcile to;
    False, with the problem reported at the annotations, when they conflict or when neither
    the event nor its reports give a date. A conflict is found here, not by the validation of
    the built dataset, so that the message names both reports by their file and line.

    ``revisable``: the definition's date is its document's report (see
    :func:`_definition_report`); when the reports narrow it, the event takes the date they
    reconcile to, with the wording of the report that gives it and, when that report is of
    another source, that source as the date's basis."""
    reconciled = reconcile_date([report for report, _ in reports])
    if reconciled is None and draft["date"] is not None:
        return True
    if reconciled is None:
        definition.origin.file.add(
            "date-missing",
            join_pointer(*definition.origin.pointer),
            "the event has no `date`, and none of its reports gives one: write the date",
        )
        return False
    if isinstance(reconciled, DateConflict):
        (earlier, first), (later, second) = (reports[reconciled.earlier], reports[reconciled.later])
        second.file.add(
            "report-dates-conflict",
            join_pointer(*second.pointer, "date"),
            f"this report's date ({later.date}) shares no day with the date of the report at "
            f"{first.file.shown}:{first.file.line(join_pointer(*first.pointer, 'date'))} "
            f"({earlier.date}): the event's date cannot be reconciled",
        )
        return False
    bounds = (reconciled.earliest, reconciled.latest)
    written = draft["date"]
    if written is not None and (not revisable or (written.earliest, written.latest) == bounds):
        return True  # the event's date must equal the intersection: the validation checks it
    same = [
        r for r, _ in reports if r.date is not None and (r.date.earliest, r.date.latest) == bounds
    ]
    if written is not None:  # revised by a report: its date, wording and source
        giver = same[-1] if same else None
        draft["date_text"] = giver.date_text if giver is not None else None
        other = giver is not None and giver.source != definition.document
        draft["date_basis"] = DateBasis.SOURCE if other else None
        draft["date_source"] = giver.source if other and giver is not None else None
    if same:
        draft["date"] = same[0].date if written is None else same[-1].date
    else:
        start, end = (str(day) if day is not None else ".." for day in bounds)
        draft["date"] = parse_edtf(start if start == end else f"{start}/{end}")
    return True


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
    problem: Problem, origins: dict[str, list[_Origin]], parts: _Parts, index_file: _Annotated
) -> None:
    """Report a problem of the built dataset at the annotation it comes from: an evidence,
    participant or relation where its entry writes it (the definition or an extension)."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in problem.pointer.split("/")[1:]]
    if len(tokens) >= 2 and tokens[0] in origins and tokens[1].isdigit():
        origin = origins[tokens[0]][int(tokens[1])]
        rest = [_TO_ANNOTATION.get(t, t) for t in tokens[2:]]
        part = (
            parts.get((int(tokens[1]), tokens[2], int(tokens[3])))
            if tokens[0] == "events" and len(tokens) >= 4 and tokens[3].isdigit()
            else None
        )
        if (
            part is not None
            and tokens[2] == "reports"
            and tokens[4:5] == ["evidence"]
            and tokens[5:6]
            and tokens[5].isdigit()
        ):
            # a report's evidence, where the report writes it (a quote or a citation)
            part = part.evidence[int(tokens[5])]
            origin, rest = part, [_TO_ANNOTATION.get(t, t) for t in tokens[6:]]
            rest = rest if part.inner else []  # a quote's offsets and source are the build's
        elif part is not None:
            # a quote's offsets and source are the build's, the quote is not
            origin, rest = part, rest[2:] if part.inner else []
        elif tokens[0] == "events" and rest[:1] == ["quotes"]:
            rest = rest[:2]
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
