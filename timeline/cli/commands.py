"""The ``timeline`` command line.

Each command builds a result object; a reporter renders it; the exit code comes from the
result. Bad input never shows a traceback: it is reported where it is, and the exit code says
what happened (0 valid, 1 invalid data, 2 usage error, unreadable input or an output that
cannot be written, 130 interrupted, 143 terminated).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import timeline
from timeline.cli.render import (
    actor_json,
    actor_text,
    actors_json,
    actors_text,
    events_json,
    events_text,
)
from timeline.cli.reporters import (
    escape_unencodable,
    render_github,
    render_json,
    render_text,
)
from timeline.curation.build import INDEX_NAME, build_seeds, render
from timeline.dates import is_edtf
from timeline.files.atomic import write_bytes_atomic
from timeline.files.kinds import file_kind
from timeline.files.sigterm import SIGTERM_EXIT, sigterm_raises
from timeline.model import EventType, Status
from timeline.problems import Problem
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports import csv as csv_export
from timeline.publishing.exports.geojson import left_out
from timeline.publishing.release import publish
from timeline.query.views import AmbiguousActorError, Timeline, UnknownActorError
from timeline.reading.document import check_file, check_stream
from timeline.reading.result import ExitCode, FileResult, ValidationResult, plural
from timeline.reading.shipped import load_default

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from _typeshed import SupportsWrite

    from timeline.model import Event

__all__ = ["Terminated", "main"]

STDIN = "-"
#: The exit codes of a command ended by a signal, as a shell reports them (128 + signal).
INTERRUPTED = 128 + signal.SIGINT
TERMINATED = SIGTERM_EXIT


class Terminated(BaseException):
    """Raised in the main thread by SIGTERM while :func:`main` runs: like Ctrl-C's
    ``KeyboardInterrupt``, it unwinds the command so that every ``finally`` block and
    ``with`` exit runs (a temporary file is removed, a second process ended); ``main``
    then returns 143."""


class _OutputError(Exception):
    """Standard output cannot be written (closed, full, or its reader gone)."""

    def __init__(self, reason: str, *, broken_pipe: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.broken_pipe = broken_pipe


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _output_error(exc: OSError) -> _OutputError:
    return _OutputError(_reason(exc), broken_pipe=exc.errno == errno.EPIPE)


def _write(text: str) -> None:
    """Write ``text`` to standard output, encoded as the stream encodes."""
    if sys.stdout is None:
        raise _OutputError("it is closed")
    _write_bytes(text.encode(sys.stdout.encoding, sys.stdout.errors or "strict"))


def _write_bytes(data: bytes) -> None:
    """Write all of ``data`` to standard output: a write can take only part of it (the
    reader of a pipe went away meanwhile), and what it did not take must not be lost
    silently."""
    if sys.stdout is None:
        raise _OutputError("it is closed")
    try:
        sys.stdout.flush()
        left = memoryview(data)
        while left:
            written = sys.stdout.buffer.write(left)
            if not written:  # None: a non-blocking output that takes nothing now
                raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
            left = left[written:]
        sys.stdout.buffer.flush()
    except OSError as exc:
        raise _output_error(exc) from None


def _flush() -> None:
    """Deliver what is buffered for standard output (a full disk shows only here)."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise _output_error(exc) from None


def _warn(text: str) -> None:
    """Write ``text`` to standard error; a standard error that cannot be written is left
    (the exit code still tells)."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError):
            sys.stderr.write(text)
            sys.stderr.flush()


def _discard_output() -> None:
    """Drop what is left in the buffers of standard output and error: the interpreter's own
    last flush would fail again, print a message and change the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, stream.fileno())
                os.close(null)


