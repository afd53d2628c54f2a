"""Benchmark timeline against the fastest JSON parse and plain jsonschema; write a Markdown report.

For each size, each data set and each layout the harness measures, each in a fresh subprocess
whose peak RSS a small wrapper process reads with ``getrusage(RUSAGE_CHILDREN)``:

* the floor: ``json.loads``, ``orjson.loads`` and ``msgspec.json.decode`` (to Python objects)
  of the file's bytes, garbage collection paused; the floor is the fastest;
* ``timeline validate FILE`` on the valid file, and on the same file with a handful of errors
  (:mod:`benchmarks.faults`: six, of six kinds, from the first event to the last);
* ``timeline.load(FILE)``.

The data sets are ``synthetic`` (:mod:`benchmarks.generate`) and ``independent``
(:mod:`benchmarks.independent`, made without the first's world: larger, multilingual events);
the layouts are those of :mod:`benchmarks.layouts`, each written by streaming from the data
set's generated file. Once per data set: plain jsonschema, ``Timeline(dataset)`` and random
queries of each kind; at the largest size, a profile of ``validate`` and ``load``.

Usage::

    python -m benchmarks.run --sizes 10000,100000,1000000 --out docs/performance.md
    python -m benchmarks.run --sizes 2000 --layouts indent2,minified --data independent
    python -m benchmarks.run --from-results /tmp/timeline-bench/results.json

Results are saved as ``results.json`` in the work folder after each step, and the report can
be rendered again from them. A run at a million events takes hours: one that was stopped goes
on where it stopped with the same command and ``--resume``. The results behind
docs/performance.md are kept beside this file (``benchmarks/results.json``): copied into a
work folder, ``--resume`` goes on from them another day (on the same machine), as long as the
library's sources are the same.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import faults as handful
from benchmarks import generate as generator
from benchmarks import independent, layouts, synthetic

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "dataset-1.0.0.schema.json"
QUERIES = 1000
#: The data sets: each one's generator writes a valid dataset in ``indent2``.
DATA = ("synthetic", "independent")
#: The parsers of the floor, by the name the report gives them.
PARSERS = {"json": "json.loads", "orjson": "orjson.loads", "msgspec": "msgspec.json.decode"}
#: The targets of issue 16, judged at every size (they are stated for a million events).
TARGETS = {
    "validate_x_floor": 1.0,  # `timeline validate` at most 1.0x the floor
    "validate_rss_mib": 300.0,  # ... in under 300 MiB whatever the key order
    "load_x_floor": 2.5,  # `timeline.load` at most 2.5x the floor
    "load_rss_x_file": 2.5,  # ... and its peak at most 2.5x the file
    "faults_x_valid": 1.2,  # a handful of errors costs at most 1.2x the valid file
    "query_median_ms": 1.0,  # every query's median under 1 ms
}
PROFILED = 15  # functions listed of each profile

# -- the child scripts: each prints one JSON object on its last line of output -----------------

# The wrapper runs one command and reports its wall time, exit code and peak RSS (the
# largest resident set of any child it waited for: here, the one command).
WRAPPER = r"""
import json, resource, subprocess, sys, time
command, timeout = json.loads(sys.argv[1]), float(sys.argv[2])
start = time.perf_counter()
try:
    done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    code, out, err, timed_out = done.returncode, done.stdout, done.stderr, False
except subprocess.TimeoutExpired as exc:
    code, out, err, timed_out = None, exc.stdout or b"", exc.stderr or b"", True
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
out_text = out.decode("utf-8", "replace")
print(json.dumps({
    "wall": wall, "returncode": code, "timed_out": timed_out,
    "peak_rss_bytes": usage.ru_maxrss * 1024, "user": usage.ru_utime, "sys": usage.ru_stime,
    "stdout_lines": out_text.count("\n"), "stdout_tail": out_text[-4000:],
    # the lines of errors, wherever they stand (warnings after them would push them out of
    # the tail: a file without texts warns of every source)
    "stdout_errors": [line for line in out_text.splitlines() if ": warning: " not in line][:1000],
    "stdout_last": (out_text.strip().splitlines() or [""])[-1],
    "stderr_tail": err.decode("utf-8", "replace")[-4000:],
}))
"""


PARSE = r"""
import gc, json, sys, time
path, parser = sys.argv[1], sys.argv[2]
if parser == "orjson":
    import orjson
    loads = orjson.loads
elif parser == "msgspec":
    import msgspec
    loads = msgspec.json.decode
else:
    loads = json.loads
with open(path, "rb") as file:
    data = file.read()
gc.disable()
start = time.perf_counter()
document = loads(data)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "events": len(document["events"])}))
"""

# The events decoded into the typed shapes the fast path decodes them into, in one piece and
# with no rule: what the fast path's decoding costs on one core, the part of its time that no
# work on the rules can take away.
TYPED = r"""
import gc, json, sys, time
import msgspec
from timeline.reading._schema_shapes import event_shape
path = sys.argv[1]
with open(path, "rb") as file:
    data = file.read()
shape = event_shape()
document = msgspec.defstruct("Document", [("events", list[shape])])
decode = msgspec.json.Decoder(document).decode
gc.disable()
start = time.perf_counter()
decoded = decode(data)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "events": len(decoded.events)}))
"""

# Runs a command on one core (the first this process may use): ``timeline validate`` then
# checks the file in one process, which shows what the second core brings.
ONE_CORE = r"""
import os, sys
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
os.execv(sys.argv[1], sys.argv[1:])
"""

LOAD_ONLY = r"""
import json, sys, time
import timeline
path = sys.argv[1]
start = time.perf_counter()
dataset = timeline.load(path)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "events": len(dataset.events)}))
"""

JSONSCHEMA = r"""
import gc, json, sys, time
import jsonschema
path, schema_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "rb") as file:
    data = file.read()
start = time.perf_counter()
document = json.loads(data)
parse = time.perf_counter() - start
del data
with open(schema_path, encoding="utf-8") as file:
    schema = json.load(file)
start = time.perf_counter()
checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
event_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/event"}
per_event = jsonschema.Draft202012Validator(event_schema, format_checker=checker)
whole = jsonschema.Draft202012Validator(schema, format_checker=checker)
build = time.perf_counter() - start
events = document["events"]
# The rest of the document (metadata, sources, actors) against the whole schema.
start = time.perf_counter()
rest_errors = sum(1 for _ in whole.iter_errors({**document, "events": []}))
rest = time.perf_counter() - start
checked = events[:limit]
invalid_events = errors = 0
start = time.perf_counter()
for event in checked:
    found = sum(1 for _ in per_event.iter_errors(event))
    if found:
        invalid_events += 1
        errors += found
