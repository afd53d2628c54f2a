"""The GeoJSON export opened by GDAL, as QGIS opens it: Debian's ``ogrinfo`` (gdal-bin) lists
every event of the seed as a feature, the located ones as points, and the export's fields."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from timeline import Timeline, load_default

OGRINFO = shutil.which("ogrinfo")

pytestmark = pytest.mark.skipif(
    OGRINFO is None, reason="ogrinfo is not installed (CI installs it: apt-get install gdal-bin)"
)


def _ogrinfo(*args: str) -> str:
    assert OGRINFO is not None
    done = subprocess.run(
        [OGRINFO, "-ro", "-al", *args], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


@pytest.fixture
def seed_geojson(tmp_path, run_cli):
    path = tmp_path / "events.geojson"
    result = run_cli("export", "--to", "geojson", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_ogrinfo_lists_every_event_and_the_fields(seed_geojson, run_cli):
    summary = _ogrinfo("-so", str(seed_geojson))
    assert "Layer name: events" in summary
    count = int(re.search(r"^Feature Count: (\d+)$", summary, re.MULTILINE).group(1))
    assert count == len(load_default().events) > 0
    assert re.search(r"^Geometry: Point$", summary, re.MULTILINE)
    fields = set(re.findall(r"^(\w+): \w+(?:\(\w+\))? \(\d+\.\d+\)$", summary, re.MULTILINE))
    assert {"id", "title", "date", "type", "latitude", "longitude", "cameo_code"} <= fields
    # Every field of the JSON Lines export (the features' properties) is a field of the layer.
    first_line = run_cli("export", "--to", "jsonl").stdout.splitlines()[0]
    assert set(json.loads(first_line)) == fields


def test_ogrinfo_gives_the_points_where_the_events_are(seed_geojson):
    listing = _ogrinfo("-q", str(seed_geojson))
    features = listing.split("OGRFeature(")[1:]
    view = Timeline(load_default())
    assert len(features) == len(view)
    for text, event in zip(features, view, strict=True):
        assert f"  id (String) = {event.id}\n" in text
        point = re.search(r"POINT \(([-\d.]+) ([-\d.]+)\)", text)
        if event.place is not None and event.place.latitude is not None:
            assert point is not None, event.id
            assert (float(point.group(1)), float(point.group(2))) == (
                event.place.longitude,
                event.place.latitude,
            )
        else:
            assert point is None, event.id
    located = sum(1 for event in view if event.place is not None and event.place.latitude)
    assert 0 < located < len(view)  # the seed has events of both kinds
