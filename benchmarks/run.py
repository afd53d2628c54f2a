"""Benchmark timeline against the JSON parse floor and plain jsonschema; write a Markdown report.

For each size the harness generates (or reuses) a valid dataset and an invalid variant (1 % of
events mutated), then measures, each in a fresh subprocess whose peak RSS a small wrapper
process reads with ``getrusage(RUSAGE_CHILDREN)``:

* the parse floor: ``json.loads`` and ``orjson.loads`` of the file's bytes, garbage collection off;
* plain jsonschema: a ``Draft202012Validator`` of the schema's ``event`` definition, validating
  each event (at most ``--jsonschema-limit`` of them, extrapolated to all);
* ``timeline validate FILE`` on the valid and the invalid file: wall time, exit code, peak RSS;
* ``timeline.load(FILE)``, then ``timeline.Timeline(dataset)`` and 1000 random queries of each kind.

Usage::

    python -m benchmarks.run --sizes 10000,100000 --out docs/performance.md
    python -m benchmarks.run --from-results /tmp/timeline-bench/results.json

Results are always saved as ``results.json`` in the work folder, and the report can be
rendered again from them.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import generate as generator
from benchmarks import synthetic

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "dataset-1.0.0.schema.json"
INVALID_FRACTION = 0.01
#: The mutations of the generator that break the schema itself (the others break rules a
#: schema cannot state).
SCHEMA_VISIBLE = ("wrong-json-type", "bad-event-type", "unknown-key")
QUERIES = 1000

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
    "stderr_tail": err.decode("utf-8", "replace")[-4000:],
}))
"""

PARSE = r"""
import gc, json, sys, time
path, parser = sys.argv[1], sys.argv[2]
if parser == "orjson":
    import orjson
    loads = orjson.loads
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
            result["data"] = json.loads(result["stdout_tail"].strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            result["ok"] = False
            result["error"] = "no JSON result in the output"
    result["command"] = [*result["command"][:2], "<script>", *result["command"][3:]]
    return result


def timeline_command() -> list[str]:
    """The installed ``timeline`` beside this interpreter, else ``python -m timeline``."""
    script = Path(sys.executable).parent / "timeline"
    return [str(script)] if script.exists() else [sys.executable, "-m", "timeline"]


def _generator_digest() -> str:
    """A digest of the generator's code: its entry point and every module of its package."""
    digest = hashlib.sha256()
    for path in (Path(generator.__file__), *sorted(Path(synthetic.__file__).parent.glob("*.py"))):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def dataset_file(work: Path, events: int, seed: int, invalid: float) -> tuple[Path, float]:
    """The dataset of these arguments in the work folder, generated unless cached; and the
    seconds its generation took (0 when cached)."""
    suffix = f"-invalid{invalid:g}" if invalid else ""
    path = work / f"events-{events}-seed{seed}{suffix}.json"
    stamp = path.with_suffix(".stamp")
    wanted = {"generator": _generator_digest(), "events": events, "seed": seed, "invalid": invalid}
    if path.exists() and stamp.exists():
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == wanted:
                return path, 0.0
        except json.JSONDecodeError:
            pass
    start = time.perf_counter()
    generator.generate(path, events, seed=seed, invalid=invalid)
    seconds = time.perf_counter() - start
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return path, seconds


def have_orjson() -> bool:
    return importlib.util.find_spec("orjson") is not None


#: The measurements the floor and validation ratio compare: run ``--repeat`` times, the
#: fastest kept (the machine is shared, and a run that lost the processor says nothing).
REPEATED = frozenset({"startup", "parse_json", "parse_orjson", "validate", "load_only"})


