"""The recipes of docs/exports.md, docs/views.md and docs/validation.md work as written, and
what they and the messages tell a user to install is what works in a fresh environment.

This library is not on PyPI, where a project named ``timeline`` is another one: no message
or page says ``pip install 'timeline[pandas]'`` but to warn against it. The recipes are read
from the pages and run as they are written, on the exports the ``timeline`` command writes.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA
from timeline.publishing.crosswalk import codes_for
from timeline.publishing.exports.fields import NEUTRALISED_NOTE
from timeline.publishing.extras import EXTRAS, REQUIREMENTS
from timeline.publishing.release import DESCRIPTOR_NAME

ROOT = DATA.parent.parent
SEED = timeline.load_default()


# -- what to install -------------------------------------------------------------------------


def test_the_requirements_named_are_the_extras_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert set(EXTRAS.values()) == set(REQUIREMENTS)
    for extra, requirement in REQUIREMENTS.items():
        assert extras[extra] == [requirement]


def _tracked_texts() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.md", "*.py", "*.toml", "*.txt", "*.yml", "*.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The changelog records what earlier versions said; it is history, not advice.
    return [ROOT / name for name in listed if name != "CHANGELOG.md"]


def test_no_page_or_message_installs_the_pypi_project_named_timeline():
    """`timeline[extra]` is named only beside a warning that it is another project (or as a
    direct reference, `timeline[pandas] @ git+https://...`, which names this one)."""
    found = []
    for path in _tracked_texts():
        if path == Path(__file__):
            continue
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        for match in re.finditer(r"timeline\[[a-z,<>-]+\]", text):
            around = text[match.start() - 120 : match.end() + 120]
            if text[match.end() :].lstrip().startswith("@"):
                continue
            if "another project" in around or "unrelated project" in around:
                continue
            found.append(f"{path.relative_to(ROOT)}: {around}")
    assert found == []
    assert len(_tracked_texts()) > 50


# -- reading the exports in pandas, Polars and DuckDB ---------------------------------------------

TYPES_HEADING = "### Leading zeros and dates in pandas, Polars and DuckDB"


def _section(page: str, heading: str) -> str:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section, re.MULTILINE | re.DOTALL)


def _days_and_months(folder: Path) -> Path:
    """A valid dataset whose dates are all days or months (no interval), and whose titles a
    spreadsheet would read as formulas: what the seed's intervals and plain titles hide."""
    document = json.loads((DATA / "valid" / "complete.json").read_text(encoding="utf-8"))
    first, second = document["events"]
    second["date"] = "2021-08"
    first["title"] = f"=1+1 {first['title']}"
    second["title"] = f"-5 {second['title']}"
    path = folder / "days-and-months.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


