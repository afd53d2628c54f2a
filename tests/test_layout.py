"""The layout of the package is the one docs/architecture.md maps, and its imports run only
downward.

The page is the single statement of both: its module map is compared with the files under
``timeline/``, and its table of what each part may import is read and checked against every
import statement of the package (at the top of a module, inside a function or under
``TYPE_CHECKING``: each is a dependency).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "timeline"
PAGE = ROOT / "docs" / "architecture.md"
#: The parts of the package: a folder under timeline/, or the contract (the top-level modules).
CONTRACT = "contract"


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _section(title: str) -> str:
    text = _page()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _mapped_modules() -> dict[str, str]:
    """The module map's files (paths under the repository) and their descriptions."""
    block = re.search(r"```text\n(.*?)```", _section("Module map"), re.S)
    assert block, "the module map is a ```text block"
    folders: list[str] = []
    mapped: dict[str, str] = {}
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, f"the module map indents by two spaces: {line!r}"
        name, _, description = line.strip().partition(" ")
        folders = folders[: indent // 2]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
            continue
        path = "/".join([*folders, name])
        assert description.strip(), f"{path} has no description in the module map"
        mapped[path] = description.strip()
    return mapped


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_module_map_lists_every_module_and_only_those():
    on_disk = {p.relative_to(ROOT).as_posix() for p in _modules()}
    mapped = set(_mapped_modules())
    assert not on_disk - mapped, f"modules missing from docs/architecture.md: {on_disk - mapped}"
    assert not mapped - on_disk, (
        f"docs/architecture.md maps modules that do not exist: {mapped - on_disk}"
    )


def _allowed() -> dict[str, set[str]]:
    """What each part may import, from the table of the page."""
    table = _section("What each part owns, and what it may import")
    allowed: dict[str, set[str]] = {}
    for row in table.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[1].startswith("`timeline/"):
            continue
        folder, may_import = cells[1], cells[3]
        first = re.findall(r"`([^`]+)`", folder)[0]
        part = CONTRACT if first == "timeline/*.py" else first.split("/")[1]
        allowed[part] = set(re.findall(r"`(\w+)`", may_import)) - {"timeline"}
    return allowed


def _part(module: str) -> str | None:
    """The part a dotted module of the package belongs to (None for the package's own
    ``__init__``, the public API)."""
    parts = module.split(".")
    if parts[0] != "timeline" or len(parts) == 1:
        return None
    if (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return CONTRACT if parts[1] != "__main__" else "cli"


def _dotted(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Each module of the package that ``path`` imports, with its line (``from timeline
    import x`` imports the package, or its module ``x`` when there is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                as_path = ROOT.joinpath(*candidate.split("."))
                if as_path.with_suffix(".py").is_file() or as_path.is_dir():
                    found.append((node.lineno, candidate))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "relative"))
    return [(line, name) for line, name in found if name.split(".")[0] in ("timeline", "relative")]


MODULES = [p for p in _modules() if p.name != "__init__.py" or p.parent != PACKAGE]


def test_the_table_names_every_part():
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert set(_allowed()) == parts | {CONTRACT}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_only_downward(path):
    allowed = _allowed()
    module = _dotted(path)
    own = _part(module)
    assert own is not None
    for line, imported in _imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        assert imported != "relative", f"{where}: imports are absolute in this package"
        target = _part(imported)
        if target is None:  # the public API, which imports every stage below the cli
            assert allowed[own] >= set(allowed) - {own}, f"{where}: {own} imports the public API"
            continue
        if target != own:
            assert target in allowed[own], f"{where}: {own} may not import {target} ({imported})"
        private = [i for i, name in enumerate(imported.split(".")) if name.startswith("_")]
        if private:
            folder = ".".join(imported.split(".")[: private[0]])
            assert module.startswith(folder + ".") or module == folder, (
                f"{where}: {imported} is private to {folder}"
            )


def test_the_public_api_imports_no_command_line():
    for line, imported in _imports(PACKAGE / "__init__.py"):
        assert _part(imported) != "cli", f"timeline/__init__.py:{line} imports {imported}"


def test_the_walk_sees_an_upward_import(tmp_path, monkeypatch):
    """The check can fail: a curation module that imports the command line is caught."""
    bad = tmp_path / "timeline" / "curation" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from timeline.cli.commands import main\n", encoding="utf-8")
    (tmp_path / "timeline" / "cli").mkdir()
    (tmp_path / "timeline" / "cli" / "commands.py").write_text("", encoding="utf-8")
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "ROOT", tmp_path)
    monkeypatch.setattr(this, "PACKAGE", tmp_path / "timeline")
    with pytest.raises(AssertionError, match="curation may not import cli"):
        test_imports_run_only_downward(bad)