def fastest(name: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs of one measurement, with every run's time in ``times``."""

    def seconds(result: dict[str, Any]) -> float:
        if not result["ok"]:
            return float("inf")
        data = result.get("data")
        timed_inside = name.startswith("parse_") or name == "load_only"
        return float(data["seconds"] if timed_inside and data else result["wall"])

    best = dict(min(results, key=seconds))
    best["times"] = [seconds(result) for result in results]
    return best


def run_size(events: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    """Every measurement of one size."""
    work: Path = args.work
    timeout = args.timeout + events * args.timeout_per_event
    log(f"[{events}] generating (or reusing) the datasets in {work}")
    valid, valid_seconds = dataset_file(work, events, args.seed, 0.0)
    broken, _ = dataset_file(work, events, args.seed, INVALID_FRACTION)
    texts = sum(p.stat().st_size for p in generator.texts_dir(valid).iterdir())
    mutations = json.loads(generator.mutations_path(broken).read_text(encoding="utf-8"))
    size: dict[str, Any] = {
        "events": events,
        "file": str(valid),
        "file_bytes": valid.stat().st_size,
        "texts_bytes": texts,
        "invalid_file": str(broken),
        "invalid_file_bytes": broken.stat().st_size,
        "mutations": len(mutations["mutations"]),
        # Mutations a schema can see, among the events plain jsonschema validates.
        "schema_visible_mutations": sum(
            1
            for m in mutations["mutations"]
            if m["kind"] in SCHEMA_VISIBLE and m["index"] < args.jsonschema_limit
        ),
        "generate_seconds": valid_seconds or None,
        "measurements": {},
    }
    runs: dict[str, Any] = size["measurements"]
    size["sources_before"] = sources_digest()
    tl = timeline_command()
    steps: list[tuple[str, Any]] = [
        ("startup", lambda: measure([*tl, "--version"], timeout)),
        ("parse_json", lambda: measure_script(PARSE, [str(valid), "json"], timeout)),
    ]
    if have_orjson():
        steps.append(
            ("parse_orjson", lambda: measure_script(PARSE, [str(valid), "orjson"], timeout))
        )
    limit = str(args.jsonschema_limit)
    steps += [
        ("validate", lambda: measure([*tl, "validate", str(valid)], timeout, (0, 1))),
        ("validate_invalid", lambda: measure([*tl, "validate", str(broken)], timeout, (0, 1))),
        (
            "jsonschema",
            lambda: measure_script(JSONSCHEMA, [str(valid), str(SCHEMA), limit], timeout),
        ),
        (
            "jsonschema_invalid",
            lambda: measure_script(JSONSCHEMA, [str(broken), str(SCHEMA), limit], timeout),
        ),
        ("load_only", lambda: measure_script(LOAD_ONLY, [str(valid)], timeout)),
        ("load", lambda: measure_script(LOAD, [str(valid), str(QUERIES), str(args.seed)], timeout)),
    ]
    for name, step in steps:
        log(f"[{events}] {name} …")
        result = fastest(name, [step() for _ in range(args.repeat if name in REPEATED else 1)])
        runs[name] = result
        if result["ok"]:
            log(f"[{events}] {name}: {result['wall']:.2f} s, {_mib(result['peak_rss_bytes'])} MiB")
        else:
            log(f"[{events}] {name} FAILED: {result['error']}")
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
    for source in sorted((ROOT / "timeline").glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
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


def derived(size: dict[str, Any]) -> dict[str, Any]:
    """The figures the report compares, computed from one size's raw measurements."""
    runs = size["measurements"]
    out: dict[str, Any] = {}
    parses = {
        name: runs[key]["data"]["seconds"]
        for name, key in (("json", "parse_json"), ("orjson", "parse_orjson"))
        if _ok(runs.get(key))
    }
    out["parses"] = parses
    out["floor"] = min(parses.values()) if parses else None
    out["floor_by"] = min(parses, key=lambda k: parses[k]) if parses else None
    out["startup"] = runs["startup"]["wall"] if _ok(runs.get("startup")) else None
    for key in ("validate", "validate_invalid"):
        out[key] = runs[key]["wall"] if _ok(runs.get(key)) else None
        out[f"{key}_rss"] = runs[key]["peak_rss_bytes"] if _ok(runs.get(key)) else None
    if out["validate"] is not None and out["startup"] is not None:
        out["validate_net"] = out["validate"] - out["startup"]
    else:
        out["validate_net"] = None
    for key in ("jsonschema", "jsonschema_invalid"):
        if _ok(runs.get(key)):
            d = runs[key]["data"]
            scale = d["total"] / d["checked"] if d["checked"] else 0.0
            out[key] = d["parse"] + d["build"] + d["rest"] + d["events_seconds"] * scale
            out[f"{key}_rate"] = d["checked"] / d["events_seconds"] if d["events_seconds"] else None
            out[f"{key}_extrapolated"] = d["checked"] < d["total"]
        else:
            out[key] = None
    load = runs.get("load")
    out["load"] = load["data"]["load"] if _ok(load) else None
    # The target is judged on the fastest of the repeated loads, as the floor and validate
    # are (results saved before they were measured have only the load with the queries).
    load_only = runs.get("load_only")
    if _ok(load_only):
        out["load_with_queries"] = out["load"]
        out["load"] = load_only["data"]["seconds"]
        out["load_times"] = load_only.get("times")
    out["load_rss"] = load["data"]["load_peak_rss_bytes"] if _ok(load) else None
    out["index"] = load["data"]["index"] if _ok(load) else None
    out["queries"] = load["data"]["queries"] if _ok(load) else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    out["validate_x_floor"] = ratio(out["validate"], out["floor"])
    out["validate_net_x_floor"] = ratio(out["validate_net"], out["floor"])
    out["load_x_floor"] = ratio(out["load"], out["floor"])
    out["jsonschema_x_validate"] = ratio(out["jsonschema"], out["validate"])
    out["load_rss_x_file"] = ratio(out["load_rss"], size["file_bytes"])
    out["validate_rss_x_file"] = ratio(out["validate_rss"], size["file_bytes"])
    return out


def _verdict(code: int | None) -> str:
    return {0: "valid (exit 0)", 1: "invalid (exit 1)"}.get(code, f"exit {code}")


def _size_section(size: dict[str, Any]) -> list[str]:
    runs = size["measurements"]
    d = derived(size)
    n = size["events"]
    lines = [
        f"### {n:,} events",
        "",
        f"Dataset: {size['file_bytes'] / 2**20:,.1f} MiB ({size['file_bytes'] / n:,.0f} bytes "
        f"per event), source texts {size['texts_bytes'] / 2**20:,.1f} MiB; the invalid variant "
        f"has {size['mutations']:,} mutated events."
        + (
            f" Generation took {size['generate_seconds']:.1f} s."
            if size.get("generate_seconds")
            else ""
        ),
        "",
        "| Measurement | Wall (s) | Peak RSS (MiB) | x floor | Notes |",
        "|---|---:|---:|---:|---|",
    ]

    def row(label: str, run: dict[str, Any] | None, seconds: float | None, note: str) -> None:
        if not _ok(run):
            lines.append(f"| {label} | – | – | – | {_failure(run)} |")
            return
        assert run is not None
        rss = run.get("peak_rss_bytes")
        ratio = seconds / d["floor"] if d["floor"] and seconds is not None else None
        lines.append(f"| {label} | {_s(seconds)} | {_mib(rss)} | {_x(ratio)} | {note} |")

    row(
        "`timeline --version` (start-up)",
        runs.get("startup"),
        d["startup"],
        "interpreter start and imports only",
    )
    row("`json.loads` (parse only)", runs.get("parse_json"), d["parses"].get("json"), "gc off")
    if "parse_orjson" in runs:
        row(
            "`orjson.loads` (parse only)",
            runs.get("parse_orjson"),
            d["parses"].get("orjson"),
            "gc off",
        )
    else:
        lines.append("| `orjson.loads` | – | – | – | orjson not installed: floor is json only |")
    lines.append(
        f"| **floor** (faster parse) | **{_s(d['floor'])}** | | 1.00x | {d['floor_by'] or '–'} |"
    )
    js = runs.get("jsonschema")
    if _ok(js):
        data = js["data"]
        note = (
            f"{data['checked']:,} of {data['total']:,} events validated at "
            f"{d['jsonschema_rate']:,.0f} events/s"
            + (", extrapolated linearly" if d["jsonschema_extrapolated"] else "")
            + "; includes parse"
        )
    else:
        note = ""
    row("plain jsonschema (per event)", js, d["jsonschema"], note)
    v = runs.get("validate")
    row(
        "`timeline validate` (valid file)",
        v,
        d["validate"],
        (
            f"{_verdict(v.get('returncode'))}; {_s(d['validate_net'])} s net of start-up "
            f"({_x(d['validate_net_x_floor'])} floor)"
        )
        if _ok(v) and v is not None
        else "",
    )
    vi = runs.get("validate_invalid")
    row(
        "`timeline validate` (invalid file)",
        vi,
        d["validate_invalid"],
        f"{_verdict(vi.get('returncode'))}; {vi.get('stdout_lines', 0):,} output lines"
        if _ok(vi) and vi is not None
        else "",
    )
    load = runs.get("load")
    if _ok(load):
        data = load["data"]
        lines.append(
            f"| `timeline.load` | {_s(d['load'])} | {_mib(d['load_rss'])} | "
            f"{_x(d['load_x_floor'])} | peak RSS after load: {_x(d['load_rss_x_file'])} "
            f"the file size; `import timeline` {data['import']:.2f} s"
            + (
                f"; fastest of {len(d['load_times'])} loads "
                f"({', '.join(f'{t:.2f}' for t in d['load_times'])} s), the load before "
                f"the index and queries {d['load_with_queries']:.2f} s"
                if d.get("load_times")
                else ""
            )
            + (
                f"; then the garbage collector's first pass over the records "
                f"{data['collect']:.2f} s"
                if "collect" in data
                else ""
            )
            + " |"
        )
        index_x_floor = d["index"] / d["floor"] if d["floor"] else None
        lines.append(
            f"| `Timeline(dataset)` index | {_s(d['index'])} | "
            f"{_mib(data['index_peak_rss_bytes'])} | {_x(index_x_floor)} "
            f"| after load, same process; peak of the whole process "
            f"{_mib(load['peak_rss_bytes'])} MiB |"
        )
    else:
        lines.append(f"| `timeline.load` | – | – | – | {_failure(load)} |")
    lines += ["", "Verdicts:", ""]
    lines.append("| File | `timeline validate` | plain jsonschema |")
    lines.append("|---|---|---|")
    for label, vkey, jkey in (
        ("valid", "validate", "jsonschema"),
        ("invalid (1 %)", "validate_invalid", "jsonschema_invalid"),
    ):
        vrun, jrun = runs.get(vkey), runs.get(jkey)
        vtext = _verdict(vrun.get("returncode")) if _ok(vrun) and vrun else _failure(vrun)
        if _ok(jrun) and jrun:
            jd = jrun["data"]
            bad = jd["invalid_events"] + (1 if jd["rest_errors"] else 0)
            visible = size.get("schema_visible_mutations") if vkey == "validate_invalid" else 0
            jtext = (
                f"{'invalid' if bad else 'valid'}: {jd['invalid_events']:,} of the first "
                f"{jd['checked']:,} events fail the schema"
                + (
                    f" ({visible:,} of the mutations there are of kinds a schema can see)"
                    if visible is not None and vkey == "validate_invalid"
                    else ""
                )
                + (
                    f", and {jd['rest_errors']} errors outside the events"
                    if jd["rest_errors"]
                    else ""
                )
            )
        else:
            jtext = _failure(jrun)
        lines.append(f"| {label} | {vtext} | {jtext} |")
    if d["queries"]:
        lines += [
            "",
            f"Queries ({QUERIES:,} random calls each, `time.perf_counter_ns` around each call): "
            "the call and its first 20 answers (a screen), then, by a second call, every answer "
            "read into a list — that part grows with the number of answers (the *k* of "
            "O(log n + k)):",
            "",
            "| Query | First 20: median (µs) | p95 (µs) | max (µs) "
            "| Whole answer: median (µs) | max (µs) | µs per answer | Mean answers |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, q in d["queries"].items():
            whole = q.get("whole_median_ns")
            per_hit = f"{whole / 1e3 / q['mean_hits']:.2f}" if whole and q["mean_hits"] else "–"
            lines.append(
                f"| `{name}` | {_us(q['median_ns'])} | {_us(q['p95_ns'])} | "
                f"{_us(q['max_ns'])} | {_us(whole) if whole else '–'} | "
                f"{_us(q['whole_max_ns']) if whole else '–'} | {per_hit} | "
                f"{q['mean_hits']:,.1f} |"
            )
    lines.append("")
    return lines


def _judge(value: float | None, limit: float, *, lower_is_better: bool = True) -> str:
    if value is None:
        return "not measured"
    if lower_is_better:
        if value <= limit:
            return "met"
        return f"missed by {value / limit:,.1f}x"
    if value >= limit:
        return "met"
    return f"missed by {limit / value:,.1f}x" if value else "missed"


def _targets(sizes: list[dict[str, Any]]) -> list[str]:
    rows: list[tuple[str, list[str]]] = []
    ds = [derived(s) for s in sizes]

    def cell(value: float | None, text: str, limit: float, lower: bool = True) -> str:
        return f"{text} — {_judge(value, limit, lower_is_better=lower)}"

    rows.append(
        (
            "`timeline validate` ≤ 1.5x floor",
            [cell(d["validate_x_floor"], _x(d["validate_x_floor"]), 1.5) for d in ds],
        )
    )
    rows.append(
        (
            "`timeline validate` ≥ 10x faster than plain jsonschema",
            [
                cell(d["jsonschema_x_validate"], _x(d["jsonschema_x_validate"]), 10, lower=False)
                for d in ds
            ],
        )
    )
    # Peak memory that grows with the largest event, not the file: the extra peak RSS over
    # the start-up's, per byte of file, should be near zero (streaming).
    memory_cells = []
    for size, d in zip(sizes, ds, strict=True):
        startup = size["measurements"].get("startup", {})
        base = startup.get("peak_rss_bytes") if startup.get("ok") else None
        if d["validate_rss"] is None or base is None:
            memory_cells.append("not measured")
            continue
        extra = (d["validate_rss"] - base) / size["file_bytes"]
        memory_cells.append(
            f"{_mib(d['validate_rss'])} MiB peak, {extra:.2f} bytes per file byte over start-up"
            f" — {'met' if extra < 0.1 else 'missed: grows with the file'}"
        )
    rows.append(("`timeline validate` peak memory grows with the largest event", memory_cells))
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        d0, d1 = ds[0], ds[-1]
        if d0["validate_rss"] and d1["validate_rss"]:
            slope = (d1["validate_rss"] - d0["validate_rss"]) / (
                last["file_bytes"] - first["file_bytes"]
            )
            text = (
                f"{slope:.2f} bytes of peak RSS per extra byte of file between "
                f"{first['events']:,} and {last['events']:,} events"
            )
            rows.append(("… growth between sizes", [text] + [""] * (len(sizes) - 1)))
    rows.append(
        (
            "`timeline.load` ≤ 3x floor",
            [cell(d["load_x_floor"], _x(d["load_x_floor"]), 3) for d in ds],
        )
    )
    rows.append(
        (
            "`timeline.load` peak RSS ≤ 3x file size",
            [cell(d["load_rss_x_file"], _x(d["load_rss_x_file"]), 3) for d in ds],
        )
    )
    query_cells = []
    for d in ds:
        if not d["queries"]:
            query_cells.append("not measured")
            continue
        name, worst = max(d["queries"].items(), key=lambda item: item[1]["median_ns"])
        ms = worst["median_ns"] / 1e6
        query_cells.append(f"slowest median {ms:.3f} ms (`{name}`) — {_judge(ms, 1.0)}")
    rows.append(("query median < 1 ms (the call and its first 20 answers)", query_cells))
    whole_cells = []
    for d in ds:
        measured = {k: q for k, q in (d["queries"] or {}).items() if q.get("whole_median_ns")}
        if not measured:
            whole_cells.append("not measured")
            continue
        name, worst = max(measured.items(), key=lambda item: item[1]["whole_median_ns"])
        ms = worst["whole_median_ns"] / 1e6
        each = worst["whole_median_ns"] / 1e3 / worst["mean_hits"] if worst["mean_hits"] else 0
        whole_cells.append(
            f"slowest median {ms:.3f} ms (`{name}`: {worst['mean_hits']:,.0f} answers, "
            f"{each:.2f} µs each)"
        )
    rows.append(("… every answer read (not a target: grows with the answers)", whole_cells))
    rows.append(("index build < 10 s", [cell(d["index"], f"{_s(d['index'])} s", 10) for d in ds]))
    header = "| Target | " + " | ".join(f"{s['events']:,} events" for s in sizes) + " |"
    lines = [header, "|---|" + "---|" * len(sizes)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return lines


def render_report(results: dict[str, Any]) -> str:
    """The Markdown report of a results document (as saved in ``results.json``)."""
    m = results["machine"]
    sizes = [results["sizes"][k] for k in sorted(results["sizes"], key=int)]
    packages = ", ".join(f"{k} {v or 'not installed'}" for k, v in m["packages"].items())
    memory = f"{m['memory_bytes'] / 2**30:.1f} GiB" if m.get("memory_bytes") else "unknown"
    orjson_note = (
        "orjson comes with timeline's development tools (timeline itself decodes with "
        "msgspec), so the floor is the faster of `json.loads` and `orjson.loads`."
        if m["packages"].get("orjson")
        else "orjson was not installed, so the floor is `json.loads` alone."
    )
    lines = [
        "# Performance",
        "",
        "How fast `timeline` validates, loads and queries large datasets, measured against the "
        "cost of merely parsing the JSON (the *floor*) and against plain `jsonschema`. The "
        "datasets are synthetic: `benchmarks/generate.py` (made from the modules of "
        "`benchmarks/synthetic/`) writes realistic, valid events of "
        "about a kilobyte each, with source texts whose quotes stand at their offsets, and an "
        "invalid variant with 1 % of events carrying one realistic error each.",
        "",
        "Regenerate this page with:",
        "",
        "```sh",
        results["command"],
        "```",
        "",
        "and render it again from saved numbers with "
        "`python -m benchmarks.run --from-results RESULTS.json --out docs/performance.md`.",
        "",
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
        f"| `timeline/*.py` SHA-256 | `{m.get('timeline_sources_sha256', '?')[:16]}…` |",
        "",
        "The machine is shared and its load varies: compare the ratios within one run rather "
        "than absolute times across runs.",
        "",
        "## Method",
        "",
        "- Every measurement runs in a fresh subprocess; a small wrapper process runs it and "
        "reads its peak RSS with `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`. Wall times of "
        "`timeline validate` include interpreter start-up and imports (shown alone as "
        "`timeline --version`); the floor, jsonschema and `timeline.load` times are taken "
        "inside the process and exclude them.",
        f"- The start-up, both parses, `timeline validate` on the valid file and "
        f"`timeline.load` alone are run {results.get('repeat', 1)} times and the fastest run "
        "is kept (every run's time is in results.json): on a shared machine a slow run "
        "measures the neighbours. The load that is followed by the index and the queries "
        "runs once.",
        "- **Floor**: `json.loads` and `orjson.loads` of the file's bytes (read first, not "
        "timed), garbage collection disabled; the floor is the faster. " + orjson_note,
        "- **Plain jsonschema**: a `jsonschema.Draft202012Validator` with the standard format "
        "checker (it knows no `edtf` format, as `check-jsonschema` would not), built once "
        "for the schema's `#/$defs/event`, validates each event; the rest of the document "
        f"is validated against the whole schema. At most {results['jsonschema_limit']:,} "
        "events are validated and the time is extrapolated linearly to all events (the table "
        "says when). Its time includes `json.loads` of the file.",
        "- **`timeline validate FILE`**: the real command, on the valid file and on the invalid "
        "variant; the exit code is its verdict. Plain jsonschema sees only the errors a schema "
        "can state (wrong JSON types, unknown keys, bad enum values), not dangling references, "
        "impossible dates, quotes that do not match their text, or duplicate ids.",
        "- **`timeline.load`** then **`Timeline(dataset)`** in one process; the peak RSS after "
        "load is read inside that process (`RUSAGE_SELF`), before the index is built. Each query "
        f"kind is called {QUERIES:,} times with random arguments (a random week or day in the "
        "dataset's span, a random actor id or alias, a random event id, a random type).",
        "",
        "## Headline ratios",
        "",
        "| Events | File (MiB) | validate / floor | load / floor | jsonschema / validate |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        d = derived(size)
        lines.append(
            f"| {size['events']:,} | {size['file_bytes'] / 2**20:,.1f} | "
            f"{_x(d['validate_x_floor'])} ({_x(d['validate_net_x_floor'])} net of start-up) | "
            f"{_x(d['load_x_floor'])} | {_x(d['jsonschema_x_validate'])} |"
        )
    changed = [
        f"{s['events']:,}" for s in sizes if s.get("sources_before") != s.get("sources_after")
    ]
    if changed:
        lines += [
            "",
            f"**Warning**: the library's sources changed while the sizes {', '.join(changed)} "
            "were measured; their numbers mix versions.",
        ]
    lines += ["", "## Results", ""]
    for size in sizes:
        lines += _size_section(size)
    lines += ["## Targets", ""]
    lines += _targets(sizes)
    lines += [
        "",
        "`validate` is judged on its whole wall time, start-up included. Memory that grows "
        "with the largest event rather than the file means a peak RSS above start-up well "
        "below the file size (under 0.1 byte per byte of file counts as met). A query is "
        "judged on the call and its first 20 answers: the rest of its time grows with the "
        "number of answers it is read for (the row below it shows the whole answer read).",
        "",
    ]
    # The design and the reasons behind the numbers, written by hand beside this script.
    lines += [(Path(__file__).parent / "choices.md").read_text(encoding="utf-8").rstrip(), ""]
    # The other benchmarks' results (each run by hand, each with its machine and date), kept
    # beside the scripts so that a new report keeps them.
    for section in sorted((Path(__file__).parent / "sections").glob("*.md")):
        lines += [section.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


# -- the command line ---------------------------------------------------------------------------


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
        help="run the start-up, the parses and `timeline validate` N times and keep the "
        "fastest (default 3)",
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
    args.work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if not have_orjson():
        log("orjson is not installed: the floor will be json.loads alone")
    command = "python -m benchmarks.run " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    results: dict[str, Any] = {
        "command": command,
        "machine": machine(),
        "jsonschema_limit": args.jsonschema_limit,
        "repeat": args.repeat,
        "invalid_fraction": INVALID_FRACTION,
        "sizes": {},
    }
    saved = args.work / "results.json"
    for events in sizes:
        results["sizes"][str(events)] = run_size(events, args, log)
        saved.write_text(json.dumps(results, indent=2), encoding="utf-8")  # after every size
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_report(results), encoding="utf-8")
    log(f"wrote {args.out} and {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
