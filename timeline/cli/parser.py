"""The argument parser of the ``timeline`` command: one sub-parser per command, with its
arguments, their checks (an empty name, a date that is not a day, month or year) and its help.

A new command: a function in :mod:`timeline.cli.commands` (listed in its ``COMMANDS`` under
the command's name), its sub-parser in :func:`build_parser` here.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import timeline
from timeline.cli.output import write
from timeline.dates import is_edtf
from timeline.model import EventType, Status
from timeline.publishing.exports import FOLDER_FORMATS, FORMATS
from timeline.publishing.extras import REQUIREMENTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from _typeshed import SupportsWrite

__all__ = ["build_parser"]


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


def _format_title(name: str) -> str:
    """An export format's name with what the registry says of it ("jsonl (JSON Lines: one
    event a line)"); a folder format says it is one and what it needs."""
    folder = FOLDER_FORMATS.get(name)
    summary = folder.summary if folder is not None else FORMATS[name].summary
    if folder is None:
        return f"{name} ({summary})"
    # No brackets inside the title's brackets: the hint in a shorter form.
    needs = f"pip install '{REQUIREMENTS[folder.extra]}' or '.[{folder.extra}]' in a checkout"
    return f"{name} ({summary}; a folder; needs {needs})"


class _VersionAction(argparse.Action):
    """``--version``: reads the version only when asked (see ``timeline.__getattr__``)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        write(f"{parser.prog} {timeline.__version__}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """Writes its help as the commands write their output (argparse would ignore a failure
    to write it)."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        if file is None:
            write(self.format_help())
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
        "--allow",
        action="append",
        metavar="CODE",
        help="with --strict, keep the warnings of this code as warnings (repeatable): "
        "--allow evidence-unverifiable passes citations of sources without a text",
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, without the summary"
    )
    validate.add_argument("--texts-root", type=_path, metavar="DIR", help=texts_root_help)

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

    dataset_help = "a dataset file (default: the shipped seed dataset)"
    show = commands.add_parser(
        "show",
        help="print the events in chronological order",
        description="Print the events of a dataset in chronological order: the date as "
        "precise as the source allows, the type, the title, and the actors with their roles. "
        "The order and a range rest on each event's derived bounds (its date narrowed by its "
        "relations and its sources' publication): a range keeps the events certainly in it; "
        "--possible adds those that only may fall in it, marked (?).",
    )
    show.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    show.add_argument(
        "--from", dest="date_from", type=_edtf_bound, metavar="DATE", help="start of a range"
    )
    show.add_argument(
        "--to", dest="date_to", type=_edtf_bound, metavar="DATE", help="end of a range (inclusive)"
    )
    show.add_argument(
        "--possible",
        action="store_true",
        help="with a range: add the events that only may fall in it, marked (?)",
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

    actors = commands.add_parser(
        "actors",
        help="list the actors with their event counts",
        description="List the actors of a dataset with their kind and event counts.",
    )
    actors.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    actors.add_argument("--format", choices=["text", "json"], default="text")

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

    event = commands.add_parser(
        "event",
        help="print one event in full: its evidence under each source, and related events",
        description="Print one event as a reader checks it: what, when and where, who in which "
        "role, the figures with the source's wording, every piece of evidence under the source "
        "it comes from, and the events it relates to (both ways).",
    )
    event.add_argument("id", metavar="ID", help="the event's id")
    event.add_argument("path", nargs="?", type=_path, metavar="PATH", help=dataset_help)
    event.add_argument("--format", choices=["text", "json"], default="text")

    # The formats are the registry's (exports.FORMATS and FOLDER_FORMATS): a format added
    # there is listed here.
    names = sorted({*FORMATS, *FOLDER_FORMATS})
    formats = ", ".join(names)
    export = commands.add_parser(
        "export",
        help=f"write the events in a format other tools read: {formats}",
        description="Write the events of a dataset, in chronological order, in a format other "
        f"tools read: {', '.join(_format_title(name) for name in names)}. Two runs "
        "give the same bytes. See docs/exports.md.",
    )
    export.add_argument("path", nargs="?", type=_path, metavar="DATASET", help=dataset_help)
    export.add_argument("--to", required=True, choices=names, help="the format to write")
    export.add_argument(
        "-o",
        "--output",
        type=_path,
        metavar="PATH",
        help="the file to write (default: standard output); it must be a regular file or not "
        "exist yet (a FIFO, a device, a socket or a symbolic link is refused); for parquet, "
        "the folder to write, which must be given, and be missing or empty unless --overwrite",
    )
    export.add_argument(
        "--raw-cells",
        action="store_true",
        help="CSV only: write text cells as they are, without the single quote put in front "
        "of those a spreadsheet would read as a formula (=, +, -, @)",
    )
    export.add_argument(
        "--no-groups",
        action="store_true",
        help="TimelineJS only: leave the slides without a group (the event type), so that "
        "TimelineJS stacks the markers on the fewest rows",
    )
    export.add_argument(
        "--overwrite",
        action="store_true",
        help="parquet only: replace an output folder that holds files",
    )

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
    return parser