per_events = time.perf_counter() - start
print(json.dumps({
    "parse": parse, "build": build, "rest": rest, "rest_errors": rest_errors,
    "events_seconds": per_events, "checked": len(checked), "total": len(events),
    "invalid_events": invalid_events, "errors": errors,
}))
"""

LOAD = r"""
import datetime, gc, itertools, json, random, resource, statistics, sys, time
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
import timeline
imported = time.perf_counter() - start
path, queries, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
start = time.perf_counter()
dataset = timeline.load(path)
load = time.perf_counter() - start
# The cyclic collector's first pass over the new records, which the process pays once, at
# the first collection after loading (a long-running program may call gc.freeze() instead).
start = time.perf_counter()
gc.collect()
collect = time.perf_counter() - start
load_peak = peak()
start = time.perf_counter()
view = timeline.Timeline(dataset)
index = time.perf_counter() - start
index_peak = peak()
rng = random.Random(seed)
days = [d for e in view.events for d in (e.date.earliest, e.date.latest) if d is not None]
first, last = min(days).toordinal(), max(days).toordinal()
names = [n for a in dataset.actors for n in (a.id, *a.aliases)]
ids = [e.id for e in dataset.events]
types = [t.value for t in timeline.EventType]
def days_between():
    day = datetime.date.fromordinal(rng.randint(first, last - 7))
    return (day, day + datetime.timedelta(days=7))
plans = {
    "between(day, day+7, possible=True)": (
        lambda a, b: view.between(a, b, possible=True),
        [days_between() for _ in range(queries)],
    ),
    "between(day, day+7)": (
        view.between,
        [days_between() for _ in range(queries)],
    ),
    "on(day, possible=True)": (
        lambda d: view.on(d, possible=True),
        [(datetime.date.fromordinal(rng.randint(first, last)),) for _ in range(queries)],
    ),
    "actor_events(id or alias)": (view.actor_events, [(rng.choice(names),)
                                                      for _ in range(queries)]),
    "related_to(event id)": (view.related_to, [(rng.choice(ids),) for _ in range(queries)]),
    "where(type=...)": (lambda t: view.where(type=t), [(rng.choice(types),)
                                                      for _ in range(queries)]),
}
results = {}
clock = time.perf_counter_ns
page = 20  # what a screen shows
for name, (call, arguments) in plans.items():
    # Each query twice: the answer and its first page, then the answer read whole.
    times, whole, hits = [], [], 0
    for args in arguments:
        start = clock()
        list(itertools.islice(call(*args), page))
        times.append(clock() - start)
        start = clock()
        found = list(call(*args))
        whole.append(clock() - start)
        hits += len(found)
    times.sort()
    results[name] = {
        "median_ns": statistics.median(times),
        "p95_ns": times[int(0.95 * (len(times) - 1))],
        "max_ns": times[-1],
        "whole_median_ns": statistics.median(whole),
        "whole_max_ns": max(whole),
        "mean_hits": hits / len(times),
    }
print(json.dumps({
    "import": imported, "load": load, "collect": collect, "load_peak_rss_bytes": load_peak,
    "index": index,
    "index_peak_rss_bytes": index_peak, "events": len(dataset.events),
    "actors": len(dataset.actors), "queries": results,
}))
"""


# -- running measurements ---------------------------------------------------------------------


# A profile of the main process (the second process of validation is forked and not seen):
# the functions that take most time, by cumulative and by own time.
PROFILE = r"""
import cProfile, json, pstats, sys, time
path, what, root, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
import timeline
from timeline.cli.commands import main
profile = cProfile.Profile()
start = time.perf_counter()
profile.enable()
if what == "validate":
    code = main(["validate", path])
else:
    timeline.load(path)
    code = 0
profile.disable()
wall = time.perf_counter() - start
def where(file):
    for mark in ("site-packages/", root + "/"):
        if mark in file:
            return file.split(mark, 1)[1]
    if "lib/python" in file:  # the standard library: lib/python3.X/...
        return "stdlib/" + file.split("lib/python", 1)[1].partition("/")[2]
    return file
rows = []
for (file, line, function), (_, calls, own, cumulative, _) in pstats.Stats(profile).stats.items():
    name = function if file == "~" else f"{where(file)}:{line}({function})"
    rows.append({"function": name, "calls": calls, "own": own, "cumulative": cumulative})
modules = {}
for row in rows:
    module = row["function"].split(":", 1)[0] if ":" in row["function"] else "built-in (C)"
    modules[module] = modules.get(module, 0.0) + row["own"]
print(json.dumps({
    "what": what, "wall": wall, "exit": code, "own_total": sum(modules.values()),
    "modules": sorted(modules.items(), key=lambda item: -item[1])[:limit],
    "cumulative": sorted(rows, key=lambda r: -r["cumulative"])[:limit],
    "own": sorted(rows, key=lambda r: -r["own"])[:limit],
}))
"""


# -- running measurements ---------------------------------------------------------------------


def measure(command: list[str], timeout: float, ok_codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Run ``command`` under the wrapper: wall time, exit code, peak RSS, output tails.

    Never raises: a failure (a time-out, an exit code not in ``ok_codes``) is returned with
    ``"ok": False`` and an ``"error"``.
    """
    wrapper = [sys.executable, "-c", WRAPPER, json.dumps(command), str(timeout)]
    try:
        done = subprocess.run(
            wrapper, capture_output=True, text=True, timeout=timeout + 120, check=False
        )
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError, OSError) as exc:
        return {"ok": False, "error": f"the wrapper failed: {exc!r}", "command": command}
    result["command"] = command
    result["ok"] = not result["timed_out"] and result["returncode"] in ok_codes
    if result["timed_out"]:
        result["error"] = f"timed out after {timeout:g} s"
    elif not result["ok"]:
        result["error"] = f"exit code {result['returncode']}"
    return result


def measure_script(script: str, args: list[str], timeout: float) -> dict[str, Any]:
    """Run a child script; its last line of output is JSON, kept as ``data``."""
    result = measure([sys.executable, "-c", script, *args], timeout)
    if result["ok"]:
        try:
            last = result.get("stdout_last") or result["stdout_tail"].strip().splitlines()[-1]
            result["data"] = json.loads(last)
        except (json.JSONDecodeError, IndexError):
            result["ok"] = False
            result["error"] = "no JSON result in the output"
    result["command"] = [*result["command"][:2], "<script>", *result["command"][3:]]
    return result


