"""The documentation keeps up with the code."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from tests.conftest import DATA
from timeline.problems import VALIDATION_CODES

ROOT = Path(__file__).parent.parent


def _emitted_codes() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "timeline").rglob("*.py"))
    codes = set(re.findall(r'code="([a-z0-9-]+)"', source))
    codes |= set(re.findall(r'RecordError\(\s*"([a-z0-9-]+)"', source))
    for what in re.findall(r"refs\.(\w+)\(", source):
        codes.add(f"unknown-{what}")
    for expected in DATA.rglob("expected.json"):
        problems = json.loads(expected.read_text(encoding="utf-8"))["problems"]
        codes |= {p["code"] for p in problems}
    return codes


def test_every_problem_code_is_documented():
    documented = {
        code
        for doc in ("docs/validation.md", "docs/curation.md")
        if (ROOT / doc).exists()
        for code in re.findall(r"`([a-z0-9-]+)`", (ROOT / doc).read_text(encoding="utf-8"))
    }
    missing = sorted(_emitted_codes() - documented)
    assert missing == []


def _table_codes(page: str, heading: str) -> set[str]:
    """The codes of the first column of the table under ``heading``."""
    section = page.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    return {
        code
        for row in section.splitlines()
        if row.startswith("| `")
        for code in re.findall(r"`([a-z0-9-]+)`", row.split(" | ", 1)[0])
    }


def test_the_table_of_codes_is_the_list_of_validation_codes():
    """docs/validation.md's table lists exactly the codes ``--allow`` takes, and every code
    the reading and the contract emit is one of them (the build's own codes are in
    docs/curation.md)."""
    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert _table_codes(page, "## Problem codes") == VALIDATION_CODES
    emitted = set()
    for path in (ROOT / "timeline").rglob("*.py"):
        if path.parent.name in ("curation", "cli", "publishing"):
            continue
        emitted |= set(re.findall(r'code="([a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert sorted(emitted - VALIDATION_CODES) == []


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["./scripts/demo", "./scripts/test"]
    for command in commands:
        assert (ROOT / command).stat().st_mode & 0o111


def test_the_demo_runs_to_its_end(run_cli):
    """Each ``timeline`` command of the README's first command succeeds as it is written (the
    build as ``--check``, which reads what it would write): under ``set -e`` a failing one
    would stop the demo before the timeline is shown."""
    lines = (ROOT / "scripts/demo").read_text(encoding="utf-8").splitlines()
    commands = [shlex.split(line)[1:] for line in lines if line.startswith(".venv/bin/timeline ")]
    assert [c[0] for c in commands] == ["build", "validate", "show"]
    for command in commands:
        if command[0] == "build":
            command = [*command[:2], "--check"]  # the seeds folder; the output is the default
        result = run_cli(*command, cwd=ROOT)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "\n./scripts/test\n" in ci


def test_the_data_model_names_every_vocabulary_value():
    from timeline import model

    text = (ROOT / "docs/data-model.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    vocabularies = [
        model.EventType,
        model.EventSubtype,
        model.Role,
        model.ActorKind,
        model.Status,
        model.RelationType,
        model.GeoPrecision,
    ]
    missing = sorted(v.value for vocab in vocabularies for v in vocab if v.value not in documented)
    assert missing == []


def test_the_seed_dataset_page_names_every_event_and_actor():
    import timeline

    text = (ROOT / "docs/seed-dataset.md").read_text(encoding="utf-8")
    dataset = timeline.load_default()
    named = set(re.findall(r"`([a-z0-9-]+)`", text))
    missing = sorted(
        {e.id for e in dataset.events if e.id not in named}
        | {a.id for a in dataset.actors if a.id not in named}
    )
    assert missing == []


def test_the_data_dictionary_is_made_from_the_schema():
    """docs/data-dictionary.md is `python -m timeline.publishing.dictionary`'s output:
    regenerate it when the schema changes."""
    from timeline.publishing.dictionary import render_dictionary

    page = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert page == render_dictionary(), "stale: run python -m timeline.publishing.dictionary"
    schema = json.loads((ROOT / "schemas" / "dataset-1.1.0.schema.json").read_text())
    for definition in schema["$defs"].values():
        for field in definition.get("properties", {}):
            assert f"`{field}`" in page
