"""The benchmarks' own machinery: the layouts written by streaming are those of a whole
document, the independent data set is valid, the handful of faults is found the same in every
layout, and the report renders from saved results (new and old)."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

import timeline
from benchmarks import independent
from benchmarks import run as bench
from benchmarks.faults import FAULTS, fault_positions, with_faults
from benchmarks.generate import generate
from benchmarks.layouts import STYLES, iter_indent2, layout_text, write_layout_stream

EVENTS = 450  # more than one source of the independent data


@pytest.fixture(scope="module")
def independent_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("independent") / "data.json"
    independent.generate(path, EVENTS, seed=3)
    return path


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "data.json"
    generate(path, 120, seed=3)
    return path


def _streamed(path, layout, *, faults=False):
    head, events = iter_indent2(path)
    if faults:
        events = with_faults(events, sum(1 for _ in iter_indent2(path)[1]))
    out = io.BytesIO()
    write_layout_stream(head, events, layout, out)
    return out.getvalue()


@pytest.mark.parametrize("layout", list(STYLES))
def test_the_streaming_writer_writes_the_bytes_of_layout_text(independent_file, layout):
    document = json.loads(independent_file.read_text(encoding="utf-8"))
    document["events"] = document["events"][:25]
    # Keys after "events", nested lists and non-ASCII text, through every style.
    document["zz-after"] = {"ключ": ["значение", {"键": "值"}], "n": []}
    whole = layout_text(document, layout).encode("utf-8")
    head = {**document, "events": None}
    out = io.BytesIO()
    write_layout_stream(head, iter(document["events"]), layout, out)
    assert out.getvalue() == whole
    empty = io.BytesIO()
    write_layout_stream(head, iter(()), layout, empty)
    assert empty.getvalue() == layout_text({**document, "events": []}, layout).encode("utf-8")


def test_a_generated_file_read_back_record_by_record_is_the_same_document(synthetic_file):
    document = json.loads(synthetic_file.read_text(encoding="utf-8"))
    head, events = iter_indent2(synthetic_file)
    assert {**head, "events": list(events)} == document
    assert _streamed(synthetic_file, "indent2") == synthetic_file.read_bytes()


def test_the_independent_data_is_valid_and_unlike_the_synthetic(independent_file, run_cli):
    done = run_cli("validate", str(independent_file))
    assert done.returncode == 0, done.stdout.decode()
    assert b"0 errors, 0 warnings" in done.stdout
    dataset = timeline.load(independent_file)
    assert len(dataset.events) == EVENTS
    text = "".join([*(e.title for e in dataset.events), *(a.name for a in dataset.actors)])
    for script in ("[\u0600-\u06ff]", "[\u0400-\u04ff]", "[\u4e00-\u9fff]", "[éèàçñóú]"):
        assert re.search(script, text), script
    sizes = [len(e.participants) for e in dataset.events]
    assert min(sizes) >= 3
    assert max(sizes) <= 6
    assert any(e.fatalities and e.fatalities.subsets for e in dataset.events)
    assert len(dataset.sources) == -(-EVENTS // independent.EVENTS_PER_SOURCE)
    bytes_per_event = independent_file.stat().st_size / EVENTS
    assert 1800 < bytes_per_event < 3200


def test_the_independent_data_is_deterministic(independent_file, tmp_path):
    again = tmp_path / "data.json"
    independent.generate(again, EVENTS, seed=3)
    assert again.read_bytes() == independent_file.read_bytes()


def _problems(stdout: bytes, path) -> list[tuple[str, str]]:
    found = []
    for line in stdout.decode().splitlines():
        hit = re.match(re.escape(str(path)) + r":(/\S*): .*\[([a-z0-9-]+)\]$", line)
        if hit:
            found.append((hit.group(1), hit.group(2)))
    return found


@pytest.mark.parametrize("which", ["independent_file", "synthetic_file"])
def test_the_handful_of_faults_is_found_alike_in_every_layout(which, request, run_cli, tmp_path):
    source = request.getfixturevalue(which)
    seen = {}
    for layout in ("indent2", "compact", "sorted-keys"):
        path = source.with_name(f"{source.stem}.{layout}.faults.json")
        path.write_bytes(_streamed(source, layout, faults=True))
        done = run_cli("validate", str(path))
        assert done.returncode == 1
        seen[layout] = _problems(done.stdout, path)
        path.unlink()
    codes = [code for _, code, _ in FAULTS]
    assert [code for _, code in seen["indent2"]] == codes
    count = sum(1 for _ in iter_indent2(source)[1])
    first, quarter, middle, *_ = fault_positions(count)
    assert seen["indent2"][0][0] == f"/events/{first}/date"
    assert seen["indent2"][1][0].startswith(f"/events/{quarter}/participants/0")
    assert seen["indent2"][2][0] == f"/events/{middle + 1}/id"  # the copy, after its original
    assert seen["compact"] == seen["indent2"] == seen["sorted-keys"]


def _run(ok=True, wall=1.0, rss=50 << 20, **more):
    return {"ok": ok, "wall": wall, "peak_rss_bytes": rss, "returncode": 0, **more}


def _results():
    """Saved results of one size, one data set, two layouts, made up."""
    stdout = "".join(
        f"f.json:/events/{n}/x: message [{code}]\n" for n, (_, code, _) in enumerate(FAULTS)
    )
    measurements = {
        "parse_json": _run(data={"seconds": 0.5, "events": 10}),
        "parse_orjson": _run(data={"seconds": 0.4, "events": 10}),
        "parse_msgspec": _run(data={"seconds": 0.3, "events": 10}),
        "validate": _run(wall=0.6),
        "validate_faults": _run(wall=0.66, returncode=1, stdout_tail=stdout),
        "load_only": _run(data={"seconds": 0.9}),
    }
    query = {"median_ns": 2e6, "p95_ns": 3e6, "max_ns": 4e6, "whole_median_ns": 5e6}
    load = {
        "load": 1.0, "collect": 0.1, "load_peak_rss_bytes": 1, "index": 0.2, "import": 0.1,
        "index_peak_rss_bytes": 1, "events": 10, "actors": 2,
        "queries": {"actor_events(id or alias)": {**query, "mean_hits": 3.0}},
    }  # fmt: skip
    layout = {"file": "f.json", "file_bytes": 1 << 20, "measurements": measurements}
    dataset = {
        "file": "f.json",
        "file_bytes": 1 << 20,
        "texts_bytes": 1000,
        "generate_seconds": None,
        "measurements": {
            "load": _run(data=load),
            "decode_typed": _run(data={"seconds": 0.15, "events": 10}),
            "validate_one_core": _run(wall=0.9),
        },
        "layouts": {"indent2": layout, "minified": json.loads(json.dumps(layout))},
    }
    size = {
        "events": 10,
        "measurements": {"startup": _run(wall=0.3)},
        "datasets": {"independent": dataset},
    }
    return {
        "command": "python -m benchmarks.run --sizes 10",
        "machine": bench.machine(),
        "jsonschema_limit": 10,
        "repeat": 3,
        "sizes": {"10": size},
    }


def test_the_report_judges_each_layout_against_the_targets():
    report = bench.render_report(_results())
    row = next(line for line in report.splitlines() if line.startswith("| independent, minified"))
    # validate 0.6 s on a floor of 0.3 s (msgspec): 2x, not met; 50 MiB, met; load 3x, not
    # met; 50 MiB for a 1 MiB file, not met; the faults 1.1x the valid file, met.
    assert row.split(" | ")[1:] == [
        "2.00x not met",
        "50 MiB met",
        "3.00x not met",
        "50.00x not met",
        "1.10x met",
        "6 errors, met |",
    ]
    assert "`actor_events(id or alias)` 2.000 ms (p95 3.000 ms) — not met" in report
    assert "**0.300** (msgspec)" in report
    assert "## Where the time goes" in report


def test_the_report_shows_how_close_each_step_comes_to_the_floor():
    lines = bench.render_report(_results()).splitlines()
    rows = {line.split(" | ")[0]: line.split(" | ")[1:] for line in lines if line.startswith("| ")}
    # the floor 0.3 s, start-up 0.3 s: the typed decode 0.15 s is half of it; validate on one
    # core 0.9 s, 3x whole and 2x net of start-up; on two 0.6 s; load 0.9 s
    assert rows["| the floor: the fastest parse into Python objects"] == ["0.300", "1.00x", "– |"]
    assert rows["| the events decoded into their typed shapes, no rule (`msgspec`)"] == [
        "0.150",
        "0.50x",
        "– |",
    ]
    assert rows["| `timeline validate`, one core"] == ["0.900", "3.00x", "2.00x |"]
    assert rows["| `timeline validate`, two cores"] == ["0.600", "2.00x", "1.00x |"]
    assert rows["| `timeline.load`"] == ["0.900", "3.00x", "– |"]


def test_results_saved_before_the_layouts_still_render():
    new = _results()["sizes"]["10"]
    layout = new["datasets"]["independent"]["layouts"]["indent2"]["measurements"]
    old = {
        **_results(),
        "sizes": {
            "10": {
                "events": 10,
                "file": "f.json",
                "file_bytes": 1 << 20,
                "texts_bytes": 1,
                "measurements": {
                    "startup": _run(),
                    "parse_json": layout["parse_json"],
                    "validate": layout["validate"],
                    "load": new["datasets"]["independent"]["measurements"]["load"],
                },
            }
        },
    }
    report = bench.render_report(old)
    assert "| synthetic, indent2 | 1.20x not met |" in report


def test_the_generator_writes_the_layouts_asked_for(tmp_path):
    from benchmarks.generate import main

    out = tmp_path / "base.json"
    assert main(["40", str(out), "--layout", "compact", "--layout", "crlf"]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    for layout in ("compact", "crlf"):
        written = (tmp_path / f"base.{layout}.json").read_bytes()
        assert written == layout_text(document, layout).encode("utf-8")


@pytest.mark.parametrize("layout", list(STYLES))
def test_the_benchmark_writes_each_layout_and_its_faulty_twin_in_one_pass(
    independent_file, tmp_path, layout
):
    # Some layouts are re-indented from the file's text, the others encoded again: both give
    # the bytes of the whole document laid out, with and without the faults.
    valid = tmp_path / "data.json"
    valid.write_bytes(independent_file.read_bytes())
    document = json.loads(valid.read_text(encoding="utf-8"))
    plain, broken = bench.layout_files(valid, EVENTS, layout)
    assert plain.read_bytes() == layout_text(document, layout).encode("utf-8")
    faulty = {**document, "events": list(with_faults(document["events"], EVENTS))}
    assert broken.read_bytes() == layout_text(faulty, layout).encode("utf-8")


class _Stopped(Exception):
    """The run stopped from outside (a session's end, a Ctrl-C)."""


def test_a_stopped_run_resumed_measures_only_what_it_had_not(tmp_path, monkeypatch):
    """``--resume`` keeps what the saved results of the same sources measured, step by step
    (saved after each layout), and measures the rest; without it everything is measured."""
    measured: list[str] = []
    stop_at: list[str] = []

    def fake(command, *_args, **_kwargs):
        what = " ".join(map(str, command))
        if stop_at and stop_at[0] in what:
            raise _Stopped
        measured.append(what)
        return _run(ok=False, error="made up: nothing is run")

    monkeypatch.setattr(bench, "measure", fake)
    monkeypatch.setattr(bench, "measure_script", lambda script, args, *rest: fake(args))
    work, out = tmp_path / "work", tmp_path / "performance.md"
    argv = ["--sizes", "40", "--data", "synthetic", "--layouts", "indent2,compact"]
    argv += ["--work", str(work), "--out", str(out), "--no-profile", "--repeat", "1"]

    stop_at.append("compact")  # stopped while measuring the second layout
    with pytest.raises(_Stopped):
        bench.main(argv)
    saved = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert list(saved["sizes"]["40"]["datasets"]["synthetic"]["layouts"]) == ["indent2"]
    first = list(measured)

    stop_at.clear()
    measured.clear()
    assert bench.main([*argv, "--resume"]) == 0
    assert measured, "the rest was measured"
    assert all("compact" in what for what in measured)  # indent2 and the data set's kept
    assert not set(measured) & set(first)
    saved = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert list(saved["sizes"]["40"]["datasets"]["synthetic"]["layouts"]) == ["indent2", "compact"]
    assert "compact" in out.read_text(encoding="utf-8")

    measured.clear()  # a layout measured again, the rest kept
    assert bench.main([*argv, "--resume", "--again", "indent2"]) == 0
    assert measured
    assert all("compact" not in what for what in measured)
    saved = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert set(saved["sizes"]["40"]["datasets"]["synthetic"]["layouts"]) == {"indent2", "compact"}
    assert saved["command"] == "python -m benchmarks.run " + " ".join(argv)

    measured.clear()
    assert bench.main(argv) == 0  # without --resume: all again
    assert any("indent2" in what or "data.json" in what for what in measured)
    assert len(measured) > len(first)


def test_a_report_of_a_run_not_finished_says_what_is_left():
    results = _results()
    results |= {
        "layouts": ["indent2", "minified", "crlf"],
        "data": ["independent", "synthetic"],
        "sizes_asked": [10, 100],
    }
    report = bench.render_report(results)
    assert (
        "not measured yet: 10 events, independent: crlf; 10 events, synthetic: every layout; "
        "100 events, independent: every layout; 100 events, synthetic: every layout." in report
    )
    results |= {"layouts": ["indent2", "minified"], "data": ["independent"], "sizes_asked": [10]}
    assert "not finished" not in bench.render_report(results)


def test_the_errors_are_kept_whatever_warnings_follow_them(tmp_path):
    """A file without texts warns of every source after its errors: the errors are read from
    the lines the wrapper keeps, not from the tail of the output."""
    script = tmp_path / "report.py"
    script.write_text(
        "print('f.json:/events/3/date: error: a date [date-invalid]')\n"
        "for n in range(500):\n"
        "    print(f'f.json:/sources/{n}: warning: no text [source-text-unavailable]')\n",
        encoding="utf-8",
    )
    run = bench.measure([sys.executable, str(script)], 60)
    assert "date-invalid" not in run["stdout_tail"]
    assert bench.problems(run) == [("/events/3/date", "date-invalid")]
    del run["stdout_errors"]  # as saved before they were kept: not known, rather than none
    assert bench.problems(run) is None
