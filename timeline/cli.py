"""The ``timeline`` command line.

Each command builds a result object; a reporter renders it; the exit code comes from the
result. Bad input never shows a traceback: it is reported where it is, and the exit code says
what happened (0 valid, 1 invalid data, 2 usage error or unreadable input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import timeline
from timeline._atomic import write_bytes_atomic
from timeline.build import INDEX_NAME, build_seeds, render
from timeline.dates import is_edtf
from timeline.document import check_file, check_stream
from timeline.exports import FORMATS
from timeline.exports.geojson import left_out
from timeline.model import EventType, Status
from timeline.problems import Problem
from timeline.publish import publish
from timeline.query import AmbiguousActorError, Timeline, UnknownActorError
from timeline.report import (
    ExitCode,
    FileResult,
    ValidationResult,
    escape_unencodable,
    plural,
    render_github,
    render_json,
    render_text,
)
from timeline.shipped import load_default
from timeline.views import (
    actor_json,
    actor_text,
    actors_json,
    actors_text,
    events_json,
    events_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from timeline.model import Event

__all__ = ["main"]

STDIN = "-"


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """Each input as (the name to show, the file; None for standard input). Folders are
    searched for ``*.json`` files, in sorted order."""
    for name in paths:
        if name == STDIN:
            yield name, None
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                yield name, path  # reported as unreadable: a folder with nothing to check
            for file in found:
                yield str(file), file
        else:
            yield name, path


def _unreadable(name: str, reason: str) -> FileResult:
    problem = Problem(code="file-unreadable", message=f"cannot read: {reason}")
    return FileResult(path=name, problems=(problem,), readable=False)


def validate_inputs(paths: Sequence[str]) -> list[FileResult]:
    """Validate every input named on the command line."""
    results: list[FileResult] = []
    for name, path in _inputs(paths):
        if path is None:
            problems, _ = check_stream(sys.stdin.buffer, base_dir=Path.cwd(), records=False)
        elif path.is_dir():
            results.append(_unreadable(name, "the folder holds no .json file"))
            continue
        else:
            try:
                problems, _ = check_file(path, records=False)
            except OSError as exc:
                results.append(_unreadable(name, exc.strerror or str(exc)))
                continue
        results.append(FileResult(path=name, problems=tuple(problems)))
    return results


def _cmd_validate(args: argparse.Namespace) -> int:
    result = ValidationResult(files=tuple(validate_inputs(args.paths)), strict=args.strict)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    elif args.format == "github":
        sys.stdout.write(render_github(result))
    else:
        sys.stdout.write(render_text(result, quiet=args.quiet))
    return result.exit_code


def _cmd_build(args: argparse.Namespace) -> int:
    seeds = Path(args.seeds)
    if not (seeds / INDEX_NAME).is_file():
        sys.stderr.write(
            f"timeline build: {seeds / INDEX_NAME} not found: is {seeds} a seeds folder?\n"
        )
        return ExitCode.USAGE
    output = Path(args.output) if args.output else seeds.parent / "data" / "dataset.json"
    result = build_seeds(seeds, output)
    report = ValidationResult(files=result.files)
    if args.format == "json":
        sys.stdout.write(render_json(report))
    else:
        sys.stdout.write(render_text(report, quiet=True, lines=True))
    if result.dataset is None:
        if args.format == "text":
            sys.stdout.write(f"build failed: {report.summary()}\n")
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
            current = output.read_bytes()
        except OSError as exc:
            sys.stderr.write(f"timeline build --check: cannot read {output}: {exc.strerror}\n")
            return ExitCode.INVALID
        if current != data:
            sys.stderr.write(
                f"{output} differs from a fresh build of {seeds}: run `timeline build`\n"
            )
            return ExitCode.INVALID
        if args.format == "text":
            sys.stdout.write(f"{output} is up to date ({counts})\n")
        return ExitCode.VALID
    output.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(output, data)
    if args.format == "text":
        sys.stdout.write(f"built {output} ({counts})\n")
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
        sys.stderr.write(f"timeline: cannot read {path}: {exc.strerror or exc}\n")
        raise _Stop(ExitCode.USAGE) from None
    if dataset is None:
        sys.stderr.write(
            render_text(ValidationResult(files=(FileResult(path=path, problems=tuple(problems)),)))
        )
        sys.stderr.write(f"timeline: {path} is not a valid dataset (see `timeline validate`)\n")
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
        sys.stderr.write(f"timeline show: {exc}\n")
        return ExitCode.USAGE
    found = [overlaps[e.id] for e in events] if overlaps is not None else None
    if args.format == "json":
        sys.stdout.write(events_json(view, events, overlaps=found))
    else:
        sys.stdout.write(events_text(view, events, overlaps=found))
    return ExitCode.VALID


def _cmd_actors(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    sys.stdout.write(actors_json(view) if args.format == "json" else actors_text(view))
    return ExitCode.VALID


def _cmd_actor(args: argparse.Namespace) -> int:
    view = _timeline(args.path)
    wide = not args.exact
    try:
        summary = view.summary(args.name)
        rows = view.actor_events(args.name, include_parts=wide, include_members=wide)
    except (UnknownActorError, AmbiguousActorError) as exc:
        sys.stderr.write(f"timeline actor: {exc}\n")
        return ExitCode.USAGE
    render = actor_json if args.format == "json" else actor_text
    sys.stdout.write(render(view, summary, rows))
    return ExitCode.VALID


def _cmd_export(args: argparse.Namespace) -> int:
    dataset = _timeline(args.path).dataset
    data = FORMATS[args.to].render(dataset)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            write_bytes_atomic(Path(args.output), data)
        except OSError as exc:
            sys.stderr.write(f"timeline export: cannot write {args.output}: {exc.strerror}\n")
            return ExitCode.USAGE
    if args.to == "geojson" and (missing := left_out(dataset)):
        sys.stderr.write(
            f"timeline export: {plural(missing, 'event')} without coordinates left out\n"
        )
    return ExitCode.VALID


def _cmd_publish(args: argparse.Namespace) -> int:
    dataset = _timeline(args.path).dataset
    try:
        written = publish(dataset, Path(args.output))
    except OSError as exc:
        where = "" if exc.filename in (None, args.output) else f" ({exc.filename})"
        sys.stderr.write(
            f"timeline publish: cannot write into {args.output}{where}: {exc.strerror or exc}\n"
        )
        return ExitCode.USAGE
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write(
        f"published {dataset.id} {dataset.version}: {plural(len(written), 'file')} "
        f"in {args.output}\n"
    )
    return ExitCode.VALID


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
        sys.stdout.write(f"{parser.prog} {timeline.__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Event-timeline datasets extracted from news: validate, build and query.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

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
        "seeds", nargs="?", default="seeds", help="the seeds folder (default: ./seeds)"
    )
    build.add_argument(
        "-o",
        "--output",
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
    show.add_argument("path", nargs="?", metavar="PATH", help=dataset_help)
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
    actors.add_argument("path", nargs="?", metavar="PATH", help=dataset_help)
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
    actor.add_argument("path", nargs="?", metavar="PATH", help=dataset_help)
    actor.add_argument(
        "--exact",
        action="store_true",
        help="only the actor's own events, not its parts' or members'",
    )
    actor.add_argument("--format", choices=["text", "json"], default="text")
    actor.set_defaults(handler=_cmd_actor)

    export = commands.add_parser(
        "export",
        help="write the events as JSON Lines, CSV or GeoJSON",
        description="Write the events of a dataset, in chronological order, in a format other "
        "tools read: JSON Lines (one event a line), CSV (one row per event, RFC 4180), GeoJSON "
        "(the events with coordinates), TimelineJS3 JSON, or a self-contained HTML page. Two "
        "runs give the same bytes. See docs/exports.md.",
    )
    export.add_argument("path", nargs="?", metavar="DATASET", help=dataset_help)
    export.add_argument("--to", required=True, choices=sorted(FORMATS), help="the format to write")
    export.add_argument(
        "-o", "--output", metavar="PATH", help="the file to write (default: standard output)"
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
    publish_.add_argument("path", nargs="?", metavar="DATASET", help=dataset_help)
    publish_.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the folder to write the release to"
    )
    publish_.set_defaults(handler=_cmd_publish)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    escape_unencodable(sys.stdout, sys.stderr)
    try:
        code: int = args.handler(args)
    except _Stop as stop:
        return stop.code
    except BrokenPipeError:
        # The reader went away (``timeline validate … | head``): stop quietly.
        sys.stderr.close()
        return ExitCode.INVALID
    except KeyboardInterrupt:
        return 130
    return code