@pytest.fixture(params=["seed", "days-and-months"])
def exported(request, tmp_path, run_cli):
    """The exports the section's commands write, in ``tmp_path``, and the dataset's events
    in the documented order."""
    dataset = None if request.param == "seed" else _days_and_months(tmp_path)
    (commands,) = _blocks(_section("exports.md", TYPES_HEADING), "sh")
    lines = [shlex.split(line) for line in commands.splitlines() if line.strip()]
    assert [line[:3] for line in lines] == [["timeline", "export", "--to"]] * 2
    assert "--raw-cells" in lines[0]
    for line in lines:
        result = run_cli(*line[1:], *([str(dataset)] if dataset else []), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    events = list(timeline.Timeline(timeline.load(dataset) if dataset else SEED))
    if dataset is not None:
        assert {event.date.text for event in events} == {"2021-08-26", "2021-08"}
    return request.param, events


def _run_recipe(tool: str, folder: Path, capsys) -> tuple[dict, str]:
    blocks = _blocks(_section("exports.md", TYPES_HEADING), "python")
    (block,) = [b for b in blocks if f"import {tool}" in b]
    namespace: dict = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        exec(compile(block, "docs/exports.md", "exec"), namespace)
    printed = capsys.readouterr().out.strip()
    expected = re.search(r"# (.*)$", block.strip().splitlines()[-1])
    assert expected is not None
    return namespace, printed if printed != expected.group(1) else "as documented"


def _cameo(events) -> list[str | None]:
    return [codes_for(event.type, event.subtype).cameo for event in events]


def test_the_pandas_recipe_keeps_codes_edtf_dates_and_whole_numbers(tmp_path, exported, capsys):
    name, events = exported
    pandas = pytest.importorskip("pandas")
    namespace, printed = _run_recipe("pandas", tmp_path, capsys)
    assert printed == "as documented" or name != "seed"
    for frame, key in ((namespace["csv_events"], "event_id"), (namespace["jsonl_events"], "id")):
        assert list(frame[key]) == [event.id for event in events]
        assert [None if pandas.isna(v) else v for v in frame["cameo_code"]] == _cameo(events)
        # The EDTF text as written: 2021-08 is a month, never the day 2021-08-01.
        assert list(frame["date"]) == [event.date.text for event in events]
        assert list(frame["title"]) == [event.title for event in events]  # --raw-cells
        assert frame["date_start"].dtype.kind == "M"
        for column in ("fatalities_best", "time_precision", "date_prec", "source_count"):
            assert str(frame[column].dtype) == "Int64", column


def test_the_polars_recipe_reads_057_as_text_and_types_the_rest(tmp_path, exported, capsys):
    name, events = exported
    polars = pytest.importorskip("polars")
    namespace, printed = _run_recipe("polars", tmp_path, capsys)
    assert printed == "as documented" or name != "seed"
    frame = namespace["events"]
    assert frame["event_id"].to_list() == [event.id for event in events]
    assert frame["cameo_code"].to_list() == _cameo(events)
    assert frame["date"].to_list() == [event.date.text for event in events]
    assert frame["title"].to_list() == [event.title for event in events]
    assert frame["date_start"].to_list() == [event.date.earliest for event in events]
    assert frame["time_precision"].dtype == polars.Int64
    assert frame["latitude"].dtype == polars.Float64
    assert frame["cameo_code"].dtype == frame["actor_ids"].dtype == polars.String


def test_the_duckdb_recipe_reads_057_as_text(tmp_path, exported, capsys):
    name, events = exported
    pytest.importorskip("duckdb")
    namespace, printed = _run_recipe("duckdb", tmp_path, capsys)
    assert printed == "as documented" or name != "seed"
    for rows in (namespace["csv_codes"], namespace["jsonl_codes"]):
        assert [row[0] for row in rows] == [event.id for event in events]
        assert [row[1] for row in rows] == _cameo(events)


# -- the release says its CSV is neutralised ------------------------------------------------------


def test_the_descriptor_says_which_csv_cells_are_neutralised(tmp_path, run_cli):
    """A release's CSV is the spreadsheet-safe one: its descriptor says that a leading `'`
    was put in front of cells, in the resource's description (with `--raw-cells` for
    analysis) and in the description of every column of free text; a column in which the
    release has such a cell is one of them."""
    dataset = _days_and_months(tmp_path)
    document = json.loads(dataset.read_text(encoding="utf-8"))
    document["events"][0]["place"]["name"] = "@Kabul airport"
    dataset.write_text(json.dumps(document), encoding="utf-8")
    folder = tmp_path / "release"
    result = run_cli("publish", str(dataset), "-o", str(folder))
    assert result.returncode == 0, result.stderr
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    resources = {resource["format"]: resource for resource in descriptor["resources"]}
    csv_resource, jsonl_resource = resources["csv"], resources["jsonl"]
    assert "single quote ' put in front" in csv_resource["description"]
    assert "`timeline export --to csv --raw-cells`" in csv_resource["description"]
    assert "single quote" not in jsonl_resource["description"]
    described = {
        field["name"]
        for field in csv_resource["schema"]["fields"]
        if field["description"].endswith(NEUTRALISED_NOTE)
    }
    assert described == {"title", "place", "fatalities_text", "quotes", "actors", "citations"}
    assert all(
        NEUTRALISED_NOTE not in field["description"] for field in jsonl_resource["schema"]["fields"]
    )
    with (folder / csv_resource["path"]).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    quoted = {column for row in rows for column, cell in row.items() if cell.startswith("'")}
    assert quoted == {"title", "place"}
    assert quoted <= described
