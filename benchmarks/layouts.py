"""The same dataset written the ways other tools write JSON: the layouts a reader must take.

A dataset file is not always laid out as ``timeline dump`` writes it: ``jq -c`` and
``JSON.stringify`` write it on one line, ``json.dumps`` without an indent puts a space after
each comma and colon, a Windows editor ends lines with CRLF, some tools indent with tabs, sort
the keys (so ``sources`` comes after ``events``) or escape every non-ASCII character. Each
layout here is one of those, applied to a parsed document; the records mean the same in every
layout, so a reader must give the same verdict and the same problems (pointers and codes) on
all of them. ``no-texts`` also drops the stored texts of the sources (``path`` and ``sha256``),
which leaves the quotes nothing to be checked against: a different dataset, read the same way.

Each layout is one :class:`Style` (the options of ``json.dumps``, the line end, whether the
texts are dropped), and both ways of writing read it: :func:`layout_text` writes a document
held whole, :func:`write_layout_stream` writes a document's head and a stream of events that
is never held whole (a million events are two gigabytes of text), byte for byte the same.

The benchmarks write each generated size in every layout, and the tests compare the verdicts
of the layouts of one dataset.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

__all__ = [
    "LAYOUTS",
    "STYLES",
    "LayoutWriter",
    "Style",
    "iter_indent2",
    "iter_indent2_texts",
    "layout_text",
    "write_layout",
    "write_layout_stream",
]


def _without_texts(document: Mapping[str, Any]) -> dict[str, Any]:
    sources = [
        {key: value for key, value in source.items() if key not in ("path", "sha256")}
        if isinstance(source, Mapping)
        else source
        for source in document.get("sources", [])
    ]
    return {**document, "sources": sources} if "sources" in document else dict(document)


@dataclass(frozen=True)
class Style:
    """How one layout writes JSON: the options of ``json.dumps`` (``ensure_ascii`` is False
    unless they say otherwise), the line end, and whether the sources lose their texts."""

    options: Mapping[str, Any] = field(default_factory=dict)
    newline: str = "\n"
    drop_texts: bool = False

    def encode(self, value: Any) -> str:
        """``value`` as JSON in this style, at the top level, with ``\\n`` line ends."""
        return json.dumps(value, **{"ensure_ascii": False, **self.options})

    def document(self, document: Mapping[str, Any]) -> Mapping[str, Any]:
        """The document this style writes: without its sources' texts where it drops them."""
        return _without_texts(document) if self.drop_texts else document

    def finish(self, text: str) -> str:
        """Text written with ``\\n`` line ends, in this style's (a JSON string holds no raw
        line end, so every ``\\n`` of the text is one of the layout's)."""
        return text if self.newline == "\n" else text.replace("\n", self.newline)

    def dumps(self, document: Mapping[str, Any]) -> str:
        """The whole text of ``document`` in this style, ending with a line end."""
        return self.finish(self.encode(self.document(document)) + "\n")


#: Each layout's name and its style.
STYLES: dict[str, Style] = {
    "indent2": Style({"indent": 2}),
    "indent4": Style({"indent": 4}),
    "tabs": Style({"indent": "\t"}),
    "minified": Style(),  # json.dumps' default: one line, ", " and ": "
    "compact": Style({"separators": (",", ":")}),  # jq -c, JSON.stringify
    "crlf": Style({"indent": 2}, newline="\r\n"),
    "sorted-keys": Style({"indent": 2, "sort_keys": True}),  # "sources" after "events"
    "ascii": Style({"indent": 2, "ensure_ascii": True}),  # every non-ASCII character escaped
    "no-texts": Style({"indent": 2}, drop_texts=True),
}

#: Each layout's name and how it writes a document (as text; CRLF is written as such).
LAYOUTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    name: style.dumps for name, style in STYLES.items()
}


def _style(layout: str) -> Style:
    try:
        return STYLES[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(STYLES)}") from None


def layout_text(document: Mapping[str, Any], layout: str) -> str:
    """The JSON text of ``document`` in ``layout`` (one of :data:`LAYOUTS`)."""
    _style(layout)
    return LAYOUTS[layout](document)


def write_layout(document: Mapping[str, Any], layout: str, path: Path) -> None:
    """Write ``document`` to ``path`` in ``layout``, as UTF-8, line ends untranslated."""
    Path(path).write_bytes(layout_text(document, layout).encode("utf-8"))


#: Stands for an event while the head is written; a dataset holding it is refused.
_MARK = "@@timeline-benchmarks-event@@"
_FLUSH = 1 << 20  # characters written at a time


