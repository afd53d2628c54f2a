"""``timeline publish``: a release folder with a Data Package descriptor and checksums."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import DATA
from timeline import load, load_default
from timeline.publishing.exports import FORMATS
from timeline.publishing.release import (
    CHECKSUMS_NAME,
    DATA_PACKAGE_PROFILE,
    DESCRIPTOR_NAME,
    SCHEMA_SUFFIX,
    publish,
)
from timeline.reading.result import ExitCode
from timeline.schema import schema_files

SEED_ID = load_default().id


def _tree(folder):
    """Every file under ``folder`` by relative path (forward slashes) and its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(params=["cli", "python"])
def release(request, tmp_path, run_cli):
    """A release of the seed dataset, written by the command line or by :func:`publish`."""
    folder = tmp_path / "release"
    if request.param == "cli":
        result = run_cli("publish", "-o", str(folder))
        assert result.returncode == ExitCode.VALID, result.stderr
        assert result.stderr == b""
        lines = result.stdout.decode().splitlines()
        assert lines[-1].startswith(f"published {SEED_ID} ")
        assert len(lines) == len(_tree(folder)) + 1
    else:
        written = publish(load_default(), folder)
        assert sorted(written) == sorted(p for p in folder.rglob("*") if p.is_file())
    return folder


def test_the_release_holds_the_dataset_schemas_exports_descriptor_and_checksums(release):
    names = set(_tree(release))
    expected = {
        f"{SEED_ID}.json",
        DESCRIPTOR_NAME,
        CHECKSUMS_NAME,
        *(f"schemas/{name.removesuffix('.schema.json')}{SCHEMA_SUFFIX}" for name in schema_files()),
    }
    assert expected <= names
    # One file per export format, none overwriting the dataset file.
    assert len(names) == len(expected) + len(FORMATS)
    assert f"{SEED_ID}.timelinejs.json" in names


def test_every_resource_exists_with_its_stated_size_and_hash(release):
    descriptor = json.loads((release / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    files = _tree(release)
    listed = set()
    for resource in descriptor["resources"]:
        data = files[resource["path"]]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["encoding"] == "utf-8"
        listed.add(resource["path"])
    assert listed == set(files) - {DESCRIPTOR_NAME, CHECKSUMS_NAME}


def test_sha256sums_covers_every_file_sorted(release):
    files = _tree(release)
    lines = files.pop(CHECKSUMS_NAME).decode("utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == sorted(files)
    for line in lines:
        digest, path = line.split("  ", 1)
        assert digest == hashlib.sha256(files[path]).hexdigest()


def test_the_descriptor_has_the_v2_fields(release):
    descriptor = json.loads((release / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    seed = load_default()
    assert descriptor["$schema"] == DATA_PACKAGE_PROFILE
    assert descriptor["name"] == seed.id
    assert descriptor["title"] == seed.title
    assert descriptor["version"] == seed.version
    assert descriptor["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html"}
    ]
    assert [s["title"] for s in descriptor["sources"]] == [s.title for s in seed.sources]
    # The dataset's own date and people: publishing never reads the clock.
    assert descriptor["created"] == "2026-11-24T00:00:00Z"
    assert seed.created is not None
    assert descriptor["created"].startswith(seed.created.isoformat())
    assert descriptor["contributors"] == [
        {"title": "The timeline developers", "roles": ["creator"]}
    ]
    names = [resource["name"] for resource in descriptor["resources"]]
    assert len(set(names)) == len(names)
    for resource in descriptor["resources"]:
        assert {"name", "path", "bytes", "hash", "format", "mediatype"} <= set(resource)
        assert "\\" not in resource["path"]
        assert not resource["path"].startswith(("/", "../"))


def test_the_dataset_file_loads_and_equals_the_shipped_one(release):
    assert load(release / f"{SEED_ID}.json") == load_default()


def test_two_runs_give_the_same_bytes(release, tmp_path):
    again = tmp_path / "again"
    publish(load_default(), again)
    assert _tree(again) == _tree(release)


def test_publishing_again_replaces_the_release_and_keeps_other_files(tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "README.md").write_text("mine\n", encoding="utf-8")
    (folder / DESCRIPTOR_NAME).write_text("stale\n", encoding="utf-8")
    publish(load_default(), folder)
    assert (folder / "README.md").read_text(encoding="utf-8") == "mine\n"
    assert json.loads((folder / DESCRIPTOR_NAME).read_text(encoding="utf-8"))["name"] == SEED_ID


def test_another_dataset_file_is_published(tmp_path, run_cli):
    minimal = DATA / "valid" / "minimal.json"
    result = run_cli("publish", str(minimal), "-o", str(tmp_path))
    assert result.returncode == ExitCode.VALID, result.stderr
    assert load(tmp_path / f"{load(minimal).id}.json") == load(minimal)


@pytest.mark.parametrize("under", ["a-file/release", "a-file"])
def test_an_unwritable_folder_exits_2_without_a_traceback(tmp_path, run_cli, under):
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    target = tmp_path / under
    result = run_cli("publish", "-o", str(target))
    assert result.returncode == ExitCode.USAGE
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().startswith(f"timeline publish: cannot write into {target}")
    assert result.stdout == b""


def test_an_invalid_dataset_is_reported_as_by_show(tmp_path, run_cli):
    invalid = DATA / "invalid" / "dangling-actor" / "dataset.json"
    result = run_cli("publish", str(invalid), "-o", str(tmp_path / "release"))
    shown = run_cli("show", str(invalid))
    assert result.returncode == shown.returncode == ExitCode.INVALID
    assert result.stderr == shown.stderr
    assert not (tmp_path / "release").exists()


def test_a_missing_dataset_exits_2(tmp_path, run_cli):
    result = run_cli("publish", str(tmp_path / "nope.json"), "-o", str(tmp_path / "release"))
    assert result.returncode == ExitCode.USAGE
    assert b"Traceback" not in result.stderr
    assert not (tmp_path / "release").exists()
