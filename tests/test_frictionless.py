"""A release opens cleanly in Frictionless 5 (the recipes that read the exports in pandas,
Polars and DuckDB are run by tests/test_recipes.py).

``frictionless validate`` (the command, from this interpreter's environment) checks a fresh
``timeline publish`` release: every file's size and hash, and every row of the CSV and the
JSON Lines against the Table Schema the descriptor gives it. The recipe is read from
docs/publishing.md and run as it is written.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA
from timeline.publishing.crosswalk import codes_for
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports.fields import COLUMNS, FIELDS
from timeline.publishing.release import DESCRIPTOR_NAME
from timeline.reading.result import ExitCode

frictionless = pytest.importorskip("frictionless")

ROOT = DATA.parent.parent
SEED = timeline.load_default()
DATASETS = {
    "seed": None,  # the shipped dataset: `timeline publish` without a file
    "minimal": DATA / "valid" / "minimal.json",
    "complete": DATA / "valid" / "complete.json",
}


def _frictionless_command() -> list[str]:
    script = Path(sys.executable).parent / "frictionless"
    if not script.exists():
        pytest.skip("the frictionless command is not installed")
    return [str(script)]


def _publish(run_cli, folder: Path, dataset: Path | None = None) -> Path:
    args = ["publish", *([str(dataset)] if dataset is not None else []), "-o", str(folder)]
    result = run_cli(*args)
    assert result.returncode == ExitCode.VALID, result.stderr
    return folder


def _validate(folder: Path) -> dict:
    result = subprocess.run(
        [*_frictionless_command(), "validate", "--json", DESCRIPTOR_NAME],
        capture_output=True,
        cwd=folder,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, json.dumps(report["errors"] or report["tasks"], indent=1)
    return report


def _python_blocks(page: str, heading: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    section = text[start : end if end != -1 else len(text)]
    return re.findall(r"^```python\n(.*?)^```", section, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("name", DATASETS)
def test_frictionless_validates_a_fresh_release_with_no_errors(tmp_path, run_cli, name):
    folder = _publish(run_cli, tmp_path / "release", DATASETS[name])
    report = _validate(folder)
    assert report["valid"] is True
    assert report["stats"]["errors"] == 0
    assert report["warnings"] == []
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    tasks = {task["place"]: task for task in report["tasks"]}
    assert set(tasks) == {resource["path"] for resource in descriptor["resources"]}
    assert all(task["valid"] and task["errors"] == [] for task in tasks.values())
    # The tables are read as tables, by their Table Schema's field names (no guessed header).
    tables = {task["place"] for task in tasks.values() if task["type"] == "table"}
    dataset_id = (timeline.load(DATASETS[name]) if DATASETS[name] else SEED).id
    assert tables == {f"{dataset_id}.csv", f"{dataset_id}.jsonl"}
    assert tasks[f"{dataset_id}.csv"]["labels"] == list(COLUMNS)
    # The JSON Schemas are JSON Schemas to Frictionless, not Table Schemas.
    assert all(tasks[path]["type"] == "json" for path in tasks if path.startswith("schemas/"))


def test_frictionless_reads_the_codes_as_strings_and_the_days_as_dates(tmp_path, run_cli):
    folder = _publish(run_cli, tmp_path / "release")
    package = frictionless.Package(str(folder / DESCRIPTOR_NAME))
    cameo = {e.id: codes_for(e.type, e.subtype).cameo for e in SEED.events}
    assert "057" in cameo.values()
    for resource_name, key in ((f"{SEED.id}-csv", "event_id"), (f"{SEED.id}-jsonl", "id")):
        rows = package.get_resource(resource_name).read_rows()
        assert len(rows) == len(SEED.events)
        assert {row[key]: row["cameo_code"] for row in rows} == cameo
        dates = {row[key]: row["date_start"] for row in rows}
        assert dates == {e.id: e.date.earliest for e in SEED.events}
        assert all(isinstance(row["source_count"], int) for row in rows)
    # The CSV's joined lists come back as the JSON Lines' lists.
    lines = [json.loads(line) for line in FORMATS["jsonl"].render(SEED).splitlines()]
    rows = package.get_resource(f"{SEED.id}-csv").read_rows()
    assert [row["source_ids"] for row in rows] == [line["source_ids"] for line in lines]


def test_frictionless_finds_a_code_that_breaks_the_table_schema(tmp_path, run_cli):
    """The descriptor's Table Schema is what Frictionless checks the rows against: a CAMEO
    code that is not one is a constraint error."""
    folder = _publish(run_cli, tmp_path / "release")
    descriptor = json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == f"{SEED.id}.csv")
    del resource["bytes"], resource["hash"]  # the file is changed on purpose
    path = folder / resource["path"]
    data = path.read_bytes()
    assert data.count(b",057,") == 1
    path.write_bytes(data.replace(b",057,", b",57x,"))
    report = frictionless.Resource(resource, basepath=str(folder)).validate()
    assert report.flatten(["type", "fieldName"]) == [["constraint-error", "cameo_code"]]


def test_the_table_schemas_cover_the_exports_fields_in_order():
    """One table says what each exported field is: every CSV column and every JSON Lines key
    has one entry, in the exports' own order."""
    assert sorted(f.csv for f in FIELDS if f.csv is not None) == sorted(COLUMNS)
    keys = list(json.loads(FORMATS["jsonl"].render(SEED).splitlines()[0]))
    assert [f.name for f in FIELDS if f.in_jsonl] == keys
    schema = FORMATS["csv"].table_schema
    assert schema is not None
    types = {field["name"]: field for field in schema()["fields"]}
    assert [types[c]["type"] for c in ("cameo_code", "date_start", "source_count")] == [
        "string",
        "date",
        "integer",
    ]
    assert types["latitude"]["type"] == "number"
    assert {types[c]["delimiter"] for c in ("actor_ids", "quotes")} == {"; ", " | "}


def test_the_frictionless_recipe_of_the_publishing_page_reads_057(tmp_path, run_cli, capsys):
    _publish(run_cli, tmp_path / "release")
    (block,) = _python_blocks("publishing.md", "## Opening the release in Frictionless")
    expected = re.search(r"# (.*)$", block.strip().splitlines()[-1])
    assert expected is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        exec(compile(block, "docs/publishing.md", "exec"), {})
    assert capsys.readouterr().out.strip() == expected.group(1) == "057 2020-02-29"