def _unreadable(name: str, reason: str) -> FileResult:
    problem = Problem(code="file-unreadable", message=f"cannot read: {reason}")
    return FileResult(path=name, problems=(problem,), readable=False)


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Each input as (the name to show, the file (None for standard input), why it is not
    read (None when it is to be read)). Folders are searched for ``*.json`` entries, in
    sorted order (see :func:`_scan`)."""
    for name in paths:
        if name == STDIN:
            yield name, None, None
            continue
        path = Path(name)
        try:
            folder = path.is_dir()
        except OSError:  # a name too long, say: reading it says why
            folder = False
        if not folder:
            yield name, path, None
            continue
        found = _scan(path)
        if not found:
            yield name, path, "the folder holds no .json file"
        for file, refused in found:
            yield str(file), file, refused


def _scan(folder: Path) -> list[tuple[Path, str | None]]:
    """The ``*.json`` entries under ``folder``, each with the reason it is not read (None
    for a regular file, which is). Nothing found is left out silently: a symbolic link (to
    a file or a folder) is not followed, so that a scan never reads outside the folder; a
    FIFO, socket or device is not opened; a sub-folder that cannot be listed is reported."""
    found: list[tuple[Path, str | None]] = []

    def unlisted(exc: OSError) -> None:
        found.append((Path(exc.filename or folder), f"cannot list the folder: {_reason(exc)}"))

    for top, folders, files in os.walk(folder, onerror=unlisted):
        for name in folders:
            if Path(top, name).is_symlink():
                found.append((Path(top, name), _LINK))
        for name in files:
            if name.endswith(".json"):
                found.append((Path(top, name), _refused(Path(top, name))))
    return sorted(found)


_LINK = "a symbolic link, not followed in a folder scan (name its target to check it)"


def _refused(path: Path) -> str | None:
    """Why the entry ``path`` of a folder scan is not read, or None when it is a file."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return _reason(exc)
    kind = file_kind(mode)
    if kind is None:
        return None
    if stat.S_ISLNK(mode):
        return _LINK
    return f"{kind}, not a regular file, is not read in a folder scan"


def validate_inputs(paths: Sequence[str], texts_root: Path | None = None) -> list[FileResult]:
    """Validate every input named on the command line; source texts are read only under
    ``texts_root`` (see :mod:`timeline.files.texts` for the default)."""
    results: list[FileResult] = []
    for name, path, refused in _inputs(paths):
        if refused is not None:
            results.append(_unreadable(name, refused))
            continue
        try:
            if path is None:
                if sys.stdin is None:
                    results.append(_unreadable(name, "standard input is closed"))
                    continue
                problems, _ = check_stream(
                    sys.stdin.buffer, base_dir=Path.cwd(), records=False, texts_root=texts_root
                )
            else:
                problems, _ = check_file(path, records=False, texts_root=texts_root)
        except OSError as exc:
            results.append(_unreadable(name, _reason(exc)))
            continue
        results.append(FileResult(path=name, problems=tuple(problems)))
    return results


def _texts_root(args: argparse.Namespace) -> Path | None:
    """The ``--texts-root`` folder, or None for the default; a usage error when it is not a
    folder."""
    if args.texts_root is None:
        return None
    root = Path(args.texts_root)
    if not root.is_dir():
        _warn(f"timeline {args.command}: --texts-root {root}: not a folder\n")
        raise _Stop(ExitCode.USAGE)
    return root


def _cmd_validate(args: argparse.Namespace) -> int:
    files = validate_inputs(args.paths, _texts_root(args))
    result = ValidationResult(files=tuple(files), strict=args.strict)
    if args.format == "json":
        _write(render_json(result))
    elif args.format == "github":
        _write(render_github(result))
    else:
        _write(render_text(result, quiet=args.quiet))
    return result.exit_code


def _cmd_build(args: argparse.Namespace) -> int:
    seeds = Path(args.seeds)
    if not (seeds / INDEX_NAME).is_file():
        _warn(f"timeline build: {seeds / INDEX_NAME} not found: is {seeds} a seeds folder?\n")
        return ExitCode.USAGE
    output = Path(args.output) if args.output else seeds.parent / "data" / "dataset.json"
    result = build_seeds(seeds, output, texts_root=_texts_root(args))
    report = ValidationResult(files=result.files)
    if args.format == "json":
        _write(render_json(report))
    else:
        _write(render_text(report, quiet=True, lines=True))
    if result.dataset is None:
        if args.format == "text":
            _write(f"build failed: {report.summary()}\n")
        return ExitCode.INVALID
    if not args.output:
        output = output.with_name(f"{result.dataset.id}.json")
    data = render(result.dataset)
    counts = ", ".join(
        plural(len(records), noun)
        for records, noun in (
            (result.dataset.events, "event"),
            (result.dataset.actors, "actor"),
            (result.dataset.sources, "source"),
        )
    )
    if args.check:
        try:
            kind = file_kind(output.lstat().st_mode)  # a FIFO would hang the read, a device
            if kind is not None:  # never end it
                _warn(
                    f"timeline build --check: {output} is {kind}, not a regular file: "
                    "nothing to compare with\n"
                )
                return ExitCode.USAGE
            with output.open("rb") as file:
                current = file.read(len(data) + 1)
        except OSError as exc:
            _warn(f"timeline build --check: cannot read {output}: {_reason(exc)}\n")
            return ExitCode.INVALID
        if current != data:
            _warn(f"{output} differs from a fresh build of {seeds}: run `timeline build`\n")
            return ExitCode.INVALID
        if args.format == "text":
            _write(f"{output} is up to date ({counts})\n")
        return ExitCode.VALID
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(output, data)
    except OSError as exc:
        _warn(f"timeline build: cannot write {output}: {_reason(exc)}\n")
        return ExitCode.USAGE
    if args.format == "text":
        _write(f"built {output} ({counts})\n")
    return ExitCode.VALID