class LayoutWriter:
    """Writes documents of one head, whose events come one at a time, in one layout.

    The head is laid out once with two marks in place of the events: what stands between
    them is the separator of two events, and what precedes the first is the indentation each
    line of an event gets, whatever the style. :meth:`event` lays out one event, once, and
    :meth:`open` starts a file that takes laid-out events: several files that share most of
    their events (a file and the same with a few faults) cost one encoding of each."""

    def __init__(self, head: Mapping[str, Any], layout: str) -> None:
        self.style = _style(layout)
        document = dict(self.style.document(head))
        self.empty = self.style.dumps({**document, "events": []})
        document["events"] = [_MARK, _MARK]
        parts = self.style.encode(document).split(json.dumps(_MARK))
        if len(parts) != 3:
            raise ValueError(f"the head of the dataset holds {_MARK!r}: it cannot be laid out")
        self.before, self.separator, self.after = parts
        before = self.before
        self.indent = "\n" + before[before.rfind("\n") + 1 :] if "\n" in before else "\n"

    def relay(self, text: str) -> str | None:
        """The text of an event as ``indent2`` writes it (:func:`iter_indent2_texts`) in this
        style without decoding it, where the style differs only by its indentation (a JSON
        string holds no raw line end, so what begins a line is indentation); None for the
        other styles."""
        if set(self.style.options) != {"indent"}:
            return None
        unit = self.style.options["indent"]
        unit = " " * unit if isinstance(unit, int) else unit
        if unit == "  ":
            return text
        depth = 1
        while "\n" + "  " * (depth + 1) in text:
            depth += 1
        for level in range(depth, 0, -1):  # deepest first: a shallower one is its start
            text = text.replace("\n" + "  " * level, "\n" + "\0" * level)
        return text.replace("\0", unit)

    def event(self, event: Mapping[str, Any]) -> str:
        """The text of one event, as it stands in the document (line ends still ``\\n``)."""
        return self.style.encode(event).replace("\n", self.indent)

    def open(self, out: IO[bytes]) -> _Sink:
        """A file to write to ``out``: :meth:`_Sink.add` each event's text, then close."""
        return _Sink(self, out)


class _Sink:
    """One file a :class:`LayoutWriter` writes: the events' texts, then the end."""

    def __init__(self, writer: LayoutWriter, out: IO[bytes]) -> None:
        self.writer, self.out = writer, out
        self.chunks: list[str] = [writer.before]
        self.size = len(writer.before)
        self.count = 0

    def add(self, text: str) -> None:
        if self.count:
            self.chunks.append(self.writer.separator)
        self.chunks.append(text)
        self.count += 1
        self.size += len(text)
        if self.size >= _FLUSH:
            self._flush()

    def _flush(self) -> None:
        self.out.write(self.writer.style.finish("".join(self.chunks)).encode("utf-8"))
        self.chunks, self.size = [], 0

    def close(self) -> None:
        """Write the end of the document (a document without events, if none was added)."""
        if not self.count:
            self.out.write(self.writer.empty.encode("utf-8"))
            return
        self.chunks.append(self.writer.after + "\n")
        self._flush()


def write_layout_stream(
    head: Mapping[str, Any], events: Iterable[Mapping[str, Any]], layout: str, out: IO[bytes]
) -> None:
    """Write a document whose events come one at a time to the binary file ``out`` in
    ``layout``: the same bytes as :func:`layout_text` of the whole document.

    ``head`` is the document with its ``events`` key where it stands (its value is not
    read)."""
    writer = LayoutWriter(head, layout)
    sink = writer.open(out)
    for event in events:
        sink.add(writer.event(event))
    sink.close()


def iter_indent2_texts(path: Path) -> tuple[dict[str, Any], Iterator[str]]:
    """Read back, record by record, a dataset written in ``indent2`` with ``events`` as its
    last key (as the generators write it): its head (``events`` empty) and the text of each
    event as it stands in the file (its first line without the indentation before it), read
    one at a time while the iterator is consumed. Memory holds one event, not the file."""
    lines: list[bytes] = []
    offset = 0
    with Path(path).open("rb") as file:
        for line in file:
            offset += len(line)
            if line == b'  "events": []\n':  # no events
                return json.loads(b"".join([*lines, line, *file])), iter(())
            if line == b'  "events": [\n':
                break
            lines.append(line)
        else:
            raise ValueError(f"{path}: no events array at two spaces' indentation")
    head = json.loads(b"".join(lines) + b'  "events": []\n}')

    def events() -> Iterator[str]:
        with Path(path).open("rb") as file:
            file.seek(offset)
            record: list[bytes] = []
            for line in file:
                if line in (b"    },\n", b"    }\n"):
                    record.append(b"    }")
                    record[0] = record[0][4:]
                    yield b"".join(record).decode("utf-8")
                    record = []
                elif line == b"  ]\n":
                    return
                else:
                    record.append(line)

    return head, events()


def iter_indent2(path: Path) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """As :func:`iter_indent2_texts`, each event parsed."""
    head, texts = iter_indent2_texts(path)
    return head, (json.loads(text) for text in texts)
