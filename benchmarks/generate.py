"""Synthetic timeline datasets of any size: valid, realistic, deterministic, written streaming.

``generate(path, events, seed=..., invalid=...)`` writes a dataset in canonical form (what
:func:`timeline.dumps` writes) with one source per 1000 events, whose texts are written
beside the dataset (``OUT.texts/source-00001.txt``); every evidence quote stands in its text
at its code-point offsets. The document is written event by event and never held whole in
memory, so a million events (about a gigabyte) take little memory.

Generation runs the event stream twice with the same random state: the first pass writes the
source texts (their SHA-256 must be known before the sources are written, at the top of the
document), the second writes the document. With ``invalid=f`` that fraction of events gets
one realistic mutation each; ``OUT.mutations.json`` says which events were mutated and how.

This module writes the files and holds the command line; what is written is made in the
package :mod:`benchmarks.synthetic` (the world, dates, events, sources, mutations).

Command line::

    python -m benchmarks.generate 10000 /tmp/events-10000.json --seed 0 --invalid 0.01
    python -m benchmarks.generate 20000 /tmp/x/base.json --layout minified --layout crlf
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

from benchmarks.layouts import STYLES, iter_indent2, write_layout_stream
from benchmarks.synthetic.events import EventStream
from benchmarks.synthetic.mutations import MUTATION_KINDS, mutation_plan
from benchmarks.synthetic.sources import EVENTS_PER_SOURCE, SourceTexts, source_record
from benchmarks.synthetic.world import World

__all__ = ["EVENTS_PER_SOURCE", "MUTATION_KINDS", "generate", "main", "mutations_path", "texts_dir"]

SCHEMA_ID = "urn:timeline:schema:dataset:1.0.0"


def texts_dir(path: Path) -> Path:
    """The folder of a generated dataset's source texts."""
    return path.with_suffix(".texts")


def mutations_path(path: Path) -> Path:
    """The sidecar that lists a generated dataset's mutations."""
    return path.with_suffix(".mutations.json")


def _indented(value: Any, prefix: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + prefix)


def generate(path: Path, events: int, *, seed: int = 0, invalid: float = 0.0) -> None:
    """Write a synthetic dataset of ``events`` events to ``path``, its source texts to
    ``path.with_suffix(".texts")`` and, when ``invalid`` > 0, the list of mutated events to
    ``path.with_suffix(".mutations.json")``. The same arguments give the same bytes."""
    if events < 0:
        raise ValueError("the number of events cannot be negative")
    if not 0.0 <= invalid <= 1.0:
        raise ValueError("the invalid fraction lies between 0 and 1")
    path = Path(path)
    folder = texts_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("source-*.txt"):
        old.unlink()
    sources = max(1, math.ceil(events / EVENTS_PER_SOURCE))
    plan = mutation_plan(events, invalid, seed)

    # Pass 1: the source texts (their digests go into the document's head).
    written = SourceTexts(folder, sources)
    world = World(random.Random(f"timeline-world-{seed}"), events)
    for _ in EventStream(world, seed, events, sources, plan, written):
        pass

    # Pass 2: the document, event by event.
    world = World(random.Random(f"timeline-world-{seed}"), events)
    stream = EventStream(world, seed, events, sources, plan, SourceTexts(None, sources))
    head = {
        "$schema": SCHEMA_ID,
        "id": f"synthetic-{events}-seed-{seed}",
        "title": f"Synthetic timeline ({events} events, seed {seed})",
        "version": "1.0.0",
        "license": "CC0-1.0",
        "description": "A synthetic dataset for benchmarks, made by benchmarks.generate: "
        "realistic in shape, invented in content."
        + (f" {invalid:.2%} of its events carry a deliberate error." if invalid else ""),
        "sources": [source_record(folder, k, written.digests[k], events) for k in range(sources)],
        "actors": world.actors,
        "events": [],
    }
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        text = _indented(head, "")
        if events:
            out.write(text[: -len("[]\n}")] + "[\n")  # the head leaves "events": [] open
            for n, event in enumerate(stream):
                out.write(("    " if n == 0 else ",\n    ") + _indented(event, "    "))
            out.write("\n  ]\n}\n")
        else:
            out.write(text + "\n")
    partial.replace(path)
    sidecar = mutations_path(path)
    if invalid:
        record = {"events": events, "seed": seed, "invalid": invalid, "mutations": stream.mutations}
        sidecar.write_text(_indented(record, "") + "\n", encoding="utf-8")
    elif sidecar.exists():
        sidecar.unlink()


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.generate N OUT.json [--seed S] [--invalid FRACTION]``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("events", type=int, help="the number of events")
    parser.add_argument("out", type=Path, help="the dataset file to write")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument(
        "--invalid",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="the fraction of events to mutate into errors (default 0)",
    )
    parser.add_argument(
        "--layout",
        action="append",
        default=[],
        choices=list(STYLES),
        help="also write the dataset in this layout of benchmarks/layouts.py, beside OUT as "
        "OUT-STEM.LAYOUT.json (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.events, seed=args.seed, invalid=args.invalid)
    except ValueError as exc:
        parser.error(str(exc))
    for layout in args.layout:
        head, events = iter_indent2(args.out)
        target = args.out.with_name(f"{args.out.stem}.{layout}.json")
        with target.open("wb") as out:
            write_layout_stream(head, events, layout, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