def timeline_command() -> list[str]:
    """The installed ``timeline`` beside this interpreter, else ``python -m timeline``."""
    script = Path(sys.executable).parent / "timeline"
    return [str(script)] if script.exists() else [sys.executable, "-m", "timeline"]


def _generator_digest(name: str) -> str:
    """A digest of the code of a data set's generator (and of the layouts it writes with)."""
    if name == "synthetic":
        paths = [Path(generator.__file__), *sorted(Path(synthetic.__file__).parent.glob("*.py"))]
    else:
        paths = [Path(independent.__file__), Path(layouts.__file__)]
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def texts_of(name: str, path: Path) -> Path:
    """The folder of the source texts of a data set's generated file."""
    return generator.texts_dir(path) if name == "synthetic" else independent.texts_dir(path)


def dataset_file(work: Path, name: str, events: int, seed: int) -> tuple[Path, float]:
    """The data set's generated file of ``events`` events (``indent2``) in the work folder,
    generated unless cached; and the seconds its generation took (0 when cached)."""
    path = work / f"{name}-{events}-seed{seed}.json"
    stamp = path.with_suffix(".stamp")
    wanted = {"generator": _generator_digest(name), "events": events, "seed": seed}
    if path.exists() and stamp.exists():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == wanted:
                return path, 0.0
        except json.JSONDecodeError:
            pass
    start = time.perf_counter()
    if name == "synthetic":
        generator.generate(path, events, seed=seed)
    else:
        independent.generate(path, events, seed=seed)
    seconds = time.perf_counter() - start
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return path, seconds


def layout_files(valid: Path, events: int, layout: str) -> tuple[Path, Path]:
    """The generated file ``valid`` in ``layout``, and the same with the handful of faults,
    written beside it by streaming, in one pass that lays out each event once (``indent2``
    without faults is ``valid`` itself)."""
    plain = valid if layout == "indent2" else valid.with_name(f"{valid.stem}.{layout}.json")
    broken = valid.with_name(f"{valid.stem}.{layout}.faults.json")
    made = max(
        valid.stat().st_mtime, *(Path(m.__file__).stat().st_mtime for m in (layouts, handful))
    )
    if all(path.exists() and path.stat().st_mtime > made for path in (plain, broken)):
        return plain, broken  # written since the dataset and the code that writes them
    head, stream = layouts.iter_indent2_texts(valid)
    writer = layouts.LayoutWriter(head, layout)
    plan = handful.fault_plan(events)
    with ExitStack() as files:
        sinks = {
            path: writer.open(files.enter_context(path.with_name(path.name + ".part").open("wb")))
            for path in (plain, broken)
            if path != valid
        }
        for index, raw in enumerate(stream):
            text = writer.relay(raw)
            if text is None:
                text = writer.event(json.loads(raw))
            if plain in sinks:
                sinks[plain].add(text)
            code = plan.get(index)
            if code is None:
                sinks[broken].add(text)
            else:
                for changed in handful.faulted(json.loads(raw), code):
                    sinks[broken].add(writer.event(changed))
        for sink in sinks.values():
            sink.close()
    for path in sinks:
        path.with_name(path.name + ".part").replace(path)
    return plain, broken


def parsers() -> list[str]:
    """The parsers of the floor that are installed (json always is)."""
    return [name for name in PARSERS if name == "json" or importlib.util.find_spec(name)]


#: The measurements the floor and the ratios compare: run ``--repeat`` times, the fastest
#: kept (the machine is shared, and a run that lost the processor says nothing).
REPEATED = frozenset(
    {
        "startup",
        *(f"parse_{p}" for p in PARSERS),
        "validate",
        "validate_faults",
        "load_only",
        "decode_typed",
        "validate_one_core",
    }
)


