"""How records show in a notebook: short reprs and small HTML tables, bounded in length
whatever a record holds (a long title is cut, a collection is counted, not listed).

A record class takes its repr from :func:`short_repr`, naming the fields worth seeing (all
of them by default); a collection that may be large shows as an HTML table through
:func:`html_table`, which escapes every value it is given.

>>> brief("x" * 100)
"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"
>>> brief((1, 2, 3))
'<3 items>'
>>> counted(1, "source"), counted(2, "source"), counted(0, "event")
('1 source', '2 sources', '0 events')
"""

from __future__ import annotations

import datetime
import enum
import html
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from timeline.dates import EdtfDate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["ROWS", "TEXT", "brief", "counted", "html_table", "short_repr"]

#: The characters of a text a repr shows, the rest cut.
TEXT = 48
#: The rows of a collection an HTML table shows, the rest counted.
ROWS = 20

_T = TypeVar("_T", bound=type)


def counted(number: int, noun: str) -> str:
    """A count with its noun, singular for one (``1 source``), else plural (``2 sources``):
    the nouns of the records (event, actor, source, item) take an ``s``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def brief(value: object) -> str:
    """One value, briefly: a text cut to :data:`TEXT` characters, a vocabulary value or a
    date as its text, a collection as its size, a record as its short repr."""
    if isinstance(value, str):
        return repr(value if len(value) <= TEXT else value[: TEXT - 1] + "…")
    if isinstance(value, enum.Enum):
        return brief(value.value)
    if isinstance(value, EdtfDate):
        return brief(value.text)
    if isinstance(value, datetime.date | datetime.time):
        return repr(value.isoformat())
    if isinstance(value, tuple | list | dict | set | frozenset):
        return f"<{counted(len(value), 'item')}>"
    if attrs.has(type(value)):
        return repr(value)
    text = repr(value)
    return text if len(text) <= TEXT else text[: TEXT - 1] + "…"


def short_repr(*names: str) -> Callable[[_T], _T]:
    """A class decorator for attrs records: a repr of the fields ``names`` (every field when
    none is named), each :func:`brief`, those left at their default (None, empty) left out."""

    def decorate(cls: _T) -> _T:
        fields = attrs.fields(cls)
        shown = [f for f in fields if not names or f.name in names]
        shown.sort(key=lambda f: names.index(f.name) if names else 0)

        def __repr__(self: Any) -> str:
            parts = []
            for field in shown:
                value = getattr(self, field.name)
                if value is None or value == ():
                    continue
                parts.append(f"{field.name}={brief(value)}")
            return f"{type(self).__name__}({', '.join(parts)})"

        cls.__repr__ = __repr__  # type: ignore[assignment]
        return cls

    return decorate


def html_table(
    caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]], total: int
) -> str:
    """An HTML table of the first :data:`ROWS` of ``rows`` under ``headers``, captioned,
    with a last line saying how many of ``total`` were left out. Every value is escaped: a
    title holding ``<script>`` shows as text."""
    cells = []
    for n, row in enumerate(rows):
        if n == ROWS:
            break
        cells.append("<tr>" + "".join(f"<td>{html.escape(_text(v))}</td>" for v in row) + "</tr>")
    left = total - len(cells)
    more = f"<p>… and {left} more</p>" if left > 0 else ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>{more}"
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, EdtfDate):
        return value.text
    return str(value)
