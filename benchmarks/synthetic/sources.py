"""Sources: one per :data:`EVENTS_PER_SOURCE` events, the text each is written to (with every
quote at its code-point offsets) and the record of each in the document's head."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.dates import base_day, iso_day
from benchmarks.synthetic.vocabulary import FILLERS, PUBLISHERS

if TYPE_CHECKING:
    import random
    from pathlib import Path

#: Events per source document (the last source takes the rest).
EVENTS_PER_SOURCE = 1000


class SourceTexts:
    """The texts of the sources as quotes are added: written in one pass, measured in the other.

    Each text opens with a title line; each quote follows a sentence or two of other text,
    so the offsets of the quotes are those a reader would find.
    """

    def __init__(self, folder: Path | None, count: int) -> None:
        self.folder = folder
        self.lengths = [0] * count
        self.chunks: dict[int, list[str]] = {}
        self.digests: list[str] = [""] * count
        for k in range(count):
            self._append(k, f"{source_title(k)}\n\n")

    def _append(self, k: int, text: str) -> None:
        self.lengths[k] += len(text)
        if self.folder is not None:
            self.chunks.setdefault(k, []).append(text)

    def add(self, k: int, quote: str, rng: random.Random) -> int:
        """Add a quote to source ``k``'s text; its start offset in code points."""
        if rng.random() < 0.6:
            self._append(k, rng.choice(FILLERS) + " ")
        start = self.lengths[k]
        self._append(k, quote)
        self._append(k, ".\n\n" if rng.random() < 0.3 else ". ")
        return start

    def finish(self, k: int) -> None:
        """Source ``k`` receives no more quotes: write its text."""
        self._append(k, "\n")
        if self.folder is None:
            return
        data = "".join(self.chunks.pop(k)).encode("utf-8")
        self.digests[k] = hashlib.sha256(data).hexdigest()
        (self.folder / f"source-{k + 1:05d}.txt").write_bytes(data)


def source_title(k: int) -> str:
    """The title of source ``k``, the first line of its text."""
    return f"Regional security digest no. {k + 1}"


def publication_day(k: int, events: int) -> int:
    """The day source ``k`` is published: three weeks after the last event that cites it (the
    events of the next source cite it too), so that no event starts after its publication."""
    last = min(events, (k + 2) * EVENTS_PER_SOURCE) - 1
    return base_day(max(last, 0), events) + 21


def source_record(folder: Path, k: int, digest: str, events: int) -> dict[str, Any]:
    """The record of source ``k`` in the head of a dataset of ``events`` events, whose texts
    are in ``folder``: published three weeks after the last event that cites it."""
    day = publication_day(k, events)
    source: dict[str, Any] = {
        "id": f"source-{k + 1:05d}",
        "title": source_title(k),
        "language": "en",
    }
    if k % 7 == 3:
        source["translated_from"] = "fr"
    source["publisher"] = PUBLISHERS[k % len(PUBLISHERS)]
    source["published"] = iso_day(day)
    source["url"] = f"https://news.example.org/digests/{k + 1:05d}"
    source["path"] = f"{folder.name}/source-{k + 1:05d}.txt"
    source["sha256"] = digest
    return source
