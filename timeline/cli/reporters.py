"""The reporters of ``timeline validate``: a validation result as text, JSON or GitHub
Actions annotations, printable whatever the dataset holds."""

from __future__ import annotations

import io
import json
import re
from typing import IO, TYPE_CHECKING

from timeline.reading.result import ExitCode

if TYPE_CHECKING:
    from timeline.problems import Problem
    from timeline.reading.result import FileResult, ValidationResult

__all__ = ["escape_unencodable", "render_github", "render_json", "render_text"]


#: Half a UTF-16 surrogate pair: a string decoded from a ``\u`` escape may hold one (a key
#: in a pointer, say), and no encoding can write it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _printable(text: str) -> str:
    r"""``text`` with each half of a surrogate pair written as its ``\u`` escape, so that
    any pointer or message can be printed (in a JSON string, the escape reads back as the
    character it stands for).

    >>> _printable("/events/0/\ud800")
    '/events/0/\\ud800'
    """
    return _SURROGATE.sub(_escaped, text)


def escape_unencodable(*streams: IO[str]) -> None:
    """Have text ``streams`` write a character their encoding cannot hold as its escape
    (``\\u2192``) instead of failing: a report must print whatever a dataset holds."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def render_text(result: ValidationResult, *, quiet: bool = False, lines: bool = False) -> str:
    """``path:/pointer: message [code]`` lines, then the summary (left out when ``quiet``).

    With ``lines``, the line number comes first where it is known (``path:12:/pointer: …``),
    as editors expect for files written by hand.
    """
    out = [f"{f.path}:{_location(p, lines)} {_text(p)}" for f in result.files for p in f.problems]
    if not quiet:
        out.append(result.summary())
    return _printable("".join(line + "\n" for line in out))


def _location(problem: Problem, lines: bool) -> str:
    line = f"{problem.line}:" if lines and problem.line is not None else ""
    if problem.pointer:
        return f"{line}{problem.pointer}:"
    if problem.line is not None:
        return f"{problem.line}:{problem.column}:" if problem.column else f"{problem.line}:"
    return ""


def _text(problem: Problem) -> str:
    warning = "warning: " if not problem.is_error else ""
    return f"{warning}{problem.message} [{problem.code}]"


def render_json(result: ValidationResult) -> str:
    """The result as one JSON document (see docs/cli.md for its shape)."""
    document = {
        "valid": result.exit_code == ExitCode.VALID,
        "exit_code": result.exit_code,
        "summary": result.summary(),
        "files": [_file_json(f, result.strict, result.allowed) for f in result.files],
    }
    # A lone surrogate can stand only in a string: its escape is the same string in JSON.
    return _printable(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _file_json(file: FileResult, strict: bool, allowed: frozenset[str]) -> dict[str, object]:
    return {
        "path": file.path,
        "readable": file.readable,
        "valid": file.is_valid(strict=strict, allowed=allowed),
        "problems": [p.to_json() for p in file.problems],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ValidationResult) -> str:
    """GitHub Actions workflow commands: one ``::error`` or ``::warning`` annotation per
    problem (file, line and column where known, the code as its title), then the summary.
    A warning counts as an error with ``--strict``."""
    lines = []
    for file in result.files:
        for problem in file.problems:
            strict = result.strict and problem.code not in result.allowed
            level = "error" if problem.is_error or strict else "warning"
            where = [f"file={_escape_property(file.path)}"]
            if problem.line is not None:
                where.append(f"line={problem.line}")
                if problem.column is not None:
                    where.append(f"col={problem.column}")
            where.append(f"title={_escape_property(problem.code)}")
            pointer = f"{problem.pointer}: " if problem.pointer else ""
            message = _escape_data(pointer + problem.message)
            lines.append(f"::{level} {','.join(where)}::{message}")
    lines.append(result.summary())
    return _printable("".join(line + "\n" for line in lines))
