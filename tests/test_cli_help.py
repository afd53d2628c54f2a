"""``timeline --help`` and ``timeline export --help`` list every export format of the
registry (``exports.FORMATS``), not a list written by hand."""

from __future__ import annotations

import re

import attrs

from timeline.cli.parser import build_parser
from timeline.publishing.exports import FOLDER_FORMATS, FORMATS


def _listed(help_text: str) -> set[str]:
    """The format names a help text lists after "tools read:", its lines joined."""
    joined = " ".join(help_text.split())
    found = _LISTING.search(joined)
    assert found is not None, joined
    return {item.split(" (")[0] for item in found.group(1).split(", ")}


#: A list of format names, each perhaps with its title in brackets: "csv, jsonl (JSON Lines)".
_LISTING = re.compile(r"tools read: ((?:[a-z0-9]+(?: \([^)]*\))?)(?:, [a-z0-9]+(?: \([^)]*\))?)*)")


def test_the_command_lists_every_export_format(run_cli):
    top = run_cli("--help")
    export = run_cli("export", "--help")
    assert top.returncode == export.returncode == 0
    assert _listed(top.stdout.decode()) == {*FORMATS, *FOLDER_FORMATS}
    assert _listed(export.stdout.decode()) == {*FORMATS, *FOLDER_FORMATS}
    assert "parquet" in FOLDER_FORMATS
    assert "JSON Lines, CSV or GeoJSON" not in top.stdout.decode()


def test_a_format_added_to_the_registry_is_listed(monkeypatch):
    monkeypatch.setitem(FORMATS, "sqlite", attrs.evolve(FORMATS["csv"], name="sqlite"))
    parser = build_parser()
    export = parser._subparsers._group_actions[0].choices["export"]
    assert _listed(parser.format_help()) == {*FORMATS, *FOLDER_FORMATS}
    assert _listed(export.format_help()) == {*FORMATS, *FOLDER_FORMATS}
    assert "--to {csv,geojson,html,jsonl,parquet,sqlite,timelinejs}" in " ".join(
        export.format_usage().split()
    )
