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

from timeline import __version__
from timeline.document import check_document, check_file
from timeline.problems import Problem
from timeline.report import ExitCode, FileResult, ValidationResult, render_json, render_text

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

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
            problems, _ = check_document(sys.stdin.buffer.read(), base_dir=Path.cwd())
        elif path.is_dir():
            results.append(_unreadable(name, "the folder holds no .json file"))
            continue
        else:
            try:
                problems, _ = check_file(path)
            except OSError as exc:
                results.append(_unreadable(name, exc.strerror or str(exc)))
                continue
        results.append(FileResult(path=name, problems=tuple(problems)))
    return results


def _cmd_validate(args: argparse.Namespace) -> int:
    result = ValidationResult(files=tuple(validate_inputs(args.paths)), strict=args.strict)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    else:
        sys.stdout.write(render_text(result, quiet=args.quiet))
    return result.exit_code


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Event-timeline datasets extracted from news: validate, build and query.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on warnings)"
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, without the summary"
    )
    validate.set_defaults(handler=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except BrokenPipeError:
        # The reader went away (``timeline validate … | head``): stop quietly.
        sys.stderr.close()
        return ExitCode.INVALID
    except KeyboardInterrupt:
        return 130
    return code