def fastest(name: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs of one measurement, with every run's time in ``times``."""

    def seconds(result: dict[str, Any]) -> float:
        if not result["ok"]:
            return float("inf")
        data = result.get("data")
        timed_inside = name.startswith("parse_") or name in ("load_only", "decode_typed")
        return float(data["seconds"] if timed_inside and data else result["wall"])

    best = dict(min(results, key=seconds))
    best["times"] = [seconds(result) for result in results]
    return best


def _run_steps(
    steps: list[tuple[str, Any]], runs: dict[str, Any], repeat: int, label: str, log: Any
) -> None:
    for name, step in steps:
        log(f"[{label}] {name} …")
        result = fastest(name, [step() for _ in range(repeat if name in REPEATED else 1)])
        runs[name] = result
        if result["ok"]:
            log(f"[{label}] {name}: {result['wall']:.2f} s, {_mib(result['peak_rss_bytes'])} MiB")
        else:
            log(f"[{label}] {name} FAILED: {result['error']}")


def run_layout(
    valid: Path, events: int, layout: str, args: argparse.Namespace, label: str, log: Any
) -> dict[str, Any]:
    """Every measurement of one layout of one data set: the parses, validate (valid and with
    the faults), load."""
    timeout = args.timeout + events * args.timeout_per_event
    tl = timeline_command()
    log(f"[{label}] writing the layout")
    start = time.perf_counter()
    plain, broken = layout_files(valid, events, layout)
    log(f"[{label}] written in {time.perf_counter() - start:.1f} s")
    record: dict[str, Any] = {
        "file": str(plain),
        "file_bytes": plain.stat().st_size,
        "faults_file": str(broken),
        "measurements": {},
    }
    steps: list[tuple[str, Any]] = [
        (f"parse_{p}", lambda p=p: measure_script(PARSE, [str(plain), p], timeout))
        for p in parsers()
    ]
    steps += [
        ("validate", lambda: measure([*tl, "validate", str(plain)], timeout, (0, 1))),
        ("validate_faults", lambda: measure([*tl, "validate", str(broken)], timeout, (0, 1))),
        ("load_only", lambda: measure_script(LOAD_ONLY, [str(plain)], timeout)),
    ]
    _run_steps(steps, record["measurements"], args.repeat, label, log)
    if not args.keep_layouts:
        for path in {plain, broken} - {valid}:
            path.unlink()
    return record


def run_dataset(
    name: str,
    events: int,
    args: argparse.Namespace,
    profile: bool,
    log: Any,
    done: dict[str, Any] | None = None,
    checkpoint: Any = None,
) -> dict[str, Any]:
    """Every measurement of one data set at one size; ``done``: what an earlier run of the
    same sources measured of it (see ``--resume``), kept instead of measured again;
    ``checkpoint(record)`` is called after each step, so that a stopped run loses at most
    the step it was in."""
    label = f"{events} {name}"
    timeout = args.timeout + events * args.timeout_per_event
    log(f"[{label}] generating (or reusing) the dataset in {args.work}")
    valid, seconds = dataset_file(args.work, name, events, args.seed)
    broken = layout_files(valid, events, "indent2")[1]
    texts = texts_of(name, valid)
    record: dict[str, Any] = {
        "file": str(valid),
        "file_bytes": valid.stat().st_size,
        "texts_bytes": sum(p.stat().st_size for p in texts.iterdir()),
        "generate_seconds": seconds or None,
        "layouts": {},
        "measurements": {},
    }
    if done is not None and done.get("measurements"):
        record["measurements"] = done["measurements"]
        record["layouts"] = {
            layout: measured
            for layout, measured in done.get("layouts", {}).items()
            if layout in args.layouts and layout not in args.again
        }
        log(
            f"[{label}] kept from the earlier run: its measurements and "
            f"{len(record['layouts'])} layout(s)"
        )
    if checkpoint is not None:
        checkpoint(record)
    limit = str(args.jsonschema_limit)
    steps: list[tuple[str, Any]] = [
        (
            "jsonschema",
            lambda: measure_script(JSONSCHEMA, [str(valid), str(SCHEMA), limit], timeout),
        ),
        (
            "jsonschema_faults",
            lambda: measure_script(JSONSCHEMA, [str(broken), str(SCHEMA), limit], timeout),
        ),
        ("load", lambda: measure_script(LOAD, [str(valid), str(QUERIES), str(args.seed)], timeout)),
    ]
    if profile:
        for what in ("validate", "load"):
            steps.append(
                (
                    f"profile_{what}",
                    lambda what=what: measure_script(
                        PROFILE, [str(valid), what, str(ROOT), str(PROFILED)], timeout * 3
                    ),
                )
            )
    if not record["measurements"]:
        _run_steps(steps, record["measurements"], 1, label, log)
        if checkpoint is not None:
            checkpoint(record)
    # How close each step comes to the floor, on indent2: the typed decode alone, and
    # validation on one core (each kept, fastest of --repeat, like the parses).
    tl = timeline_command()
    limits: list[tuple[str, Any]] = [
        ("decode_typed", lambda: measure_script(TYPED, [str(valid)], timeout)),
        (
            "validate_one_core",
            lambda: measure(
                [sys.executable, "-c", ONE_CORE, *tl, "validate", str(valid)],
                timeout,
                (0, 1),
            ),
        ),
    ]
    missing = [(name, step) for name, step in limits if name not in record["measurements"]]
    if missing and hasattr(os, "sched_setaffinity"):
        _run_steps(missing, record["measurements"], args.repeat, label, log)
        if checkpoint is not None:
            checkpoint(record)
    if not args.keep_layouts and "indent2" not in args.layouts:
        broken.unlink(missing_ok=True)
    for layout in args.layouts:
        if layout in record["layouts"]:
            continue
        record["layouts"][layout] = run_layout(
            valid, events, layout, args, f"{label} {layout}", log
        )
        if checkpoint is not None:
            checkpoint(record)
    return record


def run_size(
    events: int,
    args: argparse.Namespace,
    profile: bool,
    log: Any,
    done: dict[str, Any] | None = None,
    checkpoint: Any = None,
) -> dict[str, Any]:
    """Every measurement of one size: the start-up, then each data set (``done`` and
    ``checkpoint``: see :func:`run_dataset`; ``checkpoint(size)`` here)."""
    size: dict[str, Any] = {
        "events": events,
        "sources_before": sources_digest(),
        "measurements": dict((done or {}).get("measurements", {})),
        "datasets": {},
    }
    timeout = args.timeout
    tl = timeline_command()
    if not size["measurements"]:
        steps = [("startup", lambda: measure([*tl, "--version"], timeout))]
        _run_steps(steps, size["measurements"], args.repeat, str(events), log)
    for name in args.data:

        def saved(record: dict[str, Any], name: str = name) -> None:
            size["datasets"][name] = record
            if checkpoint is not None:
                checkpoint(size)

        earlier = (done or {}).get("datasets", {}).get(name)
        size["datasets"][name] = run_dataset(name, events, args, profile, log, earlier, saved)
    size["sources_after"] = sources_digest()
    if size["sources_after"] != size["sources_before"]:
        log(f"[{events}] warning: the library's sources changed during the measurements")
    return size


# -- the machine --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "date_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    packages = {}
    names = ("timeline", "attrs", "cattrs", "jsonschema", "jsonschema-rs", "msgspec", "orjson")
    for name in names:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    info["packages"] = packages
    info["timeline_sources_sha256"] = sources_digest()
    return info


def sources_digest() -> str:
    """The SHA-256 of the library's sources: the library may change while it is measured."""
    digest = hashlib.sha256()
    for source in sorted((ROOT / "timeline").rglob("*.py")):
        name = source.relative_to(ROOT).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


# -- the report ---------------------------------------------------------------------------------


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value / 2**20:,.0f}"


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}x"


def _us(ns: float) -> str:
    return f"{ns / 1000:,.1f}"


def _ok(run: dict[str, Any] | None) -> bool:
    return bool(run and run.get("ok"))


def _failure(run: dict[str, Any] | None) -> str:
    if run is None:
        return "not run"
    tail = " ".join((run.get("stderr_tail") or "").strip().splitlines()[-3:])
    return f"FAILED: {run.get('error')}" + (f" (stderr: `{tail[-300:]}`)" if tail else "")


def _seconds(run: dict[str, Any] | None, inside: bool = False) -> float | None:
    if not _ok(run):
        return None
    assert run is not None
    return float(run["data"]["seconds"] if inside else run["wall"])


_PROBLEM = re.compile(r":(/[^:]*): .*\[([a-z0-9-]+)\]$")


def problems(run: dict[str, Any] | None) -> list[tuple[str, str]] | None:
    """The (pointer, code) of each problem a ``timeline validate`` run printed, but warnings
    (a layout without texts warns of them)."""
    if not _ok(run):
        return None
    assert run is not None
    found = []
    lines = run.get("stdout_errors")
    if lines is None:  # saved before the errors were kept apart: the tail alone
        lines = run.get("stdout_tail", "").splitlines()
        if run.get("stdout_lines", 0) > len(lines):
            return None  # the output was longer than its tail: its errors are not known
    for line in lines:
        hit = _PROBLEM.search(line)
        if hit and ": warning: " not in line:
            found.append((hit.group(1), hit.group(2)))
    return found


