"""The built wheel works on its own: schemas inside, validation outside the repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import DATA

ROOT = DATA.parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(out), str(ROOT)),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("timeline-*.whl")
    return built


def test_the_wheel_ships_the_package_and_its_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "timeline/py.typed" in names
    assert "timeline/schemas/dataset-1.0.0.schema.json" in names
    assert "timeline/schemas/dataset-1.1.0.schema.json" in names
    assert "timeline/cli/commands.py" in names
    assert "timeline/data/afghanistan-2021-seed.json" in names
    assert "timeline/seeds/2021-08-30-taliban-expect-is-attacks-to-end.txt" in names
    assert not any(name.startswith(("tests/", "seeds/", "data/")) for name in names)


def test_the_unpacked_wheel_loads_its_own_seed_dataset(wheel, tmp_path):
    """The shipped dataset finds its source texts inside the package: quotes are checked."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import timeline, timeline.reading.shipped as s\n"
        "print(s.default_dataset_path())\n"
        "print(len(timeline.load_default().events))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    path, count = result.stdout.split()
    assert path == str(site / "timeline" / "data" / "afghanistan-2021-seed.json")
    assert int(count) >= 12
    validated = subprocess.run(
        [
            sys.executable,
            "-m",
            "timeline",
            "validate",
            "--strict",
            "--allow",
            "evidence-unverifiable",
            path,
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert validated.returncode == 0, validated.stdout


def test_the_unpacked_wheel_validates_outside_the_repository(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    shutil.copytree(DATA / "valid", work / "valid")
    shutil.copytree(DATA / "invalid" / "dangling-actor", work / "invalid" / "dangling-actor")
    # The case's source path points two folders up, into valid/.
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    probe = "import timeline, sys; print(timeline.__file__); sys.exit(0)"
    where = subprocess.run(
        [sys.executable, "-c", probe], cwd=work, env=env, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(site))
    valid = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", "valid/minimal.json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    invalid = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", "invalid/dangling-actor/dataset.json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert invalid.returncode == 1
    assert (
        "invalid/dangling-actor/dataset.json:/events/0/participants/0/actor: "
        "no actor has id 'is-khorosan' (closest: is-khorasan) [unknown-actor]"
    ) in invalid.stdout


def test_the_unpacked_wheel_exports_its_api_and_every_stage(wheel, tmp_path):
    """Every name of ``timeline.__all__`` and every module of every stage import from the
    wheel alone, and the commands of the views run on the shipped dataset."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    probe = (
        "import importlib, pkgutil, timeline\n"
        "missing = [n for n in timeline.__all__ if getattr(timeline, n, None) is None]\n"
        "mods = [m.name for m in pkgutil.walk_packages(timeline.__path__, 'timeline.')]\n"
        "for m in mods: importlib.import_module(m)\n"
        "print(len(missing), len(mods))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    missing, modules = result.stdout.split()
    assert missing == "0"
    assert int(modules) >= 40
    for command in (["show"], ["event", "kabul-airport-suicide-bombing"], ["actor", "taliban"]):
        shown = subprocess.run(
            [sys.executable, "-m", "timeline", *command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert shown.returncode == 0, (command, shown.stderr)
        assert shown.stdout.strip()


def test_the_unpacked_wheel_exports_what_the_checkout_exports(wheel, tmp_path, run_cli):
    """Each export the installed package writes of its shipped dataset is byte for byte the
    checkout's: the HTML page the browser tests open (tests/test_html_browser.py) is the
    page a user of the wheel gets, and so is every other format."""
    from timeline.publishing.exports import FORMATS

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    for name in sorted(FORMATS):
        installed = subprocess.run(
            [sys.executable, "-m", "timeline", "export", "--to", name],
            cwd=tmp_path,
            env=env,
            capture_output=True,
        )
        assert installed.returncode == 0, (name, installed.stderr)
        checkout = run_cli("export", "--to", name)
        assert checkout.returncode == 0, (name, checkout.stderr)
        assert installed.stdout == checkout.stdout, name


def test_the_unpacked_wheel_writes_the_parquet_folder_the_checkout_writes(wheel, tmp_path, run_cli):
    """The folder format, which needs an optional dependency, works from the installed
    package too: the same files, the same bytes."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    installed = subprocess.run(
        [sys.executable, "-m", "timeline", "export", "--to", "parquet", "-o", "from-wheel"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
    )
    assert installed.returncode == 0, installed.stderr
    checkout = run_cli("export", "--to", "parquet", "-o", str(tmp_path / "from-checkout"))
    assert checkout.returncode == 0, checkout.stderr

    def files(root):
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    wheel_files, checkout_files = files(tmp_path / "from-wheel"), files(tmp_path / "from-checkout")
    assert sorted(wheel_files) == sorted(checkout_files)
    assert any(name.startswith("events/year=") for name in wheel_files)
    assert wheel_files == checkout_files
