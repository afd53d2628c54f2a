"""Reading and writing dataset documents: JSON text in, records out, and back.

``load``/``loads`` parse, validate and structure; ``dump``/``dumps`` write the canonical form:
keys in the records' field order, two-space indentation, UTF-8 with no ``\\u`` escapes, and a
newline at the end. A canonical document survives ``loads`` then ``dumps`` byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from timeline._atomic import write_bytes_atomic
from timeline._locate import locate
from timeline.convert import converter
from timeline.errors import InvalidDatasetError
from timeline.problems import Problem, format_pointer
from timeline.validate import check

if TYPE_CHECKING:
    from collections.abc import Iterator

if TYPE_CHECKING:
    from timeline.model import Dataset

__all__ = [
    "check_document",
    "check_file",
    "decode_text",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_json",
    "unstructure",
]


class _NotJson(ValueError):
    """A constant such as NaN that Python's parser accepts but JSON does not."""


def _reject_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def decode_text(data: bytes) -> str:
    """Decode UTF-8 bytes, or raise a ``json-encoding`` problem that says where."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line, column = _position(prefix, len(prefix))
        raise InvalidDatasetError(
            [
                Problem(
                    code="json-encoding",
                    message=f"byte 0x{data[exc.start]:02x} at line {line}, column {column} "
                    "is not UTF-8: a dataset is UTF-8 text",
                    line=line,
                    column=column,
                )
            ]
        ) from None


def parse_json(data: bytes | str) -> Any:
    """Parse JSON text into Python objects, or raise a located problem.

    Raises :class:`~timeline.errors.InvalidDatasetError` with one problem whose code is
    ``json-empty``, ``json-encoding`` (bytes that are not UTF-8), ``json-syntax`` (with line
    and column) or ``json-too-deep``.
    """
    text = decode_text(data) if isinstance(data, bytes) else data
    del data  # only the text is kept while parsing
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark is allowed and ignored (RFC 8259, section 8.1)
    if not text.strip():
        raise InvalidDatasetError(
            [Problem(code="json-empty", message="the file is empty: a dataset is a JSON object")]
        )
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        problem = Problem(
            code="json-syntax",
            message=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            line=exc.lineno,
            column=exc.colno,
        )
    except RecursionError:
        problem = Problem(
            code="json-too-deep",
            message="the JSON nests arrays or objects too deeply to be read "
            "(a dataset nests a few levels)",
        )
    except ValueError as exc:  # NaN, Infinity, an integer of thousands of digits
        problem = Problem(code="json-syntax", message=f"invalid JSON: {exc}")
    else:
        if _SURROGATE_ESCAPE.search(text):  # rare: only then walk the document
            surrogates = list(_lone_surrogates(document, ()))
            if surrogates:
                raise InvalidDatasetError(surrogates)
        return document
    raise InvalidDatasetError([problem])


#: A \uD800-\uDFFF escape: JSON text may hold one that is half of no pair, which no UTF-8
#: file can store.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogates(value: Any, path: tuple[str | int, ...]) -> Iterator[Problem]:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if _has_surrogate(key):
                    yield _surrogate_problem(where, "a key")
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, n)) for n, child in enumerate(item))
        elif isinstance(item, str) and _has_surrogate(item):
            yield _surrogate_problem(where, "the string")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _surrogate_problem(path: tuple[str | int, ...], what: str) -> Problem:
    return Problem(
        code="json-lone-surrogate",
        pointer=format_pointer(path),
        message=f"{what} holds a \\u escape of half a UTF-16 surrogate pair, which is no character",
    )


#: Problems beyond this many in one document are reported without line and column.
MAX_LOCATED = 1000


def check_document(
    data: bytes | str, *, base_dir: Path | None = None
) -> tuple[list[Problem], Dataset | None]:
    """Parse and validate JSON text: every problem, placed by line and column where possible,
    and the records when there is no error.

    Sources' texts are checked against the quotes only when ``base_dir`` (the folder their
    paths are relative to) is given.
    """
    if isinstance(data, str):
        return _check_text(data, base_dir)
    try:
        text = decode_text(data)
    except InvalidDatasetError as exc:
        return list(exc.problems), None
    return _check_text(text, base_dir)


def check_file(path: Path) -> tuple[list[Problem], Dataset | None]:
    """Read, parse and validate a dataset file; source texts are found beside it.

    The file's bytes are dropped as soon as they are decoded, so a large file is held once as
    text while it is parsed. Raises :class:`OSError` when the file cannot be read.
    """
    data = path.read_bytes()
    try:
        text = decode_text(data)
    except InvalidDatasetError as exc:
        return list(exc.problems), None
    del data
    return _check_text(text, path.parent)


def _check_text(text: str, base_dir: Path | None) -> tuple[list[Problem], Dataset | None]:
    try:
        document = parse_json(text)
    except InvalidDatasetError as exc:
        return list(exc.problems), None
    problems, dataset = check(document, base_dir=base_dir)
    del document
    located = [
        _placed(problem, text) if n < MAX_LOCATED else problem for n, problem in enumerate(problems)
    ]
    return located, dataset


def _placed(problem: Problem, text: str) -> Problem:
    if problem.line is not None or not problem.pointer:
        return problem  # placed by the parser already, or about the whole document
    position = locate(text, problem.pointer)
    if position is None:
        return problem
    return attrs.evolve(problem, line=position[0], column=position[1])


def loads(text: bytes | str, *, base_dir: Path | None = None) -> Dataset:
    """Parse, validate and structure a dataset from JSON text.

    Sources' texts are checked against the quotes only when ``base_dir`` (the folder their
    paths are relative to) is given. Raises :class:`~timeline.errors.InvalidDatasetError`
    holding every problem when there is at least one error.
    """
    problems, dataset = check_document(text, base_dir=base_dir)
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


def load(path: str | Path) -> Dataset:
    """Read a dataset file; source texts are found relative to the file's folder."""
    problems, dataset = check_file(Path(path))
    if dataset is None:
        raise InvalidDatasetError(problems)
    return dataset


def unstructure(dataset: Dataset) -> dict[str, Any]:
    """The dataset as JSON-ready Python objects, in canonical key order."""
    result: dict[str, Any] = converter.unstructure(dataset)
    return result


def dumps(dataset: Dataset) -> str:
    """The canonical JSON text of a dataset."""
    return json.dumps(unstructure(dataset), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dump(dataset: Dataset, path: str | Path) -> None:
    """Write the canonical JSON of a dataset to ``path``, atomically."""
    write_bytes_atomic(Path(path), dumps(dataset).encode("utf-8"))
