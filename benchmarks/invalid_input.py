"""Time and memory of ``timeline validate`` on a large file that is not valid JSON.

A valid file is read in memory that grows with its largest record, not with the file; this
measures that an invalid one is too, wherever its fault stands. From one generated dataset
(about a gigabyte at a million events) it writes three variants, each with one syntax
error: at the very start (line 1, column 1), in the first event, and at the very end (the
closing brace left out). It runs ``timeline validate`` on each in a fresh process, under
the wrapper of :mod:`benchmarks.run`, and prints the wall time, the exit code and the peak
resident memory (of the command's own process) as a Markdown table.

Run by hand (not part of the test suite)::

    python -m benchmarks.invalid_input --events 1000000 --work /tmp/timeline-invalid
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks import generate as generator
from benchmarks.run import measure, timeline_command

__all__ = ["VARIANTS", "main", "write_variant"]

#: The variants: their name, and what they do to the valid text.
VARIANTS = {
    "start": "the first byte ({) replaced by x: a syntax error at line 1, column 1",
    "first-event": 'the first event\'s "id" key left without its colon',
    "end": "the closing brace of the document left out",
}
_COPY = 1 << 24  # bytes copied at a time


def write_variant(valid: Path, variant: str, out: Path) -> None:
    """Write ``valid`` to ``out`` with the fault of ``variant`` (see :data:`VARIANTS`),
    streaming: the file is never held whole."""
    size = valid.stat().st_size
    with valid.open("rb") as source, out.open("wb") as target:
        head = source.read(_COPY)
        if variant == "start":
            head = b"x" + head[1:]
        elif variant == "first-event":
            at = head.index(b'"events": [')
            key = head.index(b'"id": ', at)
            head = head[:key] + b'"id" ' + head[key + len(b'"id": ') :]
        target.write(head)
        shutil.copyfileobj(source, target, _COPY)
        if variant == "end":  # the text ends with "}\n"
            target.truncate(size - 2)
            target.seek(size - 2)
            target.write(b"\n")


def _mib(value: float) -> str:
    return f"{value / (1 << 20):,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    """Generate, write the variants, measure, print the table; exit code 0 when every run
    gave exit code 1 (invalid), 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/timeline-invalid"))
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--keep", action="store_true", help="keep the files written")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    valid = args.work / f"events-{args.events}.json"
    if not valid.exists():
        print(f"generating {args.events:,} events into {valid}", file=sys.stderr)
        generator.generate(valid, args.events, seed=0)
    size = valid.stat().st_size
    rows: list[dict[str, Any]] = []
    for variant, what in VARIANTS.items():
        out = args.work / f"invalid-{variant}.json"
        write_variant(valid, variant, out)
        # The source texts the dataset cites stand beside it under its own name.
        texts = generator.texts_dir(out)
        if not texts.exists():
            texts.symlink_to(generator.texts_dir(valid).resolve())
        result = measure([*timeline_command(), "validate", str(out)], args.timeout, (1,))
        rows.append({"variant": variant, "what": what, **result})
        if not args.keep:
            out.unlink()
            texts.unlink()
    print(f"{platform.platform()}, Python {platform.python_version()}, ", end="")
    print(f"{os.cpu_count()} cores; {datetime.datetime.now(datetime.UTC).date()}")
    print(f"\nA dataset of {args.events:,} events ({_mib(size)}), one syntax error:\n")
    print("| fault | wall time | peak RSS | exit code |")
    print("|---|---|---|---|")
    for row in rows:
        peak = _mib(row["peak_rss_bytes"]) if "peak_rss_bytes" in row else "?"
        wall = f"{row['wall']:.2f} s" if "wall" in row else row.get("error", "?")
        print(f"| {row['what']} | {wall} | {peak} | {row.get('returncode')} |")
    return 0 if all(row.get("ok") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
