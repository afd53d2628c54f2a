"""What another repository copies to check its datasets: the pre-commit hook, the GitHub
annotations, and the examples of docs/ci.md."""

from __future__ import annotations

import re

import yaml

from tests.conftest import DATA
from timeline.reading.result import ExitCode

ROOT = DATA.parent.parent


def test_the_pre_commit_hook_runs_timeline_validate():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "timeline-validate"
    assert hook["entry"] == "timeline validate"
    assert hook["language"] == "python"
    assert hook["types"] == ["json"]


def test_the_yaml_examples_of_the_ci_guide_parse():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 2
    config, workflow = (yaml.safe_load(block) for block in blocks)
    (hook,) = config["repos"][0]["hooks"]
    assert hook["id"] == "timeline-validate"
    steps = workflow["jobs"]["validate"]["steps"]
    assert any("timeline validate --format github" in step.get("run", "") for step in steps)


def test_github_annotations_name_file_line_and_code(run_cli):
    invalid = DATA / "invalid" / "dangling-actor" / "dataset.json"
    warning = DATA / "warning" / "source-text-missing" / "dataset.json"
    result = run_cli("validate", "--format", "github", str(invalid), str(warning))
    assert result.returncode == ExitCode.INVALID
    lines = result.stdout.decode().splitlines()
    assert (
        f"::error file={invalid},line=49,col=20,title=unknown-actor::"
        "/events/0/participants/0/actor: no actor has id 'is-khorosan' (closest: is-khorasan)"
    ) in lines
    assert any(line.startswith(f"::warning file={warning},") for line in lines)
    strict = run_cli("validate", "--format", "github", "--strict", str(warning))
    assert strict.returncode == ExitCode.INVALID
    assert strict.stdout.decode().startswith("::error ")


def test_github_annotations_escape_what_would_break_them(run_cli, tmp_path):
    bad = tmp_path / "a,b:c.json"
    bad.write_text('{"id": "x"\n', encoding="utf-8")
    result = run_cli("validate", "--format", "github", str(bad))
    first = result.stdout.decode().splitlines()[0]
    assert first.startswith("::error file=")
    assert "a%2Cb%3Ac.json" in first
    assert "\n" not in first