class _Stop(Exception):
    """Ends a command early with an exit code, its message already printed."""

    def __init__(self, code: int) -> None:
        self.code = code


def _timeline(path: str | None) -> Timeline:
    """The view of the dataset at ``path``, or of the shipped seed dataset."""
    if path is None:
        return Timeline(load_default())
    try:
        problems, dataset = check_file(Path(path))
    except OSError as exc:
        _warn(f"timeline: cannot read {path}: {_reason(exc)}\n")
        raise _Stop(ExitCode.USAGE) from None
    if dataset is None:
        _warn(
            render_text(ValidationResult(files=(FileResult(path=path, problems=tuple(problems)),)))
        )
        _warn(f"timeline: {path} is not a valid dataset (see `timeline validate`)\n")
        raise _Stop(ExitCode.INVALID)
    return Timeline(dataset)


def _cmd_show(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    try:
        overlaps = None
        events: Sequence[Event]
        if args.date_from is not None or args.date_to is not None:
            hits = list(view.between(args.date_from, args.date_to))
            events = [hit.event for hit in hits]
            overlaps = {hit.event.id: hit.overlap for hit in hits}
        else:
            events = list(view)
        if args.actor is not None:
            rows = view.actor_events(args.actor, include_parts=True, include_members=True)
            chosen = set(events)
            events = view.where(events=[r.event for r in rows if r.event in chosen])
        events = view.where(events=events, type=args.type, status=args.status, country=args.country)
    except (ValueError, UnknownActorError, AmbiguousActorError) as exc:
        _warn(f"timeline show: {exc}\n")
        return ExitCode.USAGE
    found = [overlaps[e.id] for e in events] if overlaps is not None else None
    if args.format == "json":
        _write(events_json(view, events, overlaps=found))
    else:
        _write(events_text(view, events, overlaps=found))
    return ExitCode.VALID


def _cmd_actors(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    _write(actors_json(view) if args.format == "json" else actors_text(view))
    return ExitCode.VALID


def _cmd_actor(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    wide = not args.exact
    try:
        summary = view.summary(args.name)
        rows = view.actor_events(args.name, include_parts=wide, include_members=wide)
    except (UnknownActorError, AmbiguousActorError) as exc:
        _warn(f"timeline actor: {exc}\n")
        return ExitCode.USAGE
    render = actor_json if args.format == "json" else actor_text
    _write(render(view, summary, rows))
    return ExitCode.VALID


def _cmd_export(args: argparse.Namespace) -> int:
    if args.raw_cells and args.to != "csv":
        _warn("timeline export: --raw-cells applies to --to csv only\n")
        return ExitCode.USAGE
    dataset = _timeline(args.path).dataset
    if args.to == "csv":
        data = csv_export.render(dataset, raw_cells=args.raw_cells)
    else:
        data = FORMATS[args.to].render(dataset)
    if args.output is None:
        _write_bytes(data)
    else:
        try:
            write_bytes_atomic(Path(args.output), data)
        except OSError as exc:
            _warn(f"timeline export: cannot write {args.output}: {_reason(exc)}\n")
            return ExitCode.USAGE
    if args.to == "geojson" and (missing := left_out(dataset)):
        _warn(f"timeline export: {plural(missing, 'event')} without coordinates left out\n")
    return ExitCode.VALID


def _cmd_publish(args: argparse.Namespace) -> int:
    dataset = _timeline(args.path).dataset
    try:
        written = publish(dataset, Path(args.output))
    except OSError as exc:
        where = "" if exc.filename in (None, args.output) else f" ({exc.filename})"
        _warn(f"timeline publish: cannot write into {args.output}{where}: {_reason(exc)}\n")
        return ExitCode.USAGE
    for path in written:
        _write(f"wrote {path}\n")
    _write(
        f"published {dataset.id} {dataset.version}: {plural(len(written), 'file')} "
        f"in {args.output}\n"
    )
    return ExitCode.VALID


def _path(text: str) -> str:
    """An argparse type: a file or folder name, which cannot be empty (``Path("")`` is the
    working folder)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name is not a file or folder")
    return text


def _edtf_bound(text: str) -> str:
    """An argparse type: a day, month or year in EDTF (2021-08-26, 2021-08, 2021)."""
    if not is_edtf(text) or "/" in text:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day, month or year (YYYY[-MM[-DD]])")
    return text


class _VersionAction(argparse.Action):
    """``--version``: reads the version only when asked (see ``timeline.__getattr__``)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        _write(f"{parser.prog} {timeline.__version__}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """Writes its help as the commands write their output (argparse would ignore a failure
    to write it)."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        if file is None:
            _write(self.format_help())
        else:
            super().print_help(file)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    parser = _Parser(
        prog="timeline",
        description="Event-timeline datasets extracted from news: validate, build and query.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    texts_root_help = (
        "read source texts only under this folder (default: the current folder when the "
        "dataset or seeds folder lies inside it, else that folder itself)"
    )

    validate = commands.add_parser(
        "validate",
        help="check datasets against the schema and the rules a schema cannot state",
        description="Check dataset files against the JSON Schema and the rules a schema cannot "
        "state (unique ids, references, evidence quotes). Prints one line per problem as "
        "PATH:/json/pointer: message [code]. Exit codes: 0 valid, 1 invalid, 2 usage error or "
        "unreadable input.",
    )
    validate.add_argument(
        "paths",
        nargs="+",
        type=_path,
        metavar="PATH",
        help="a dataset file, a folder (its *.json files, recursively) or - for standard input",
    )
    validate.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="output format: text (default), json, or github (GitHub Actions annotations)",
    )
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on warnings)"
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, without the summary"
    )
    validate.add_argument("--texts-root", type=_path, metavar="DIR", help=texts_root_help)
    validate.set_defaults(handler=_cmd_validate)

    build = commands.add_parser(
        "build",
        help="build the dataset from annotated source texts in a seeds folder",
        description="Build a dataset from a seeds folder: dataset.toml (metadata and actors) "
        "and one <document>.toml annotation beside each source text. Quotes are located in "
        "their texts, date phrases resolved, actor aliases resolved, ids assigned, and the "
        "result validated and written atomically; two runs give the same bytes. Problems are "
        "printed as FILE:LINE:/pointer: message [code]. Exit codes: 0 built (or up to date "
        "with --check), 1 problems in the annotations or a stale output, 2 usage error.",
    )
    build.add_argument(
        "seeds", nargs="?", default="seeds", type=_path, help="the seeds folder (default: ./seeds)"
    )
    build.add_argument(
        "-o",
        "--output",
        type=_path,
        help="the dataset file to write (default: data/<dataset id>.json beside the seeds folder)",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the output differs from a fresh build",
    )
    build.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )
    build.add_argument("--texts-root", type=_path, metavar="DIR", help=texts_root_help)
    build.set_defaults(handler=_cmd_build)

    dataset_help = "a dataset file (default: the shipped seed dataset)"
    show = commands.add_parser(
        "show",
        help="print the events in chronological order",
        description="Print the events of a dataset in chronological order: the date as "
        "precise as the source allows, the type, the title, and the actors with their roles. "
        "A range keeps the events that may fall in it; those that only possibly do are "
        "marked (?).",
    )
    show.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    show.add_argument(
        "--from", dest="date_from", type=_edtf_bound, metavar="DATE", help="start of a range"
    )
    show.add_argument(
        "--to", dest="date_to", type=_edtf_bound, metavar="DATE", help="end of a range (inclusive)"
    )
    show.add_argument(
        "--actor", metavar="NAME", help="only the events of this actor, its parts and members"
    )
    show.add_argument(
        "--type", choices=[t.value for t in EventType], metavar="TYPE", help="only this type"
    )
    show.add_argument(
        "--status", choices=[s.value for s in Status], metavar="STATUS", help="only this status"
    )
    show.add_argument("--country", metavar="CODE", help="only events in this country (ISO code)")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=_cmd_show)

    actors = commands.add_parser(
        "actors",
        help="list the actors with their event counts",
        description="List the actors of a dataset with their kind and event counts.",
    )
    actors.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    actors.add_argument("--format", choices=["text", "json"], default="text")
    actors.set_defaults(handler=_cmd_actors)

    actor = commands.add_parser(
        "actor",
        help="print one actor's timeline with its roles",
        description="Print the timeline of one actor, found by id, name or alias (ignoring case "
        "and accents), with its role in each event. Its parts (through part_of) and members "
        "(through affiliations) are included unless --exact is given.",
    )
    actor.add_argument("name", metavar="NAME", help="the actor's id, name or an alias")
    actor.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    actor.add_argument(
        "--exact",
        action="store_true",
        help="only the actor's own events, not its parts' or members'",
    )
    actor.add_argument("--format", choices=["text", "json"], default="text")
    actor.set_defaults(handler=_cmd_actor)

    export = commands.add_parser(
        "export",
        help="write the events as JSON Lines, CSV, GeoJSON, TimelineJS JSON or an HTML page",
        description="Write the events of a dataset, in chronological order, in a format other "
        "tools read: JSON Lines (one event a line), CSV (one row per event, RFC 4180), GeoJSON "
        "(the events with coordinates), TimelineJS3 JSON, or a self-contained HTML page. Two "
        "runs give the same bytes. See docs/exports.md.",
    )
    export.add_argument("path", nargs="?", type=_path, metavar="DATASET", help=dataset_help)
    export.add_argument("--to", required=True, choices=sorted(FORMATS), help="the format to write")
    export.add_argument(
        "-o",
        "--output",
        type=_path,
        metavar="PATH",
        help="the file to write (default: standard output); it must be a regular file or not "
        "exist yet (a FIFO, a device, a socket or a symbolic link is refused)",
    )
    export.add_argument(
        "--raw-cells",
        action="store_true",
        help="CSV only: write text cells as they are, without the single quote put in front "
        "of those a spreadsheet would read as a formula (=, +, -, @)",
    )
    export.set_defaults(handler=_cmd_export)

    publish_ = commands.add_parser(
        "publish",
        help="write a release folder: the dataset, its schemas, every export, a Data Package",
        description="Write a release folder: the dataset's canonical JSON, the shipped JSON "
        "Schemas, one file per export format, a Frictionless Data Package (v2) descriptor "
        "datapackage.json and SHA256SUMS (check with `sha256sum -c SHA256SUMS`). The folder is "
        "created when missing; other files in it are left alone, the release's own replaced, "
        "each atomically. Two runs give the same bytes. See docs/publishing.md. Exit codes: 0 "
        "published, 1 invalid dataset, 2 unreadable dataset or unwritable folder.",
    )
    publish_.add_argument("path", nargs="?", type=_path, metavar="DATASET", help=dataset_help)
    publish_.add_argument(
        "-o",
        "--output",
        required=True,
        type=_path,
        metavar="DIR",
        help="the folder to write the release to (not a symbolic link, nor any folder in it)",
    )
    publish_.set_defaults(handler=_cmd_publish)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    The process-wide policy: Ctrl-C (SIGINT) returns 130 and SIGTERM 143, each after the
    command has unwound (``finally`` blocks run; see :class:`Terminated`), with nothing on
    standard error. A standard output that cannot be written (closed, or a full disk) is
    reported in one line and returns 2; a reader that went away (``| head``) returns 2
    without a word. ``--help`` and usage errors end, as argparse does, with ``SystemExit``.
    """
    escape_unencodable(sys.stdout, sys.stderr)
    with sigterm_raises(Terminated):
        try:
            code = _run(build_parser(), argv)
        except KeyboardInterrupt:
            code = INTERRUPTED
        except Terminated:
            code = TERMINATED
        except _OutputError as failed:
            if not failed.broken_pipe:
                _warn(f"timeline: cannot write to standard output: {failed.reason}\n")
            code = ExitCode.USAGE
        finally:
            _discard_output()
    return code


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version, a usage error: what they printed must go out
        _flush()
        raise
    try:
        code: int = args.handler(args)
    except _Stop as stop:
        code = stop.code
    _flush()
    return code