def derived(size: dict[str, Any], name: str, layout: str) -> dict[str, Any]:
    """The figures the report compares, of one layout of one data set at one size."""
    record = size["datasets"][name]["layouts"][layout]
    runs = record["measurements"]
    out: dict[str, Any] = {"file_bytes": record["file_bytes"]}
    parses = {p: _seconds(runs.get(f"parse_{p}"), inside=True) for p in PARSERS}
    out["parses"] = parses
    measured = {p: s for p, s in parses.items() if s is not None}
    out["floor"] = min(measured.values()) if measured else None
    out["floor_by"] = min(measured, key=lambda p: measured[p]) if measured else None
    for key in ("validate", "validate_faults"):
        run = runs.get(key)
        out[key] = _seconds(run)
        out[f"{key}_rss"] = run["peak_rss_bytes"] if _ok(run) and run else None
        out[f"{key}_exit"] = run.get("returncode") if _ok(run) and run else None
    out["problems"] = problems(runs.get("validate_faults"))
    load = runs.get("load_only")
    out["load"] = _seconds(load, inside=True)
    out["load_rss"] = load["peak_rss_bytes"] if _ok(load) and load else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    startup = _seconds(size["measurements"].get("startup"))
    net = out["validate"] - startup if out["validate"] is not None and startup else None
    out["validate_net_x_floor"] = ratio(net, out["floor"])
    out["validate_x_floor"] = ratio(out["validate"], out["floor"])
    out["faults_x_valid"] = ratio(out["validate_faults"], out["validate"])
    out["load_x_floor"] = ratio(out["load"], out["floor"])
    out["load_rss_x_file"] = ratio(out["load_rss"], record["file_bytes"])
    return out


def _verdict(code: int | None) -> str:
    return {0: "valid", 1: "invalid"}.get(code, f"exit {code}") if code is not None else "–"


def _mark(value: float | None, limit: float) -> str:
    """A measure beside its target: met, not met, or not measured."""
    if value is None:
        return "not measured"
    return "met" if value <= limit else "not met"


