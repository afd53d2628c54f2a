"""The commands of the ``timeline`` command line, and :func:`main`, which runs one.

Each command is a function of the parsed arguments: it builds a result object, a reporter
(:mod:`timeline.cli.reporters`) or a view renderer (:mod:`timeline.cli.render`) turns it into
text, and :mod:`timeline.cli.output` writes it; the exit code comes from the result. Bad input
never shows a traceback: it is reported where it is, and the exit code says what happened (0
valid, 1 invalid data, 2 usage error, unreadable input or an output that cannot be written,
130 interrupted, 143 terminated).

A new command: a function here (``_cmd_NAME(args) -> int``, listed in :data:`COMMANDS` under
its name), its sub-parser in :func:`timeline.cli.parser.build_parser`.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.cli.inputs import validate_inputs
from timeline.cli.output import (
    INTERRUPTED,
    TERMINATED,
    OutputError,
    Terminated,
    discard_output,
    flush,
    reason_of,
    warn,
    write,
    write_bytes,
)
from timeline.cli.parser import build_parser
from timeline.cli.render import (
    actor_json,
    actor_text,
    actors_json,
    actors_text,
    event_json,
    event_text,
    events_json,
    events_text,
)
from timeline.cli.reporters import (
    escape_unencodable,
    render_github,
    render_json,
    render_text,
)
from timeline.curation.build import INDEX_NAME, build_seeds
from timeline.curation.build import render as dataset_bytes
from timeline.errors import MissingExtraError
from timeline.files.atomic import write_bytes_atomic
from timeline.files.kinds import file_kind
from timeline.files.sigterm import sigterm_raises
from timeline.problems import VALIDATION_CODES, closest_codes
from timeline.publishing.exports import FOLDER_FORMATS, FORMATS
from timeline.publishing.exports import csv as csv_export
from timeline.publishing.exports import timelinejs as timelinejs_export
from timeline.publishing.exports.geojson import without_coordinates
from timeline.publishing.release import publish
from timeline.query.views import (
    AmbiguousActorError,
    Timeline,
    UnknownActorError,
    UnknownEventError,
)
from timeline.reading.document import check_file
from timeline.reading.result import ExitCode, FileResult, ValidationResult, plural
from timeline.reading.shipped import load_default

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from timeline.model import Dataset, Event

__all__ = ["COMMANDS", "main"]


def _texts_root(args: argparse.Namespace) -> Path | None:
    """The ``--texts-root`` folder, or None for the default; a usage error when it is not a
    folder."""
    if args.texts_root is None:
        return None
    root = Path(args.texts_root)
    if not root.is_dir():
        warn(f"timeline {args.command}: --texts-root {root}: not a folder\n")
        raise _Stop(ExitCode.USAGE)
    return root


def _allowed(args: argparse.Namespace) -> frozenset[str]:
    """The ``--allow`` codes; a usage error for one that is no problem code."""
    allowed = frozenset(args.allow or ())
    for code in sorted(allowed - VALIDATION_CODES):
        close = closest_codes(code)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else "the codes are listed in docs/validation.md"
        )
        warn(f"timeline validate: --allow {code}: not a problem code ({hint})\n")
        raise _Stop(ExitCode.USAGE)
    return allowed


def _cmd_validate(args: argparse.Namespace) -> int:
    allowed = _allowed(args)
    files = validate_inputs(args.paths, _texts_root(args))
    result = ValidationResult(files=tuple(files), strict=args.strict, allowed=allowed)
    if args.format == "json":
        write(render_json(result))
    elif args.format == "github":
        write(render_github(result))
    else:
        write(render_text(result, quiet=args.quiet))
    return result.exit_code


def _cmd_build(args: argparse.Namespace) -> int:
    seeds = Path(args.seeds)
    if not (seeds / INDEX_NAME).is_file():
        warn(f"timeline build: {seeds / INDEX_NAME} not found: is {seeds} a seeds folder?\n")
        return ExitCode.USAGE
    output = Path(args.output) if args.output else seeds.parent / "data" / "dataset.json"
    result = build_seeds(seeds, output, texts_root=_texts_root(args))
    report = ValidationResult(files=result.files)
    if args.format == "json":
        write(render_json(report))
    else:
        write(render_text(report, quiet=True, lines=True))
    if result.dataset is None:
        if args.format == "text":
            write(f"build failed: {report.summary()}\n")
        return ExitCode.INVALID
    if not args.output:
        output = output.with_name(f"{result.dataset.id}.json")
    data = dataset_bytes(result.dataset)
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
                warn(
                    f"timeline build --check: {output} is {kind}, not a regular file: "
                    "nothing to compare with\n"
                )
                return ExitCode.USAGE
            with output.open("rb") as file:
                current = file.read(len(data) + 1)
        except OSError as exc:
            warn(f"timeline build --check: cannot read {output}: {reason_of(exc)}\n")
            return ExitCode.INVALID
        if current != data:
            warn(f"{output} differs from a fresh build of {seeds}: run `timeline build`\n")
            return ExitCode.INVALID
        if args.format == "text":
            write(f"{output} is up to date ({counts})\n")
        return ExitCode.VALID
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(output, data)
    except OSError as exc:
        warn(f"timeline build: cannot write {output}: {reason_of(exc)}\n")
        return ExitCode.USAGE
    if args.format == "text":
        write(f"built {output} ({counts})\n")
    return ExitCode.VALID


class _Stop(Exception):
    """Ends a command early with an exit code, its message already printed."""

    def __init__(self, code: int) -> None:
        self.code = code


def _timeline(path: str | None) -> Timeline:
    """The view of the dataset at ``path``, or of the shipped seed dataset."""
    return Timeline(_dataset(path))


def _dataset(path: str | None) -> Dataset:
    """The dataset at ``path``, or the shipped seed dataset; a file that cannot be read or
    is not valid stops the command with its problems."""
    if path is None:
        return load_default()
    try:
        problems, dataset = check_file(Path(path))
    except OSError as exc:
        warn(f"timeline: cannot read {path}: {reason_of(exc)}\n")
        raise _Stop(ExitCode.USAGE) from None
    if dataset is None:
        warn(
            render_text(ValidationResult(files=(FileResult(path=path, problems=tuple(problems)),)))
        )
        warn(f"timeline: {path} is not a valid dataset (see `timeline validate`)\n")
        raise _Stop(ExitCode.INVALID)
    return dataset


def _cmd_show(args: argparse.Namespace) -> int:
    if args.possible and args.date_from is None and args.date_to is None:
        warn("timeline show: --possible applies to a range (--from, --to)\n")
        return ExitCode.USAGE
    view = _timeline(args.path)
    try:
        overlaps = None
        events: Sequence[Event]
        if args.date_from is not None or args.date_to is not None:
            hits = list(view.between(args.date_from, args.date_to, possible=args.possible))
            events = [hit.event for hit in hits]
            overlaps = {hit.event.id: hit.overlap for hit in hits}
        else:
            events = list(view)
        if args.actor is not None:
            rows = view.actor_events(args.actor, include_parts=True, include_members=True)
            chosen = {event.id for event in events}
            events = [row.event for row in rows if row.event.id in chosen]
        events = view.where(events=events, type=args.type, status=args.status, country=args.country)
    except (ValueError, UnknownActorError, AmbiguousActorError) as exc:
        warn(f"timeline show: {exc}\n")
        return ExitCode.USAGE
    found = [overlaps[e.id] for e in events] if overlaps is not None else None
    if args.format == "json":
        write(events_json(view, events, overlaps=found))
    else:
        write(events_text(view, events, overlaps=found))
    return ExitCode.VALID


def _cmd_actors(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    write(actors_json(view) if args.format == "json" else actors_text(view))
    return ExitCode.VALID


def _cmd_actor(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    wide = not args.exact
    try:
        summary = view.summary(args.name)
        rows = view.actor_events(args.name, include_parts=wide, include_members=wide)
    except (UnknownActorError, AmbiguousActorError) as exc:
        warn(f"timeline actor: {exc}\n")
        return ExitCode.USAGE
    renderer = actor_json if args.format == "json" else actor_text
    write(renderer(view, summary, rows))
    return ExitCode.VALID


def _cmd_event(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    try:
        event = view.event(args.id)
    except UnknownEventError as exc:
        warn(f"timeline event: {exc.args[0]}\n")
        return ExitCode.USAGE
    write((event_json if args.format == "json" else event_text)(view, event))
    return ExitCode.VALID


def _export_folder(args: argparse.Namespace) -> int:
    """``export`` to a format written as a folder (Parquet)."""
    exporter = FOLDER_FORMATS[args.to]
    if args.output is None:
        warn(f"timeline export: --to {args.to} writes a folder: give it with -o DIR\n")
        return ExitCode.USAGE
    dataset = _dataset(args.path)
    try:
        exporter.write(dataset, Path(args.output), args.overwrite)
    except MissingExtraError as exc:
        warn(f"timeline export: {exc}\n")
        return ExitCode.USAGE
    except OSError as exc:
        hint = " (--overwrite replaces it)" if exc.errno == errno.ENOTEMPTY else ""
        warn(f"timeline export: cannot write {args.output}: {reason_of(exc)}{hint}\n")
        return ExitCode.USAGE
    return ExitCode.VALID


def _cmd_export(args: argparse.Namespace) -> int:
    if args.raw_cells and args.to != "csv":
        warn("timeline export: --raw-cells applies to --to csv only\n")
        return ExitCode.USAGE
    if args.no_groups and args.to != "timelinejs":
        warn("timeline export: --no-groups applies to --to timelinejs only\n")
        return ExitCode.USAGE
    if args.overwrite and args.to not in FOLDER_FORMATS:
        warn("timeline export: --overwrite applies to --to parquet only\n")
        return ExitCode.USAGE
    if args.to in FOLDER_FORMATS:
        return _export_folder(args)
    dataset = _dataset(args.path)
    if args.to == "csv":
        data = csv_export.render(dataset, raw_cells=args.raw_cells)
    elif args.to == "timelinejs":
        data = timelinejs_export.render(dataset, groups=not args.no_groups)
    else:
        data = FORMATS[args.to].render(dataset)
    if args.output is None:
        write_bytes(data)
    else:
        try:
            write_bytes_atomic(Path(args.output), data)
        except OSError as exc:
            warn(f"timeline export: cannot write {args.output}: {reason_of(exc)}\n")
            return ExitCode.USAGE
    if args.to == "geojson" and (missing := without_coordinates(dataset)):
        shown = f"{missing} of {len(dataset.events)}"
        warn(f"timeline export: {shown} events without coordinates, their geometry null\n")
    return ExitCode.VALID


def _cmd_publish(args: argparse.Namespace) -> int:
    dataset = _dataset(args.path)
    try:
        written = publish(dataset, Path(args.output))
    except OSError as exc:
        where = "" if exc.filename in (None, args.output) else f" ({exc.filename})"
        warn(f"timeline publish: cannot write into {args.output}{where}: {reason_of(exc)}\n")
        return ExitCode.USAGE
    for path in written:
        write(f"wrote {path}\n")
    write(
        f"published {dataset.id} {dataset.version}: {plural(len(written), 'file')} "
        f"in {args.output}\n"
    )
    return ExitCode.VALID


#: Each command's function, by the name its sub-parser has in :func:`build_parser`.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _cmd_validate,
    "build": _cmd_build,
    "show": _cmd_show,
    "actors": _cmd_actors,
    "actor": _cmd_actor,
    "event": _cmd_event,
    "export": _cmd_export,
    "publish": _cmd_publish,
}


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
        except OutputError as failed:
            if not failed.broken_pipe:
                warn(f"timeline: cannot write to standard output: {failed.reason}\n")
            code = ExitCode.USAGE
        finally:
            discard_output()
    return code


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version, a usage error: what they printed must go out
        flush()
        raise
    try:
        code = COMMANDS[args.command](args)
    except _Stop as stop:
        code = stop.code
    flush()
    return code