def _dataset_section(size: dict[str, Any], name: str) -> list[str]:
    record = size["datasets"][name]
    n = size["events"]
    lines = [
        f"#### {name}",
        "",
        f"Generated file ({'indent2'}): {record['file_bytes'] / 2**20:,.1f} MiB "
        f"({record['file_bytes'] / n:,.0f} bytes per event), source texts "
        f"{record['texts_bytes'] / 2**20:,.1f} MiB"
        + (
            f"; generation took {record['generate_seconds']:.1f} s."
            if record.get("generate_seconds")
            else "."
        ),
        "",
        "| Layout | File (MiB) | "
        + " | ".join(f"`{label}`" for label in PARSERS.values())
        + f" | **floor** | `timeline validate` | with {len(handful.FAULTS)} faults "
        "| `timeline.load` |",
        "|---|---:|" + "---:|" * len(PARSERS) + "---:|---|---|---|",
    ]
    for layout in record["layouts"]:
        d = derived(size, name, layout)
        parses = " | ".join(_s(d["parses"][p]) for p in PARSERS)
        validate = (
            f"{_s(d['validate'])} s, **{_x(d['validate_x_floor'])}** "
            f"({_x(d['validate_net_x_floor'])} net of start-up), "
            f"{_mib(d['validate_rss'])} MiB, {_verdict(d['validate_exit'])}"
            if d["validate"] is not None
            else _failure(record["layouts"][layout]["measurements"].get("validate"))
        )
        faults = (
            f"{_s(d['validate_faults'])} s, **{_x(d['faults_x_valid'])} valid**, "
            f"{_mib(d['validate_faults_rss'])} MiB, {len(d['problems'] or [])} errors"
            if d["validate_faults"] is not None
            else _failure(record["layouts"][layout]["measurements"].get("validate_faults"))
        )
        load = (
            f"{_s(d['load'])} s, **{_x(d['load_x_floor'])}**, {_mib(d['load_rss'])} MiB "
            f"({_x(d['load_rss_x_file'])} file)"
            if d["load"] is not None
            else _failure(record["layouts"][layout]["measurements"].get("load_only"))
        )
        lines.append(
            f"| {layout} | {d['file_bytes'] / 2**20:,.1f} | {parses} | "
            f"**{_s(d['floor'])}** ({d['floor_by'] or '–'}) | {validate} | {faults} | {load} |"
        )
    runs = record["measurements"]
    lines.append("")
    lines += _limit_lines(size, name)
    for key, label in (("jsonschema", "valid file"), ("jsonschema_faults", "file with faults")):
        run = runs.get(key)
        if _ok(run) and run:
            data = run["data"]
            scale = data["total"] / data["checked"] if data["checked"] else 0.0
            total = data["parse"] + data["build"] + data["rest"] + data["events_seconds"] * scale
            lines.append(
                f"- Plain jsonschema on the {label} (`indent2`): {_s(total)} s"
                + (" (extrapolated linearly)" if data["checked"] < data["total"] else "")
                + f", {data['invalid_events']:,} of the first {data['checked']:,} events fail "
                "the schema"
                + (
                    f", {data['rest_errors']} errors outside the events"
                    if data["rest_errors"]
                    else ""
                )
                + "."
            )
        else:
            lines.append(f"- Plain jsonschema on the {label}: {_failure(run)}.")
    load = runs.get("load")
    if _ok(load) and load:
        data = load["data"]
        lines += [
            f"- `timeline.load` then `Timeline(dataset)` (`indent2`, one process): load "
            f"{_s(data['load'])} s, index {_s(data['index'])} s, "
            f"{data['actors']:,} actors; peak {_mib(load['peak_rss_bytes'])} MiB.",
            "",
            f"Queries ({QUERIES:,} random calls of each kind): the call and its first 20 "
            "answers, then, by a second call, every answer read:",
            "",
            "| Query | median (µs) | p95 (µs) | max (µs) | whole answer: median (µs) | "
            "mean answers | median < 1 ms |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for query, q in data["queries"].items():
            whole = q.get("whole_median_ns")
            lines.append(
                f"| `{query}` | {_us(q['median_ns'])} | {_us(q['p95_ns'])} | "
                f"{_us(q['max_ns'])} | {_us(whole) if whole else '–'} | "
                f"{q['mean_hits']:,.1f} | {_mark(q['median_ns'] / 1e6, 1.0)} |"
            )
    else:
        lines.append(f"- `timeline.load` with the queries: {_failure(load)}.")
    lines.append("")
    return lines


def _limit_lines(size: dict[str, Any], name: str) -> list[str]:
    """How close each step comes to the floor on ``indent2``: the typed decode alone (the part
    of the fast path no work on the rules removes), validation on one core and on two, load."""
    record = size["datasets"][name]
    if "indent2" not in record["layouts"]:
        return []
    d = derived(size, name, "indent2")
    runs = record["measurements"]
    floor = d["floor"]
    startup = _seconds(size["measurements"].get("startup"))
    rows = [
        ("the floor: the fastest parse into Python objects", floor, False),
        (
            "the events decoded into their typed shapes, no rule (`msgspec`)",
            _seconds(runs.get("decode_typed"), inside=True),
            False,
        ),
        ("`timeline validate`, one core", _seconds(runs.get("validate_one_core")), True),
        ("`timeline validate`, two cores", d["validate"], True),
        ("`timeline.load`", d["load"], False),
    ]
    lines = [
        "The limit, step by step (`indent2`, one core unless said; `timeline validate` "
        "timed whole, its start-up included, and net of it):",
        "",
        "| Step | seconds | x floor | net of start-up, x floor |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds, whole in rows:
        net = seconds - startup if whole and seconds is not None and startup else None
        lines.append(
            f"| {label} | {_s(seconds)} | "
            f"{_x(seconds / floor if seconds is not None and floor else None)} | "
            f"{_x(net / floor if net is not None and floor else None)} |"
        )
    return [*lines, ""]


def _size_section(size: dict[str, Any]) -> list[str]:
    startup = size["measurements"].get("startup")
    lines = [
        f"### {size['events']:,} events",
        "",
        "`timeline --version` (interpreter start and imports): "
        + (f"{_s(startup['wall'])} s, {_mib(startup['peak_rss_bytes'])} MiB." if _ok(startup)
           and startup else _failure(startup)),
        "",
    ]  # fmt: skip
    for name in size["datasets"]:
        lines += _dataset_section(size, name)
    return lines


def _targets(size: dict[str, Any]) -> list[str]:
    """The targets of the issue, one row per data set and layout, each cell met or not."""
    lines = [
        f"### {size['events']:,} events",
        "",
        "| Data, layout | validate ≤ 1.0x floor | validate peak < 300 MiB | load ≤ 2.5x floor "
        f"| load peak ≤ 2.5x file | {len(handful.FAULTS)} faults ≤ 1.2x valid "
        "| same problems as `indent2` |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, record in size["datasets"].items():
        reference = None
        if "indent2" in record["layouts"]:
            reference = derived(size, name, "indent2")["problems"]
        for layout in record["layouts"]:
            d = derived(size, name, layout)
            rss = d["validate_rss"] / 2**20 if d["validate_rss"] is not None else None
            cells = [
                f"{_x(d['validate_x_floor'])} {_mark(d['validate_x_floor'], 1.0)}",
                f"{_mib(d['validate_rss'])} MiB {_mark(rss, 300.0)}",
                f"{_x(d['load_x_floor'])} {_mark(d['load_x_floor'], 2.5)}",
                f"{_x(d['load_rss_x_file'])} {_mark(d['load_rss_x_file'], 2.5)}",
                f"{_x(d['faults_x_valid'])} {_mark(d['faults_x_valid'], 1.2)}",
            ]
            if d["problems"] is None or reference is None:
                same = "not measured"
            elif d["validate_exit"] != 0 or d["validate_faults_exit"] != 1:
                same = f"not met: valid file {_verdict(d['validate_exit'])}"
            else:
                same = f"{len(d['problems'])} errors, " + (
                    "met" if d["problems"] == reference else "not met: other problems"
                )
            lines.append(f"| {name}, {layout} | " + " | ".join(cells) + f" | {same} |")
    lines.append("")
    for name, record in size["datasets"].items():
        load = record["measurements"].get("load")
        if _ok(load) and load:
            queries = load["data"]["queries"]
            query, worst = max(queries.items(), key=lambda item: item[1]["median_ns"])
            ms = worst["median_ns"] / 1e6
            lines.append(
                f"- {name}: every query's median < 1 ms: slowest `{query}` {ms:.3f} ms "
                f"(p95 {worst['p95_ns'] / 1e6:.3f} ms) — {_mark(ms, 1.0)}."
            )
    lines.append("")
    return lines


def _profile_section(sizes: list[dict[str, Any]]) -> list[str]:
    """Where the time goes: the profiles taken at the largest size."""
    lines = ["## Where the time goes", ""]
    profiled = [
        (size, name, record)
        for size in sizes
        for name, record in size["datasets"].items()
        if any(k.startswith("profile_") for k in record["measurements"])
    ]
    if not profiled:
        return [*lines, "No profile was taken in this run.", ""]
    lines += [
        "`cProfile` of the main process of `timeline validate` and of `timeline.load` on the "
        "`indent2` file of each data set at the largest size (the profiler roughly doubles "
        "the times; the second process that validation forks for the second half of the "
        "events is not seen, so its share shows as the time the main process waits for it). "
        f"The {PROFILED} functions of most cumulative time, then of most own time:",
        "",
    ]
    for size, name, record in profiled:
        for what in ("validate", "load"):
            run = record["measurements"].get(f"profile_{what}")
            title = f"### {what}, {name}, {size['events']:,} events"
            if not _ok(run) or run is None:
                lines += [title, "", _failure(run), ""]
                continue
            data = run["data"]
            lines += [title, "", f"{data['wall']:.2f} s under the profiler.", ""]
            total = data.get("own_total")
            if total:
                shares = ", ".join(
                    f"`{module}` {own / total:.0%}" for module, own in data["modules"][:6]
                )
                lines += [f"Own time by module: {shares}.", ""]
            for order in ("cumulative", "own"):
                lines += [
                    f"| Function (by {order} time) | calls | own (s) | cumulative (s) |",
                    "|---|---:|---:|---:|",
                ]
                for row in data[order]:
                    lines.append(
                        f"| `{row['function']}` | {row['calls']:,} | {row['own']:.3f} | "
                        f"{row['cumulative']:.3f} |"
                    )
                lines.append("")
    return lines


def upgrade(results: dict[str, Any]) -> dict[str, Any]:
    """Results saved before the data sets and layouts (one data set, one layout, a 1 %
    invalid variant) in today's form: the synthetic data, ``indent2``."""
    for key, size in results["sizes"].items():
        if "datasets" in size:
            continue
        runs = size["measurements"]
        layout = {
            "file": size["file"],
            "file_bytes": size["file_bytes"],
            "measurements": {
                k: v
                for k, v in runs.items()
                if k in ("parse_json", "parse_orjson", "validate", "load_only")
            },
        }
        results["sizes"][key] = {
            "events": size["events"],
            "measurements": {"startup": runs.get("startup")},
            "sources_before": size.get("sources_before"),
            "sources_after": size.get("sources_after"),
            "datasets": {
                "synthetic": {
                    "file": size["file"],
                    "file_bytes": size["file_bytes"],
                    "texts_bytes": size["texts_bytes"],
                    "generate_seconds": size.get("generate_seconds"),
                    "measurements": {
                        "jsonschema": runs.get("jsonschema"),
                        "load": runs.get("load"),
                    },
                    "layouts": {"indent2": layout},
                }
            },
        }
    return results


def _unfinished(results: dict[str, Any]) -> list[str]:
    """What the run was asked to measure and has not (a run stopped, rendered from its saved
    results): a warning, or nothing."""
    missing = []
    for events in results.get("sizes_asked", []):
        size = results["sizes"].get(str(events), {})
        for name in results.get("data", []):
            record = size.get("datasets", {}).get(name)
            if record is None:
                missing.append(f"{events:,} events, {name}: every layout")
                continue
            left = [layout for layout in results["layouts"] if layout not in record["layouts"]]
            if left:
                missing.append(f"{events:,} events, {name}: {', '.join(left)}")
    if not missing:
        return []
    return [
        "**This run is not finished**; not measured yet: "
        + "; ".join(missing)
        + ". It goes on where it stopped with the same command and `--resume`.",
        "",
    ]


def render_report(results: dict[str, Any]) -> str:
    """The Markdown report of a results document (as saved in ``results.json``)."""
    results = upgrade(results)
    m = results["machine"]
    sizes = [results["sizes"][k] for k in sorted(results["sizes"], key=int)]
    packages = ", ".join(f"{k} {v or 'not installed'}" for k, v in m["packages"].items())
    memory = f"{m['memory_bytes'] / 2**30:.1f} GiB" if m.get("memory_bytes") else "unknown"
    missing = [PARSERS[p] for p in PARSERS if p != "json" and not m["packages"].get(p)]
    lines = [
        "# Performance",
        "",
        "How fast `timeline` validates, loads and queries large datasets, measured against the "
        "cost of merely parsing the JSON into Python objects (the *floor*: the fastest of "
        "`json.loads`, `orjson.loads` and `msgspec.json.decode`, garbage collection paused, "
        "one core), on two data sets and in every layout other tools write. `synthetic` is "
        "made by `benchmarks/generate.py` (realistic events of about 1.2 KB, the data the "
        "reader was first tuned on); `independent` by `benchmarks/independent.py`, made apart "
        "from it: events of about 2.4 KB in Arabic, Russian, Chinese, French and Spanish, "
        "three to six participants, one to three relations, fatalities with subsets, about "
        "750 events per actor at a million events. Both are valid, with source texts whose "
        "quotes stand at their offsets. Each is written in the layouts of "
        "`benchmarks/layouts.py` (indentations, tabs, one line, CRLF, sorted keys with "
        "`sources` after `events`, ASCII escapes, sources without texts), and each layout "
        "again with a handful of errors (`benchmarks/faults.py`): "
        + "; ".join(f"`{code}` ({what})" for _, code, what in handful.FAULTS)
        + ".",
        "",
        "Regenerate this page with:",
        "",
        "```sh",
        results["command"],
        "```",
        "",
        "and render it again from saved numbers with "
        "`python -m benchmarks.run --from-results RESULTS.json --out docs/performance.md`; "
        "a run that was stopped goes on where it stopped with the same command and "
        "`--resume`.",
        "",
        *_unfinished(results),
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| Date | {m['date_utc']} |",
        f"| CPU | {m.get('cpu', 'unknown')} |",
        f"| Cores (nproc) | {m['nproc']} ({m.get('usable_cpus')} usable) |",
        f"| Memory | {memory} |",
        f"| OS | {m.get('os', m['platform'])} |",
        f"| Python | {m['python_implementation']} {m['python']} |",
        f"| Packages | {packages} |",
        f"| `timeline` sources SHA-256 | `{m.get('timeline_sources_sha256', '?')[:16]}…` |",
        "",
        "The machine is shared and its load varies: compare the ratios within one run rather "
        "than absolute times across runs.",
        "",
        "## Method",
        "",
        "- Every measurement runs in a fresh subprocess; a small wrapper process runs it and "
        "reads its peak RSS with `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest "
        "of the command's processes). Wall times of `timeline validate` include interpreter "
        "start-up and imports (shown alone as `timeline --version`); the parses and "
        "`timeline.load` are timed inside the process and exclude them. The targets judge "
        "`timeline validate` on its whole wall time.",
        f"- The start-up, the parses, `timeline validate` (valid and with the faults) and "
        f"`timeline.load` are run {results.get('repeat', 1)} times and the fastest run is kept "
        "(every run's time is in results.json): on a shared machine a slow run measures the "
        "neighbours.",
        "- **Floor**: each parser reads the file's bytes (read first, not timed) into Python "
        "objects with the garbage collector paused; the floor is the fastest, the most one "
        "core does to turn the text into objects. Each ratio below is to the floor of the "
        "same file, so it says how close a step comes to that limit (below 1.0x is possible: "
        "validation uses two cores and never builds the dictionaries)."
        + (f" Not installed, so not measured: {', '.join(missing)}." if missing else ""),
        "- **`timeline validate FILE`**: the real command; its exit code is its verdict. With "
        "the faults, its time is compared with the same layout's valid file, and its problems "
        "(pointer and code of each error) with those it reports on `indent2`.",
        "- **`timeline.load(FILE)`**: the peak RSS is of the whole process, compared with the "
        "file's size.",
        "- **Plain jsonschema**, on `indent2`: a `jsonschema.Draft202012Validator` with the "
        "standard format checker, built once for the schema's `#/$defs/event`, validates each "
        f"event (at most {results['jsonschema_limit']:,}, extrapolated linearly); the rest of "
        "the document against the whole schema. It includes `json.loads` of the file and sees "
        "only what a schema can state.",
        "- **Queries**, on `indent2`: `timeline.load`, then `Timeline(dataset)`, then "
        f"{QUERIES:,} calls of each kind with random arguments (a week or a day in the span, "
        "an actor id or alias, an event id, a type); the median and p95 time the call and its "
        "first 20 answers (a screen).",
        "",
    ]
    changed = [
        f"{s['events']:,}"
        for s in sizes
        if "sources_after" in s and s.get("sources_before") != s["sources_after"]
    ]  # (a size not finished has no sources after it)
    if changed:
        lines += [
            f"**Warning**: the library's sources changed while the sizes {', '.join(changed)} "
            "were measured; their numbers mix versions.",
            "",
        ]
    lines += [
        "## Targets",
        "",
        "The targets of issue 16 (stated for a million events, on this two-core machine), "
        "judged at every size measured:",
        "",
    ]
    for size in sizes:
        lines += _targets(size)
    lines += ["## Results", ""]
    for size in sizes:
        lines += _size_section(size)
    lines += _profile_section(sizes)
    # The design and the reasons behind the numbers, written by hand beside this script.
    lines += [(Path(__file__).parent / "choices.md").read_text(encoding="utf-8").rstrip(), ""]
    # The other benchmarks' results (each run by hand, each with its machine and date), kept
    # beside the scripts so that a new report keeps them.
    for section in sorted((Path(__file__).parent / "sections").glob("*.md")):
        lines += [section.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


# -- the command line ---------------------------------------------------------------------------


def _names(text: str, known: tuple[str, ...] | list[str], what: str, parser: Any) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        parser.error(f"--{what} takes names among {', '.join(known)}, separated by commas")
    return names


#: What must be the same for a saved run's measurements to be kept by ``--resume``.
_SAME_RUN = ("jsonschema_limit", "repeat")


def _resumable(saved: Path, results: dict[str, Any], log: Any) -> dict[str, Any]:
    """The sizes a saved run measured that this one may keep: those of the same library
    sources (their SHA-256) and options; none when they differ or nothing was saved."""
    if not saved.exists():
        log(f"--resume: no {saved} yet, measuring everything")
        return {}
    try:
        earlier = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log(f"--resume: {saved} cannot be read ({exc}), measuring everything")
        return {}
    digest = results["machine"]["timeline_sources_sha256"]
    if earlier.get("machine", {}).get("timeline_sources_sha256") != digest:
        log("--resume: the library's sources changed since the saved run, measuring everything")
        return {}
    if any(earlier.get(key) != results[key] for key in _SAME_RUN):
        log("--resume: the saved run had other options, measuring everything")
        return {}
    results["machine"] = earlier["machine"]  # the date the measurements began
    sizes: dict[str, Any] = earlier.get("sizes", {})
    return sizes


def _measuring(argv: list[str]) -> list[str]:
    """The arguments that say what a run measures: those of how it goes on (``--resume``,
    ``--again``) left out, so that the report names one command for every part of a run."""
    kept: list[str] = []
    skip = False
    for argument in argv:
        if skip:
            skip = False
        elif argument == "--again":
            skip = True
        elif argument != "--resume" and not argument.startswith("--again="):
            kept.append(argument)
    return kept


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.run``: measure, save results.json, write the report."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="comma-separated numbers of events (default 10000,100000,1000000)",
    )
    parser.add_argument(
        "--layouts",
        default=",".join(layouts.STYLES),
        help="comma-separated layouts of benchmarks/layouts.py to measure (default: all)",
    )
    parser.add_argument(
        "--data",
        default=",".join(DATA),
        help="comma-separated data sets: synthetic, independent (default: both)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--work", type=Path, default=Path("/tmp/timeline-bench"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--jsonschema-limit",
        type=int,
        default=20000,
        metavar="N",
        help="validate at most N events with plain jsonschema and extrapolate (default 20000)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds each measurement may take, plus --timeout-per-event per event",
    )
    parser.add_argument("--timeout-per-event", type=float, default=0.005)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="run the start-up, the parses, `timeline validate` and `timeline.load` N times "
        "and keep the fastest (default 3)",
    )
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="do not profile validate and load at the largest size",
    )
    parser.add_argument(
        "--keep-layouts",
        action="store_true",
        help="keep the files of the layouts in the work folder (by default each is removed "
        "once measured: at a million events they take tens of gigabytes)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep what the saved results.json of the work folder measured with the same "
        "library sources and options, and measure only the rest (a long run that was "
        "stopped goes on where it stopped)",
    )
    parser.add_argument(
        "--again",
        default="",
        metavar="LAYOUTS",
        help="with --resume, measure these comma-separated layouts again at every size "
        "instead of keeping what was measured (after a fix of this harness)",
    )
    parser.add_argument(
        "--from-results",
        type=Path,
        metavar="RESULTS.json",
        help="render the report from saved results instead of measuring",
    )
    args = parser.parse_args(argv)

    if args.from_results is not None:
        results = json.loads(args.from_results.read_text(encoding="utf-8"))
        args.out.write_text(render_report(results), encoding="utf-8")
        print(f"wrote {args.out}")
        return 0

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {args.sizes!r}")
    if not sizes or min(sizes) < 10:
        parser.error("every size must be at least 10 events")
    if args.repeat < 1:
        parser.error("--repeat takes a number of runs, at least 1")
    args.layouts = _names(args.layouts, list(layouts.STYLES), "layouts", parser)
    args.again = _names(args.again, args.layouts, "again", parser) if args.again else []
    args.data = _names(args.data, DATA, "data", parser)
    args.work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    missing = [PARSERS[p] for p in PARSERS if p not in parsers()]
    if missing:
        log(f"not installed, so not part of the floor: {', '.join(missing)}")
    command = "python -m benchmarks.run " + " ".join(
        shlex.quote(a) for a in _measuring(argv if argv is not None else sys.argv[1:])
    )
    results: dict[str, Any] = {
        "command": command,
        "machine": machine(),
        "jsonschema_limit": args.jsonschema_limit,
        "repeat": args.repeat,
        "layouts": args.layouts,
        "data": args.data,
        "sizes_asked": sizes,
        "sizes": {},
    }
    saved = args.work / "results.json"
    earlier = _resumable(saved, results, log) if args.resume else {}

    def save() -> None:
        partial = saved.with_name(saved.name + ".part")
        partial.write_text(json.dumps(results, indent=2), encoding="utf-8")
        partial.replace(saved)

    for events in sizes:
        profile = events == max(sizes) and not args.no_profile

        def checkpoint(size: dict[str, Any], key: str = str(events)) -> None:
            results["sizes"][key] = size
            save()

        results["sizes"][str(events)] = run_size(
            events, args, profile, log, earlier.get(str(events)), checkpoint
        )
        save()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_report(results), encoding="utf-8")
    log(f"wrote {args.out} and {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
